"""The bulletin (通报): weekly, monthly or on demand, for everything or one inspection round.

A bulletin covers the whole city (it is read by leaders and supervisors only, see
:mod:`.views`) and holds: the units and war zones ranked by the dashboard's score
(红黑榜), the red records with their units, the overdue items and stage tasks with days
and working days overdue, and what changed since the previous bulletin of the same kind
and round (new and cleared reds, newly overdue, signed off in between, rank moves).

Figures are judged as of the period's last day. ``build_content`` reads the ledger; the
comparison with the previous bulletin (:func:`changes_since`) is a pure function of the
two contents.
"""
from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.models import Bulletin, InspectionRound, User
from tracker.services.calendar import load_calendar

from . import figures, service
from .categories import CATEGORIES, FUNDS, MILESTONES, RECTIFICATION, target_category
from .filters import DashboardFilters
from .loading import RED, end_of, load_snapshot, red_now


class WholeCity:
    """The reader a bulletin is generated as: every record of the city (``restrict`` lets an
    administrator see everything). Never stored, never signed in."""

    is_authenticated = is_active = is_superuser = True
    role = User.Role.ADMIN
    pk = None


def build_content(period_start: date, period_end: date, round_id: int | None = None) -> dict:
    """The figures of a bulletin for the period (judged as of ``period_end``), for every
    record or only the items of one inspection round."""
    as_of = period_end
    snapshot = load_snapshot(WholeCity(), DashboardFilters(as_of=as_of, year=as_of.year, round=round_id))
    qs = snapshot.querysets
    unit_name = dict(zip(snapshot.units["id"], snapshot.units["name"]))
    ranking = service.ranking(snapshot, top=3)
    columns = ("rank", "id", "name", "score", "records", "red", "orange", "yellow", "green")
    days = load_calendar()
    targets = snapshot.records[snapshot.records["model"] == "target"]
    counts = figures.level_counts(targets["level"], targets["n"])
    red = []
    for pk, code, title, unit, metric, kind, deadline, why in qs["target"].filter(level=RED).order_by("code").values_list(
            "pk", "code", "title", "lead_unit_id", "metric__code", "kind", "deadline", "explanation_zh"):
        red.append(_red("target", pk, CATEGORIES[target_category(metric, kind)], f"{code} {title}", unit_name.get(unit),
                        deadline, why))
    for pk, round_name, number, unit, deadline, late in red_now(qs["item"]).order_by(
            "round__name", "number").values_list("pk", "round__name", "number", "lead_unit_id", "deadline",
                                                 "overdue_now"):
        red.append(_red("item", pk, CATEGORIES[RECTIFICATION], f"{round_name}第{number}项", unit_name.get(unit),
                        deadline, "已逾期" if late else "预警为红色"))
    for pk, title, unit, deadline, late in red_now(qs["milestone"]).order_by("due_on").values_list(
            "pk", "title", "unit_id", "due_on", "overdue_now"):
        red.append(_red("milestone", pk, CATEGORIES[MILESTONES], title, unit_name.get(unit), deadline,
                        "已逾期" if late else "预警为红色"))
    for fund in snapshot.funds[snapshot.funds["level"] == RED].itertuples():
        red.append(_red("fund", fund.id, CATEGORIES[FUNDS], fund.purpose or fund.code, unit_name.get(fund.unit_id),
                        fund.deadline, "执行期限已过未达标" if fund.overdue else "预警为红色"))
    overdue = list(qs["item"].filter(overdue_now=True).order_by("deadline", "round__name", "number").values_list(
        "pk", "round__name", "number", "problem", "lead_unit_id", "deadline"))
    deadlines = [row[5] for row in overdue]
    late, workdays_late = figures.days_overdue(deadlines, as_of), figures.working_days_overdue(deadlines, as_of, days)
    signed = list(qs["item"].filter(signed_now=True, signed_off_at__gte=end_of(period_start - timedelta(days=1)))
                  .order_by("round__name", "number").values_list("pk", "round__name", "number"))
    return {
        "as_of": as_of.isoformat(), "period_start": period_start.isoformat(), "period_end": period_end.isoformat(),
        "round": round_id,
        "targets_by_level": {str(k): v for k, v in counts.items() if k is not None},
        "sign_off": [{"round": r.round, "total": int(r.total), "signed_off": int(r.signed_off), "rate": r.rate}
                     for r in figures.sign_off_by_round(snapshot.items).itertuples()],
        "ranking": [{k: row[k] for k in columns} for row in ranking["units"]],
        "zones": [{k: row[k] for k in columns} for row in ranking["zones"]],
        "red_list": red,
        "overdue": [{"key": f"item:{pk}", "round": round_name, "number": number, "problem": problem,
                     "unit": unit_name.get(unit, ""), "deadline": deadline.isoformat(), "days_overdue": days_late,
                     "workdays_overdue": working}
                    for (pk, round_name, number, problem, unit, deadline), days_late, working
                    in zip(overdue, late, workdays_late)],
        "signed_off": [f"item:{pk}" for pk, _, _ in signed],
        "signed_off_labels": [f"{round_name}第{number}项" for _, round_name, number in signed],
    }


def _red(model, pk, category, label, unit, deadline, explanation):
    return {"key": f"{model}:{int(pk)}", "category": str(category), "label": label, "unit": unit or "", "level": RED,
            "deadline": deadline.isoformat() if deadline is not None else "", "explanation": explanation or ""}


