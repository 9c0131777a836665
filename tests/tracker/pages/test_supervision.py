"""Flags, notices, the inbox, funds and the daily report from the pages."""
import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import DisbursementFactory, FundAllocationFactory, RectificationItemFactory, TargetFactory
from tracker.models import DailyReport, Disbursement, Flag, Notice, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def red_flag(city):
    target = TargetFactory(lead_unit=city["county_a"], title="甲县PM2.5", level=3)
    return Flag.objects.create(subject_type=ContentType.objects.get_for_model(target), subject_id=target.pk,
                               cause="target_status", unit=city["county_a"], level=3, reason="已无法完成")


def test_staff_answer_their_flag_and_the_sibling_county_cannot_see_it(client, staff_a, staff_b, red_flag):
    client.force_login(staff_b)
    assert client.get(f"/flags/{red_flag.pk}/").status_code == 404
    client.force_login(staff_a)
    page = client.get(f"/flags/{red_flag.pk}/").content.decode()
    assert "目标指标预警" in page and "target_status" not in page
    client.post(f"/flags/{red_flag.pk}/", {"response": "已开展降尘专项行动"})
    red_flag.refresh_from_db()
    assert red_flag.acknowledged_by == staff_a and red_flag.response == "已开展降尘专项行动"


def test_a_supervisor_issues_a_letter_by_hand_and_the_unit_hears_of_it(client, staff_a, supervisor, red_flag):
    client.force_login(supervisor)
    response = client.post(f"/flags/{red_flag.pk}/notice/", {"kind": "summons"})
    notice = Notice.objects.get(flag=red_flag)
    assert response.status_code == 302 and response.url == f"/notices/{notice.pk}/"
    assert notice.kind == "summons" and notice.unit == red_flag.unit
    assert Notification.objects.filter(user=staff_a, key=f"notice:{notice.pk}").exists()
    # a second letter of the same kind is refused
    client.post(f"/flags/{red_flag.pk}/notice/", {"kind": "summons"})
    assert Notice.objects.filter(flag=red_flag).count() == 1
    # the notice page links its A4 print page
    assert f"/notices/{notice.pk}/print/" in client.get(f"/notices/{notice.pk}/").content.decode()


def test_staff_cannot_issue_letters(client, staff_a, red_flag):
    client.force_login(staff_a)
    assert client.post(f"/flags/{red_flag.pk}/notice/", {"kind": "summons"}).status_code == 404
    assert not Notice.objects.exists()


def test_the_inbox_counts_unread_messages_and_reading_one_follows_its_link(client, staff_a, red_flag):
    message = Notification.objects.create(user=staff_a, key="k1", event_type="flag.raised", title="【红色】预警发起",
                                          flag=red_flag)
    client.force_login(staff_a)
    page = client.get("/inbox/").content.decode()
    assert "【红色】预警发起" in page and 'class="count"' in page
    response = client.post(f"/inbox/{message.pk}/read/")
    assert response.url == f"/flags/{red_flag.pk}/"
    message.refresh_from_db()
    assert message.read_at is not None
    assert 'class="count"' not in client.get("/inbox/").content.decode()


def test_nobody_reads_anyone_elses_inbox(client, staff_a, staff_b):
    message = Notification.objects.create(user=staff_a, key="k1", event_type="flag.raised", title="甲县的消息")
    client.force_login(staff_b)
    assert "甲县的消息" not in client.get("/inbox/").content.decode()
    client.post(f"/inbox/{message.pk}/read/")
    message.refresh_from_db()
    assert message.read_at is None


def test_a_payment_beyond_the_allocation_is_refused_and_a_fitting_one_recorded(client, city, staff_a, today):
    allocation = FundAllocationFactory(unit=city["county_a"], amount=Decimal("900"), allocated_on=today - dt.timedelta(days=30),
                                       execution_deadline=today + dt.timedelta(days=30))
    DisbursementFactory(allocation=allocation, amount=Decimal("800"), paid_on=today - dt.timedelta(days=2))
    client.force_login(staff_a)
    refused = client.post(f"/funds/{allocation.pk}/", {"paid_on": today.isoformat(), "amount": "101"})
    assert "超过下达金额" in refused.content.decode() and Disbursement.objects.count() == 1
    client.post(f"/funds/{allocation.pk}/", {"paid_on": today.isoformat(), "amount": "100"})
    assert Disbursement.objects.count() == 2


def test_the_sibling_county_cannot_see_or_pay_from_an_allocation(client, city, staff_b, today):
    allocation = FundAllocationFactory(unit=city["county_a"], amount=Decimal("900"))
    client.force_login(staff_b)
    assert client.get(f"/funds/{allocation.pk}/").status_code == 404
    assert client.post(f"/funds/{allocation.pk}/", {"paid_on": today.isoformat(), "amount": "1"}).status_code == 404
    assert not Disbursement.objects.exists()


@pytest.fixture
def duty_unit(city):
    unit = city["county_a"]
    unit.has_daily_report_duty = True
    unit.save()
    return unit


def test_a_zero_report_is_filed_once(client, staff_a, duty_unit, today):
    client.force_login(staff_a)
    form = {"unit": duty_unit.pk, "report_date": today.isoformat(), "is_zero": "1", "content": ""}
    assert client.post("/reports/daily/", form).status_code == 302
    again = client.post("/reports/daily/", form)
    assert "已报送" in again.content.decode()
    assert DailyReport.objects.filter(unit=duty_unit).count() == 1


def test_a_daily_report_needs_text_and_a_zero_report_none(client, staff_a, duty_unit, today):
    client.force_login(staff_a)
    empty = client.post("/reports/daily/", {"unit": duty_unit.pk, "report_date": today.isoformat(), "is_zero": "0"})
    assert "请填写日报告内容" in empty.content.decode()
    future = client.post("/reports/daily/", {"unit": duty_unit.pk, "report_date": (today + dt.timedelta(days=1)).isoformat(),
                                             "is_zero": "1"})
    assert "不能提前报送" in future.content.decode()
    assert not DailyReport.objects.exists()


def test_the_daily_report_api_files_through_the_same_service(client, staff_a, staff_b, duty_unit, today):
    client.force_login(staff_b)
    refused = client.post("/api/v1/daily-reports/", {"unit": duty_unit.pk, "report_date": today.isoformat(),
                                                    "is_zero": True}, content_type="application/json")
    assert refused.status_code == 400 and not DailyReport.objects.exists()
    client.force_login(staff_a)
    created = client.post("/api/v1/daily-reports/", {"unit": duty_unit.pk, "report_date": today.isoformat(),
                                                    "is_zero": True}, content_type="application/json")
    assert created.status_code == 201 and DailyReport.objects.get().reported_by == staff_a
    assert client.get("/api/v1/daily-reports/").json()["count"] == 1


def test_the_sign_off_queue_is_for_supervisors_only(client, city, staff_a, leader, supervisor):
    RectificationItemFactory(lead_unit=city["county_a"])
    for user, status in ((staff_a, 404), (leader, 404), (supervisor, 200)):
        client.force_login(user)
        assert client.get("/supervision/sign-off/").status_code == status
