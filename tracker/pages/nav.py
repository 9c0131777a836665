"""The navigation bar by role: each role sees only the pages it may use.

A context processor, so every template (``base.html``) gets ``nav`` (a list of links with
the current one marked) and ``inbox_unread`` (the unread count shown beside 消息)."""
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tracker.models import Notification, User


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    active: bool = False


# (label, URL name, roles that see it). Roles: staff, supervisor, leader, admin.
_ALL = ("staff", "supervisor", "leader", "admin")
_ITEMS = [
    (_("工作台"), "home", _ALL),
    (_("驾驶舱"), "pages:dashboard", _ALL),
    (pgettext_lazy("nav", "目标指标"), "pages:targets", _ALL),
    (pgettext_lazy("nav", "整改任务"), "pages:items", _ALL),
    (pgettext_lazy("nav", "专项资金"), "pages:funds", _ALL),
    (pgettext_lazy("nav", "日报告"), "pages:daily-report", ("staff",)),
    (_("督办"), "pages:supervision", ("supervisor", "admin")),
    (_("讲话录入"), "intake:documents", ("supervisor", "admin")),
    (_("台账导入导出"), "ledgers:home", ("staff", "supervisor", "admin")),
    (_("通报"), "bulletins:list", ("supervisor", "leader", "admin")),
    (_("系统管理"), "admin:index", ("admin",)),
]


def role_of(user):
    """The role key that decides the navigation (a superuser counts as an administrator)."""
    if user.is_superuser:
        return "admin"
    return user.role if user.role in _ALL else None


def links_for(user, current_path=""):
    """The navigation links ``user`` may follow; a page whose app is not installed is left out."""
    role = role_of(user)
    links = []
    for label, name, roles in _ITEMS:
        if role not in roles:
            continue
        if name == "pages:daily-report" and not user.units.filter(has_daily_report_duty=True).exists():
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        links.append(Link(str(label), url, active))
    return links


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not isinstance(user, User):
        return {}
    return {
        "nav": links_for(user, request.path),
        "inbox_unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }
