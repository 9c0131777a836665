"""Every URL the project routes, walked as every role, for every method (issue 14).

The URL names are read from the URLconf itself, so a new route cannot be forgotten: a
name that has no line in ``EXPECTED`` fails ``test_every_routed_url_has_an_expectation``,
and a line whose name is no longer routed fails too. For each name, the test resolves the
URL (for records: one that belongs to county A), sends GET, POST, PUT, PATCH and DELETE as
five users — anonymous, staff of county A (inside), staff of county B (outside), a leader
and a supervisor — each inside a rolled-back transaction, and compares what happened with
the line's expectation.

How to add a line (one per URL name)
------------------------------------
``"<namespace:name>": Url(record, get=..., post=..., put=..., patch=..., delete=...)``

- ``record``: the key in the ``records`` fixture whose id fills the URL's one id parameter (``pk``),
  or None for a URL without one. Records belong to county A unless the key says otherwise.
- each method is a five-letter string, one letter per role in the order
  anonymous, staff A, staff B, leader, supervisor:

  =====  ============================================================================
  ``L``  sent to sign in: 401, 403 for anonymous, or a redirect to a login page
  ``O``  allowed and answered (2xx, or a redirect that is not to a login page)
  ``I``  allowed up to the input check: 2xx/3xx or 400/409/412/415/422/428
  ``D``  refused: 403
  ``H``  hidden: 404, exactly as for an id that does not exist
  ``N``  method not allowed: 405
  ``X``  anything but a server error (only where Django itself decides, e.g. the admin)
  =====  ============================================================================

- a method you leave out takes the line's ``other`` string (default: every role ``N``,
  except that anonymous users of the API are sent to sign in first: ``LNNNN``).

The helpers below build the usual shapes in one call: ``api_list``, ``api_detail``,
``api_action``, ``page`` and ``form_page``. Names in the ``admin`` namespace are covered
by one rule (``ADMIN``): anonymous users and unit staff never get in.

No server error is ever expected: every 5xx fails whatever the line says.
"""
import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.factories import (
    DisbursementFactory, FundAllocationFactory, MilestoneFactory, ObservationFactory, ProjectFactory,
    RectificationItemFactory, SiteFactory, SourceDocumentFactory, TargetFactory,
)
from tracker.dashboard.bulletins import ensure_periodic
from tracker.models import DailyReport, Evidence, Flag, Notice, Notification, WebhookSubscription

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "staff_a", "staff_b", "leader", "supervisor")
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Url:
    record: str | None = None
    get: str | None = None
    post: str | None = None
    put: str | None = None
    patch: str | None = None
    delete: str | None = None
    other: str = "NNNNN"
    methods: tuple = field(default=METHODS)
    kwargs: tuple = ()  # fixed URL parameters other than pk, as (name, value) pairs

    def expected(self, method):
        return getattr(self, method) or self.other


def api_list(post="LIIDI", get="LOOOO"):
    """A collection: everyone signed in lists (in scope); POST creates."""
    return Url(None, get=get, post=post, other="LNNNN")


def api_detail(record, get="LOHOO", write="LIHDI"):
    """One record of county A: B's staff are told it does not exist."""
    return Url(record, get=get, put=write, patch=write, delete=write, other="LNNNN")


def api_action(record, post):
    return Url(record, post=post, other="LNNNN")


def page(record=None, get="LOHOO", post="LNNNN", kwargs=()):
    """A page: sign in first; county B's staff get 404 for county A's record; PUT, PATCH
    and DELETE are not allowed."""
    return Url(record, get=get, post=post, other="LNNNN", kwargs=kwargs)


ADMIN = Url(None, get="LLLXX", methods=("get",))

EXPECTED = {
    # --- site-wide ------------------------------------------------------------------------
    "home": Url(None, other="LOOOO"),
    "login": Url(None, other="OOOOO", patch="NNNNN", delete="NNNNN"),
    "logout": Url(None, post="OOOOO"),
    "healthz": Url(None, other="OOOOO"),
    "readyz": Url(None, other="OOOOO"),
    "favicon": Url(None, other="OOOOO"),
    "set_language": Url(None, other="OOOOO"),
    "notice-print": Url("notice", other="LOHOO"),
    "intake:documents": page(None, get="LDDDO", post="LDDDO"),
    "intake:review": page("document", get="LDDDO", post="LDDDO"),
    # --- the API ------------------------------------------------------------------------
    "api:api-root": Url(None, get="LOOOO", other="LNNNN"),
    "api:me": Url(None, get="LOOOO", other="LNNNN"),
    "api:auth-token": Url(None, post="IIIII", other="NNNNN"),
    "api:changes": Url(None, get="LOOOO", other="LNNNN"),
    "api:schema": Url(None, get="OOOOO", other="NNNNN"),
    "api:docs": Url(None, get="OOOOO", other="NNNNN"),
    "api:not-found": Url(None, other="HHHHH"),
    "api:orgunit-list": api_list(post="LDDDI"),
    "api:orgunit-detail": api_detail("county_a", write="LDHDI"),
    "api:sourcedocument-list": api_list(post="LDDDI"),
    "api:sourcedocument-detail": api_detail("document", get="LOOOO", write="LDDDI"),
    "api:sourcedocument-extract": api_action("document", post="LDDDO"),
    "api:sourcedocument-accept": api_action("document", post="LDDDI"),
    "api:target-list": api_list(),
    "api:target-detail": api_detail("target"),
    "api:target-projection": Url("target", get="LOHOO", other="LNNNN"),
    "api:target-what-if": api_action("target", post="LIHII"),
    "api:record-history": Url("target", get="LOHOO", other="LNNNN", kwargs=(("resource", "targets"),)),
    "api:record-restore": Url("target", post="LDHHI", other="LNNNN", kwargs=(("resource", "targets"),)),
    "api:site-list": api_list(post="LDDDI"),
    "api:site-detail": api_detail("site", write="LDHDI"),
    "api:observation-list": api_list(),
    "api:observation-bulk": api_action(None, post="LIIDI"),
    "api:observation-detail": api_detail("observation"),
    "api:inspectionround-list": api_list(post="LDDDI"),
    "api:inspectionround-detail": api_detail("round", get="LOOOO", write="LDDDI"),
    "api:rectificationitem-list": api_list(),
    "api:rectificationitem-bulk": api_action(None, post="LIIDI"),
    "api:rectificationitem-detail": api_detail("item"),
    "api:rectificationitem-report-completion": api_action("item", post="LIHDI"),
    "api:rectificationitem-sign-off": api_action("item", post="LDHDI"),
    "api:rectificationitem-lookback": api_action("item", post="LIHDI"),
    "api:project-list": api_list(),
    "api:project-detail": api_detail("project"),
    "api:fundallocation-list": api_list(),
    "api:fundallocation-detail": api_detail("allocation"),
    "api:disbursement-list": api_list(),
    "api:disbursement-detail": api_detail("disbursement"),
    "api:flag-list": api_list(post="LNNNN"),
    "api:flag-detail": api_detail("flag", write="LNNNN"),
    "api:flag-acknowledge": api_action("flag", post="LIHDI"),
    "api:notice-list": api_list(post="LNNNN"),
    "api:notice-detail": api_detail("notice", write="LNNNN"),
    "api:webhooksubscription-list": api_list(post="LDDDI"),
    "api:webhooksubscription-detail": api_detail("webhook", get="LHHOO", write="LHHDI"),
    "api:dailyreport-list": api_list(post="LIIII"),
    "api:dailyreport-detail": api_detail("daily_report", write="LNNNN"),
    # --- pages (namespace ``pages``): lists show what is in scope, records of county A are
    # hidden from county B's staff, supervisor-only pages are hidden from everyone else ------
    "pages:targets": Url(None, other="LOOOO"),
    "pages:target-new": page(None, get="LHHHO", post="LHHHO"),
    "pages:target": page("target", post="LOHDO"),
    "pages:target-edit": page("target", get="LHHHO", post="LHHHO"),
    "pages:target-evaluate": page("target", get="LNNNN", post="LOHOO"),
    "pages:target-what-if": page("target", get="LNNNN", post="LIHII"),
    "pages:target-evidence": page("target", get="LNNNN", post="LOHDO"),
    "pages:items": Url(None, other="LOOOO"),
    "pages:item-new": page(None, get="LHHHO", post="LHHHO"),
    "pages:item-batch": page(None, get="LHHHO", post="LHHHO"),
    "pages:item": Url("item", other="LOHOO"),
    "pages:item-edit": page("item", get="LHHHO", post="LHHHO"),
    "pages:item-start": page("item", get="LNNNN", post="LOHOO"),
    "pages:item-report": page("item", get="LNNNN", post="LOHHO"),
    "pages:item-evidence": page("item", get="LNNNN", post="LOHOO"),
    "pages:item-sign-off": page("item", get="LNNNN", post="LOHOO"),
    "pages:item-lookback": page("item", get="LNNNN", post="LOHOO"),
    "pages:item-milestone-add": page("item", get="LNNNN", post="LHHHO"),
    "pages:milestone-done": page("milestone", get="LNNNN", post="LOHDO"),
    "pages:evidence": Url("evidence", other="LOHOO"),
    "pages:funds": Url(None, other="LOOOO"),
    "pages:fund": page("allocation", post="LOHDO"),
    "pages:daily-report": page(None, get="LOOOO", post="LOOOO"),
    "pages:inbox": Url(None, other="LOOOO"),
    "pages:inbox-read-all": page(None, get="LNNNN", post="LOOOO"),
    "pages:inbox-read": page("notification", get="LNNNN", post="LOOOO"),
    "pages:supervision": Url(None, other="LHHHO"),
    "pages:sign-off-queue": Url(None, other="LHHHO"),
    "pages:lookback-queue": Url(None, other="LHHHO"),
    "pages:thresholds": page(None, get="LHHHO", post="LHHHO"),
    "pages:flags": Url(None, other="LOOOO"),
    "pages:flag": page("flag", post="LOHDO"),
    "pages:flag-issue-notice": page("flag", get="LNNNN", post="LHHHO"),
    "pages:notices": Url(None, other="LOOOO"),
    "pages:notice": page("notice", post="LOHDO"),
    "pages:dashboard": Url(None, get="LOOOO", other="LNNNN"),
    "pages:record-history": page("target", kwargs=(("resource", "targets"),)),
    "pages:record-restore": page("target", get="LNNNN", post="LDHHI", kwargs=(("resource", "targets"),)),
    # --- the dashboard's JSON, bulletins and ledgers ---------------------------------------
    "api:dashboard-summary": Url(None, get="LOOOO", other="LNNNN"),
    "api:dashboard-matrix": Url(None, get="LOOOO", other="LNNNN"),
    "api:dashboard-ranking": Url(None, get="LOOOO", other="LNNNN"),
    "api:dashboard-chart": Url(None, get="LOOOO", other="LNNNN", kwargs=(("name", "pm25"),)),
    "api:imports": Url(None, post="LIIDI", other="LNNNN"),
    "api:exports": Url(None, get="LOOOO", other="LNNNN", kwargs=(("kind", "items"),)),
    "ledgers:home": page(None, get="LOOOO", post="LOODO"),
    "ledgers:preview": page(None, get="LHHDH", post="LHHDH", kwargs=(("token", "expired"),)),
    "ledgers:export": page(None, get="LOOOO", kwargs=(("kind", "items"),)),
    "ledgers:template": page(None, get="LOOOO", kwargs=(("kind", "items"),)),
    "bulletins:list": page(None, get="LOOOO"),
    "bulletins:generate": page(None, get="LNNNN", post="LDDDO"),
    "bulletins:detail": page("bulletin", get="LHHOO"),
    "bulletins:xlsx": page("bulletin", get="LHHOO"),
}


