"""Speech text as the extractor sees it: normalised, cleaned, split, and mapped back.

Published speeches come as clean documents, as web pages wrapped in site boilerplate
(范文网 headers, "相关文章" lists, share buttons), with full-width or half-width
punctuation, and with line breaks in the middle of sentences when copied from a PDF.
This module:

* normalises the text one character at a time (full-width digits and letters to ASCII,
  ，/, and ；/; to one form, ％ to %, soft line breaks and stray spaces dropped) and keeps,
  for every normalised character, its index in the original, so any span found in the
  normalised text maps back to an exact substring of what the user gave us;
* marks paragraphs that are web boilerplate so nothing is extracted from them;
* splits paragraphs into sentences (。！？) and clauses (，；：【】①…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

_TO_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_TERMINAL = set("。！？!?；;：:")
_SPACES = set(" \t\u3000\xa0")

HEADING = re.compile(
    # a filled bullet opens a section in work points ("●目标指标", "■重点任务"); "——" items do not
    # ("第一，工作基础" on a line of its own heads a section too; "第一，PM2.5。下半年…" opens a paragraph)
    r"^\s*(?:(?P<l1>[一二三四五六七八九十]+、|第[一二三四五六七八九十]+(?:部分|章)|第[一二三四五六七八九十]+[，,、](?=[^，,。；;！？!?]{1,16}$)"
    r"|[●■◆▲★◇◎□☆▶►]|>>|》》)"
    # (an item number before a month is no decimal: "12.3月底前完成…" is item 12, due end of March)
    r"|(?P<l2>[（(][一二三四五六七八九十]+[）)])|(?P<l3>\d{1,2}[、.．](?!\d)|\d{1,2}[.．](?=\d{1,2}月)|[①-⑳]))"
)
# A numbered title on a line of its own, as standards, emergency plans and agreements number their sections ("1 总则",
# "2 基本情况", "4.1 黄色预警（Ⅲ级）响应", "第二条 考核断面与现状"): a short line of words with no punctuation and no other
# figure, whose first word is no unit or classifier ("3个乡镇" is a count); read only in a punctuated text (fourteenth round)
_NUMBERED_TITLE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+条|\d{1,2}(?P<sub>[.．]\d{1,2}){0,2})\s*"
    r"(?![个项家台处条件名人户所座套辆万亿千百年月日天次号期批类级倍米吨元分度])[\u4e00-\u9fff][^\d，。；：,;:！？!?、]{1,20}$"
)
# Lines that belong to the web page around a speech, not to the speech.
_BOILERPLATE = re.compile(
    r"范文网|范文|文库|来源[:：]|小编|供大家参考|相关文章|精华推荐|扫码|领取福利|阅读时长|加入收藏|"
    r"记住我|上一篇|下一篇|版权所有|免责声明|责任编辑|浏览次数|点击[:：]|分享到|返回顶部|本文链接"
)
_END_OF_PAGE = re.compile(r"相关文章|精华推荐|上一篇|下一篇|相关推荐|猜你喜欢")
_SENTENCE_END = re.compile(r"[。！？]+[”’」』\"]*")
_CLAUSE_SEP = re.compile(r"[，；：【】①-⑳]")


@dataclass(frozen=True)
class NormalisedText:
    """The normalised text and, for each of its characters, the index in the original."""

    text: str
    origin: tuple[int, ...]
    original: str
    sparse: bool = False  # written with (almost) no punctuation: lines and spaces separate

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets (start, end) of the normalised span [start, end)."""
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else len(self.original)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


@dataclass
class Paragraph:
    """A paragraph of the normalised text: [start, end), heading level (0 = body)."""

    start: int
    end: int
    level: int
    boilerplate: bool
    sentences: list[tuple[int, int]] = field(default_factory=list)


