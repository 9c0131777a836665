"""Exports (导出) of the lists a user can see, as ``.xlsx`` (Chinese headings, column
widths, frozen heading row, dates as dates, warning levels coloured) or as CSV in UTF-8
with BOM (what Excel opens with Chinese intact); and the empty import templates.

Every list goes through ``tracker.access.restrict`` and the API's FilterSet, so an
export holds exactly the rows the same user sees in the list with the same filters.
Every text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
a leading apostrophe (``neutralise``) so a spreadsheet never runs it as a formula; the
import removes that apostrophe again, so an export re-imports unchanged.
"""
import csv
import functools
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone, translation

from api import filtersets
from tracker.access import READ, restrict
from tracker.models import Disbursement, Flag, FundAllocation, Level, Observation, RectificationItem, Target
from tracker.services.errors import ServiceError

from .columns import KIND_COLUMNS, KIND_LABELS, template_headers
from .values import FORMULA_LEADS

LEVEL_FILLS = {0: "C6EFCE", 1: "FFEB9C", 2: "F8CBAD", 3: "FFC7CE"}  # 绿 黄 橙 红
# A ledger is written in Chinese whatever the reader's language (its headings are the
# import's, so an export re-imports unchanged): the level names too.
LEDGER_LANGUAGE = "zh-hans"


@functools.cache
def level_by_label():
    with translation.override(LEDGER_LANGUAGE):
        return {str(label): value for value, label in Level.choices}


