"""From speech to ledger: find targets, milestones and achievements in a speech.

A leader's speech mixes three kinds of figures, and the ledger (台账) wants only two:

* **target** (目标) — a forward-looking figure: "确保今年PM2.5平均浓度下降10%",
  "优良天数比例达到91.6%", "退出全国后十位";
* **milestone** (里程碑) — a dated deliverable without a number: "30个工作日内上报整改方案";
* **achievement** (成绩/现状) — what was already measured or done: "2021年…优良天数比例
  92.1%", "已完成整改40项", "截至X月X日…浓度为X". These are reported so a reviewer can
  see them, but they must never become targets.

How a figure is classified, in order (the rules are in ``docs/extraction.md`` too):

1. its own clause: look-back words (已, 截至, 今年以来, 了…) make it an achievement;
   commitment words (确保, 力争, 要, 目标, 控制在, 不低于, 退出后N…) a target;
2. a setting verb (达到, 下降, 提高, 完成…) makes it a target unless the paragraph
   looks back or the nearest governing word earlier in the sentence is a look-back word;
3. a bare figure takes the nearest governing word earlier in the sentence (modal verbs
   govern what follows them: "确保A下降10%，B下降12%以上");
4. otherwise the paragraph decides: a paragraph that opens with a past year or "回首过去一年"
   looks back, one that opens with this year looks forward, and that mood carries on
   through the paragraphs after it until the next top-level heading (一、二、…).

The period of a target is the time expression of its own clause, else the nearest one in
its sentence, else in its paragraph, else the one that opened the section (gold rule 6).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date

from . import lexicon as lx
from .kinds import ACHIEVEMENT, MILESTONE, TARGET, Mood, classify, commits, mask_comparison_bases
from .moods import Context, is_event_span, paragraph_moods, sentence_mood, times_in
from .numbers import DURATION_UNITS, ValueMention, duration_caps, find_values
from .periods import FORWARD, FULL_DATE, PAST, UNKNOWN, TimeExpression, find_time_expressions, is_deadline, resolve
from .reading import BUDGET_AFTER, TRAILING_COMPARATOR, comparator, metric
from .text import HEADING, Paragraph, is_table_row, normalise, quoted_spans, split_clauses, split_paragraphs

__all__ = ["ACHIEVEMENT", "MILESTONE", "TARGET", "Candidate", "extract"]



@dataclass(frozen=True)
class Candidate:
    """One figure or dated commitment found in a speech, ready for review.

    ``sentence`` is the clause exactly as written and ``text[start:end] == sentence``
    for the text given to :func:`extract`; ``value`` is None when the number is masked
    (X, **.**) or the candidate is a milestone; ``deadline`` is the ISO date the period
    resolves to (working days count Chinese holidays), or None.
    """

    kind: str
    metric: str
    metric_text: str
    value: float | None
    unit: str | None
    comparator: str
    period_or_deadline: str | None
    deadline: str | None
    responsible: str | None
    sentence: str
    start: int
    end: int
    confidence: float
    low: float | None = None
    baseline: float | None = None
    also_at: tuple[tuple[int, int], ...] = ()

    def as_dict(self) -> dict:
        return asdict(self)


def extract(text: str, document_date: date) -> list[Candidate]:
    """Targets, milestones and achievements in a speech given on ``document_date``.

    ``document_date`` anchors relative periods: "今年" is its year, "30个工作日内" counts
    from it, and a year before it marks a look back.
    """
    norm = normalise(text)
    # numbers in quotes and titles are names; those of an assessment's scheme (满分, 权重, grade bands) define it
    excluded = sorted(quoted_spans(norm.text) + [m.span() for m in lx.SCORING_SCHEME.finditer(norm.text)])
    times = find_time_expressions(norm.text, document_date.year, excluded, document_month=document_date.month,
                                  document_day=document_date.day)
    # the duration a cap sets ("办结时间压缩至5个工作日以内") is that target's value, no period of anything
    caps = [m.span() for m in duration_caps(norm.text)]
    times = [t for t in times if not any(a <= t.start < b for a, b in caps)]
    context = Context(norm, document_date, times, excluded, wider_scope(norm.text))
    candidates: list[Candidate] = []
    paragraphs = [p for p in split_paragraphs(norm) if not p.boilerplate]
    _date_table_rows(context, paragraphs)
    header = ""
    caption_unit: str | None = None
    columns: dict[str, int] | None = None  # the columns of an indicator table's header (current, target, unit)
    for paragraph, mood in paragraph_moods(context, paragraphs):
        row = _table_row(context, paragraph)
        if not row:
            header = norm.text[paragraph.start:paragraph.end]
            columns = None
        elif (found := _indicator_columns(context, paragraph)) is not None:
            columns = found
            continue
        elif columns is not None and (rows := _indicator_row(context, paragraph, columns)) is not None:
            candidates.extend(rows)
            continue
        scope = header + norm.text[paragraph.start:paragraph.end] if row else ""
        caption = lx.UNIT_CAPTION.search(norm.text, paragraph.start, paragraph.end)
        if caption:
            # "（一）PM2.5年均浓度（单位：微克/立方米）": the unit of the bare figures under it
            caption_unit = lx.normalise_unit(caption["unit"])
        elif paragraph.level:
            caption_unit = None  # the next heading ends the caption's reach
        found: list[Candidate] = []
        for sentence in paragraph.sentences:
            mood = sentence_mood(context, paragraph, sentence, mood)
            found.extend(_sentence_candidates(context, paragraph, sentence, mood, scope, caption_unit))
        if row and any(c.kind == TARGET and c.metric != "milestone" for c in found):
            # a row with a figure to reach in its target cell is one item, that figure (seventeenth round): the task cell
            # before it ("排查建档｜2026年5月31日前｜复核已排查排污口，完善…｜建档率100%｜…") says how, no milestone of its own
            found = [c for c in found if c.kind != MILESTONE]
        candidates.extend(found)
    return merge_repeated_mentions(candidates, text)


def wider_scope(text: str) -> re.Pattern:
    """The areas wider than the speaker's: 全国/全省 always, and every level above the one the text names
    as its own most often (全县, 我县, 本县 → a county's text, where 全市 is the city above it)."""
    counts = [0] * len(lx.AREA_LEVELS)
    for match in lx.OWN_AREA.finditer(text):
        counts[next(i for i, names in enumerate(lx.AREA_LEVELS) if match["area"] in names)] += 1
    # the body a title names ("××县生态环境分局2026年工作总结…") is the speaker's own, whatever wider area the text
    # compares itself with (低于全市平均, 全市排名) — the last level it names: "××市…××县分局"
    title = next((line for line in text.splitlines() if line.strip()), "")
    bodies = list(lx.TITLE_BODY.finditer(title[:40]))
    if not any(counts) and not bodies:
        return lx.WIDER_SCOPE
    own = max(range(len(counts)), key=lambda i: (counts[i], -i))
    if bodies:
        own = next(i for i, names in enumerate(lx.AREA_LEVELS) if bodies[-1]["area"] in names)
    above = [name for names in lx.AREA_LEVELS[:own] for name in names]
    if not above:
        return lx.WIDER_SCOPE
    # (and "我们市"/"我市" for the levels above: a county's speaker calls the city "我们市" too, sixteenth round)
    return re.compile(lx.WIDER_SCOPE.pattern + "|" + "|".join("全" + name for name in above)
                      + "|" + "|".join("我们?" + name for name in above))


def merge_repeated_mentions(candidates: list[Candidate], text: str | None = None) -> list[Candidate]:
    """One candidate per target: a later mention of the same target is folded into the first.

    Speeches repeat their key targets ("PM2.5平均浓度34微克以下这条底线必须守住"). Two
    targets are the same when they name the same catalogue metric (or the same words, for
    metrics outside the catalogue) with the same value, unit and comparator; the later
    mention's span is kept in ``also_at``; a concentration that names no metric at all ("完成全年33微克的目标")
    is the one earlier target with its value, unit and comparator. Achievements, milestones and masked values are
    never merged, nor are two mentions in one sentence of ``text`` (the original): "国考、省考断面
    水质优良比例分别达到100%、100%" sets two targets.
    """
    kept: list[Candidate] = []
    first: dict[tuple, int] = {}
    # codes that name a family of metrics rather than one: "工业危险废物安全处置率保持100%" and
    # "重点建设用地安全利用率确保100%" are both disposal_rate, and two targets
    generic = {"count", "share", "days", "area", "concentration", "disposal_rate", "collection_rate",
               "sewage_treatment", "rectification_completion", "fund_execution_rate", "emission_reduction",
               "afforestation"}
    for candidate in candidates:
        if candidate.kind == MILESTONE and lx.FULL_COVERAGE.search(candidate.sentence):
            # "完成全市高风险移动放射源在线监控全覆盖" after "…在线监控率达到100%": the target restated (sixteenth round)
            covered = next((at for at, k in enumerate(kept) if k.kind == TARGET and k.value == 100 and k.unit == "%"
                            and len(stem := lx.RATE_SUFFIX.sub("", lx.LEADING_OWN_AREA.sub("", k.metric_text))) >= 4
                            and stem in candidate.sentence), None)
            if covered is not None:
                kept[covered] = replace(kept[covered], also_at=kept[covered].also_at + ((candidate.start, candidate.end),))
                continue
        if candidate.kind != TARGET or candidate.value is None:
            kept.append(candidate)  # two masked values (X) need not be the same number
            continue
        # (the doing verb is no part of a generic name: "累计完成重点行业VOCs治理项目120个以上" and, under a task,
        # "完成120个重点行业VOCs治理项目" count the same projects)
        # (nor is the speaker's own area: "全县一般工业固体废物综合利用率" and an indicator row's "一般工业固体废物综合利用率")
        name = lx.LEADING_DOING.sub("", lx.LEADING_OWN_AREA.sub("", lx.TRAILING_BOUND_WORD.sub(
            "", lx.LEADING_ITEM_NUMBER.sub("", candidate.metric_text)))) if candidate.metric in generic else candidate.metric
        if candidate.metric in generic and not name and candidate.unit:
            # a row's cell that names only its verb before the count ("建成6个秸秆收储点"): the count's noun after it
            # names what is counted, as the prose target before it does ("新建秸秆收储点6个", eighteenth round)
            after = re.search(r"\d\s*" + re.escape(candidate.unit) + r"([\u4e00-\u9fff]{2,12})", candidate.sentence)
            name = after[1] if after else name
        key = (name, candidate.value, candidate.unit, candidate.comparator)
        if key not in first and (
            (candidate.metric == "concentration" and lx.find_metric(candidate.metric_text) is None)
            or lx.NAMED_AS_TARGET.search(candidate.sentence)
        ):
            # "要完成全年33微克/立方米的目标" names neither a pollutant nor 浓度: a concentration equal to an
            # earlier target's (same value, unit and comparator) restates that target; so does any figure the
            # clause calls a target ("确保年底前完成整改30项的目标" after "今年年底前应完成整改30项")
            same = [k for k in first if k[1:] == key[1:]]
            if len(same) == 1:
                key = same[0]
        if key in first and not (text is not None and (
            _same_sentence(text, kept[first[key]].end, candidate.start)
            # rows are their own items, never repeats of one another; a row restating a target the prose set
            # before it (an indicator table after the 主要目标 paragraphs) is that target
            or (_in_row(text, candidate.start) and _in_row(text, kept[first[key]].start))
        )):
            at = first[key]
            kept[at] = replace(kept[at], also_at=kept[at].also_at + ((candidate.start, candidate.end),))
            continue
        first[key] = len(kept)
        kept.append(candidate)
    return kept


def _in_row(text: str, at: int) -> bool:
    """Whether position ``at`` of the original text is on a table row: each row is its own item (two
    sections' "Ⅲ类" are two targets), never a repeat of another row."""
    return is_table_row(text, at)


def _table_row(context: Context, paragraph: Paragraph) -> bool:
    """Whether the paragraph is a row of a table: cells separated by tabs or bars (two or more), or by spaces
    on lines of a table typed with them (``text.spaced_rows``)."""
    o_start, o_end = context.norm.to_original(paragraph.start, paragraph.end)
    return context.norm.original.count("\t", o_start, o_end) >= 2 or len(
        re.findall(r"[|｜│┃]", context.text[paragraph.start:paragraph.end])) >= 2 \
        or is_table_row(context.norm.original, o_start)


def _cells(context: Context, paragraph: Paragraph) -> list[tuple[int, int]]:
    """The cells of a table row (normalised offsets): tabs, bars and gaps of spaces are read as ，. A row celled by
    bars is split on its bars only: a cell may hold a comma of its own ("未达标，差5.7个百分点", sixteenth round)."""
    cells, start = [], paragraph.start
    piece = context.text[paragraph.start:paragraph.end]
    bars = len(re.findall(r"[|｜│┃]", piece)) >= 2
    for m in re.finditer(r"[|｜│┃]" if bars else r"[，|｜│┃]", piece):
        if m[0] == "，" and not _typed_gap(context, paragraph.start + m.start()):
            continue  # a comma written in a tab-celled row's cell ("未完成，差10个百分点") is no break between cells
        cells.append((start, paragraph.start + m.start()))
        start = paragraph.start + m.end()
    cells.append((start, paragraph.end))
    return [(a, b) for a, b in cells if context.text[a:b].strip()]


def _indicator_columns(context: Context, paragraph: Paragraph) -> dict[str, int] | None:
    """The header row of an indicator table: which cell holds the current value, which the target (and
    which the unit, if a column does), or None when the row is no such header."""
    cells = [context.text[a:b].strip() for a, b in _cells(context, paragraph)]
    # (a header cell may date its column anywhere: "现状值（2025年）", "2026年目标", sixteenth round)
    if any(re.search(r"\d", re.sub(r"\d{4}年度?", "", c)) for c in cells):
        return None  # a header names columns; a row with figures in it is data
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        year = re.search(r"(\d{4})年", cell)
        if lx.INDICATOR_RESPONSIBLE_COLUMN.match(cell):
            columns.setdefault("responsible", index)
        elif lx.INDICATOR_STATUS_COLUMN.search(cell):
            continue  # "达标情况": a verdict, no figure column
        elif lx.INDICATOR_BASE_COLUMN.search(cell):
            columns.setdefault("current", index)  # "法定时限": the base the commitment shortens
        elif lx.INDICATOR_TARGET_COLUMN.search(cell) or (
                year and not lx.INDICATOR_CURRENT_COLUMN.search(cell) and int(year[1]) > context.document_date.year):
            columns.setdefault("target", index)
        elif lx.INDICATOR_CURRENT_COLUMN.search(cell) or (year and int(year[1]) <= context.document_date.year):
            columns.setdefault("current", index)
        elif lx.INDICATOR_UNIT_COLUMN.match(cell):
            columns["unit"] = index
    if "target" not in columns or "current" not in columns:
        return None
    if lx.INDICATOR_LIMIT_COLUMN.search(cells[columns["target"]]):
        columns["limit"] = 1  # "承诺时限": the target cells are caps
    columns["cells"] = len(cells)
    columns["header_start"], columns["header_end"] = paragraph.start, paragraph.end
    return columns


def _indicator_row(context: Context, paragraph: Paragraph, columns: dict[str, int]) -> list[Candidate] | None:
    """A row of an indicator table: its current cell an achievement, its target cell the target, named by the
    row's name cell (the first cell that is not a serial number) with the unit it closes with. None when the row
    does not fit the header (another number of cells), so it is read as any row."""
    spans = _cells(context, paragraph)
    if len(spans) < columns["cells"]:
        # "…（天） 2 0 预期性": a space between two figures keeps them apart as cells, though it is no gap of
        # the text's layout (a space between digits is kept: "PM2.5 年均")
        spans = [piece for a, b in spans for piece in _split_figures(context.text, a, b)]
    if len(spans) != columns["cells"]:
        return None
    text = context.text
    cells = [text[a:b].strip() for a, b in spans]
    # the name is the nearest text cell before the figures: a budget table's "一级指标｜二级指标｜三级指标｜指标值"
    # names its indicator in the last of its category cells
    first_figure = min(columns["current"], columns["target"])
    name_at = next((i for i in range(first_figure - 1, -1, -1)
                    if i != columns.get("unit") and not re.fullmatch(r"\d{1,3}\.?", cells[i])), None)
    if name_at is None:
        return None
    name = cells[name_at]
    unit_match = lx.INDICATOR_NAME_UNIT.search(name)
    unit = lx.normalise_unit(cells[columns["unit"]]) if "unit" in columns else None
    if unit is None and unit_match:
        unit = lx.normalise_unit(unit_match["unit"])
    if unit_match and (unit is not None or "unit" in columns):
        name = name[:unit_match.start()]
    found: list[Candidate] = []
    for role in ("current", "target"):
        c_start, c_end = spans[columns[role]]
        for part in re.finditer(r"[^、]+", text[c_start:c_end]):
            written = part[0].strip()
            value = lx.INDICATOR_VALUE.match(written)
            v_start = c_start + part.start()
            if not value:
                # a cell that writes its unit or its way ("≥48个", "≤＊＊万元", "较上年增长10%以上"): its figures read
                # as a clause's, after the row's name
                found.extend(_indicator_cell(context, name, v_start, v_start + len(written), role, columns, found))
                continue
            if value["cls"]:
                mention = ValueMention(v_start, v_start + len(written), float(" ⅠⅡⅢⅣⅤ".index(value["cls"])), False,
                                       "类", "class")
            elif unit is None:
                continue
            else:
                mention = ValueMention(v_start, v_start + len(written), float(value["num"]), False, unit, "quantity",
                                       low=float(value["low"]) if value["low"] else None)
            # (the figure itself, after its bound symbol: "≤20" is 20 at most; 〔〕 marks a five-year total)
            at = value.start("low") if value["low"] else value.start("num") if value["num"] else 0
            core = written[at:].strip("〔〕[]")
            segment = name + written[:at].strip("〔〕[]") + core
            value_at = len(segment) - len(core)
            code, metric_text = metric(name + core, len(name), mention)
            kind = ACHIEVEMENT if role == "current" else TARGET
            stated = comparator(segment, value_at, len(segment), mention, code)
            if kind == ACHIEVEMENT and stated not in ("increase_by", "decrease_by"):
                stated = "="
            elif stated == "=" and mention.value is not None:
                # a bare target cell of a metric with no direction of its own: the way from the current cell ("3.2 → 0"
                # caps, "1.5 → 2～2.5" raises); a zero caps
                current = [c.value for c in found if c.kind == ACHIEVEMENT and c.value is not None]
                stated = _way_from_current(mention.value, current, stated)
            found.append(_indicator_candidate(context, columns, kind, code, metric_text, mention, stated,
                                              v_start, v_start + len(written)))
    if "responsible" in columns and cells[columns["responsible"]]:
        # "…｜县住建局": the row's 责任单位/牵头单位 cell answers for its targets (sixteenth round)
        found = [replace(c, responsible=cells[columns["responsible"]]) if c.kind != ACHIEVEMENT else c for c in found]
    return found


def _way_from_current(value, current: list, stated: str) -> str:
    """A bare target figure of a metric with no direction of its own takes the way from the
    row's one current figure (down caps, up raises); a zero caps; otherwise ``stated``."""
    if value == 0 or (len(current) == 1 and value < current[0]):
        return "<="
    if len(current) == 1 and value > current[0]:
        return ">="
    return stated


def _indicator_candidate(context: Context, columns: dict[str, int], kind, code, metric_text, mention, stated,
                         start: int, end: int) -> Candidate:
    """One figure of an indicator row as a candidate: a target takes the target column's
    period; the sentence is the cell (or figure) at ``start``–``end`` in the original text."""
    period = _indicator_period(context, columns) if kind == TARGET else None
    period_text = _original(context, period.start, period.end)[0] if period else None
    sentence_text, o_start, o_end = _original(context, start, end)
    return Candidate(
        kind=kind, metric=code, metric_text=metric_text, value=mention.value, unit=mention.unit,
        comparator=stated, period_or_deadline=period_text,
        deadline=resolve(period_text, context.document_date) if period_text else None, responsible=None,
        sentence=sentence_text, start=o_start, end=o_end,
        confidence=0.8 if code in {m.code for m in lx.METRICS} else 0.7, low=mention.low,
    )


def _indicator_cell(context: Context, name: str, start: int, end: int, role: str, columns: dict[str, int],
                    found: list[Candidate]) -> list[Candidate]:
    """The figures of an indicator cell that writes its own unit or way ("≥48个", "较上年增长10%以上", "≤＊＊万元"):
    the current cell's are achievements, the target cell's targets, their comparator read on the name and the cell
    together (a bare target figure takes the way from the current figure, as a bare number cell does)."""
    text = context.text
    out: list[Candidate] = []
    mentions = find_values(text, start, end, context.excluded)
    duration = lx.DURATION_CELL.match(text[start:end].strip())
    if not mentions and duration and "limit" in columns:
        # "15个工作日" under 承诺时限 (and "60日" under 法定时限): a time limit's cell is its value, no deadline (sixteenth round)
        at = start + text[start:end].index(duration[0])
        unit = DURATION_UNITS[duration["unit"]]
        mentions = [ValueMention(at, at + len(duration[0]), float(duration["num"]), False, unit, "quantity")]
    for mention in mentions:
        if mention.kind not in ("quantity", "zero", "class"):
            continue
        segment = name + text[start:end]
        value_at = len(name) + mention.start - start
        code, metric_text = metric(segment, value_at, mention)
        kind = ACHIEVEMENT if role == "current" else TARGET
        stated = comparator(segment, value_at, len(name) + mention.end - start, mention, code)
        if kind == ACHIEVEMENT and stated not in ("increase_by", "decrease_by"):
            stated = "="
        elif kind == TARGET and stated == "=" and "limit" in columns:
            stated = "<="  # a commitment of a time limit caps ("承诺时限｜15个工作日")
        elif kind == TARGET and stated == "=" and mention.value is not None:
            current = [c.value for c in found + out if c.kind == ACHIEVEMENT and c.value is not None
                       and c.unit == mention.unit]
            stated = _way_from_current(mention.value, current, stated)
        out.append(_indicator_candidate(context, columns, kind, code, metric_text, mention, stated, start, end))
    return out


def _split_figures(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces, at = [], start
    for m in re.finditer(r"(?<=[\d〕\]])\s+(?=[〔\[≤≥<>]?\d)", text[start:end]):
        pieces.append((at, start + m.start()))
        at = start + m.end()
    return pieces + [(at, end)]


def _indicator_period(context: Context, columns: dict[str, int]) -> TimeExpression | None:
    """The year of an indicator table's target column ("2030年目标"), if its header names one; else the period the
    document sets for what it asks (a title's year: "2026年部门整体支出绩效目标表" over "…｜指标值｜…"), when that is
    a period, no deadline."""
    header = Paragraph(columns["header_start"], columns["header_end"], 0, False, [])
    spans = _cells(context, header)
    named = next((replace(t, role=FORWARD) for t in times_in(context, *spans[columns["target"]])
                  if re.fullmatch(r"\d{4}年度?", t.text)), None)
    document = context.document_period
    if named is None and document is not None and not is_deadline(document):
        return document
    return named


def _date_table_rows(context: Context, paragraphs: list[Paragraph]) -> None:
    """A calendar date not yet past in a table row is the row's due date (its 完成时限 cell:
    "…\tⅡ类\t2026年12月31日\t…"), as on an item's deadline line."""
    rows = [p for p in paragraphs if _table_row(context, p)]
    for at, expression in enumerate(context.times):
        if expression.role != UNKNOWN or not FULL_DATE.fullmatch(expression.text):
            continue
        if not any(p.start <= expression.start < p.end for p in rows):
            continue
        due = re.match(r"(\d{4})年(\d{1,2})月(\d{1,2})", expression.text)
        try:
            if date(int(due[1]), int(due[2]), int(due[3])) >= context.document_date:
                context.times[at] = replace(expression, role=FORWARD)
        except ValueError:
            continue


def _same_sentence(text: str, end: int, start: int) -> bool:
    return not re.search(r"[。！？!?；;\n]", text[end:start])


# --- sentences -------------------------------------------------------------------------


def _sentence_candidates(
    context: Context, paragraph: Paragraph, sentence: tuple[int, int], mood: Mood, scope: str = "",
    caption_unit: str | None = None,
) -> list[Candidate]:
    text = context.text
    s_start, s_end = sentence
    found: list[Candidate] = []
    clauses = split_clauses(text, s_start, s_end)
    if context.norm.sparse:
        clauses = _cut_before_deadlines(context, clauses)
    cited_until = _cited_statement_start(text, s_start, s_end)
    absorbed: set[int] = set()  # clauses already read as part of a figure before them
    for index, (c_start, c_end) in enumerate(clauses):
        if index in absorbed:
            continue
        if cited_until is not None and c_end > cited_until \
                and any(not lx.RANK_FIELD.match(text, m.end()) for m in context.wider_scope.finditer(text, cited_until, c_end)) \
                and not any(not context.wider_scope.fullmatch(m.group(0)) for m in
                            re.finditer(r"我们?(?:市|区|县|镇|乡)|本(?:市|区|县)", text[cited_until:c_end])):
            # (the speaker's own area, named in the clause or since the citation began, keeps its figures: "…，这是给全市
            # 定的，落到我们县，今年PM2.5要控制在三十二个微克以内"; "我们市" in a county's text is the city above, sixteenth round)
            # a cited document's figure for the province or the nation — the area the statement names carries to its
            # later clauses ("《方案》提出，到2025年全省…下降14.5%，非化石能源消费比重达到24%左右")
            continue
        mentions = find_values(text, c_start, c_end, context.excluded, scope, caption_unit, text[s_start:c_start])
        if mentions and all(m.kind == "existing" for m in mentions):
            # "其余5个问题务必在年底前完成整改销号": the count is the subject of a dated deliverable
            milestone = _milestone(context, paragraph, sentence, clauses, index, mood, item_dated=True)
            if milestone:
                found.append(milestone)
                continue
        if not mentions:
            dated = _dates_previous_target(context, clauses, index, found)
            if dated is not None:
                found[-1] = dated
                continue
            milestone = _milestone(context, paragraph, sentence, clauses, index, mood)
            if milestone:
                found.append(milestone)
                found.extend(_for_each_deadline(context, milestone, (c_start, c_end)))
            continue
        head = _dated_head(context, paragraph, sentence, clauses, index, mood, mentions[0].start)
        if head:
            found.append(head)
        then = (clauses[index + 1] if index + 1 < len(clauses) else (c_end, c_end))
        topic = _topic_deadline(context, clauses, index, mentions, mood)
        for mention, (g_start, g_end) in zip(mentions, _segments(text, c_start, c_end, mentions)):
            candidate = _value_candidate(context, paragraph, sentence, (c_start, c_end), (g_start, g_end), mention, mood,
                                         then)
            if topic is not None:
                # "沙河桥断面上游的12个排污口，市水务局和沙河区要在8月底前全部完成整治": the set named as the topic is
                # what the dated deliverable after it deals with — one target spanning both clauses
                candidate = _with_deliverable(context, candidate, (g_start, g_end), mention, then, topic)
                absorbed.add(index + 1)
            previous = found[-1] if found else None
            if previous and previous.metric != "milestone":
                if g_start == mention.start and previous.end >= context.norm.to_original(c_start, c_end)[0]:
                    # "分别下降5%、8%": a bare value in a list repeats the one before it — its metric, and its
                    # kind and comparator, which the verb before the list gives ("分别达到20%、20%、20%以上")
                    same = candidate.unit == previous.unit and previous.kind in (TARGET, ACHIEVEMENT)
                    candidate = replace(
                        candidate, metric=previous.metric, metric_text=previous.metric_text,
                        comparator=previous.comparator if candidate.kind == previous.kind or same else candidate.comparator,
                    )
                    if same and candidate.kind != previous.kind:
                        candidate = replace(candidate, kind=previous.kind, period_or_deadline=previous.period_or_deadline,
                                            deadline=previous.deadline, responsible=previous.responsible)
                elif candidate.kind == previous.kind == TARGET and candidate.unit == previous.unit \
                        and candidate.comparator == "=" and lx.PART_OF_PREVIOUS.match(text, g_start, g_end) \
                        and not lx.SCOPE_WORD.search(text, g_start, mention.start):
                    # "新增光伏装机容量30万千瓦，其中整县推进分布式光伏20万千瓦": a part stated with no bound of its
                    # own is bounded like the whole it belongs to
                    candidate = replace(candidate, comparator=previous.comparator)
                elif candidate.metric_text == candidate.metric:
                    # "PM2.5下降10%，需同比下降X%": an elided subject is the one named just before.
                    candidate = replace(candidate, metric=previous.metric, metric_text=previous.metric_text)
            if (g_start == c_start and index > 0 and candidate.kind == TARGET and found and found[-1].kind == MILESTONE
                    and found[-1].start == context.norm.to_original(*_trim(text, *clauses[index - 1]))[0]
                    and _quantifies(context, clauses[index - 1], (c_start, c_end))):
                # "3月底前完成执行报告审核，审核率100%": the rate measures the dated deliverable
                # before it — one target spanning both clauses
                # (dated by the deliverable: the rate's clause names no time of its own)
                head = found.pop()
                sentence_text = context.norm.original[head.start:candidate.end]
                candidate = replace(candidate, sentence=sentence_text, start=head.start,
                                    responsible=candidate.responsible or head.responsible,
                                    period_or_deadline=head.period_or_deadline, deadline=head.deadline)
            found.append(candidate)
            copies = _for_each_unit(text, candidate, (g_start, g_end), mention, mentions)
            found.extend(copies or _for_each_metric(text, candidate, (c_start, c_end), mention, mentions))
    return found


def _for_each_deadline(context: Context, milestone: Candidate, clause: tuple[int, int]) -> list[Candidate]:
    """The copies of a milestone for the second and later deadlines its clause lists before 分别 (fifteenth round).

    "各单位于6月20日前、11月20日前分别报送半年和全年工作进展情况": two deadlines joined by 、 and shared out by 分别 are two
    deliverables, one due at each date, as one figure after 分别 holds for each metric listed (fourteenth round)."""
    text = context.text
    deadlines = [t for t in times_in(context, *clause) if is_deadline(t)]
    if len(deadlines) < 2 or milestone.period_or_deadline is None:
        return []
    own_objects = all(lx.OWN_OBJECT_BETWEEN.fullmatch(text, a.end, b.start) for a, b in zip(deadlines, deadlines[1:])) \
        and lx.OWN_OBJECT_AFTER.match(text, deadlines[-1].end, clause[1])
    if not own_objects:
        if any(text[a.end:b.start].strip() not in ("、", "和", "及") for a, b in zip(deadlines, deadlines[1:])):
            return []
        if not lx.SHARED_OUT.match(text, deadlines[-1].end, clause[1]):
            return []
    copies = []
    for expression in deadlines[1:]:
        period_text = _original(context, expression.start, expression.end)[0]
        copies.append(replace(milestone, period_or_deadline=period_text,
                              deadline=resolve(period_text, context.document_date)))
    return copies


def _names_remainder(text: str, start: int, mention: ValueMention) -> bool:
    """Whether the count ``mention`` is named as what is left or not yet done ("剩余的2个问题", "尚未完成核定的55家"),
    between ``start`` and the count."""
    return mention.kind in ("existing", "remainder") and bool(
        lx.REMAINDER_COUNT_BEFORE.search(text, start, mention.start) or lx.UNDONE_TOPIC_BEFORE.search(text, start, mention.start))


def _typed_gap(context: Context, at: int) -> bool:
    """Whether the ， the normaliser wrote at ``at`` stands for a tab or a gap of spaces in the original (a table's cell
    border), not for a comma the text wrote."""
    return context.norm.original[context.norm.origin[at]] in "\t \u3000\xa0"


def _cell_break(context: Context, start: int, end: int) -> bool:
    """Whether text[start:end], a clause up to where the next one starts, closes on a break between table cells: a bar,
    or a comma the normalisation put for a tab or a gap of spaces ("更新名录<tab>3月31日前<tab>县局"), so a tab-celled row
    is read like a ｜-celled one (fifteenth round)."""
    piece = context.text[start:end]
    if re.search(r"[|\t]\s*$", piece):
        return True
    closing = re.search(r"，\s*$", piece)
    return bool(closing) and _typed_gap(context, start + closing.start())


def _dates_previous_target(context: Context, clauses: list[tuple[int, int]], index: int,
                           found: list[Candidate]) -> Candidate | None:
    """A clause that is only a deadline and a bare verb, with no object of its own ("…再装8套，国庆节前投入使用"), dates
    the target of the clause just before it: one target spanning both, due then, no milestone of its own."""
    if index == 0 or not found or found[-1].kind != TARGET or found[-1].unit not in lx.COUNT_UNITS:
        return None  # (money with a payment date, "追加资金800万元，于8月31日前拨付到位", is a target and a milestone)
    text = context.text
    if any(is_deadline(t) for t in times_in(context, *clauses[index - 1])):
        return None  # the figure has a deadline of its own
    c_start, c_end = _trim(text, *clauses[index])
    p_start, p_end = context.norm.to_original(*_trim(text, *clauses[index - 1]))
    if not (p_start <= found[-1].start < p_end):
        return None
    deadlines = [t for t in times_in(context, c_start, c_end) if is_deadline(t)]
    if len(deadlines) != 1 or deadlines[0].start != c_start:
        return None
    if not lx.BARE_VERB_AFTER_DEADLINE.fullmatch(text, deadlines[0].end, c_end):
        return None
    period_text = _original(context, deadlines[0].start, deadlines[0].end)[0]
    o_end = context.norm.to_original(c_start, c_end)[1]
    previous = found[-1]
    return replace(previous, sentence=context.norm.original[previous.start:o_end], end=o_end,
                   period_or_deadline=period_text, deadline=resolve(period_text, context.document_date))


def _topic_deadline(
    context: Context, clauses: list[tuple[int, int]], index: int, mentions: list[ValueMention], mood: Mood
) -> TimeExpression | None:
    """The deadline of the next clause when this one only names a counted set that the next clause deals with in
    full by that deadline ("对列入名录的87家重点排污单位，9月底前全部完成…安装", "城区的9个黑臭水体，年底前全部完成治理").

    The clause is a noun phrase: one count, no time and no marker of its own (no verb of doing or setting, no bound,
    no modal, no look-back) — a set the text introduces here, not one it named before (剩余/其余/未…的 are the
    current state, "existing", and give a milestone). The next clause holds no figure, a deadline, and 全部/均/一律."""
    text = context.text
    c_start, c_end = clauses[index]
    if mood.tense == PAST or index + 1 >= len(clauses) or len(mentions) != 1:
        return None
    mention = mentions[0]
    handed_over = mention.kind == "existing" and lx.HANDED_OVER_BEFORE.search(text, c_start, mention.start)
    # (nineteenth round) a remainder named as the topic ("尚未完成核定的55家排污单位，于9月30日前全部完成核定", "对…剩余的２个
    # 问题，年内全部完成整改") when the next clause opens on its deadline — no subject or modal of its own, and no finding
    # (发现/查出) in the topic, which counts what a past check found: the set the deadline finishes, a target of N (=)
    remainder = not lx.FOUND_IN_TOPIC.search(text, c_start, mention.start) and _names_remainder(text, c_start, mention)
    if remainder:
        first = next(iter(times_in(context, *clauses[index + 1])), None)
        remainder = bool(first is not None and lx.DEADLINE_OPENS.fullmatch(text, clauses[index + 1][0], first.start)
                         and lx.ALL_OF_THEM.match(text, first.end))  # (not "…，6月底前必须全部…": a modal, b46)
    if (mention.kind != "quantity" and not handed_over and not remainder) or mention.unit not in lx.COUNT_UNITS \
            or (times_in(context, c_start, c_end) and not remainder):
        return None  # (a remainder's year names the check it is left from: "2025年排查中尚未整改的8个")
    clause = mask_comparison_bases(text[c_start:mention.start] if remainder else text[c_start:c_end])
    if not lx.TOPIC_BEFORE.fullmatch(text, c_start, mention.start) or (not remainder and any(
        pattern.search(clause) for pattern in (lx.ACHIEVEMENT_LOCAL, lx.TARGET_LOCAL, lx.THRESHOLD, lx.TARGET_WEAK)
    )) or lx.COMPLETE_WORDS.search(text, mention.end, c_end):
        return None
    n_start, n_end = clauses[index + 1]
    if find_values(text, n_start, n_end, context.excluded) or not lx.ALL_OF_THEM.search(text, n_start, n_end) \
            or lx.ACHIEVEMENT_LOCAL.search(mask_comparison_bases(text[n_start:n_end])):
        return None  # (not "…，去年底前已全部完成治理": done, reported)
    return next((t for t in times_in(context, n_start, n_end) if is_deadline(t)), None)


def _with_deliverable(
    context: Context, candidate: Candidate, segment: tuple[int, int], mention: ValueMention, then: tuple[int, int],
    deadline: TimeExpression,
) -> Candidate:
    """The topic count ``candidate`` as the target of the dated deliverable in clause ``then``: its span runs to the
    end of that clause, its period is that clause's deadline, and a doing verb there makes the count a floor
    ("…，8月底前全部完成整治" is at least that many done) unless the count is a task's scope (对N家… stays ``=``)."""
    text = context.text
    stated = candidate.comparator
    remainder = _names_remainder(text, segment[0], mention)
    if stated == "=" and not remainder and not lx.SCOPE_WORD.search(text, segment[0], mention.start) \
            and lx.COMPLETE_WORDS.search(text, then[0], then[1]):
        stated = ">="
    period_text = _original(context, deadline.start, deadline.end)[0]
    _, o_start, _ = _original(context, *_trim(text, *segment))
    _, _, o_end = _original(context, *_trim(text, *then))
    return replace(
        candidate, kind=TARGET, comparator=stated, period_or_deadline=period_text,
        deadline=resolve(period_text, context.document_date), sentence=context.norm.original[o_start:o_end],
        start=o_start, end=o_end, responsible=_responsible(text, then, then[1]),
        confidence=max(candidate.confidence, 0.7),
    )


def _for_each_unit(
    text: str, candidate: Candidate, segment: tuple[int, int], mention: ValueMention, mentions: list[ValueMention]
) -> list[Candidate]:
    """The copies of a target for the second and later units its subject lists.

    "白石市、安平市各不超过4天", "甲县、乙县PM2.5浓度均须同比下降5%以上", "A区、B区为0天": one figure for
    several named units holds for each — one target per unit (the first is ``candidate`` itself). Not a
    total (共, 合计, 两市合计), and not when the segment holds other values (分别 pairs them)."""
    if candidate.kind != TARGET or len([m for m in mentions if segment[0] <= m.start < segment[1]]) != 1:
        return []
    listed = lx.LISTED_UNITS.match(text, segment[0], mention.start)
    if not listed or lx.JOINT_TOTAL.search(text, listed.end(), mention.start) or "分别" in text[segment[0]:segment[1]]:
        return []
    names = listed["list"].split("、")
    rest = candidate.metric_text.replace(listed["list"], "")
    return [replace(candidate, metric_text=(name + rest)[:40]) for name in names[1:]]


def _for_each_metric(
    text: str, candidate: Candidate, clause: tuple[int, int], mention: ValueMention, mentions: list[ValueMention]
) -> list[Candidate]:
    """The copies of a target for the second and later metrics its subject lists (fourteenth round).

    "全县二氧化硫、氮氧化物、颗粒物和挥发性有机物排放量分别减少10%以上", "核查率和办结率均应达到100%": the clause's
    only figure, after 分别/均, holds for each metric named before it — one target per metric. Not with several
    figures (they pair with the metrics), and not across brackets ("各县（市、区）考核得分均须…": a name's parts)."""
    if candidate.kind != TARGET or len(mentions) != 1:
        return []
    shared = None
    for found_word in lx.SHARED_FIGURE.finditer(text, clause[0], mention.start):
        shared = found_word
    if shared is None:
        return []
    subject = text[clause[0]:shared.start()]
    subject = re.sub(r"（[^）]*）|\([^)]*\)|“[^”]*”|\"[^\"]*\"", lambda m: "○" * len(m.group()), subject)
    if lx.JOINT_TOTAL.search(subject):
        return []
    names = [name.strip() for name in lx.METRIC_LIST_JOIN.split(subject)]
    if len(names) < 2 or not all(0 < len(name) <= 16 for name in names[1:]) or "，" in subject or "," in subject:
        return []
    return [replace(candidate, metric_text=name[:40]) for name in names[1:]]


def _sizes_deliverable(context: Context, named: str, clause: tuple[int, int]) -> bool:
    """Whether ``clause`` is a bounded amount of the object the deliverable before it builds: the deliverable ends on a
    verb noun (建设, 改造…) after its object, and the clause opens on a doing verb and that object's last two characters
    ("…隔离网建设，新建隔离网不少于8.5公里") before a floor (eighteenth round)."""
    done = lx.DELIVERABLE_OBJECT.search(named)
    if not done:
        return False
    return bool(re.match(r"(?:新建|建成|建设|完成|改造|新增|铺设|安装)[\u4e00-\u9fff]{0,6}?" + re.escape(done["object"])
                         + r"(?:长度|面积|数量)?(?:不少于|不低于|不小于|达到|超过)", context.text[clause[0]:clause[1]]))


def _quantifies(context: Context, deliverable: tuple[int, int], clause: tuple[int, int]) -> bool:
    """Whether ``clause`` is the completion rate of the dated deliverable just before it.

    "3月底前完成执行报告审核，审核率100%", "8月底前完成排污口溯源，溯源完成率由45%提高到100%": the rate
    names the deliverable's own last word (审核 → 审核率, 溯源 → 溯源完成率) and measures how much of it
    is done — one target spanning both clauses. A rate of something else ("…完成平台建设，非现场执法
    覆盖率提高到60%", "…完成竣工验收，验收合格率100%": the pass rate is a quality, not the share
    done) is a target of its own beside the milestone. The two are joined by a comma, and the rate's
    clause names no time and commits nothing of its own."""
    text = context.text
    if text[deliverable[1]:clause[0]].strip() not in ("，", ","):
        return False
    if any(m.kind in ("existing", "remainder") for m in find_values(text, *deliverable, context.excluded)):
        # "年底前剩余4个行政村全部完成生活污水治理，全镇治理率达到100%": a known set done in full is done by
        # definition; the rate beside it measures the whole (全镇), a target of its own
        return False
    # (either word of a compound at the end: "…完成…设备安装验收，安装率100%" names 安装)
    # (a result complement after the deliverable's noun is not its word: "年内实现现场检查全覆盖，检查比例100%" names 检查,
    # fourteenth round)
    named = lx.RESULT_COMPLEMENT.sub("", text[deliverable[0]:deliverable[1]].rstrip())
    done = re.search(r"([\u4e00-\u9fff]{2})?([\u4e00-\u9fff]{2})[”’」\"]*\s*$", named)
    words = "|".join(w for w in done.groups() if w) if done else ""
    sizes = _sizes_deliverable(context, named, clause)
    if not done or not (
        # (… or how far it reaches, "开展专题培训，培训覆盖率达到100%", seventeenth round)
        re.match(r"[\u4e00-\u9fff]{0,4}?(?:" + words + r")(?:完成|覆盖)?(?:率|比例)", text[clause[0]:clause[1]])
        # ... or a rate that counts what is done, whatever its word ("须在交办后15个工作日内整改到位，年度办结率达到
        # 95%以上", "年底前实现应支尽支，执行率不低于98%"): the share of the deliverable completed
        or lx.COMPLETION_RATE.match(text, clause[0], clause[1])
        # ... or how much of the deliverable's own object it builds ("年底前完成水源地隔离网建设，新建隔离网不少于8.5
        # 公里", eighteenth round): the figure sizes the deliverable, one target; its bound is the clause's, not a new task
        or sizes
    ):
        return False
    return not times_in(context, *clause) and (sizes or not commits(mask_comparison_bases(text[clause[0]:clause[1]])))


def _dated_head(
    context: Context, paragraph: Paragraph, sentence: tuple[int, int], clauses: list[tuple[int, int]], index: int,
    mood: Mood, first_value: int,
) -> Candidate | None:
    """A dated deliverable listed before a figure with 、: "信访件要在9月30日前全部办结、回访率达到100%" is a
    milestone and a target (the rate measures something else than the deliverable)."""
    c_start = clauses[index][0]
    cut = context.text.rfind("、", c_start, first_value)
    if cut <= c_start:
        return None
    if not any(is_deadline(t) for t in times_in(context, c_start, cut)):
        return None
    return _milestone(context, paragraph, sentence, clauses[:index] + [(c_start, cut)], index, mood)


_BARE_YEAR = re.compile(r"(?:在|于)?(?P<y>\d{4})年(?:度)?")


def _stage_year(context: Context, paragraph: Paragraph, clause: tuple[int, int], mood: Mood) -> list[TimeExpression]:
    """A plan's stage year as a deliverable's deadline, like 到2027年.

    "（二）2027年：…，乡镇级水源地规范化建设全面完成" — a paragraph labelled by a year not yet over dates
    every deliverable in it; "…，2028年完成其余建设任务" — a bare year right before the doing verb dates its
    own clause. Only in a forward stretch, and never a year already over."""
    text = context.text
    if mood.tense != FORWARD:
        return []
    year = context.document_date.year
    for expression in times_in(context, *clause):
        match = _BARE_YEAR.fullmatch(expression.text)
        if match and expression.role == FORWARD and int(match["y"]) >= year \
                and lx.STAGE_VERB.match(text, expression.end, clause[1]):
            return [expression]
    # (sixteenth round) a year not yet over that is all of the sentence's first clause dates the clause right after it:
    # "（一）总体目标。2026年，全县所有指标全部达到…考核要求"
    opening = [t for t in context.times if t.role == FORWARD and _BARE_YEAR.fullmatch(t.text) and t.end <= clause[0]
               and re.fullmatch(r"\s*[，,]\s*", text[t.end:clause[0]])
               and re.search(r"(?:^|[。！？：:\n])\s*$", text[max(0, t.start - 4):t.start])]
    sentence_end = next((m.start() for m in re.finditer(r"[。！？\n]", text[clause[0]:])), len(text) - clause[0]) + clause[0]
    if opening and int(_BARE_YEAR.fullmatch(opening[-1].text)["y"]) >= year \
            and not lx.YEAR_COPULA.match(text, clause[0], clause[1]) \
            and not find_values(text, opening[-1].end, sentence_end, context.excluded):
        # (a sentence of aims with no figure of its own: where figures follow, "2026年，…实现全覆盖，…98%以上", the year is
        # their period; and "2022年，是…之年" says what the year is)
        return [opening[-1]]
    label = re.match(r"\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十\d]+[、.．])?\s*", text[paragraph.start:paragraph.end])
    period = mood.period
    if period is None or period.start != paragraph.start + label.end() or period.role != FORWARD:
        return []
    match = _BARE_YEAR.fullmatch(period.text)
    if not match or int(match["y"]) < year or not re.match(r"\s*[:：]", text[period.end:period.end + 2]):
        return []
    return [period]


def _cited_statement_start(text: str, s_start: int, s_end: int) -> int | None:
    """Where a cited document's own statement starts in the sentence ("《实施意见》提出，|…"),
    unless the document is cited as the basis of the speaker's own figure ("按照《方案》要求，…")."""
    for match in lx.CITED_DOCUMENT.finditer(text, s_start, s_end):
        if not lx.CITED_AS_BASIS.search(text, s_start, match.start() + 1):
            return match.end()
    # ... or a higher body's ("省里提出今年全省PM2.5平均浓度要下降到30微克/立方米以下"): the statement after its verb
    match = lx.CITED_BODY.search(text, s_start, s_end)
    if match and match["area"]:
        return match.start("area")  # "省里给全省定的目标，…": the wider area is the citation's own
    if match and match["ours"]:
        return match.start("ours")  # "省里对我们市今年的要求是…": the area named is the citation's (sixteenth round)
    return match.end() if match else None


def _cut_before_deadlines(context: Context, clauses: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """In a text without punctuation, a deadline inside a clause starts a new one:
    "开展排查整治6月底前完成溯源12月底前完成整治率80%以上" is three clauses."""
    cut: list[tuple[int, int]] = []
    for c_start, c_end in clauses:
        at = c_start
        for expression in times_in(context, c_start, c_end):
            if expression.start > at and is_deadline(expression) and not re.search(
                r"[要在于到至确保力争须将]$", context.text[at:expression.start]
            ):
                cut.append((at, expression.start))
                at = expression.start
        cut.append((at, c_end))
    return cut


def _segments(text: str, c_start: int, c_end: int, mentions: list[ValueMention]) -> list[tuple[int, int]]:
    """Split a clause with several values into one piece per value.

    The cut between two values goes at a 、 right after the first value ("退出后5、在全国
    排名退出后7"), else right after the first value and any 以上/以下 that trails it.
    """
    cuts = []
    for first, second in zip(mentions, mentions[1:]):
        gap = text[first.end:second.start]
        trailing = TRAILING_COMPARATOR.match(gap)
        after_value = trailing.end() if trailing else 0
        # A 、 right after the first value (and its 以上) lists the next item; a 、 further on
        # sits inside the next metric's name ("国、省控断面") and must not cut it.
        if gap[after_value:after_value + 1] == "、":
            at = first.end + after_value
            cuts.append((at, at + 1))
        else:
            at = first.end + (trailing.end() if trailing else 0)
            cuts.append((at, at))
    starts = [c_start] + [b for _, b in cuts]
    ends = [a for a, _ in cuts] + [c_end]
    return list(zip(starts, ends))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n、。！？）)】":
        start += 1
    while end > start and text[end - 1] in " \n、。！？（(【":
        end -= 1
    return start, end


def _period(context: Context, paragraph: Paragraph, sentence: tuple[int, int], seg: tuple[int, int], kind: str, mood: Mood) -> TimeExpression | None:
    """The period governing a figure (gold rule 6): clause, sentence, paragraph, section."""
    wanted = (FORWARD,) if kind != ACHIEVEMENT else (FORWARD, PAST)
    times = [t for t in times_in(context, paragraph.start, paragraph.end) if t.role in wanted]
    if kind != ACHIEVEMENT:
        times = [t for t in times if t.text not in ("目前", "当前")]
    s_start, s_end = sentence
    g_start, g_end = seg
    inside = [t for t in times if g_start <= t.start and t.end <= g_end]
    if inside:
        return inside[0]
    if kind != ACHIEVEMENT and _table_row(context, paragraph):
        # a table row's deadline cell dates every figure of the row ("…｜整治率达到90%以上｜2026年9月30日前｜…")
        cell = [t for t in times if t.start >= g_end and is_deadline(t)]
        if cell:
            return cell[0]
    # A recurring period ("每月通报") or a deadline counted from an event ("接到预警后2小时内")
    # belongs to its own clause; it dates nothing else in the sentence or paragraph.
    times = [t for t in times if not _own_clause_only(t)]
    # A deadline earlier in the sentence dates the clauses after it ("年内淘汰锅炉120台，完成改造5家"),
    # but not across a ；, which separates tasks.
    # (a plan's horizon year, "到2025年，…；…", is no task's deadline: it dates the whole sentence)
    before_in_sentence = [t for t in times if s_start <= t.start and t.end <= g_start
                          and not (is_deadline(t) and "；" in context.text[t.end:g_start] and not _horizon(t))]
    if before_in_sentence:
        return before_in_sentence[-1]
    before_in_paragraph = [t for t in times if t.end <= s_start and not is_deadline(t)]
    if before_in_paragraph:
        return before_in_paragraph[-1]
    # A later period (今年, 2022年) can govern back; a later deadline (6月底前) is its own clause's.
    after = [t for t in times if t.start >= g_end and not is_deadline(t)]
    if kind != ACHIEVEMENT and after and after[0].end <= s_end:
        return after[0]
    if mood.period is not None and mood.period.role in wanted and not _own_clause_only(mood.period):
        if (kind == ACHIEVEMENT) == (mood.tense == PAST):
            return mood.period
    if kind != ACHIEVEMENT and after:
        return after[0]  # a period named later in the paragraph, when nothing before governs
    return None


def _carried_event(context: Context, sentence: tuple[int, int], deadline: TimeExpression) -> str:
    """The event a bare hour or minute deadline counts from, carried from an earlier deadline of its sentence.

    "须在接单后30分钟内联系投诉人，1小时内到达现场": the second step counts from the same event as the first — "接单后"
    (fourteenth round). Only across a comma (a ；or a full stop ends the run of steps), and only when the deadline names
    no event of its own."""
    if not re.fullmatch(r"(?:\d+|[一二两三四五六七八九十]+)个?(?:小时|分钟)(?:内|之内|以内)", deadline.text):
        return ""
    earlier = times_in(context, sentence[0], deadline.start)
    if not earlier or re.search(r"[；;]", context.text[earlier[-1].end:deadline.start]):
        return ""
    event = re.match(r"(.+?后)(?:\d+|[一二两三四五六七八九十]+)个?(?:小时|分钟)(?:内|之内|以内)$", earlier[-1].text)
    return _original(context, earlier[-1].start, earlier[-1].start + len(event[1]))[0] if event else ""


def _horizon(expression: TimeExpression) -> bool:
    """Whether the expression is a plan's horizon year ("到2025年", "到2030年底"), not a dated task's deadline."""
    return bool(re.fullmatch(r"(?:到|至)\d{4}年(?:底|末)?", expression.text))


def _own_clause_only(expression: TimeExpression) -> bool:
    return (expression.text.startswith("每") and not is_deadline(expression)) or expression.text in ("当日", "当天") or bool(
        re.search(r"(?:后|起)[^后]*?(?:内|之内|以内)$|(?:小时|分钟)(?:内|之内|以内)$"
                  # (a time before an event, "施工前24小时", "考试前7日内", fourteenth round)
                  r"|前(?:\d+|[一二两三四五六七八九十]+)个?(?:小时|分钟|个工作日|日|天|个月|周)(?:内|之内|以内)?$", expression.text)
    )


def _responsible(text: str, clause: tuple[int, int], sentence_end: int) -> str | None:
    """The unit the text makes responsible: object of 督导/督促, or subject of 要/负责 later on."""
    c_start, c_end = clause
    match = lx.RESPONSIBLE_AS_OBJECT.search(text, c_start, c_end)
    if match:
        return match["org"]
    match = lx.RESPONSIBLE_AS_SUBJECT.search(text, max(c_start - 1, 0), sentence_end)
    if match:
        return match["org"]
    return None


def _original(context: Context, start: int, end: int) -> tuple[str, int, int]:
    o_start, o_end = context.norm.to_original(start, end)
    return context.norm.original[o_start:o_end], o_start, o_end


def _value_candidate(
    context: Context,
    paragraph: Paragraph,
    sentence: tuple[int, int],
    clause: tuple[int, int],
    seg: tuple[int, int],
    mention: ValueMention,
    mood: Mood,
    then: tuple[int, int] = (0, 0),
) -> Candidate:
    text = context.text
    next_clause = text[then[0]:then[1]]
    g_start, g_end = _trim(text, *seg)
    segment = text[g_start:g_end]
    value_at = mention.start - g_start
    own_times = times_in(context, g_start, g_end)
    # (an event's span, "督察期间", says while, not when: the figure's own year, if any, decides)
    dating = [t for t in own_times if not is_event_span(t)
              # (a year inside a task's scope, "对2025年检查中发现问题的37家企业，全部纳入…", dates what found them, not the
              # figure: the scope is what the rest of the sentence makes it, fourteenth round)
              and not (lx.SCOPE_ATTRIBUTIVE.search(text, g_start, t.start) and t.end <= mention.start
                       and "的" in text[t.end:mention.start])]
    bases = [m.span() for m in lx.COMPARISON_BASE.finditer(text, g_start, g_end)]
    dating = [t for t in dating if not any(a <= t.start < b for a, b in bases)]  # "由一季度的3.8%": the base's time
    own_tense = dating[0].role if dating and dating[0].text not in ("目前", "当前") else None
    kind, confidence = classify(text, sentence[0], g_start, g_end, mention, mood, own_tense, context.times,
                                next_clause, text[g_end:clause[1]])
    # a figure in a cell of a bar-celled row that names it ("…｜推进整治｜整治完成率≥85%｜…") is named by its own cell: the
    # cells before it (a stage, a deadline, a task) are other columns (seventeenth round)
    cell = max(segment.rfind("|", 0, value_at), segment.rfind("｜", 0, value_at)) + 1
    if cell and not re.search(r"[\u4e00-\u9fff]", segment[cell:value_at]):
        cell = 0
    code, metric_text = metric(segment[cell:], value_at - cell, mention)
    metric_text = metric_text.rstrip("≥≤＞＜><=≧≦ ") or metric_text  # a bound written as a sign is no part of the name
    stated = comparator(segment, value_at, mention.end - g_start, mention, code)
    if stated == "=" and g_end <= mention.end and BUDGET_AFTER.match(text, mention.end, clause[1]):
        stated = "<="  # the segment was cut after the value: "全年5天|的控制目标已经用掉3天"
    if kind == ACHIEVEMENT and stated not in ("increase_by", "decrease_by"):
        stated = "="
    period = _period(context, paragraph, sentence, (g_start, g_end), kind, mood)
    due = lx.PAYMENT_DUE.match(next_clause) if mention.unit in lx.MONEY_UNITS and kind == TARGET else None
    if due and (period is None or (not is_deadline(period) and not own_times)):
        # the money's own date is the payment deadline of the next clause
        period = next((t for t in times_in(context, then[0], then[1]) if is_deadline(t)), period)
    period_text = _original(context, period.start, period.end)[0] if period else None
    deadline = resolve(period_text, context.document_date) if period and kind != ACHIEVEMENT and period.role == FORWARD else None
    if code in {m.code for m in lx.METRICS}:
        confidence += 0.08
    if mention.masked:
        confidence -= 0.05
    sentence_text, o_start, o_end = _original(context, g_start, g_end)
    return Candidate(
        kind=kind,
        metric=code,
        metric_text=metric_text,
        value=mention.value,
        unit=mention.unit,
        comparator=stated,
        period_or_deadline=period_text,
        deadline=deadline,
        responsible=_responsible(text, clause, sentence[1]) if kind == TARGET else None,
        sentence=sentence_text,
        start=o_start,
        end=o_end,
        confidence=round(max(0.05, min(0.98, confidence)), 2),
        low=mention.low,
        baseline=mention.baseline,
    )


def _milestone(
    context: Context,
    paragraph: Paragraph,
    sentence: tuple[int, int],
    clauses: list[tuple[int, int]],
    index: int,
    mood: Mood,
    item_dated: bool = False,
) -> Candidate | None:
    """A dated deliverable without a number: "30个工作日内上报整改方案", "到2020年基本实现…".

    In a paragraph that looks back only a sentence that commits before the deliverable
    ("…仍有**个项目未开工，请相关县抓紧整改，10月31日前全部开工") still sets one. With
    ``item_dated`` (a set of known things done in full: "3家企业全部完成安装") the date may come
    from the item's deadline line (整改时限：…)."""
    text = context.text
    c_start, c_end = clauses[index]
    own_times = times_in(context, c_start, c_end)
    if mood.tense == PAST and not commits(mask_comparison_bases(text[sentence[0]:c_end])) and not any(
            t.role == FORWARD and lx.LATER_YEAR.match(t.text) for t in own_times):
        return None
    clause = text[c_start:c_end]
    masked = mask_comparison_bases(clause)
    if lx.STRONG_LOOKBACK.search(masked) or (re.match(r"已|已经", masked) and not lx.TARGET_PROPAGATING.search(masked)):
        return None  # "截至6月底已完成…", "已于3月底前完成…": done, not due
    if index > 0 and lx.SANCTION_CONTINUED.match(clause) and lx.SANCTION.search(text, *clauses[index - 1]):
        # "考核不合格的，由市总河长约谈…，并在30日内向市委书面报告整改情况": what a sanctioned unit must do next is part of the
        # sanction a condition triggers, not a dated deliverable of the plan (fourteenth round)
        return None
    deadlines = [t for t in own_times if is_deadline(t)]
    recurring_report = not deadlines and (lx.RECURRING_REPORT.search(masked) or lx.ASSIGNED_RECURRING_REPORT.search(masked))
    if recurring_report:
        # "每季度向县委报告一次进展": a recurring report is due at its cadence (no single date)
        deadlines = [t for t in own_times if t.text.startswith("每") and t.role == FORWARD]
    if not deadlines and index > 0:
        p_start, p_end = clauses[index - 1]
        previous = [t for t in times_in(context, p_start, p_end) if is_deadline(t)]
        # Only a clause that is nothing but the deadline carries over: "到2025年，建成…".
        # (after the item's number: "一、收到本函后5个工作日内，向…报告")
        leftover = HEADING.sub("", text[p_start:p_end].replace(previous[0].text, "", 1)) if previous else None
        if previous:
            # other time words around the deadline ("明年汛期前，…", "今年国庆节前，…") are part of it
            for other in times_in(context, p_start, p_end):
                if other is not previous[0]:
                    leftover = leftover.replace(other.text, "", 1)
        # ... and a subject that the modal follows: "市委、市政府要在收到督察报告后30个工作日内，将…报送…"
        # ... and the document an event-relative deadline counts from: "各县要在本通知印发后10个工作日内，将…报…备案"
        # ... and the subject of a recurring one: "开发区每季度结束后10日内，向市环委会办公室书面报告…" (fifteenth round)
        event_subject = r"(?:本|该|此)?[\u4e00-\u9fff]{0,6}?" if previous and re.match(
            lx.DEADLINE_EVENT.pattern + "|每", previous[0].text) else ""
        # (nothing may follow the deadline: "各县区要在每季度结束后10日内报送工作进展" has its own deliverable)
        tail = text[previous[0].end:p_end] if previous else ""
        for other in times_in(context, previous[0].end, p_end) if previous else ():
            tail = tail.replace(other.text, "", 1)
        if previous and not tail.strip() and re.fullmatch(
            # (or a subject with no modal, right before 在/于: "抽查结果在抽查结束之日起20个工作日内，通过…向社会公开",
            # seventeenth round)
            r"\s*(?:[\u4e00-\u9fff、（）()]{0,14}?(?:要|须|必须|请|务必|应当?|力争|争取|确保)|[\u4e00-\u9fff]{2,8}?(?=[在于]))?"
            r"(?:在|于|到|自|从)?"
            + event_subject + r"\s*", leftover
        ):
            deadlines = previous
    if not deadlines and index + 1 < len(clauses) and _cell_break(context, c_start, clauses[index + 1][0]):
        # a table row: the deadline sits in the next cell ("6|编制…方案|2025年6月30日前|…局")
        n_start, n_end = clauses[index + 1]
        following = [t for t in times_in(context, n_start, n_end) if is_deadline(t)]
        if following and re.fullmatch(r"\s*(?:[|\t].*)?", text[following[0].end:n_end]) \
                and not text[n_start:following[0].start].strip(" |\t"):
            deadlines = following
    if not deadlines:
        deadlines = _stage_year(context, paragraph, (c_start, c_end), mood)
    if not deadlines:
        # "上半年完成执法人员全员轮训": a part of a year still to come, right before 完成, is when the deliverable is due
        deadlines = [t for t in own_times if t.role == FORWARD
                     and lx.YEAR_PART.fullmatch(t.text) and lx.DUE_IN_PART.match(text, t.end)]
    if not deadlines and item_dated and mood.item_dated and mood.tense == FORWARD and mood.period is not None \
            and is_deadline(mood.period):
        deadlines = [mood.period]  # the item's 整改时限 line
    if not deadlines:
        return None
    deadline = deadlines[0]
    rest = text[deadline.end:c_end] if c_start <= deadline.start < c_end else clause
    if re.match(r"\s*(?:为|是)[^，。；]{0,12}?(?:阶段|时段|期)", rest):
        return None  # "9月1日至9月30日为排查阶段": a stage of the plan, not a deliverable
    if re.search(r"至|到|—|-|～", deadline.text) and lx.ACTION_LAUNCHED.search(rest) and (
        context.document_period == deadline or find_values(text, c_end, sentence[1], context.excluded)
    ):
        # "4月至7月开展…“百日攻坚”行动，查办…不少于50件", and the notice's own "决定自即日起至6月30日在全园区开展…专项行动":
        # an action launched over a span runs through it — the span is the period of the figures the action sets (after
        # it in its sentence, or the whole text's), no result due at its end; an action standing alone stays due then
        return None
    rest = lx.MANNER_PHRASE.sub("", rest)  # "将以改善区域臭氧污染为导向": how the work goes, no deliverable
    verb = lx.MILESTONE_VERBS.search(rest) or (recurring_report and deadline.end <= recurring_report.start() + c_start) \
        or lx.COMMITTED_RESULT.search(rest)
    if not verb and c_start <= deadline.start < c_end and re.search(r"[|\t]", text[c_start:deadline.start]):
        # a table row "6|编制…方案|2025年6月30日前|…局": the task is the cell before the deadline's
        rest = re.sub(r"^\s*\d{1,2}\s*[|\t]", "", text[c_start:deadline.start]).strip(" |\t")
        verb = lx.MILESTONE_VERBS.search(rest) or lx.COMMITTED_RESULT.search(rest)
    if verb and _horizon(deadline) and (
            not lx.MILESTONE_VERBS.search(rest) and lx.AIM_BY_HORIZON.match(rest) or lx.STATE_BY_HORIZON.search(rest)):
        # "到2025年，城镇新建建筑全面执行绿色建筑标准": under a plan's horizon year, "全面 + a verb" states an aim (a
        # standing state, like 全覆盖), not a deliverable due then
        return None
    if not verb:
        return None
    g_start, g_end = _trim(text, c_start, c_end)
    sentence_text, o_start, o_end = _original(context, g_start, g_end)
    period_text = _carried_event(context, sentence, deadline) + _original(context, deadline.start, deadline.end)[0]
    deliverable = re.sub(r"^(?:要|须|必须|基本|全面|把|将)+", "", rest).strip("，。 ")
    return Candidate(
        kind=MILESTONE,
        metric="milestone",
        metric_text=deliverable[:30],
        value=None,
        unit=None,
        comparator="=",
        period_or_deadline=period_text,
        deadline=resolve(period_text, context.document_date),
        responsible=_responsible(text, (c_start, c_end), sentence[1]),
        sentence=sentence_text,
        start=o_start,
        end=o_end,
        confidence=0.65,
    )
