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


def test_a_chinese_browser_gets_the_inferred_date_in_a_date_input_it_accepts(page, live_server):
    # given: the browser context is zh-CN (see conftest); the text states no date, only its plan year
    UserFactory(username="duchashi", role=User.Role.SUPERVISOR, password="pw-123456")
    sign_in(page, live_server, "duchashi", "pw-123456")
    page.goto(f"{live_server.url}/intake/")
    page.fill("input[name=title]", "2027年工作要点")
    page.fill("textarea[name=text]", "2027年全县生态环境保护工作要点\n一、PM2.5年均浓度控制在30微克/立方米以内。\n")
    # when the supervisor asks the page to read the date
    page.click("button[name=infer]")
    page.wait_for_selector("#date-note")
    # then the <input type=date> holds the date (it would be empty had the value been 2027/01/01)
    assert page.input_value("input[name=issued_on]") == "2027-01-01"
    assert "根据文本推断" in page.inner_text("#date-note")