def routed_names():
    """Every URL name in the URLconf (namespaced), and the pattern of each, format-suffix
    variants of the API's routes folded into their name."""
    names = {}

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace
                walk(entry.url_patterns, f"{namespace}:{inner}" if namespace and inner else inner or namespace)
            elif isinstance(entry, URLPattern):
                # An unnamed route is listed under its pattern, which no line can name: it
                # fails the coverage test (except inside the admin, which has its rule).
                own = entry.name or f"<unnamed {entry.pattern}>"
                names.setdefault(f"{namespace}:{own}" if namespace else own, entry)

    walk(get_resolver().url_patterns, None)
    return names


def expectation(name):
    if name and name.startswith("admin:"):
        return ADMIN
    return EXPECTED.get(name)


def test_every_routed_url_has_an_expectation():
    names = routed_names()
    assert sorted(name for name in names if expectation(name) is None) == []
    assert sorted(set(EXPECTED) - set(names)) == []


# --- the walk ---------------------------------------------------------------------------------
def outcome_of(response, role):
    status = response.status_code
    location = response.get("Location", "") if 300 <= status < 400 else ""
    if status >= 500:
        return "5"
    if status == 401 or (status == 403 and role == "anonymous") or "login" in location:
        return "L"
    if status == 403:
        return "D"
    if status == 404:
        return "H"
    if status == 405:
        return "N"
    if 200 <= status < 400:
        return "O"
    return "I"