def _fold(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        ch = chr(code - 0xFEE0)
    return _TO_FULL_WIDTH.get(ch, ch)


def _line_ends_paragraph(line: str, next_line: str | None) -> bool:
    """Whether a line break after ``line`` is a paragraph break rather than a soft wrap."""
    stripped = line.strip(" \t\u3000\xa0\r")
    if next_line is None or not stripped or not next_line.strip(" \t\u3000\xa0\r"):
        return True
    if "\t" in stripped or "\t" in next_line.strip():
        return True  # a table row (columns separated by tabs) is a paragraph of its own
    if any(len(re.findall(r"[|｜│┃]", row)) >= 2 for row in (stripped, next_line)):
        return True  # ... and so is a row whose cells are separated by bars ("1｜任务｜时限｜单位")
    last = stripped.rstrip("”’」』\"）)】")[-1:] or stripped[-1]
    if last in _TERMINAL or stripped[-1] in _TERMINAL:
        return True
    if HEADING.match(stripped) or HEADING.match(next_line) or next_line.lstrip().startswith("同志们"):
        return True
    if _LABEL_LINE.match(next_line):
        return True  # "…市生态环境局\n整改时限：2026年9月30日": a labelled line opens a paragraph
    # Titles, datelines and page furniture are short lines without end punctuation;
    # a line wrapped mid-sentence is as long as the page is wide.
    return len(stripped) < 24


_CJK = re.compile(r"[\u4e00-\u9fff]")
# A line opening with a short label and a colon (责任单位：, 整改时限：, 整改目标：) is a field of its own.
_LABEL_LINE = re.compile(r"^[\s\u3000]*[\u4e00-\u9fff]{2,6}[：:]")
_MARKS = re.compile(r"[，。；！？,;!?]")


def is_sparse(original: str) -> bool:
    """Whether a text is written without punctuation (fewer than one mark in 40 characters),
    as transcripts and bullet lists are: then a line is a paragraph and a space a clause break."""
    return len(_MARKS.findall(original)) * 40 < len(_CJK.findall(original))


def _space_breaks_clause(before: str, after: str) -> bool:
    # "达到100% 劣Ⅴ类水体", "提高8.3个百分点 但…": a space between words is the only separator
    return bool(_CJK.match(after)) and (bool(_CJK.match(before)) or before in "%）)")


_CHINESE_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
                   "六": "6", "七": "7", "八": "8", "九": "9"}
_CHINESE_YEAR = re.compile(r"[〇零○Ｏ一二三四五六七八九]{4}(?=年)")


def _chinese_year_digits(line: str) -> dict[int, str]:
    """Offsets of a year written in Chinese digits ("二〇二五年") mapped to ASCII digits —
    one character for one, so offsets still map back."""
    digits = {}
    for match in _CHINESE_YEAR.finditer(line):
        written = "".join(_CHINESE_DIGITS[c] for c in match.group(0))
        if written.startswith(("19", "20")):
            digits.update({match.start() + i: d for i, d in enumerate(written)})
    return digits


# A gap between two cells of a table row typed with spaces ("1 化学物质调查 完成…调查 2025年8月31日前 县生态环境分局"):
# a run of spaces that does not sit between two ASCII letters or digits ("PM2.5 年均", "VOCs 治理" keep theirs)
_CELL_GAP = re.compile(r"(?<=\S)[ \u3000\xa0]+(?=\S)")


def _cell_gaps(line: str) -> list[re.Match]:
    return [m for m in _CELL_GAP.finditer(line.strip(" \t\u3000\xa0\r"))
            if not (m.string[m.start() - 1].isascii() and m.string[m.start() - 1].isalnum()
                    and m.string[m.end()].isascii() and m.string[m.end()].isalnum())]


def spaced_rows(original: str) -> frozenset[int]:
    """Indexes of the lines that are rows of a table typed with spaces: three gaps or more between cells, on a line
    next to another such line (a header row and its rows; one spaced line alone is a title or a signature).
    In a sparse text every space already separates clauses, so none is read as a table."""
    return _spaced_rows(original)


@lru_cache(maxsize=16)
def _spaced_rows(original: str) -> frozenset[int]:
    if is_sparse(original):
        return frozenset()
    lines = original.split("\n")
    spaced = [len(_cell_gaps(line)) >= 3 and bool(_CJK.search(line)) for line in lines]
    return frozenset(i for i, row in enumerate(spaced)
                     if row and ((i > 0 and spaced[i - 1]) or (i + 1 < len(lines) and spaced[i + 1])))


def is_table_row(original: str, at: int) -> bool:
    """Whether position ``at`` of ``original`` is on a table row: cells separated by tabs, bars, or spaces
    (see :func:`spaced_rows`)."""
    line_start = original.rfind("\n", 0, at) + 1
    line_end = original.find("\n", at)
    line = original[line_start:line_end if line_end >= 0 else len(original)]
    if line.count("\t") >= 2 or len(re.findall(r"[|｜│┃]", line)) >= 2:
        return True
    return original.count("\n", 0, line_start) in spaced_rows(original)


