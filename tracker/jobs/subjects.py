"""What a flag is about, in words: the subject's kind, name and deadline, for letters,
notifications and webhook payloads."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_noop

from tracker.models import FundAllocation, Milestone, OrgUnit, RectificationItem, Target

# Labels stay Chinese here (letters and notifications are Chinese documents); they are marked
# with gettext_noop so that a page can show them translated with gettext(label).

CAUSE_LABELS = {
    "target_status": gettext_noop("目标指标预警"),
    "deadline": gettext_noop("完成时限"),
    "lookback_due": gettext_noop("回头看到期"),
    "evidence_missing": gettext_noop("佐证材料缺失"),
    "fund_execution": gettext_noop("资金执行进度"),
    "daily_report_missing": gettext_noop("日报告未报送"),
}


@dataclass(frozen=True)
class SubjectInfo:
    label: str  # 目标指标 / 整改任务 / 阶段性任务 / 专项资金 / 责任单位
    name: str
    deadline: date | None
    model: str


def describe(flag) -> SubjectInfo:
    """The subject of ``flag`` described for people (deleted subjects included)."""
    return describe_many([flag])[flag.id]


# What to load with each kind of subject so that describing it reads nothing more.
_RELATED = {RectificationItem: ("round",), Milestone: ("item__round", "project")}


def describe_many(flags) -> dict:
    """flag id → :class:`SubjectInfo` for many flags, one query per kind of subject."""
    wanted = {}
    for flag in flags:
        wanted.setdefault(flag.subject_type_id, (flag.subject_type, set()))[1].add(flag.subject_id)
    objects = {}
    for type_id, (subject_type, ids) in wanted.items():
        model = subject_type.model_class()
        manager = getattr(model, "all_objects", model._default_manager)
        rows = manager.filter(pk__in=ids).select_related(*_RELATED.get(model, ()))
        objects.update({(type_id, obj.pk): obj for obj in rows})
    return {flag.id: _info(flag, objects.get((flag.subject_type_id, flag.subject_id))) for flag in flags}


def _info(flag, obj) -> SubjectInfo:
    model = flag.subject_type.model_class()
    name = flag.subject_type.model
    if obj is None:
        return SubjectInfo(gettext_noop("对象"), f"#{flag.subject_id}", None, name)
    if isinstance(obj, Target):
        return SubjectInfo(gettext_noop("目标指标"), obj.title, obj.deadline, name)  # the code is for machines
    if isinstance(obj, RectificationItem):
        problem = obj.problem if len(obj.problem) <= 60 else obj.problem[:60] + "…"
        return SubjectInfo(gettext_noop("整改任务"), f"{obj.round.name}第{obj.number}项：{problem}", obj.deadline, name)
    if isinstance(obj, Milestone):
        parent = obj.item or obj.project
        return SubjectInfo(gettext_noop("阶段性任务"), f"{parent}—{obj.title}", obj.due_on, name)
    if isinstance(obj, FundAllocation):
        return SubjectInfo(gettext_noop("专项资金"), f"{obj}（{obj.amount}万元）", obj.execution_deadline, name)
    if isinstance(obj, OrgUnit):
        return SubjectInfo(gettext_noop("责任单位"), obj.name, None, name)
    return SubjectInfo(model._meta.verbose_name, str(obj), None, name)