def matches(expected, got):
    if got == "5":
        return False
    if expected == "X":
        return True
    if expected == "I":
        return got in ("I", "O")
    return expected == got


@pytest.fixture
def people(city, staff_a, staff_b, leader, supervisor):
    return {"staff_a": staff_a, "staff_b": staff_b, "leader": leader, "supervisor": supervisor}


@pytest.fixture
def records(city, staff_a, supervisor):
    unit = city["county_a"]
    target = TargetFactory(lead_unit=unit)
    site = SiteFactory(unit=unit)
    item = RectificationItemFactory(lead_unit=unit)
    project = ProjectFactory(lead_unit=unit)
    allocation = FundAllocationFactory(unit=unit, project=project)
    flag = Flag.objects.create(subject_type=ContentType.objects.get_for_model(target), subject_id=target.pk,
                               cause="target_status", unit=unit, level=3, reason="已无法完成")
    notice = Notice.objects.create(number="甲督〔2026〕1号", kind=Notice.Kind.choices[0][0], flag=flag, unit=unit,
                                   response_due=dt.date(2026, 12, 31), title="提示函", body="正文")
    evidence = Evidence.objects.create(item=item, file=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff jpeg"),
                                       uploaded_by=staff_a)
    return {
        "county_a": unit, "target": target, "site": site, "item": item, "project": project,
        "allocation": allocation, "disbursement": DisbursementFactory(allocation=allocation),
        "observation": ObservationFactory(site=site), "round": item.round, "flag": flag, "notice": notice,
        "evidence": evidence, "document": SourceDocumentFactory(),
        "milestone": MilestoneFactory(project=project),
        "webhook": WebhookSubscription.objects.create(name="省级平台", url="https://example.org/h", secret="s",
                                                      event_types=["*"], owner=supervisor),
        "daily_report": DailyReport.objects.create(unit=unit, report_date=timezone.localdate(), is_zero=True,
                                                   reported_by=staff_a),
        "notification": Notification.objects.create(user=staff_a, key="k1", event_type="flag.raised", title="消息"),
        "bulletin": ensure_periodic("weekly", dt.date(2026, 11, 23), dt.date(2026, 11, 29)),
    }


def url_for(name, entry, pattern, records):
    if name.startswith("admin:"):
        kwargs = {key: ("tracker" if key == "app_label" else "1") for key in pattern.pattern.converters}
        if not pattern.pattern.converters and pattern.pattern.regex.groupindex:
            kwargs = {key: ("tracker" if key == "app_label" else "1") for key in pattern.pattern.regex.groupindex}
        return reverse(name, kwargs=kwargs)
    kwargs = dict(entry.kwargs)
    if entry.record is not None:
        kwargs["pk"] = records[entry.record].pk
    return reverse(name, kwargs=kwargs or None)


def clients(people):
    result = {"anonymous": Client()}
    for role, user in people.items():
        result[role] = Client()
        result[role].force_login(user)
    return result


def walk(name, people, records):
    entry = expectation(name)
    pattern = routed_names()[name]
    url = url_for(name, entry, pattern, records)
    by_role = clients(people)
    seen, wrong = {}, []
    for method in entry.methods:
        letters = ""
        for role in ROLES:
            with transaction.atomic():
                response = getattr(by_role[role], method)(url, {} if method == "get" else None,
                                                          **({} if method == "get" else {"content_type": "application/json"}))
                transaction.set_rollback(True)
            letters += outcome_of(response, role)
        seen[method] = letters
        wanted = entry.expected(method)
        if not all(matches(w, g) for w, g in zip(wanted, letters)):
            wrong.append(f"{method.upper()} {url}: expected {wanted}, got {letters}")
    return seen, wrong


# The admin's own URLs (hundreds, all behind Django's admin_view) are walked for a sample of
# each kind; test_every_routed_url_has_an_expectation still covers every one by its rule.
WALKED = sorted(EXPECTED) + ["admin:index", "admin:tracker_target_changelist", "admin:tracker_target_change",
                             "admin:tracker_target_add", "admin:tracker_target_history", "admin:tracker_user_changelist"]


@pytest.mark.parametrize("name", WALKED)
def test_each_role_sees_and_does_what_the_table_says(name, people, records):
    _seen, wrong = walk(name, people, records)
    assert wrong == []