def normalise(original: str) -> NormalisedText:
    """Normalise ``original`` and remember where each character came from."""
    chars: list[str] = []
    origin: list[int] = []
    lines = original.split("\n")
    position = 0
    sparse = is_sparse(original)
    rows = spaced_rows(original)
    for index, line in enumerate(lines):
        next_line = lines[index + 1] if index + 1 < len(lines) else None
        year_digits = _chinese_year_digits(line)
        lead = len(line) - len(line.lstrip(" \t\u3000\xa0\r"))
        gaps: dict[int, bool] = {}  # offset in a cell gap -> whether it is the gap's first space
        if index in rows:
            for m in _cell_gaps(line):
                gaps.update({lead + i: i == m.start() for i in range(m.start(), m.end())})
        for offset, ch in enumerate(line):
            at = position + offset
            if ch == "\r":
                continue
            if offset in gaps:
                # a cell break of a table typed with spaces, read like a tab
                if gaps[offset] and chars and chars[-1] not in "，\n":
                    chars.append("，")
                    origin.append(at)
                continue
            if ch == "\t" and line.strip("\t "):
                # a column break: "占地3.2亩<tab>青山县人民政府<tab>2025年9月30日前"
                if chars and chars[-1] not in "，\n":
                    chars.append("，")
                    origin.append(at)
                continue
            if offset in year_digits:
                chars.append(year_digits[offset])
                origin.append(at)
                continue
            if ch in _SPACES:
                before = _fold(line[offset - 1]) if offset else ""
                after = _fold(line[offset + 1]) if offset + 1 < len(line) else ""
                if sparse and before and _space_breaks_clause(before, after):
                    if chars and chars[-1] != "，":
                        chars.append("，")
                        origin.append(at)
                    continue
                if not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum()):
                    continue
                ch = " "
            if ch == "," and offset and line[offset - 1].isdigit() and re.match(r"\d{3}(?!\d)", line[offset + 1:]):
                chars.append(ch)  # a thousands separator ("拆除1,046处"), not a clause break
                origin.append(at)
                continue
            chars.append(_fold(ch))
            origin.append(at)
        position += len(line)
        if next_line is not None:
            if sparse or index in rows or index + 1 in rows or _line_ends_paragraph(line, next_line):
                chars.append("\n")
                origin.append(position)
            position += 1  # the "\n" itself
    return NormalisedText("".join(chars), tuple(origin), original, sparse)


def split_paragraphs(norm: NormalisedText) -> list[Paragraph]:
    """Paragraphs with heading levels, boilerplate flags and sentence spans."""
    paragraphs: list[Paragraph] = []
    start = 0
    text = norm.text
    page_ended = False
    for piece in text.split("\n"):
        end = start + len(piece)
        if piece.strip():
            heading = HEADING.match(piece)
            level = 0
            if heading:
                level = 1 if heading.group("l1") else 2 if heading.group("l2") else 3
            elif not norm.sparse and (numbered := _NUMBERED_TITLE.match(piece)):
                # "2 基本情况", "4.1 黄色预警（Ⅲ级）响应", "第二条 考核断面与现状" (the space is folded away): a standard's or
                # an agreement's numbered title on a line of its own heads a section (fourteenth round)
                level = 2 if numbered.group("sub") else 1
            page_ended = page_ended or bool(_END_OF_PAGE.search(piece))
            boilerplate = page_ended or bool(_BOILERPLATE.search(piece)) or not re.search(
                r"[\u4e00-\u9fff]", piece
            )
            paragraph = Paragraph(start, end, level, boilerplate)
            paragraph.sentences = _split_sentences(text, start, end)
            paragraphs.append(paragraph)
        start = end + 1
    return paragraphs


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    sentences = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        sentences.append((cursor, match.end()))
        cursor = match.end()
    if cursor < end:
        sentences.append((cursor, end))
    return [(s, e) for s, e in sentences if text[s:e].strip()]


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans inside the sentence [start, end), separators excluded."""
    clauses = []
    cursor = start
    for match in _CLAUSE_SEP.finditer(text, start, end):
        if match.start() > cursor:
            clauses.append((cursor, match.start()))
        cursor = match.end()
    if cursor < end:
        clauses.append((cursor, end))
    return [(s, e) for s, e in clauses if text[s:e].strip("。！？ ")]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (“…”, "…") and book-title marks (《…》).

    Numbers there are slogans or names ("十个坚持", "《2021-2022年秋冬季攻坚方案》"),
    not values.
    """
    spans = []
    for opener, closer in (("“", "”"), ("《", "》"), ("「", "」")):
        for match in re.finditer(re.escape(opener) + r"[^" + re.escape(closer) + r"\n]{0,60}" + re.escape(closer), text):
            if opener == "“" and re.fullmatch(r"“(?:清零|归零|动态清零|零|零[\u4e00-\u9fff]{1,3})”", match.group(0)):
                continue  # "劣Ⅴ类断面“清零”", "做到“零火点”": quotes that stress a value word, not a name
            if opener == "“" and (re.search(r"[。！？]”$", match.group(0))
                                  or re.search(r"(?:[：:]|说|指出|强调|要求)$", text[max(0, match.start() - 2):match.start()])):
                # "他说：“…这条底线，谁也不能突破。”": quoted speech is the speaker's words, not a name
                # (a slogan, "“2035年生态环境根本好转，美丽中国目标基本实现”", ends without a full stop)
                continue
            spans.append((match.start(), match.end()))
    # Straight quotes pair up within a paragraph.
    for paragraph in re.finditer(r"[^\n]+", text):
        positions = [m.start() + paragraph.start() for m in re.finditer('"', paragraph.group(0))]
        for a, b in zip(positions[0::2], positions[1::2]):
            if b - a <= 60 and not re.fullmatch(r'"(?:清零|归零|动态清零|零|零[\u4e00-\u9fff]{1,3})"', text[a:b + 1]):
                # (straight quotes stress a value word as curly ones do: 做到"零火点", fourteenth round)
                spans.append((a, b + 1))
    return sorted(spans)


