"""四书 letters: numbering and text from the editable templates.

Templates live in the database (``NoticeTemplate``, one row per kind, edited in the
admin; the migration seeds the defaults below). A database row rather than a file so a
supervisor can change the wording without a deployment, and every edit is kept by
``simple_history``. The text uses Django template syntax.
"""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.template import Context, Engine

from tracker.models import Level, Notice, NoticeSequence, NoticeTemplate
from tracker.services.errors import ServiceError

from .notice_defaults import DEFAULT_TEMPLATES
from .subjects import CAUSE_LABELS, describe

FIGURE_LABELS = {
    "deadline": "完成时限", "overdue_workdays": "逾期工作日", "overdue_days": "逾期自然日",
    "left_workdays": "剩余工作日", "window_workdays": "预警窗口（工作日）", "lookback_due": "回头看日期",
    "late_workdays": "已过工作日", "rate": "执行率（%）", "expected_rate": "序时进度（%）",
    "target_rate": "目标（%）", "amount": "下达金额（万元）", "paid": "已支付（万元）",
    "shortfall_points": "差距（百分点）", "tolerance_points": "容差（百分点）", "report_date": "报告日期",
}


def template_for(kind) -> NoticeTemplate:
    """The template row for ``kind`` (an unsaved default when nobody has seeded one)."""
    row = NoticeTemplate.objects.filter(kind=kind).first()
    if row is None:
        if kind not in DEFAULT_TEMPLATES:
            raise ServiceError(f"未知的文书类型：{kind}", f"Unknown notice kind: {kind}", field="kind")
        row = NoticeTemplate(kind=kind, **DEFAULT_TEMPLATES[kind])
    return row


def format_number(prefix, year, n) -> str:
    """The letter number in the official style: 督办〔2026〕7号."""
    return f"{prefix}〔{year}〕{n}号"


def next_number(prefix, year) -> str:
    """Take the next number for ``prefix`` in ``year``. The increment is one UPDATE, so
    the row stays locked until the caller's transaction ends: concurrent issuers queue,
    and a rolled-back notice gives its number back."""
    NoticeSequence.objects.get_or_create(prefix=prefix, year=year)
    NoticeSequence.objects.filter(prefix=prefix, year=year).update(last=F("last") + 1)
    last = NoticeSequence.objects.filter(prefix=prefix, year=year).values_list("last", flat=True).get()
    return format_number(prefix, year, last)


def figures_text(figures) -> str:
    parts = [f"{FIGURE_LABELS[k]} {v}" for k, v in (figures or {}).items() if k in FIGURE_LABELS and v is not None]
    return "；".join(parts)


def render(template: NoticeTemplate, context: dict) -> tuple[str, str]:
    engine = Engine.get_default()
    ctx = Context(context, autoescape=False)
    title = engine.from_string(template.title).render(ctx).strip()
    body = engine.from_string(template.body).render(ctx).strip() + "\n"
    return title[:200], body


def issue_notice(flag, kind, *, as_of, now, calendar, policy) -> Notice | None:
    """Issue the ``kind`` letter for ``flag`` to its unit, numbered, due in working days.
    None when the flag already has one of that kind (unique per flag and kind)."""
    if Notice.objects.filter(flag=flag, kind=kind).exists():
        return None
    template = template_for(kind)
    response_due = calendar.add_working_days(as_of, template.response_workdays)
    try:
        with transaction.atomic():
            notice = Notice(kind=kind, flag=flag, unit=flag.unit, issued_at=now, response_due=response_due,
                            number=next_number(template.number_prefix, as_of.year), title="", body="")
            notice.title, notice.body = render(template, {
                "notice": notice, "flag": flag, "unit": flag.unit, "subject": describe(flag),
                "level": Level(flag.level).label, "cause": CAUSE_LABELS.get(flag.cause, flag.cause),
                "figures": flag.figures, "figures_text": figures_text(flag.figures),
                "response_due": response_due, "response_workdays": template.response_workdays,
                "issuer": policy.issuer,
            })
            notice.save(force_insert=True)
    except IntegrityError:
        return None  # the same letter was issued meanwhile by another process
    return notice