def neutralise(value):
    """A text cell made inert: a leading apostrophe before = + - @ tab CR."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportColumn:
    header: str
    width: int
    get: object  # obj → value
    level: bool = False  # colour the cell by warning level


def _names(units):
    return "、".join(unit.name for unit in units)


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _level(value):
    if value is None:
        return ""
    with translation.override(LEDGER_LANGUAGE):
        return str(Level(value).label)


def _yes(flag):
    return "是" if flag else "否"


@dataclass(frozen=True)
class ExportSpec:
    """One exportable list: its title, FilterSet, base queryset and columns."""

    title: str
    filterset: type
    queryset: object  # () → QuerySet
    columns: tuple


EXPORTS = {
    "targets": ExportSpec("目标指标", filtersets.TargetFilterSet,
                          lambda: Target.objects.select_related("metric", "lead_unit").prefetch_related("co_units"), (
        ExportColumn("目标编号", 16, lambda t: t.code),
        ExportColumn("目标名称", 40, lambda t: t.title),
        ExportColumn("指标", 18, lambda t: t.metric.code),
        ExportColumn("比较", 10, lambda t: t.comparator),
        ExportColumn("目标值", 10, lambda t: "待确认" if t.value_masked else t.target_value),
        ExportColumn("单位", 10, lambda t: t.unit),
        ExportColumn("考核期起", 12, lambda t: t.period_start),
        ExportColumn("考核期止", 12, lambda t: t.period_end),
        ExportColumn("完成时限", 12, lambda t: t.deadline),
        ExportColumn("牵头单位", 20, lambda t: t.lead_unit.name),
        ExportColumn("配合单位", 30, lambda t: _names(t.co_units.all())),
        ExportColumn("基准值", 10, lambda t: t.baseline_value),
        ExportColumn("考核扣分风险", 12, lambda t: t.points_at_risk),
        ExportColumn("预警等级", 10, lambda t: _level(t.level), level=True),
        ExportColumn("测算说明", 60, lambda t: t.explanation_zh),
        ExportColumn("测算时间", 18, lambda t: _local(t.evaluated_at)),
    )),
    "items": ExportSpec("整改任务", filtersets.RectificationItemFilterSet,
                        lambda: RectificationItem.objects.select_related("round", "lead_unit", "lead_leader")
                        .prefetch_related("co_units").order_by("round__code", "id"), (
        ExportColumn("督察轮次", 30, lambda i: i.round.name),
        ExportColumn("序号", 8, lambda i: i.number),
        ExportColumn("问题", 60, lambda i: i.problem),
        ExportColumn("责任单位", 20, lambda i: i.lead_unit.name),
        ExportColumn("配合单位", 30, lambda i: _names(i.co_units.all())),
        ExportColumn("整改时限", 12, lambda i: i.deadline),
        ExportColumn("整改措施", 50, lambda i: i.measures),
        ExportColumn("长期整改", 10, lambda i: _yes(i.is_long_term)),
        ExportColumn("整改进展", 40, lambda i: i.completion_note),
        ExportColumn("状态", 10, lambda i: str(i.get_state_display())),
        ExportColumn("是否销号", 10, lambda i: _yes(i.state == RectificationItem.State.SIGNED_OFF)),
        ExportColumn("牵头领导", 12, lambda i: str(i.lead_leader) if i.lead_leader else ""),
    )),
    "observations": ExportSpec("监测数据", filtersets.ObservationFilterSet,
                               lambda: Observation.objects.select_related("site", "target", "metric")
                               .order_by("observed_on", "id"), (
        ExportColumn("站点", 20, lambda o: o.site.name if o.site_id else ""),
        ExportColumn("目标编号", 16, lambda o: o.target.code if o.target_id else ""),
        ExportColumn("指标", 16, lambda o: o.metric.code),
        ExportColumn("日期", 12, lambda o: o.observed_on),
        ExportColumn("数值", 12, lambda o: o.value),
        ExportColumn("单位", 10, lambda o: o.metric.unit),
        ExportColumn("备注", 30, lambda o: o.note),
    )),
    "disbursements": ExportSpec("资金支付", filtersets.DisbursementFilterSet,
                                lambda: Disbursement.objects.select_related("allocation__unit"), (
        ExportColumn("资金编码", 18, lambda d: d.allocation.code),
        ExportColumn("使用单位", 20, lambda d: d.allocation.unit.name),
        ExportColumn("支付日期", 12, lambda d: d.paid_on),
        ExportColumn("支付金额（万元）", 16, lambda d: d.amount),
        ExportColumn("备注", 30, lambda d: d.note),
    )),
    "funds": ExportSpec("专项资金执行", filtersets.FundAllocationFilterSet,
                        lambda: FundAllocation.objects.with_paid().select_related("unit", "project"), (
        ExportColumn("资金编码", 18, lambda a: a.code),
        ExportColumn("使用单位", 20, lambda a: a.unit.name),
        ExportColumn("项目", 24, lambda a: a.project.name if a.project_id else ""),
        ExportColumn("资金来源", 10, lambda a: str(a.get_source_display())),
        ExportColumn("年度", 8, lambda a: a.year),
        ExportColumn("用途", 30, lambda a: a.purpose),
        ExportColumn("下达金额（万元）", 16, lambda a: a.amount),
        ExportColumn("已支付（万元）", 16, lambda a: a.paid),
        ExportColumn("执行率（%）", 12, lambda a: (a.paid * 100 / a.amount).quantize(Decimal("0.01")) if a.amount else None),
        ExportColumn("执行率目标（%）", 14, lambda a: a.target_rate),
        ExportColumn("下达日期", 12, lambda a: a.allocated_on),
        ExportColumn("执行期限", 12, lambda a: a.execution_deadline),
    )),
    "flags": ExportSpec("预警", filtersets.FlagFilterSet,
                        lambda: Flag.objects.select_related("unit", "subject_type"), (
        ExportColumn("预警等级", 10, lambda f: _level(f.level), level=True),
        ExportColumn("原因代码", 16, lambda f: f.cause),
        ExportColumn("对象类型", 12, lambda f: str(f.subject_type.model_class()._meta.verbose_name)
                     if f.subject_type.model_class() else f.subject_type.model),
        ExportColumn("对象编号", 10, lambda f: f.subject_id),
        ExportColumn("责任单位", 20, lambda f: f.unit.name),
        ExportColumn("说明", 60, lambda f: f.reason),
        ExportColumn("发起时间", 18, lambda f: _local(f.raised_at)),
        ExportColumn("升级时间", 18, lambda f: _local(f.escalated_at)),
        ExportColumn("解除时间", 18, lambda f: _local(f.cleared_at)),
        ExportColumn("响应说明", 40, lambda f: f.response),
    )),
}


def export_queryset(kind, user, params):
    """The rows of list ``kind`` that ``user`` may read, narrowed by the list's filters
    (``params``, a QueryDict); invalid filters are a ServiceError, never ignored."""
    spec = EXPORTS.get(kind)
    if spec is None:
        raise ServiceError(f"未知的导出类型“{kind}”。", f"Unknown export kind {kind!r}.", field="kind")
    queryset = restrict(spec.queryset(), user, READ)
    # the list's filters choose among what this user may name (the scoped FilterSet reads request.user)
    filterset = spec.filterset(data=params, queryset=queryset, request=SimpleNamespace(user=user))
    if not filterset.is_valid():
        names = ", ".join(filterset.errors)
        raise ServiceError(f"筛选条件无效：{names}。", f"Invalid filters: {names}.", field="filters")
    return spec, filterset.qs


def table_of(spec, objects):
    """(headings, rows of values) for ``objects`` in the spec's columns."""
    return [c.header for c in spec.columns], ([c.get(obj) for c in spec.columns] for obj in objects)


