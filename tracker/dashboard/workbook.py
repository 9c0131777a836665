"""The bulletin as an Excel workbook (pandas + openpyxl).

One sheet per part — 概况, 单位排名, 战区排名, 红色清单, 逾期清单, 变化情况 — each with Chinese
headers in a frozen first row, column widths fitted to the text (a CJK character counts
double), and the level cells filled in their warning colour. No cell may start a formula:
text beginning with ``= + - @``, a tab or a carriage return is prefixed with an apostrophe
(the OWASP advice against CSV/formula injection) and stored as text, so a problem
description typed as "=HYPERLINK(…)" stays words.
"""
from __future__ import annotations

import io
import unicodedata

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LEVEL_FILLS = {"红色": "FFFF4D4F", "橙色": "FFFA8C16", "黄色": "FFFADB14", "绿色": "FF52C41A"}
LEVEL_NAMES = {3: "红色", 2: "橙色", 1: "黄色", 0: "绿色"}
MAX_WIDTH = 60


def neutralise(value):
    """Text that a spreadsheet would read as a formula, made plain text (control characters
    a workbook cannot hold are dropped); other values as they are."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def display_width(text) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def sheets(bulletin) -> dict[str, pd.DataFrame]:
    """The bulletin's content as one table per sheet, Chinese headers."""
    c = bulletin.content
    overview = [("通报", bulletin.title), ("统计期", f"{c['period_start']} 至 {c['period_end']}"),
                ("测算基准日", c["as_of"])]
    overview += [(f"目标指标（{LEVEL_NAMES[int(k)]}）", v) for k, v in sorted(c["targets_by_level"].items(), reverse=True)]
    overview += [(f"销号：{r['round']}", f"{r['signed_off']}/{r['total']}（{r['rate']}%）") for r in c["sign_off"]]
    rank_columns = {"rank": "名次", "name": "单位", "score": "得分", "records": "事项数", "red": "红色", "orange": "橙色",
                    "yellow": "黄色", "green": "绿色"}
    changes = c.get("changes") or {}
    change_rows = ([("新增红色", x) for x in changes.get("new_red", [])]
                   + [("红色解除", x) for x in changes.get("no_longer_red", [])]
                   + [("新增逾期", x) for x in changes.get("newly_overdue", [])]
                   + [("本期销号", x) for x in changes.get("signed_off", [])]
                   + [("名次变化", f"{m['unit']}：第{m['from']}名 → 第{m['to']}名") for m in changes.get("rank_moves", [])])
    return {
        "概况": pd.DataFrame(overview, columns=["项目", "内容"]),
        "单位排名": pd.DataFrame(c["ranking"], columns=list(rank_columns)).rename(columns=rank_columns),
        "战区排名": pd.DataFrame(c["zones"], columns=list(rank_columns)).rename(
            columns={**rank_columns, "name": "战区"}),
        "红色清单": pd.DataFrame(
            [(r["category"], r["label"], r["unit"], LEVEL_NAMES[r["level"]], r["deadline"], r["explanation"])
             for r in c["red_list"]], columns=["分类", "事项", "责任单位", "预警等级", "完成时限", "说明"]),
        "逾期清单": pd.DataFrame(
            [(r["round"], r["number"], r["problem"], r["unit"], r["deadline"], r["days_overdue"], r["workdays_overdue"])
             for r in c["overdue"]],
            columns=["督察轮次", "编号", "问题", "责任单位", "整改时限", "逾期天数", "逾期工作日"]),
        "变化情况": pd.DataFrame(change_rows, columns=["变化", "事项"]),
    }


def _style(sheet, frame: pd.DataFrame):
    sheet.freeze_panes = "A2"
    header_fill = PatternFill("solid", fgColor="FFD9E1F2")
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, column in enumerate(frame.columns, start=1):
        values = [column, *frame[column].tolist()]
        width = min(MAX_WIDTH, max(display_width(v) for v in values) + 2)
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                colour = LEVEL_FILLS.get(cell.value)
                if colour:
                    cell.fill = PatternFill("solid", fgColor=colour)
            if frame.columns[cell.column - 1] in ("红色", "橙色", "黄色", "绿色") and cell.value:
                cell.fill = PatternFill("solid", fgColor=LEVEL_FILLS[frame.columns[cell.column - 1]])


def workbook_bytes(bulletin) -> bytes:
    """The bulletin as an .xlsx file."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets(bulletin).items():
            safe = frame.map(neutralise)
            safe.columns = [neutralise(c) for c in safe.columns]
            safe.to_excel(writer, sheet_name=name, index=False)
            _style(writer.sheets[name], safe)
    return buffer.getvalue()
