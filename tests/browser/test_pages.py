"""The staff and supervisor pages in a real browser (Debian Chromium, phone viewport):
staff enter a reading and see the level change, report completion with evidence; a
supervisor signs it off from the queue; the sibling county's staff get a 404 and no
button; every page of every role loads with no console error and no failed request."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.factories import (
    FundAllocationFactory, MetricFactory, ObservationFactory, OrgUnitFactory, RectificationItemFactory, SiteFactory,
    TargetFactory, UserFactory,
)
from tracker.models import RectificationItem, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-123456"


@pytest.fixture
def ledger():
    """A city with two sibling counties, a short PM2.5 target and an overdue item in county A."""
    today = timezone.localdate()
    city = OrgUnitFactory(code="city", name="市")
    county_a = OrgUnitFactory(code="donghu", name="东湖区人民政府", short_name="东湖区", parent=city)
    county_b = OrgUnitFactory(code="xishan", name="西山县人民政府", short_name="西山县", parent=city)
    staff = UserFactory(username="li", role=User.Role.STAFF, password=PASSWORD, full_name="李经办", units=[county_a])
    other = UserFactory(username="zhao", role=User.Role.STAFF, password=PASSWORD, units=[county_b])
    supervisor = UserFactory(username="zhang", role=User.Role.SUPERVISOR, password=PASSWORD, full_name="张督查")
    leader = UserFactory(username="wang", role=User.Role.LEADER, password=PASSWORD)
    UserFactory(username="root", role=User.Role.ADMIN, password=PASSWORD, is_staff=True, is_superuser=True)
    site = SiteFactory(unit=county_a, code="air-donghu", name="东湖站")
    start, end = today - dt.timedelta(days=10), today + dt.timedelta(days=5)
    target = TargetFactory(lead_unit=county_a, title="东湖区PM2.5浓度控制在35微克/立方米以内", metric=MetricFactory(),
                           target_value=Decimal("35"), period_start=start, period_end=end, deadline=end)
    target.sites.set([site])
    for i in range(10):
        ObservationFactory(site=site, metric=target.metric, observed_on=start + dt.timedelta(days=i), value=30)
    item = RectificationItemFactory(lead_unit=county_a, state="in_progress", problem="东湖区：河道排污口排查整治不彻底",
                                    deadline=today - dt.timedelta(days=4))
    FundAllocationFactory(unit=county_a, allocated_on=today - dt.timedelta(days=100),
                          execution_deadline=today + dt.timedelta(days=100))
    return {"today": today, "staff": staff, "other": other, "supervisor": supervisor, "leader": leader,
            "target": target, "item": item, "site": site}


def watch(page):
    """Collect console errors and failed requests of everything the page loads."""
    problems = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)
    page.on("response", lambda response: problems.append(f"{response.status} {response.url} {response.text()[:300]}")
            if response.status >= 400 else None)
    return problems


def test_staff_enter_a_reading_and_see_the_level_change(page, live_server, ledger):
    problems = watch(page)
    target = ledger["target"]
    sign_in(page, live_server, "li", PASSWORD)
    page.goto(f"{live_server.url}/targets/{target.pk}/")
    page.click("button:has-text('重新测算')")
    assert "绿色" in page.inner_text("h1")
    # when today's heavy-pollution reading is entered: S = 300 + 300 > 35 × 16
    page.select_option("select[name=site]", str(ledger["site"].pk))
    page.fill("input[name=value]", "300")
    page.click("button:has-text('保存并重新测算')")
    page.wait_for_selector(".messages li")
    # then the page shows the new level at once
    assert "红色" in page.inner_text("h1")
    assert page.locator("[data-chart][data-rendered]").count() == 1  # the ECharts chart drew
    page.screenshot(path=str(SCREENSHOTS / "target-after-reading.png"), full_page=True)
    assert not problems, problems


def test_overdue_item_completed_with_evidence_and_signed_off_from_the_queue(page, live_server, ledger, tmp_path):
    problems = watch(page)
    item = ledger["item"]
    sign_in(page, live_server, "li", PASSWORD)
    # the overdue item is first on the worklist: one click to its page
    page.goto(f"{live_server.url}/")
    first = page.locator("table.table tbody tr").first
    assert "逾期" in first.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "worklist-phone.png"), full_page=True)
    first.locator("a").first.click()
    page.wait_for_selector("#report-form")
    evidence = tmp_path / "现场照片.jpg"
    evidence.write_bytes(b"\xff\xd8\xff fake jpeg")
    page.fill("textarea[name=note]", "已完成排污口截污纳管")
    page.set_input_files("#report-form input[name=evidence]", str(evidence))
    page.click("button:has-text('提交申请销号')")
    page.wait_for_selector(".messages li")
    assert RectificationItem.objects.get(pk=item.pk).state == "reported"
    # a supervisor signs it off from the queue and it leaves the queue
    page.context.clear_cookies()
    sign_in(page, live_server, "zhang", PASSWORD)
    page.goto(f"{live_server.url}/supervision/sign-off/")
    assert "河道排污口" in page.inner_text("main")
    page.screenshot(path=str(SCREENSHOTS / "sign-off-queue.png"), full_page=True)
    page.click("button:has-text('核验通过，销号')")
    page.wait_for_selector(".messages li")
    assert "河道排污口" not in page.inner_text("main")
    assert RectificationItem.objects.get(pk=item.pk).state == "signed_off"
    assert not problems, problems


def test_the_sibling_countys_staff_get_404_and_no_button(page, live_server, ledger):
    item, target = ledger["item"], ledger["target"]
    sign_in(page, live_server, "zhao", PASSWORD)
    for url in (f"/items/{item.pk}/", f"/targets/{target.pk}/"):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 404
        assert page.locator("main form button[type=submit]").count() == 0
    page.goto(f"{live_server.url}/")
    assert "河道排污口" not in page.inner_text("main")
    assert "东湖区PM2.5" not in page.inner_text("main")


@pytest.mark.parametrize("username", ["li", "zhao", "zhang", "wang", "root"])
def test_every_page_of_every_role_loads_cleanly(page, live_server, ledger, username):
    problems = watch(page)
    sign_in(page, live_server, username, PASSWORD)
    page.goto(f"{live_server.url}/")
    links = page.eval_on_selector_all("#main-nav a", "els => els.map(e => e.getAttribute('href'))")
    assert links, "the navigation has links"
    # county A's records open for everyone but county B's staff (a 404 there is tested above)
    extra = [] if username == "zhao" else [f"/targets/{ledger['target'].pk}/", f"/items/{ledger['item'].pk}/"]
    for url in links + extra:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, (username, url, response.status)
        page.wait_for_load_state("networkidle")
    assert not problems, problems
