"""The navigation by role: each role sees only what it may use, and every link it sees opens."""
import pytest

from tests.factories import UserFactory
from tracker.models import User
from tracker.pages.nav import links_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role, present, absent", [
    ("staff", {"工作台", "目标指标", "整改任务"}, {"督办", "讲话录入", "系统管理"}),
    ("supervisor", {"督办", "讲话录入"}, {"系统管理", "日报告"}),
    ("leader", {"目标指标"}, {"督办", "讲话录入", "系统管理", "日报告"}),
    ("admin", {"系统管理", "督办"}, {"日报告"}),
])
def test_each_role_sees_its_own_links(city, role, present, absent):
    user = UserFactory(role=role, units=[city["county_a"]], is_superuser=role == "admin", is_staff=role == "admin")
    labels = {link.label for link in links_for(user)}
    assert present <= labels and not (absent & labels)


@pytest.mark.parametrize("role", [User.Role.STAFF, User.Role.SUPERVISOR, User.Role.LEADER, User.Role.ADMIN])
def test_no_link_leads_to_a_refusal(client, city, role):
    unit = city["county_a"]
    unit.has_daily_report_duty = True
    unit.save()
    user = UserFactory(role=role, units=[unit], is_superuser=role == "admin", is_staff=role == "admin")
    client.force_login(user)
    for link in links_for(user):
        assert client.get(link.url, follow=True).status_code == 200, link.url