_CN_DAY = r"[一二三四五六七八九十]{1,3}"
_FULL_DATE = re.compile(
    rf"(?P<y>(?:19|20)\d{{2}})\s*年\s*(?P<m>\d{{1,2}}|{_CN_DAY})\s*月\s*(?P<d>\d{{1,2}}|{_CN_DAY})\s*[日号]"
)
_ISO_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")


@dataclass(frozen=True)
class StatedDate:
    """A date the text states, and where it was found (dateline, body, web page)."""

    date: date
    source: str


def _number(written: str) -> int:
    if written.isdigit():
        return int(written)
    tens, _, units = written.partition("十")
    if "十" not in written:
        return int(_CHINESE_DIGITS[written]) if written in _CHINESE_DIGITS else 0
    return (int(_CHINESE_DIGITS.get(tens, "1")) if tens else 1) * 10 + (int(_CHINESE_DIGITS[units]) if units else 0)


def _valid(match: re.Match) -> date | None:
    try:
        return date(int(match["y"]), _number(match["m"]), _number(match["d"]))
    except (ValueError, KeyError):
        return None


def detect_document_date(original: str) -> StatedDate | None:
    """The date a speech states for itself, if any.

    Prefers a dateline (a line that is only a date, as under a title), then the first
    full date in the speech body ("2022年1月7日召开的…会议"; not a deadline such as
    "2024年8月31日前"), then a publication date in the web page around it. Returns None
    when the text states no full date; :func:`tracker.extraction.dating.document_date`
    then infers one.
    """
    norm = normalise(original)
    paragraphs = split_paragraphs(norm)
    body = [p for p in paragraphs if not p.boilerplate]
    for paragraph in body:
        piece = norm.text[paragraph.start:paragraph.end].strip("（）() ")
        match = _FULL_DATE.fullmatch(piece)
        if match and _valid(match):
            return StatedDate(_valid(match), "dateline")
    for paragraph in body:
        for match in _FULL_DATE.finditer(norm.text, paragraph.start, paragraph.end):
            # "2024年8月31日前", "到2025年12月31日": a deadline, not the day the text was written
            after = norm.text[match.end():match.end() + 2]
            before = norm.text[max(paragraph.start, match.start() - 2):match.start()]
            # "整改时限：2025年12月31日": a deadline line's date is the item's due date
            label = re.search(r"(?:时限|期限|完成时间)[：:]\s*$", norm.text[paragraph.start:match.start()])
            if _valid(match) and not label and not re.match(r"前|之前|以前|内|止|至", after) \
                    and not re.search(r"[到至于截]$", before):
                return StatedDate(_valid(match), "body")
    for paragraph in paragraphs:
        if paragraph.boilerplate:
            for pattern in (_FULL_DATE, _ISO_DATE):
                for match in pattern.finditer(norm.text, paragraph.start, paragraph.end):
                    if _valid(match):
                        return StatedDate(_valid(match), "web page")
    return None
