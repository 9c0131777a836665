"""Rectification items in inspection feedback and rectification plans (督察反馈问题 → 整改任务).

Feedback lists and rectification plans number their problems and give each one labelled
lines: the responsible unit (责任单位 / 牵头单位 / 配合单位), the deadline (整改时限 /
完成时限), the aim (整改目标) and the measures (整改措施):

    问题1：县城污水处理厂出水氨氮超标排放。
    责任单位：县住建局
    整改目标：出水水质稳定达到一级A标准……
    整改时限：2024年8月31日前

A numbered paragraph ("问题1：", "（一）", "1.", "第3项：") starts an item when the block it opens
(up to the next numbered paragraph or top-level heading) carries a unit or a deadline label;
numbered paragraphs without either are ordinary headings. A tab-separated table whose header
names a problem column and a unit or deadline column (序号 问题描述 责任单位 整改时限 整改要求)
gives one item per row. "立行立改，长期坚持" marks a long-term item (长期整改) with no single
deadline.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date

from .periods import FORWARD, find_time_expressions, is_deadline, resolve
from .text import normalise, split_paragraphs

ITEM_START = re.compile(
    r"^\s*(?:问题\s*(?P<n1>\d+|[一二三四五六七八九十]+)\s*[：:.、]?"
    r"|[（(](?P<n2>[一二三四五六七八九十]+|\d+)[）)]"
    r"|(?P<n3>\d{1,2})[、.．](?!\d)"
    r"|第(?P<n4>[一二三四五六七八九十]+|\d+)(?:项|个问题)\s*[：:])"
)
LABEL = re.compile(
    r"(?P<label>责任单位|牵头单位|配合单位|责任领导|牵头领导|整改时限|完成时限|整改期限|时限要求|完成时间|"
    r"整改目标|整改措施|整改要求)\s*[：:]"
)
_UNIT_LABELS = {"责任单位", "牵头单位"}
_DEADLINE_LABELS = {"整改时限", "完成时限", "整改期限", "时限要求", "完成时间"}
_MEASURE_LABELS = {"整改目标", "整改措施", "整改要求"}
_LONG_TERM = re.compile(r"长期坚持|长期整改|持续整改|长期")


@dataclass(frozen=True)
class ItemCandidate:
    """One numbered problem of a feedback list, ready for a supervisor to confirm.

    ``problem`` is the problem as written and ``text[start:end]`` of the input;
    ``responsible`` the lead unit as written (the first of 责任单位, or 牵头单位),
    ``co_responsible`` the others and the 配合单位; ``deadline`` the ISO date the deadline
    phrase resolves to, None for a long-term item or a phrase that names no date.
    """

    number: str
    problem: str
    measures: str
    responsible: str | None
    co_responsible: tuple[str, ...]
    period_or_deadline: str | None
    deadline: str | None
    is_long_term: bool
    start: int
    end: int

    def as_dict(self) -> dict:
        return asdict(self)


def _units(value: str) -> list[str]:
    """Units listed with 、，； — but not split inside brackets: "各县（市、区）人民政府" is one."""
    units, depth, current = [], 0, ""
    for ch in value:
        depth += ch in "（("
        depth -= ch in "）)" and depth > 0
        if depth == 0 and ch in "，、,；; ":
            units.append(current)
            current = ""
        else:
            current += ch
    units.append(current)
    return [u.strip() for u in units if u.strip()]


_COLUMNS = {
    "number": re.compile(r"^(?:序号|编号|清单编号)$"),
    "problem": re.compile(r"问题"),
    "unit": re.compile(r"责任单位|牵头单位"),
    "co": re.compile(r"配合单位"),
    "deadline": re.compile(r"时限|期限|完成时间"),
    "measures": re.compile(r"整改要求|整改措施|整改目标"),
}


def _table_items(text: str, document_date: date) -> list[ItemCandidate]:
    """Items of a tab-separated problem table: a header row naming a problem column and a
    unit or deadline column, then one row per problem."""
    items: list[ItemCandidate] = []
    columns: dict[str, int] | None = None
    position = 0
    for line in text.split("\n"):
        cells = line.rstrip("\r").split("\t")
        if len(cells) >= 3:
            named = {key: next((i for i, c in enumerate(cells) if pattern.search(c.strip())), None)
                     for key, pattern in _COLUMNS.items()}
            if named["problem"] is not None and (named["unit"] is not None or named["deadline"] is not None) and \
                    not re.search(r"\d", line):
                columns = {k: v for k, v in named.items() if v is not None}
            elif columns and len(cells) > columns["problem"]:
                starts = [position]
                for cell in cells[:-1]:
                    starts.append(starts[-1] + len(cell) + 1)

                def cell(key: str, columns=columns, cells=cells) -> str:
                    at = columns.get(key)
                    return cells[at].strip() if at is not None and at < len(cells) else ""

                problem = cells[columns["problem"]]
                p_start = starts[columns["problem"]] + len(problem) - len(problem.lstrip())
                problem = problem.strip()
                when = cell("deadline") or None
                period, deadline = _deadline(when, document_date)
                units = _units(cell("unit"))
                items.append(ItemCandidate(
                    number=cell("number") or str(len(items) + 1), problem=problem, measures=cell("measures"),
                    responsible=units[0] if units else None, co_responsible=tuple(units[1:] + _units(cell("co"))),
                    period_or_deadline=period or when, deadline=deadline,
                    is_long_term=bool(when and _LONG_TERM.search(when)) and deadline is None,
                    start=p_start, end=p_start + len(problem),
                ))
        else:
            columns = None if line.strip() else columns
        position += len(line) + 1
    return items


def _deadline(when: str | None, document_date: date) -> tuple[str | None, str | None]:
    """(phrase, ISO date) of a deadline cell or line; the last date when it names several."""
    if not when:
        return None, None
    times = [t for t in find_time_expressions(when, document_date.year, []) if t.role == FORWARD]
    dated = [t for t in times if is_deadline(t)] or times
    if not dated:
        return None, None
    # "10个工作日内完成清运，10月底前完成修复": the item closes at the last date
    return dated[-1].text, resolve(dated[-1].text, document_date)


def extract_items(text: str, document_date: date) -> list[ItemCandidate]:
    """The numbered rectification items of a feedback list, plan or problem table given on
    ``document_date``."""
    table = _table_items(text, document_date)
    if table:
        return table
    norm = normalise(text)
    paragraphs = [p for p in split_paragraphs(norm) if not p.boilerplate]
    starts = [i for i, p in enumerate(paragraphs) if ITEM_START.match(norm.text[p.start:p.end])]
    items: list[ItemCandidate] = []
    for n, index in enumerate(starts):
        following = starts[n + 1] if n + 1 < len(starts) else len(paragraphs)
        block = [paragraphs[index]]
        for paragraph in paragraphs[index + 1:following]:
            if paragraph.level == 1:
                break
            block.append(paragraph)
        item = _item(norm, block, len(items) + 1, document_date)
        if item:
            items.append(item)
    return items


def _item(norm, block, sequence: int, document_date: date) -> ItemCandidate | None:
    first = block[0]
    head = norm.text[first.start:first.end]
    numbering = ITEM_START.match(head)
    fields: dict[str, str] = {}
    for paragraph in block:
        piece = norm.text[paragraph.start:paragraph.end]
        labels = list(LABEL.finditer(piece))
        for k, match in enumerate(labels):
            end = labels[k + 1].start() if k + 1 < len(labels) else len(piece)
            fields.setdefault(match["label"], piece[match.end():end].strip(" 。；;，,"))
    if not (set(fields) & (_UNIT_LABELS | _DEADLINE_LABELS)):
        return None
    first_label = LABEL.search(head)
    p_start = first.start + numbering.end()
    p_end = first.start + (first_label.start() if first_label else len(head))
    while p_end > p_start and norm.text[p_end - 1] in " 。；;，,":
        p_end -= 1
    if p_end <= p_start:
        return None
    lead_units = _units(fields.get("责任单位") or fields.get("牵头单位") or "")
    co_units = lead_units[1:] + _units(fields.get("配合单位", ""))
    when = next((fields[label] for label in _DEADLINE_LABELS if label in fields), None)
    period, deadline = _deadline(when, document_date)
    o_start, o_end = norm.to_original(p_start, p_end)
    number = next(g for g in numbering.groups() if g) if numbering else str(sequence)
    measures = "；".join(fields[label] for label in _MEASURE_LABELS if label in fields)
    return ItemCandidate(
        number=number,
        problem=norm.original[o_start:o_end],
        measures=measures,
        responsible=lead_units[0] if lead_units else None,
        co_responsible=tuple(co_units),
        period_or_deadline=period or when,
        deadline=deadline,
        is_long_term=bool(when and _LONG_TERM.search(when)) and deadline is None,
        start=o_start,
        end=o_end,
    )