def changes_since(content: dict, previous: dict | None) -> dict:
    """What changed from ``previous`` (the last bulletin's content) to ``content``: records
    that turned red or stopped being red, items newly overdue, items signed off since the
    previous bulletin's end, and units whose rank moved (up is a smaller number)."""
    if previous is None:
        return {"since": None, "new_red": [], "no_longer_red": [], "newly_overdue": [], "signed_off": [],
                "rank_moves": []}
    red_now = {r["key"]: r for r in content["red_list"]}
    red_then = {r["key"]: r for r in previous.get("red_list", [])}
    overdue_then = {r["key"] for r in previous.get("overdue", [])}
    signed_then = set(previous.get("signed_off", []))
    ranks_then = {r["id"]: r["rank"] for r in previous.get("ranking", [])}
    return {
        "since": previous["period_end"],
        "new_red": [r["label"] for key, r in red_now.items() if key not in red_then],
        "no_longer_red": [r["label"] for key, r in red_then.items() if key not in red_now],
        "newly_overdue": [f"{r['round']}第{r['number']}项" for r in content["overdue"] if r["key"] not in overdue_then],
        "signed_off": [label for key, label in zip(content["signed_off"], content["signed_off_labels"])
                       if key not in signed_then],
        "rank_moves": [{"unit": r["name"], "from": ranks_then[r["id"]], "to": r["rank"]}
                       for r in content["ranking"] if r["id"] in ranks_then and ranks_then[r["id"]] != r["rank"]],
    }


def title_for(kind: str, start: date, end: date, round_name: str | None) -> str:
    scope = f"{round_name}整改" if round_name else "生态环境目标任务"
    if kind == Bulletin.Kind.MONTHLY:
        return f"{scope}{end:%Y年%m月}通报"
    if kind == Bulletin.Kind.WEEKLY:
        return f"{scope}周通报（{start:%m月%d日}—{end:%m月%d日}）"
    return f"{scope}即时通报（截至{end:%Y年%m月%d日}）"


def fill(bulletin: Bulletin) -> Bulletin:
    """Compute a bulletin's content (and its changes since the previous one) and mark it ready."""
    content = build_content(bulletin.period_start, bulletin.period_end, bulletin.round_id)
    previous = (Bulletin.objects.filter(kind=bulletin.kind, round_id=bulletin.round_id, status=Bulletin.Status.READY,
                                        period_end__lt=bulletin.period_end)
                .exclude(pk=bulletin.pk).order_by("-period_end", "-created_at").first())
    content["changes"] = changes_since(content, previous.content if previous else None)
    bulletin.content, bulletin.status, bulletin.error = content, Bulletin.Status.READY, ""
    bulletin.save(update_fields=["content", "status", "error"])
    return bulletin


def generate(bulletin_id: int) -> Bulletin:
    """Fill a pending bulletin (the task behind "generate now"); a failure is stored, not lost."""
    bulletin = Bulletin.objects.get(pk=bulletin_id)
    if bulletin.status == Bulletin.Status.READY:
        return bulletin
    try:
        return fill(bulletin)
    except Exception as error:  # the row says what went wrong; the list shows it
        Bulletin.objects.filter(pk=bulletin.pk).update(status=Bulletin.Status.FAILED, error=str(error)[:2000])
        raise


def request_bulletin(user, round_id: int | None, today: date) -> Bulletin:
    """A pending on-demand bulletin (即时通报) from the day after the previous one of the same
    round (or 1 January) to ``today``."""
    last = (Bulletin.objects.filter(round_id=round_id, status=Bulletin.Status.READY, period_end__lt=today)
            .order_by("-period_end").first())
    start = last.period_end + timedelta(days=1) if last else date(today.year, 1, 1)
    start = min(start, today)
    name = InspectionRound.objects.filter(pk=round_id).values_list("name", flat=True).first() if round_id else None
    return Bulletin.objects.create(kind=Bulletin.Kind.ON_DEMAND, period_start=start, period_end=today,
                                   round_id=round_id, title=title_for(Bulletin.Kind.ON_DEMAND, start, today, name),
                                   created_by=user)


def previous_week(as_of: date) -> tuple[date, date]:
    end = as_of - timedelta(days=as_of.weekday() + 1)
    return end - timedelta(days=6), end


def previous_month(as_of: date) -> tuple[date, date]:
    end = as_of.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def ensure_periodic(kind: str, start: date, end: date, *, now=None) -> Bulletin | None:
    """Create and fill the city-wide bulletin of ``kind`` for the period once; None when it
    exists already (the unique constraint decides, so two runs at once make one)."""
    if Bulletin.objects.filter(kind=kind, period_end=end, round__isnull=True).exists():
        return None
    try:
        with transaction.atomic():
            bulletin = Bulletin.objects.create(kind=kind, period_start=start, period_end=end,
                                               title=title_for(kind, start, end, None), created_at=now or timezone.now())
            return fill(bulletin)
    except IntegrityError:
        return None


def publish_periodic(as_of: date, *, now=None) -> list[Bulletin]:
    """The weekly job's part: last week's bulletin, and last month's once the month is over."""
    made = [ensure_periodic(Bulletin.Kind.WEEKLY, *previous_week(as_of), now=now),
            ensure_periodic(Bulletin.Kind.MONTHLY, *previous_month(as_of), now=now)]
    return [b for b in made if b is not None]
