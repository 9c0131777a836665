"""A supervisor on a phone pastes a speech, reviews the highlighted candidates and creates targets."""
import pytest

from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.factories import MetricFactory, OrgUnitFactory, UserFactory
from tracker.models import Target, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPEECH = "今年全市PM2.5年均浓度要控制在30微克/立方米以内，空气质量优良天数比例达到85%以上。"


def test_supervisor_creates_targets_from_a_pasted_speech_on_a_phone(page, live_server):
    # given
    UserFactory(username="duchashi", role=User.Role.SUPERVISOR, password="pw-123456")
    MetricFactory(code="pm25", name="PM2.5年均浓度", unit="μg/m³", kind="period_mean", comparator="<=")
    MetricFactory(code="good_day_ratio", name="优良天数比例", unit="%", kind="day_ratio", comparator=">=")
    county = OrgUnitFactory(code="xishan", name="西山县")
    sign_in(page, live_server, "duchashi", "pw-123456")

    # when they paste a speech
    page.goto(f"{live_server.url}/intake/")
    page.fill("input[name=title]", "全市大气污染防治推进会讲话")
    page.fill("input[name=issued_on]", "2026-03-02")
    page.fill("textarea[name=text]", SPEECH)
    page.screenshot(path=str(SCREENSHOTS / "intake-new.png"), full_page=True)
    page.click("main button[type=submit]")

    # then the review page highlights both targets
    page.wait_for_selector(".source-text mark")
    assert page.locator(".source-text mark").count() == 2
    page.select_option("select[name=defaults-lead_unit]", str(county.pk))
    page.screenshot(path=str(SCREENSHOTS / "intake-review.png"), full_page=True)

    # and accepting them creates the targets with their sentences
    page.click("main button[type=submit]")
    page.wait_for_selector(".messages li")
    assert "已创建 2 个目标" in page.inner_text(".messages")
    assert {t.source_sentence for t in Target.objects.all()} == {
        "今年全市PM2.5年均浓度要控制在30微克/立方米以内", "空气质量优良天数比例达到85%以上"}
