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
from simple_history.utils import bulk_create_with_history

from tracker.models import Level, Notice, NoticeSequence, NoticeTemplate
from tracker.services.errors import ServiceError
from tracker.signals import CREATED, announce

from .notice_defaults import DEFAULT_TEMPLATES
from .subjects import CAUSE_LABELS, describe, describe_many

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
    return next_numbers(prefix, year, 1)[0]


def next_numbers(prefix, year, count) -> list[str]:
    """Take the next ``count`` numbers for ``prefix`` in ``year`` in one increment (same
    locking as :func:`next_number`)."""
    NoticeSequence.objects.get_or_create(prefix=prefix, year=year)
    NoticeSequence.objects.filter(prefix=prefix, year=year).update(last=F("last") + count)
    last = NoticeSequence.objects.filter(prefix=prefix, year=year).values_list("last", flat=True).get()
    return [format_number(prefix, year, n) for n in range(last - count + 1, last + 1)]


def figures_text(figures) -> str:
    parts = [f"{FIGURE_LABELS[k]} {v}" for k, v in (figures or {}).items() if k in FIGURE_LABELS and v is not None]
    return "；".join(parts)


def render(template: NoticeTemplate, context: dict, compiled=None) -> tuple[str, str]:
    """Title and body of a letter; ``compiled`` is (title, body) templates compiled once."""
    engine = Engine.get_default()
    title_t, body_t = compiled or (engine.from_string(template.title), engine.from_string(template.body))
    ctx = Context(context, autoescape=False)
    title = title_t.render(ctx).strip()
    body = body_t.render(ctx).strip() + "\n"
    return title[:200], body


def _context(notice, flag, subject, template, response_due, policy) -> dict:
    return {
        "notice": notice, "flag": flag, "unit": flag.unit, "subject": subject,
        "level": Level(flag.level).label, "cause": CAUSE_LABELS.get(flag.cause, flag.cause),
        "figures": flag.figures, "figures_text": figures_text(flag.figures),
        "response_due": response_due, "response_workdays": template.response_workdays,
        "issuer": policy.issuer,
    }


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
            notice.title, notice.body = render(template, _context(notice, flag, describe(flag), template,
                                                                  response_due, policy))
            notice.save(force_insert=True)
    except IntegrityError:
        return None  # the same letter was issued meanwhile by another process
    return notice


def issue_notices(wanted, *, as_of, now, calendar, policy) -> dict:
    """Issue many letters at once: ``wanted`` is a list of (flag, kind); returns
    (flag id, kind) → the notice issued. Same letters as :func:`issue_notice` one by one —
    numbers taken in one block per prefix, subjects described with one query per kind,
    templates compiled once, rows and their history written in bulk. If another process
    issued some of them meanwhile (the unique constraint refuses the batch), it falls back
    to one by one."""
    existing = set(Notice.objects.filter(flag_id__in=[f.id for f, _ in wanted]).values_list("flag_id", "kind"))
    wanted = [(f, k) for f, k in wanted if (f.id, k) not in existing]
    if not wanted:
        return {}
    engine = Engine.get_default()
    templates, compiled, due = {}, {}, {}
    for kind in {k for _, k in wanted}:
        templates[kind] = template_for(kind)
        compiled[kind] = (engine.from_string(templates[kind].title), engine.from_string(templates[kind].body))
        due[kind] = calendar.add_working_days(as_of, templates[kind].response_workdays)
    subjects = describe_many([f for f, _ in wanted])
    try:
        with transaction.atomic():
            numbers = {}
            for prefix in {templates[k].number_prefix for _, k in wanted}:
                count = sum(templates[k].number_prefix == prefix for _, k in wanted)
                numbers[prefix] = iter(next_numbers(prefix, as_of.year, count))
            notices = []
            for flag, kind in wanted:
                template = templates[kind]
                notice = Notice(kind=kind, flag=flag, unit=flag.unit, issued_at=now, response_due=due[kind],
                                number=next(numbers[template.number_prefix]), title="", body="", updated_at=now)
                notice.title, notice.body = render(template, _context(notice, flag, subjects[flag.id], template,
                                                                      due[kind], policy), compiled[kind])
                notices.append(notice)
            bulk_create_with_history(notices, Notice, batch_size=2_000, default_date=now)
            announce(Notice, [n.pk for n in notices], CREATED)  # bulk_create fires no post_save
    except IntegrityError:
        issued = {}
        for flag, kind in wanted:
            notice = issue_notice(flag, kind, as_of=as_of, now=now, calendar=calendar, policy=policy)
            if notice is not None:
                issued[flag.id, kind] = notice
        return issued
    return {(n.flag_id, n.kind): n for n in notices}
