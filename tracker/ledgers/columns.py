"""Which column means which field: the headings ledgers use, with their usual variants,
per kind of ledger; finding the heading row under a sheet's title rows; and the mapping
a unit settled on for headings we do not know (remembered in ``LedgerColumnMapping``).

A heading is compared after folding full-width characters and blanks and dropping a
required-marker ``*``; a bracketed tail (``支付金额（万元）``, ``PM2.5(μg/m³)``) is tried as
a unit of measure for the column when the heading without it is known.
"""
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .values import ValueProblem, clean_text, match_unit, normalise


@dataclass(frozen=True)
class Column:
    """A field a ledger column can fill: ``header`` is the template's heading,
    ``variants`` the other headings meaning the same; ``info`` columns are read for the
    preview but never written (life-cycle fields belong to their own steps)."""

    field: str
    header: str
    variants: tuple = ()
    required: bool = False
    info: bool = False


ITEM_COLUMNS = (
    Column("round", "督察轮次", ("轮次", "督察批次", "批次", "督察类型")),
    Column("number", "序号", ("编号", "清单编号", "问题编号", "问题序号", "整改编号", "序列号"), required=True),
    Column("problem", "问题", ("问题描述", "存在问题", "反馈问题", "督察反馈问题", "主要问题", "问题清单", "问题内容",
                               "具体问题"), required=True),
    Column("lead_unit", "责任单位", ("牵头单位", "整改责任单位", "责任主体", "牵头责任单位", "整改单位", "主体责任单位"),
           required=True),
    Column("co_units", "配合单位", ("协办单位", "配合责任单位", "协同单位")),
    Column("deadline", "整改时限", ("完成时限", "整改期限", "时限", "完成时间", "整改时间", "整改完成时限", "期限"),
           required=True),
    Column("measures", "整改措施", ("整改目标及措施", "措施", "整改方案", "整改目标和措施", "整改要求")),
    Column("is_long_term", "长期整改", ("是否长期整改", "是否长期")),
    Column("progress", "整改进展", ("进展情况", "整改情况", "完成情况", "整改落实情况", "进展"), info=True),
    Column("signed_off", "是否销号", ("销号情况", "销号", "是否完成"), info=True),
    Column("state", "状态", ("整改状态", "当前状态"), info=True),
    Column("lead_leader", "牵头领导", ("责任领导", "包抓领导"), info=True),
)

TARGET_COLUMNS = (
    Column("code", "目标编号", ("编号", "指标编号", "目标代码"), required=True),
    Column("title", "目标名称", ("名称", "目标任务", "任务名称", "目标内容"), required=True),
    Column("metric", "指标", ("指标编码", "指标名称", "监测指标", "考核指标"), required=True),
    Column("comparator", "比较", ("比较方式", "要求", "目标要求")),
    Column("target_value", "目标值", ("指标值", "目标数值", "考核目标值")),
    Column("unit", "单位", ("计量单位", "指标单位")),
    Column("period_start", "考核期起", ("开始日期", "起始日期", "考核起始日期")),
    Column("period_end", "考核期止", ("结束日期", "截止日期", "考核截止日期")),
    Column("deadline", "完成时限", ("时限", "完成时间", "完成期限")),
    Column("lead_unit", "牵头单位", ("责任单位", "牵头责任单位")),
    Column("co_units", "配合单位", ("协办单位", "配合责任单位")),
    Column("baseline_value", "基准值", ("基数", "基准", "上年值")),
    Column("points_at_risk", "考核扣分风险", ("扣分风险", "分值")),
    Column("level", "预警等级", ("等级", "预警"), info=True),
    Column("explanation", "测算说明", ("说明",), info=True),
    Column("evaluated_at", "测算时间", (), info=True),
)

OBSERVATION_COLUMNS = (
    Column("site", "站点", ("监测站点", "站点名称", "站点编码", "点位", "点位名称", "断面", "断面名称", "监测点位", "站名")),
    Column("target", "目标编号", ("目标", "目标编码")),
    Column("metric", "指标", ("监测指标", "指标编码", "指标名称", "污染物", "监测项目", "项目")),
    Column("observed_on", "日期", ("监测日期", "采样日期", "时间", "监测时间", "数据日期"), required=True),
    Column("value", "数值", ("监测值", "浓度", "值", "监测结果", "数据", "日均值", "浓度值"), required=True),
    Column("unit", "单位", ("计量单位",)),
    Column("note", "备注", ("说明",)),
)

WIDE_DATE_COLUMN = Column("observed_on", "日期", ("监测日期", "采样日期", "时间", "监测时间", "数据日期"), required=True)

