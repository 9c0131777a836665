"""Item pages: the life cycle from the buttons (report with evidence, sign-off from the
queue, look-back), evidence served only to those who may read it, and the batch form."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import InspectionRoundFactory, RectificationItemFactory
from tracker.models import Evidence, RectificationItem

pytestmark = pytest.mark.django_db


def photo(name="现场照片.jpg"):
    return SimpleUploadedFile(name, b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")


@pytest.fixture
def overdue_item(city, today):
    return RectificationItemFactory(lead_unit=city["county_a"], state="in_progress", problem="河道排污口未整治",
                                    deadline=today - dt.timedelta(days=5))


def test_staff_report_completion_with_evidence_and_a_supervisor_signs_it_off(client, staff_a, supervisor, overdue_item):
    client.force_login(staff_a)
    page = client.get(f"/items/{overdue_item.pk}/").content.decode()
    assert "提交申请销号" in page and "核验通过，销号" not in page
    # when staff report completion with a photo
    response = client.post(f"/items/{overdue_item.pk}/report/", {"note": "已完成截污纳管", "evidence": [photo()]})
    assert response.status_code == 302
    overdue_item.refresh_from_db()
    assert overdue_item.state == "reported" and overdue_item.evidence.count() == 1
    # then it waits in the supervisor's queue, and leaves it once signed off
    client.force_login(supervisor)
    assert "河道排污口未整治" in client.get("/supervision/sign-off/").content.decode()
    client.post(f"/items/{overdue_item.pk}/sign-off/", {"next": "queue"})
    overdue_item.refresh_from_db()
    assert overdue_item.state == "signed_off" and overdue_item.signed_off_by == supervisor
    assert "河道排污口未整治" not in client.get("/supervision/sign-off/").content.decode()


def test_completion_without_evidence_is_refused_and_changes_nothing(client, staff_a, overdue_item):
    client.force_login(staff_a)
    response = client.post(f"/items/{overdue_item.pk}/report/", {"note": "已完成"}, follow=True)
    assert "佐证材料" in response.content.decode()
    overdue_item.refresh_from_db()
    assert overdue_item.state == "in_progress"


def test_an_executable_is_not_evidence(client, staff_a, overdue_item):
    client.force_login(staff_a)
    client.post(f"/items/{overdue_item.pk}/evidence/", {"evidence": [SimpleUploadedFile("run.exe", b"MZ...")]})
    assert not Evidence.objects.exists()


def test_staff_cannot_sign_off(client, staff_a, overdue_item):
    overdue_item.state = "reported"
    overdue_item.completion_reported_at = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    overdue_item.save()
    Evidence.objects.create(item=overdue_item, file=photo())
    client.force_login(staff_a)
    client.post(f"/items/{overdue_item.pk}/sign-off/")
    overdue_item.refresh_from_db()
    assert overdue_item.state == "reported"


def test_the_other_countys_staff_get_404_everywhere(client, staff_b, overdue_item):
    evidence = Evidence.objects.create(item=overdue_item, file=photo())
    client.force_login(staff_b)
    for url in (f"/items/{overdue_item.pk}/", f"/evidence/{evidence.pk}/"):
        assert client.get(url).status_code == 404
    for url in (f"/items/{overdue_item.pk}/start/", f"/items/{overdue_item.pk}/report/",
                f"/items/{overdue_item.pk}/evidence/"):
        assert client.post(url, {"note": "x", "evidence": [photo()]}).status_code == 404
    assert not Evidence.objects.exclude(pk=evidence.pk).exists()


def test_evidence_is_served_as_an_attachment_to_those_who_may_read_it(client, staff_a, leader, overdue_item):
    evidence = Evidence.objects.create(item=overdue_item, file=photo("报告.html"))
    for user in (staff_a, leader):
        client.force_login(user)
        response = client.get(f"/evidence/{evidence.pk}/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] == "application/octet-stream"


def test_lookback_rebound_reopens_with_a_new_deadline(client, supervisor, overdue_item, today):
    overdue_item.state, overdue_item.signed_off_by = "signed_off", supervisor
    overdue_item.signed_off_at = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    overdue_item.save()
    client.force_login(supervisor)
    new_deadline = today + dt.timedelta(days=60)
    client.post(f"/items/{overdue_item.pk}/lookback/", {"rebounded": "1", "new_deadline": new_deadline.isoformat()})
    overdue_item.refresh_from_db()
    assert overdue_item.state == "in_progress" and overdue_item.deadline == new_deadline
    assert overdue_item.rebound_count == 1


def test_batch_preview_then_commit_creates_items_once(client, city, supervisor):
    round_ = InspectionRoundFactory(code="prov-2026")
    text = "1\t污水直排\t甲县\t2026-12-31\t截污纳管\n2\t扬尘污染\tcounty-b\t2026-10-31\t"
    client.force_login(supervisor)
    preview = client.post("/items/batch/", {"round": round_.pk, "rows": text, "dry_run": "on"})
    assert preview.status_code == 200 and not RectificationItem.objects.exists()
    client.post("/items/batch/", {"round": round_.pk, "rows": text})
    client.post("/items/batch/", {"round": round_.pk, "rows": text})
    items = RectificationItem.objects.order_by("number")
    assert [(i.number, i.lead_unit.code) for i in items] == [("1", "county-a"), ("2", "county-b")]


def test_a_bad_batch_line_saves_nothing_and_says_why(client, city, supervisor):
    round_ = InspectionRoundFactory(code="prov-2026")
    client.force_login(supervisor)
    page = client.post("/items/batch/", {"round": round_.pk, "rows": "1\t问题\t不存在的单位\t2026-12-31"}).content.decode()
    assert "不存在" in page and not RectificationItem.objects.exists()


def test_the_admin_names_the_broken_rule_in_a_sentence(client, city, overdue_item):
    from tests.factories import UserFactory

    admin = UserFactory(username="root", role="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = f"/admin/tracker/rectificationitem/{overdue_item.pk}/change/"
    form = {"round": overdue_item.round_id, "number": overdue_item.number, "problem": overdue_item.problem,
            "lead_unit": overdue_item.lead_unit_id, "deadline": overdue_item.deadline.isoformat(),
            "state": "signed_off", "rebound_count": 0}
    page = client.post(url, form).content.decode()
    assert "item_signed_off_has_signer" not in page
    assert "督查室在核验佐证材料后办理" in page
