"""四书 letters: numbering, editable templates, working-day due dates, the print page."""
import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import RectificationItemFactory
from tracker.jobs import notices, scans
from tracker.models import Notice, NoticeTemplate

from .conftest import at

D = dt.date


def overdue_item_notice(unit, deadline=D(2026, 9, 30), as_of=D(2026, 10, 8)):
    item = RectificationItemFactory(lead_unit=unit, deadline=deadline, problem="某化工园区污水直排")
    scans.scan_rectification_items(as_of, now=at(as_of))
    return Notice.objects.get(flag__subject_id=item.id)


def test_numbers_count_up_per_prefix_and_year(db):
    assert [notices.next_number("督办", 2026) for _ in range(3)] == [
        "督办〔2026〕1号", "督办〔2026〕2号", "督办〔2026〕3号"]
    assert notices.next_number("督办", 2027) == "督办〔2027〕1号"
    assert notices.next_number("约谈", 2026) == "约谈〔2026〕1号"


def test_summons_names_item_deadline_figures_and_working_day_due_date(unit):
    notice = overdue_item_notice(unit)
    assert notice.number == "约谈〔2026〕1号" and notice.unit == unit
    # issued Thu 8 Oct, 3 working days: 9, 10 (调休 Saturday), 12 Oct
    assert notice.response_due == D(2026, 10, 12)
    assert "某化工园区污水直排" in notice.title
    assert "甲县：" in notice.body and "2026年9月30日" in notice.body
    assert "逾期工作日 1" in notice.body and "2026年10月12日前" in notice.body


def test_edited_template_is_used(unit):
    NoticeTemplate.objects.filter(kind="summons").update(
        number_prefix="约谈通知", title="约谈：{{ subject.name }}", body="请{{ unit.name }}主要负责同志到会。")
    notice = overdue_item_notice(unit)
    assert notice.number == "约谈通知〔2026〕1号"
    assert notice.title.startswith("约谈：") and notice.body.strip() == "请甲县主要负责同志到会。"


def test_templates_are_seeded_for_every_kind(db):
    assert set(NoticeTemplate.objects.values_list("kind", flat=True)) == set(Notice.Kind.values)


def test_unknown_kind_is_refused_in_both_languages(db):
    NoticeTemplate.objects.all().delete()
    from tracker.services.errors import ServiceError

    with pytest.raises(ServiceError) as exc:
        notices.template_for("nonsense")
    assert "未知" in exc.value.zh and "Unknown" in exc.value.en


def test_print_page_for_own_unit_staff(client, unit, unit_staff):
    notice = overdue_item_notice(unit)
    client.force_login(unit_staff)
    response = client.get(reverse("notice-print", args=[notice.id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert notice.number in html and "约谈通知" in html
    # the A4 page size comes from the print stylesheet (no inline styles under a strict CSP)
    assert "css/print.css" in html
    assert "size: A4" in (settings.BASE_DIR / "static" / "css" / "print.css").read_text(encoding="utf-8")


def test_print_page_hidden_from_other_units_and_anonymous(client, unit, other_staff):
    notice = overdue_item_notice(unit)
    url = reverse("notice-print", args=[notice.id])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(other_staff)
    assert client.get(url).status_code == 404