def write_xlsx(headers, rows, *, title="Sheet1", widths=None, level_columns=()):
    """An .xlsx workbook as bytes: bold frozen heading row, column widths, dates as
    dates, numbers as numbers, level cells filled with their colour, text neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    fills = {value: PatternFill("solid", start_color=colour) for value, colour in LEVEL_FILLS.items()}
    heading = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(text))
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for values in rows:
        out = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            if index in level_columns and value in level_by_label():
                cell.fill = fills[level_by_label()[value]]
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            out.append(cell)
        sheet.append(out)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if isinstance(value, (bool, int, float, Decimal, dt.date)):
        return value
    # control characters XML cannot hold are dropped (openpyxl would refuse the cell)
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def write_csv(headers, rows):
    """CSV bytes in UTF-8 with BOM, every cell neutralised (dates as YYYY-MM-DD)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(str(h)) for h in headers])
    for values in rows:
        writer.writerow([neutralise(_csv_text(value)) for value in values])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f").rstrip("0")
    return str(value)


def export_list(kind, user, params, file_format="xlsx"):
    """(file name, content type, bytes) of the list ``kind`` as ``user`` sees it."""
    spec, queryset = export_queryset(kind, user, params)
    headers, rows = table_of(spec, queryset.iterator(chunk_size=2000) if not _prefetches(queryset) else queryset)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if file_format == "csv":
        return f"{spec.title}-{stamp}.csv", "text/csv; charset=utf-8", write_csv(headers, rows)
    levels = [i for i, c in enumerate(spec.columns) if c.level]
    content = write_xlsx(headers, rows, title=spec.title, widths=[c.width for c in spec.columns], level_columns=levels)
    return f"{spec.title}-{stamp}.xlsx", XLSX_TYPE, content


def _prefetches(queryset):
    return bool(queryset._prefetch_related_lookups)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template(kind, file_format="xlsx"):
    """(file name, content type, bytes) of the empty import template of ``kind``; the
    .xlsx has a second sheet listing each column's accepted headings."""
    if kind not in KIND_COLUMNS:
        raise ServiceError(f"未知的台账类型“{kind}”。", f"Unknown ledger kind {kind!r}.", field="kind")
    label = str(KIND_LABELS[kind])
    headers = template_headers(kind)
    if kind == "observations_wide":
        headers = headers + ["站点名称1", "站点名称2"]
    if file_format == "csv":
        return f"{label}模板.csv", "text/csv; charset=utf-8", write_csv(headers, [])
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(write_xlsx(headers, [], title=label, widths=[18] * len(headers))))
    notes = book.create_sheet("填写说明")
    notes.append(["列", "必填", "可识别的其他表头", "说明"])
    for column in KIND_COLUMNS[kind]:
        notes.append([column.header, "是" if column.required else "", "、".join(column.variants),
                      "仅供参考，不导入" if column.info else ""])
    for letter, width in zip("ABCD", (18, 8, 60, 20)):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return f"{label}模板.xlsx", XLSX_TYPE, buffer.getvalue()