DISBURSEMENT_COLUMNS = (
    Column("allocation", "资金编码", ("专项资金", "资金项目", "资金名称", "资金", "专项资金编码", "项目资金"), required=True),
    Column("paid_on", "支付日期", ("拨付日期", "付款日期", "日期", "支付时间"), required=True),
    Column("amount", "支付金额（万元）", ("支付金额", "拨付金额", "金额", "付款金额", "支出金额"), required=True),
    Column("note", "备注", ("摘要", "说明", "用途")),
    Column("unit_name", "使用单位", ("单位", "资金使用单位"), info=True),
)

KIND_LABELS = {
    "items": _("整改任务台账"),
    "targets": _("目标指标台账"),
    "observations": _("监测数据台账（逐行）"),
    "observations_wide": _("监测数据台账（按站点分列）"),
    "disbursements": _("资金支付台账"),
}
KIND_COLUMNS = {
    "items": ITEM_COLUMNS, "targets": TARGET_COLUMNS, "observations": OBSERVATION_COLUMNS,
    "observations_wide": (WIDE_DATE_COLUMN,), "disbursements": DISBURSEMENT_COLUMNS,
}
_BRACKET = re.compile(r"^(.*?)[(（\[【](.*?)[)）\]】]$")


def header_key(text):
    """The comparable form of a heading: folded, blanks and a ``*`` marker dropped."""
    return normalise(clean_text(text)).replace("*", "").rstrip(":：")


@dataclass
class ColumnMap:
    """How a sheet's columns map to fields: ``fields`` index → field, ``units`` index →
    unit of measure from the heading, ``unknown`` headings not understood, ``missing``
    required fields no column fills, ``header_row`` the heading's row number."""

    headers: list
    header_row: int
    fields: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    unknown: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    def index_of(self, name):
        positions = self.__dict__.get("_positions")
        if positions is None or len(positions) != len(self.fields):
            positions = {}
            for index, value in self.fields.items():
                positions.setdefault(value, index)
            self.__dict__["_positions"] = positions
        return positions.get(name)

    def header_of(self, name):
        index = self.index_of(name)
        return self.headers[index] if index is not None else name


def _lookup(kind):
    table = {}
    for column in KIND_COLUMNS[kind]:
        for name in (column.header, column.field, *column.variants):
            table.setdefault(header_key(name), column.field)
    return table


def _match(key, table, remembered):
    """(field, unit) for a heading key; field None when unknown, "" when ignored."""
    if key in remembered:
        return remembered[key], None
    if key in table:
        return table[key], None
    if match := _BRACKET.match(key):
        base, tail = match[1], match[2]
        found = remembered.get(base, table.get(base))
        if found is not None:
            try:
                return found, match_unit(tail)
            except ValueProblem:
                return found, None
    return None, None


def find_header_row(rows, kind, remembered=None, scan=15):
    """The index in ``rows`` of the heading row: the first of the top ``scan`` rows in
    which at least two cells are known headings (ledgers often start with a title row)."""
    table, remembered = _lookup(kind), remembered or {}
    best, best_hits = 0, -1
    for position, (_number, values) in enumerate(rows[:scan]):
        hits = sum(1 for value in values if _match(header_key(value), table, remembered)[0])
        if hits >= 2 or (kind == "observations_wide" and hits >= 1):
            return position
        if hits > best_hits:
            best, best_hits = position, hits
    return best


def map_columns(headers, kind, header_row, remembered=None, overrides=None):
    """Map each heading to a field. ``remembered`` and ``overrides`` are {heading key:
    field or ""}; an override (the user's choice in the mapping step) wins."""
    table = _lookup(kind)
    known = {**(remembered or {}), **{header_key(k): v for k, v in (overrides or {}).items()}}
    result = ColumnMap(headers=[clean_text(h) for h in headers], header_row=header_row)
    taken = set()
    for index, heading in enumerate(result.headers):
        if not heading:
            continue
        found, unit = _match(header_key(heading), table, known)
        if kind == "observations_wide" and found is None:
            found = "station"  # every other column of a wide sheet is a site
        if found is None:
            result.unknown.append(heading)
        elif found and (found not in taken or found == "station"):
            result.fields[index] = found
            taken.add(found)
            if unit is not None:
                result.units[index] = unit
    result.missing = [c.field for c in KIND_COLUMNS[kind] if c.required and c.field not in taken]
    return result


def field_choices(kind):
    """(field, label) pairs the mapping step offers for an unknown heading."""
    return [(c.field, c.header) for c in KIND_COLUMNS[kind] if not c.info]


def template_headers(kind):
    """The headings of the empty template of ``kind``, required ones marked ``*``."""
    return [f"{c.header}*" if c.required else c.header for c in KIND_COLUMNS[kind]]
