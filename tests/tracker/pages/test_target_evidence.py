"""Evidence on a target page (佐证材料): upload for those who may write the target, the same
file checks as for items, and downloads only within one's read scope."""
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from tests.factories import RectificationItemFactory, TargetFactory
from tracker.models import Evidence

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% monitoring report"


def report(name="监测报告.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def target_a(city):
    return TargetFactory(lead_unit=city["county_a"], title="甲县PM2.5")


def stored_files():
    root = settings.MEDIA_ROOT / "evidence"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_staff_upload_evidence_and_see_it_listed_with_a_download_link(client, staff_a, target_a):
    # given county A's staff on their own target's page, which offers the upload form
    client.force_login(staff_a)
    assert 'action="/targets/%d/evidence/"' % target_a.pk in client.get(f"/targets/{target_a.pk}/").content.decode()
    # when they upload a monitoring report
    response = client.post(f"/targets/{target_a.pk}/evidence/", {"evidence": [report()], "description": "11月监测报告"},
                           follow=True)
    # then it is stored on the target and listed with its download link
    evidence = Evidence.objects.get()
    assert evidence.target == target_a and evidence.item is None and evidence.uploaded_by == staff_a
    page = response.content.decode()
    assert "佐证材料已上传。" in page
    assert f'href="/evidence/{evidence.pk}/"' in page and "11月监测报告" in page
    download = client.get(f"/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_written(client, staff_a, target_a):
    client.force_login(staff_a)
    before = stored_files()
    # an executable called .pdf, in one upload with a good file
    response = client.post(f"/targets/{target_a.pk}/evidence/",
                           {"evidence": [report(), report("整改报告.pdf", b"MZ\x90\x00 executable")]}, follow=True)
    assert not Evidence.objects.exists()
    assert stored_files() == before
    assert "文件“整改报告.pdf”的内容不是 PDF 文件" in response.content.decode()


def test_the_refusal_is_in_english_after_the_switch(client, staff_a, target_a):
    client.force_login(staff_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post(f"/targets/{target_a.pk}/evidence/", {"evidence": [report("x.jpg", PDF)]}, follow=True)
    assert "is not a JPEG file as its name says" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_wrong_extension_is_refused(client, staff_a, target_a):
    client.force_login(staff_a)
    response = client.post(f"/targets/{target_a.pk}/evidence/", {"evidence": [report("run.exe", b"MZ")]}, follow=True)
    assert "不支持的文件类型" in response.content.decode()
    assert not Evidence.objects.exists()


def test_another_countys_staff_are_told_the_target_does_not_exist(client, staff_b, target_a):
    client.force_login(staff_b)
    assert client.post(f"/targets/{target_a.pk}/evidence/", {"evidence": [report()]}).status_code == 404
    assert not Evidence.objects.exists()


def test_a_leader_reads_the_target_but_may_not_upload(client, leader, target_a):
    client.force_login(leader)
    assert f"/targets/{target_a.pk}/evidence/" not in client.get(f"/targets/{target_a.pk}/").content.decode()
    assert client.post(f"/targets/{target_a.pk}/evidence/", {"evidence": [report()]}).status_code == 403
    assert not Evidence.objects.exists()


def test_a_co_operating_unit_reads_the_evidence_but_may_not_upload(client, city, staff_b, target_a):
    # given county B co-operates on county A's target: it reads the target, the lead unit writes it
    target_a.co_units.set([city["county_b"]])
    evidence = Evidence.objects.create(target=target_a, file=report(), description="监测报告")
    client.force_login(staff_b)
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 200
    assert client.post(f"/targets/{target_a.pk}/evidence/", {"evidence": [report()]}).status_code == 403
    assert Evidence.objects.count() == 1


def test_evidence_outside_ones_scope_cannot_be_downloaded(client, city, staff_b, target_a):
    on_target = Evidence.objects.create(target=target_a, file=report())
    on_item = Evidence.objects.create(item=RectificationItemFactory(lead_unit=city["county_a"]), file=report())
    client.force_login(staff_b)
    assert client.get(f"/evidence/{on_target.pk}/").status_code == 404
    assert client.get(f"/evidence/{on_item.pk}/").status_code == 404


@pytest.mark.parametrize("attach", ["both", "neither"])
def test_evidence_belongs_to_exactly_one_record(city, target_a, attach):
    item = RectificationItemFactory(lead_unit=city["county_a"])
    fields = {"item": item, "target": target_a} if attach == "both" else {}
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(file="evidence/x.pdf", **fields)
