"""Numbers in speeches: values with units, ranks, water/air classes, masked figures.

A value is a number *with a unit* ("23微克/立方米", "91.6%", "15万亩", "3.4个百分点"),
a rank ("退出全国后十位", "全省倒数第3"), a water or air class ("Ⅲ类", "二级标准") or a
zero written as a word ("动态清零"). Numbers followed by 年/月/日/个工作日 are dates or
durations, numbers right after 第 are ordinals, numbers inside quotation or book-title
marks are slogans and names ("十个坚持", "《十四五规划》"), and a lone 一 is an article
("一个新水平") — none of these is a value.

Published texts mask figures: X, *, **, ***, *.**, **.**%, ×× — such a value is unknown,
not zero, and is returned as ``value=None, masked=True``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

import cn2an

from .lexicon import (
    AREA_UNITS,
    PHASE_AFTER,
    REMAINDER_AFTER,
    REMAINING_NAMED_BEFORE,
    MEETING_CADENCE, DEADLINE, PER_UNIT_BEFORE, PER_UNIT_MASS, RANK_FLOOR_BEFORE, REMAINDER_COUNT_BEFORE, PHASE_BEFORE, UNDONE_COUNT_BEFORE, WAN_REPORTED_UNITS, UNDONE_FINISHED_AFTER, ZERO_CAP_NOUN, ZERO_CAP_UNIT,
    COMPLETE_WORDS, CONDITION_AFTER, CONDITION_BEFORE, COUNT_UNITS, LIST_SIZE, LIST_SIZE_AFTER, EXISTING_COUNT_AFTER, EXISTING_COUNT_BEFORE, KNOWN_SET_BEFORE, SIZE_UNITS, STRUCTURAL_NOUN, normalise_unit,
    unit_alternation,
)
from .lexicon import NAMED_SET_BEFORE, PLAN_YEAR_CLAUSE, SET_FINISHED_AFTER, PASSIVE_SET_AFTER, PASSIVE_SET_BEFORE, SIZE_CLASS_ENTITY, TRIGGER_AFTER, TRIGGER_BEFORE, COUNT_FLOOR, DURATION_BOUND, DURATION_LABEL, ONE_MEASURE_UNITS, WHOLE_OUT_OF

_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?"
# masking characters: X, *, and the multiplication sign some bureaus type for it (××%)
_MASK = r"(?:\d+[X*×]+|[X*×]+)(?:\.[X*×\d]+)?"
# Chinese numerals, with a decimal point written 点 ("零点五", "四十二点三")
# (万 inside a numeral that goes on after it is part of the number: "四万三千多辆" is 43000 辆, while "两万辆次" before
# a unit keeps 万 in the unit, 2 万辆次, as digits do: "2万辆次")
_CN = (r"(?:[零〇一二两三四五六七八九十百千]+万(?=[零〇一二两三四五六七八九十百千])[零〇一二两三四五六七八九十百千]+"
       r"|[零〇一二两三四五六七八九十百千]+点[零〇一二三四五六七八九]+|[零〇一二两三四五六七八九十百千]+?)")
_NUMBER = rf"(?:{_MASK}|{_DIGITS}|{_CN})"

QUANTITY = re.compile(
    rf"(?<![A-Za-z\d.第])(?P<num>{_NUMBER})"
    rf"(?:\s*[-~～—至到]\s*(?P<num2>{_NUMBER}))?"
    r"(?P<approx>余|多)?"
    rf"(?P<unit>{unit_alternation()})"
)
PERCENT_WORDS = re.compile(r"百分之(?P<num>[零一二两三四五六七八九十百]+(?:点[零一二三四五六七八九]+)?|\d+(?:\.\d+)?)")
# "达到百分之百": cn2an reads 一百, not a bare 百
RANK = re.compile(
    r"(?P<dir>倒数第|倒数|倒|后|第)(?P<num>\d+|[X*]+|[一二两三四五六七八九十]+)(?P<unit>位|名)?(?![\d年月日个])"
)
_RANK_CONTEXT = re.compile(r"全国|全省|全市|全区|排名|名次|位次|退出|不(?:进入|落入|跌入)")
# "确保不进入后三位", "避免落入后5名": staying out of the bottom N is 退出后N
_NOT_INTO = re.compile(r"(?:不|避免|防止)(?:进入|落入|跌入|进)$")
# ... and any negated placing, spoken or written: "绝不能排全市倒数第一", "水质排名不能落到全省后十位",
# "坚决不当倒数第二": the place named is one to stay out of (倒数第N or 后N → 退出后N)
_NOT_PLACED = re.compile(
    r"(?:不|避免|防止|杜绝|摆脱)(?:能|得|准|要|再|许|允许|可)?(?:进入|落入|跌入|进|排|排在|排名|落到|落在|掉到|掉入|跌到|当|成为|拿|"
    # (spoken moves down a ranking: "最低也不能退到第8位以后", "不能滑到第十名之后")
    r"退到|退至|退居|滑到|滑落到|降到|降至)"
    r"[^，。；\d]{0,6}$"
)
# "保持全省第一", "力争全市第二": a place to keep or reach is a rank target (that place or better)
# ... and any place a modal assigns: "全省排名要稳住第9位", "必须守住全市第三" (not "不要…", a negated placing)
_HOLD_PLACE = re.compile(
    r"(?:保持|稳居|稳定在|稳住|守住|保住|争创|争取|力争|确保|继续|巩固)[^，。；\d]{0,6}$"
    r"|(?<![不主重纲摘简提概只需想首紧])(?:要|须|必须|务必|应当?)[\u4e00-\u9fff]{1,6}$"
)
# "不能退到第8位以后": a place below which the ranking must not fall — that place or better (a floor)
_BELOW_PLACE = re.compile(r"\s*(?:以后|之后|以外|开外|以下)")
# "确保不再排名全市末位", "摆脱末位": the last place is the bottom 1, left like 退出后1
LAST_PLACE_EXIT = re.compile(r"(?:不再|退出|摆脱|避免|防止|不(?:进入|落入|排))[^，。；\d]{0,6}?(?:末位|末名|最后一名)")
# "目标就三个", "任务有五项": counting one's own aims structures the text
# (a link word is needed: "明确整改任务72项" counts tasks, it does not structure the speech)
STRUCTURE_SUBJECT = re.compile(
    r"(?:目标|任务|要求|重点|事|意见|建议|措施|原则)(?:的)?(?:主要|概括起来|归纳起来|总的)?(?:就是|就有|就|有|是|共|一共)(?:这)?$"
)
WATER_CLASS = re.compile(r"(?<!劣)(?P<num>Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|III|II|IV|I|V|[一二三四五]|[1-5])\s*类")
AIR_STANDARD = re.compile(r"(?P<num>[一二]|[12])级(?:[AB])?(?=标准|浓度限值|空气质量标准)")
# 清零 / 归零, 零 as the complement of 为/是/降到 ("黑臭水体数量为零"; not 零增长, 零星), and
# "不发生一起…" (not a single case: a zero cap).
ZERO_WORDS = re.compile(
    r"清零|归零|(?<=[为是到至])零(?![增星售点散容距的])|不(?:发生|出现)(?:一起|一例|一处|一次|一个|一宗|一家)"
    # spoken: "火点一个都不能让它抓到", "一起也不准发生" (not "一个都不能少": none may be missing)
    r"|(?<![\d十])一(?:个|起|处|例|次|户|家)(?:都|也)(?:不能|不许|不准|不得|不要|没有)(?:让|被|发生|出现|有)"
    # any "not a single one may …": 一 + a classifier, a noun, 都/也 + a prohibition ("一把火都不能点",
    # "一起事故也不允许出") — but not "may not be missing / let off" (一户都不能少 / 漏 / 放过: all of them)
    r"|(?<![\d十百千万])一(?![律定直切般致些样同再旦点])[\u4e00-\u9fff][\u4e00-\u9fff]{0,10}?(?:都|也)"
    # ... nor "may not be put off / cut / given up" (一件都不能拖, 一项都不能打折扣, 一个微克都不能让: every one in full —
    # 让 with no object after it concedes; "一个都不能让它抓到" lets something happen, a zero cap)
    r"(?:绝|决|坚决)?(?:不能|不许|不准|不得|不要|不允许|不可以?|没有)(?!少|落|漏|掉|缺|丢|放|遗|错|松|拉|停|拖|延|打折|含糊|马虎|懈怠|退|"
    r"让\s*(?:$|[，。；！？!?”」]))"
    # "绝不能出现一个劣V类断面", "不得新增一处": a prohibited occurrence of a single case
    r"|不(?:能|得|准|许|允许|再)(?:发生|出现|新增|发现)一(?:起|例|处|次|个|家|宗)"
    # "实现零火点", "确保零事故" (not 零容忍, 零距离, 零增长)
    r"|(?:(?<=实现|做到|确保|保持|力争|争取)|(?<=实现“|做到“|确保“|保持“|力争“|争取“)|(?<=实现\"|做到\"|确保\"|保持\"|力争\"|争取\"))"
    r"零(?=[\u4e00-\u9fff])(?!容忍|距离|增长|星|售|散|点|碳|废|的|突破)"
    # a zero stressed in quotes after what it counts ("考点周边噪声投诉“零发生”", "实现“零排放”", fourteenth round): a cap,
    # not a name — the quotes hold only 零 and a word of one to three characters (text.quoted_spans keeps it a value)
    r"|(?<=[\u4e00-\u9fff][“\"])零(?=[\u4e00-\u9fff]{1,3}[”\"])(?!容忍|距离|增长|星|售|散|点|碳|废|的|突破|门槛|库存)"
    # a prohibited occurrence named with no count, closing its clause ("不得出现劣Ⅴ类月份", "严禁出现黑臭水体",
    # fourteenth round): none of it, a zero cap
    r"|(?<=不得出现|不能出现|严禁出现|杜绝出现)[^，。；\d]{2,10}?(?=$|[，。；])"
    # a zero in digits as the complement of 为/是/降到, closing the clause ("劣Ⅴ类断面比例为0")
    r"|(?<=[为是到至])0(?![\d.%])(?=\s*(?:$|[，。；、）)\n]))"
)
# A zero word naming the fruit of a clearance already made ("巩固…清零成果", "清零成效"): what was achieved and is
# to be kept — an aim with no figure (gold rule 2), no cap (eleventh round)
ZERO_ACHIEVED_AFTER = re.compile(r"”?(?:的)?(?:成果|成效|战果)")
# N成 is N×10 % ("处理率九成以上"), only when a comparator word or the clause's end follows,
# so 成为, 成效, 建成 are left alone.
TENTHS = re.compile(r"(?<![\d一二三四五六七八九十])(?P<num>[一二三四五六七八九]|\d)成(?P<half>半)?(?=以上|以下|左右|$|[，。；、\s])")
# 一半 is 50 % ("屋顶光伏覆盖面积力争达到一半以上"), on the same terms as N成 (not "一半以上的时间用于…" mid-clause)
HALF = re.compile(r"(?<![\d一二三四五六七八九十])一半(?=以上|以下|左右|$|[，。；、\s])")
# A top rank (进入全省前五, 稳定在全国前10位): must be named as a ranking just before.
# (masked too: "进入全市前＊名")
TOP_RANK = re.compile(r"前(?P<num>\d+|[X*×]+|[一二两三四五六七八九十]+)(?:名|位)?(?![\d个季月年天批项周日])")
# ... or a stretch aim for one ("进入前8名 力争前5名": 力争 repeats the ranking just named)
_TOP_CONTEXT = re.compile(r"全国|全省|全市|排名|名次|位次|进入|位居|位列|稳定在|保持在|力争|争取|确保|跻身|争创")
# A frequency floor ("每季度至少检查1次", "不少于两次"): 次 counts only after a bound, since
# "通报一次", "第3次" are not values.
FREQUENCY = re.compile(
    # (遍, a pass, likewise: "每天不少于三遍", fourteenth round)
    r"(?:至少|不少于|不低于)[\u4e00-\u9fff]{0,4}?(?P<num>\d+|[一二两三四五六七八九十]+)(?P<unit>次|遍)"
    # ... or an added frequency with its own bound after it ("保洁频次在日常基础上增加1次以上", fourteenth round)
    r"|(?<=增加|提高|增至|提升)(?P<num3>\d+|[一二两三四五六七八九十]+)(?P<unit3>次|遍)(?=以上)"
    # ... or a cadence written in digits ("每月开展1次全指标监测", "每周巡查2次"): a stated
    # frequency, a floor. "每月通报一次" in words is prose, not a figure to track.
    r"|每(?:个|[两三四五六]个?)?(?:日|天|月|季度|季|周|年|半年|半月|旬)[\u4e00-\u9fff]{0,8}?(?P<num2>\d+)(?P<unit2>次)"
    # ... or a cap on how often ("补正材料原则上不超过1次", "跑动次数压减至0次", sixteenth round): a bound that caps,
    # or a cut to a level, right before the count of times
    r"|(?:不(?:得|能|应)?(?:超过|多于)|最多|(?<=次数)(?:压减|减少|压缩|降低?|控制)(?:到|至|在))"
    r"(?P<num4>\d+|[一二两三四五六七八九十]+)(?P<unit4>次)"
    # ... or a part of a bounded frequency just counted ("演练不少于2次，其中市级综合演练1次", sixteenth round), in digits
    r"|(?<![\u4e00-\u9fff])其中[\u4e00-\u9fff]{1,12}?(?P<num5>\d+)(?P<unit5>次)(?![数])"
    # ... or a count for each of the times or units named before 各, in digits ("在夏收、秋收前各组织1次农机手培训",
    # eighteenth round): how many each must hold
    r"|(?<=各)(?:组织|开展|举办|进行|实施)(?P<num6>\d+)(?P<unit6>次|遍)"
    # ... or after a verb of holding and two or more activities, 各 right before the count ("组织管理评审和内部审核各1次",
    # nineteenth round): one each (extractor._for_each_metric splits the activities)
    r"|(?:组织|开展|举办|进行|实施)[\u4e00-\u9fff]{2,12}?[和、及与][\u4e00-\u9fff]{2,12}?各(?P<num7>\d+)(?P<unit7>次|遍)"
)
# A cap on a duration ("办结时间压缩到3个工作日以内", "响应时间缩短至2小时"): a duration is
# normally a deadline, but after 时间/时限 + 压缩/缩短/控制到 it is the value a target sets.
DURATION_CAP = re.compile(
    # (nineteenth round: a term and an interval, "整改期限不超过6个月", "每场间隔不超过两个月", and a named period X期 right
    # before its bound, "公示期不少于7个工作日")
    r"(?:(?:时间|时限|期限|周期|用时|时长|间隔|(?<=[\u4e00-\u9fff])期(?=不|最长|至少))[^，。；\d]{0,4}?"
    r"(?:(?:压缩|缩短|控制|减少|降低?)(?:到|至|在)"
    # ... from a former length ("办结时间由原来的7个工作日压缩至5个工作日以内", fourteenth round)
    r"|(?:由|从)(?:原来的|原先的|现在的|目前的|现行的)?\d+(?:个工作日|工作日|个小时|小时|天|日|分钟)(?:压缩|缩短|减少|降低?)(?:到|至)"
    # ... or bounded: "办结时限不超过5个工作日", "响应时间不得超过2小时"
    r"|不(?:得|能|应)?(?:超过|多于|大于|长于)|最长(?:不超过)?"
    # ... or floored: "每次开放时间不少于2小时", "培训时长不低于3天" (fifteenth round; a duration to reach, a value)
    r"|不(?:得|能|应)?(?:少于|低于|短于)|至少)"
    # ... or capped by a bound symbol, as an indicator table's cell writes it ("≤2小时"): no deadline is written so
    r"|(?:≤|<=|＜)\s*)"
    # (sixteenth round: years and months too, "贮存时间原则上不超过一年" — never a calendar year, "控制在2026年")
    r"(?!\d{3,}年)(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九十]+)(?P<unit>个工作日|工作日|个小时|小时|天|日|分钟|年|个月)"
)
@functools.lru_cache(maxsize=8)
def duration_caps(text: str) -> list[re.Match]:
    """The duration caps of ``text``: DURATION_CAP's, and the bound durations of a sentence under a time-limit label."""
    found = list(DURATION_CAP.finditer(text))
    for label in DURATION_LABEL.finditer(text):
        end = next((m.start() for m in re.finditer(r"[。；！？\n]", text[label.end():])), len(text) - label.end())
        for match in DURATION_BOUND.finditer(text, label.end(), label.end() + end):
            if not any(m.start() <= match.start() < m.end() for m in found):
                found.append(match)
    return sorted(found, key=lambda m: m.start())
# A score (分) is a value only where the clause names a score: "考核得分均须达到80分以上", "满意度测评不低于
# 90分" — 分 alone starts too many words (分别, 分类, 分解, 分局, 分钟) to be a unit everywhere.
SCORE = re.compile(
    r"(?:得分|评分|分数|分值|打分|考核|测评|评价|评估|满意度)[^，。；]{0,10}?(?P<num>\d+(?:\.\d+)?|[X*×]+)分"
    r"(?![钟别类解局贝析批期布散管片区级数值项])"
)
# A duration's written unit and the unit it is reported in ("60日" → 天, "2个小时" → 小时)
DURATION_UNITS = {"个工作日": "个工作日", "工作日": "个工作日", "个小时": "小时", "小时": "小时", "天": "天", "日": "天",
                  "分钟": "分钟", "年": "年", "个月": "个月"}
# 由A提高到B: A is the baseline of the target B, not a target itself.
_BASELINE_BEFORE = re.compile(r"(?:由|从)[^，。；由从]{0,8}$")
_BASELINE_BETWEEN = re.compile(
    r"^(?:的水平)?(?:提高|提升|增加|增长|上升|下降|降低|减少|压减|改善|升|降|扩大|缩小)?(?:到|至)"
)
# 比/较 + a period + 的 + A + a change verb + B: A is the level compared with, B the change
# ("比去年同期的30.0微克/立方米下降6%"): A is the baseline of B, not a figure of its own.
_COMPARED_BEFORE = re.compile(r"(?:比|较|与|同)[^，。；比较]{0,8}的$")
# (a modal may sit between, in speech: "比去年同期的54.3微克要下降8.2%")
# (and "比去年同期的27.5微克还要低5.1%": 还/再 + a bare 低/高 compares too)
_CHANGE_BETWEEN = re.compile(
    r"^(?:的水平)?(?:还|再)?(?:要|需要?|必须|务必|应|将|力争|确保)?(?:再)?"
    r"(?:提高|提升|增加|增长|上升|下降|降低|减少|压减|改善|削减|低|高)了?$"
)
# A range written with the unit on both bounds ("70%～75%"): one value.
_RANGE_BETWEEN = re.compile(r"^\s*[-~～—－至到]\s*$")
# A unit character that starts a longer word is not a unit: 项目, 个人, 台账, 处理, 名单…
_NOT_A_UNIT = {
    "项": "目", "个": "人体别案", "家": "庭园乡长", "台": "账阶", "处": "理置罚于在", "条": "件例款",
    "件": "事", "名": "单称录额", "人": "员民才大", "天": "然气空", "所": "有以在属", "户": "籍口外",
    "张": "家贴", "元": "素旦", "种": "植类子苗养草", "座": "谈", "宗": "旨教",
    # 期 of a project's phase: "二期工程", "三期扩建", "一期改造" (not training sessions: "培训4期")
    "期": "工项间末限望待货刊内满扩改续提",
    # 场 of a place: "场所", "场地", "场界", "场站" (not events held)
    "场": "所地界站景馆区次",
}

# a figure per unit written with the denominator first, earlier in the same sentence (fourteenth round)
_PER_UNIT_EARLIER = re.compile(r"每(?P<den>平方米|立方米|升)[^。；！？\n]{0,8}?毫克[^。；！？\n]*$")

_ROMAN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}


@dataclass(frozen=True)
class ValueMention:
    """A value found in the normalised text, [start, end) covering number and unit.

    ``kind`` is quantity, rank (倒数第N), exit_rank (退出后N), top_rank (前N), class,
    zero, existing (a count of what is left or exists: "剩余8个问题", "现有的12台") or remainder (what is left, finished
    by a date in the same clause: "剩余3项要在10月31日前全部完成整改", a target); ``low`` is the lower bound of a range ("30-35微克"), ``value`` the upper one;
    ``baseline`` the starting level of "由A提高到B" (A).
    """

    start: int
    end: int
    value: float | None
    masked: bool
    unit: str | None
    kind: str
    low: float | None = None
    baseline: float | None = None


def parse_number(written: str) -> tuple[float | None, bool]:
    """(value, masked) for a number as written: "23", "2.86", "十五", "X", "**.**"."""
    if re.search(r"[X*×]", written):
        return None, True
    if re.fullmatch(_DIGITS, written):
        return float(written.replace(",", "")), False
    try:
        return float(cn2an.cn2an(written, "smart")), False
    except (ValueError, KeyError, TypeError):
        return None, False


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


# A bound written as a symbol before a bare number: "澄源市≤34" (the unit in the caption above)
SYMBOL_BOUND = re.compile(r"(?:≤|≥|<=|>=|＜|＞|<|>)\s*(?P<num>\d+(?:\.\d+)?|[X*×]+)(?![\d.])")


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def find_values(text: str, start: int, end: int, excluded: list[tuple[int, int]], scope: str = "",
                caption_unit: str | None = None, topic: str = "") -> list[ValueMention]:
    """Values in ``text[start:end]`` (one clause), skipping the ``excluded`` spans.

    ``scope`` is what the clause stands under when it is a table's cell: the row and the table's
    caption or header ("…目标水质类别…"), which say that a bare "Ⅱ类" cell is a water class.
    ``caption_unit`` is the unit a caption above gives ("（单位：微克/立方米）"): a bare number after a
    bound symbol ("≤34") is a value in that unit."""
    found: list[ValueMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken) and not _inside(a, excluded)

    def add(mention: ValueMention) -> None:
        found.append(mention)
        taken.append((mention.start, mention.end))

    clause = text[start:end]
    for match in RANK.finditer(text, start, end):
        before = text[max(start, match.start() - 12):match.start()]
        direction = match["dir"]
        # (a negated placing names a ranking by itself: "最低也不能退到第8位以后")
        # (... and a ranking named as the sentence's topic just before the clause: "全市排名，要确保前三、力争第一")
        topic = re.split(r"[。！？；\n]", text[max(0, start - 12):start])[-1]
        named = _RANK_CONTEXT.search(before + direction) or (
            direction == "第" and _HOLD_PLACE.search(before) and re.search(r"排名|名次|位次", topic))
        if not (named or _NOT_PLACED.search(before)) or not free(match.start(), match.end()):
            continue
        value, masked = parse_number(match["num"])
        if value is None and not masked:
            continue
        if direction == "后" and ("退出" in before or _NOT_INTO.search(before)):
            add(ValueMention(match.start(), match.end(), value, masked, "名", "exit_rank"))
        elif direction in ("后", "倒数第", "倒数", "倒") and _NOT_PLACED.search(before):
            add(ValueMention(match.start(), match.end(), value, masked, "名", "exit_rank"))
        elif direction == "第" and _NOT_PLACED.search(before) and _BELOW_PLACE.match(text, match.end(), end):
            add(ValueMention(match.start(), match.end(), value, masked, "名", "top_rank"))
        elif direction == "第" and (_HOLD_PLACE.search(before) or RANK_FLOOR_BEFORE.search(before)):
            add(ValueMention(match.start(), match.end(), value, masked, "名", "top_rank"))
        elif direction in ("倒数第", "倒数", "倒") or (direction == "第" and re.search(r"排名|位列|位居|全国|全省$", before)):
            add(ValueMention(match.start(), match.end(), value, masked, "名", "rank"))
    for match in LAST_PLACE_EXIT.finditer(text, start, end):
        if free(match.start(), match.end()):
            add(ValueMention(match.start(), match.end(), 1.0, False, "名", "exit_rank"))
    for match in TOP_RANK.finditer(text, start, end):
        before = text[max(start, match.start() - 12):match.start()]
        if not _TOP_CONTEXT.search(before) or not free(match.start(), match.end()):
            continue
        value, masked = parse_number(match["num"])
        if value is not None or masked:
            add(ValueMention(match.start(), match.end(), value, masked, "名", "top_rank"))
    # (a cap whose label opens the clause before, "技术评估时限：报告书不超过20个工作日", is this clause's: its figure is here)
    caps = [m for m in duration_caps(text) if m.start("num") >= start and m.end() <= end]
    for matches, units in ((caps, DURATION_UNITS), (FREQUENCY.finditer(text, start, end), {"次": "次", "遍": "遍"})):
        for match in matches:
            group = next(g for g in ("num", "num2", "num3", "num4", "num5", "num6", "num7") if match.groupdict().get(g))
            if group == "num2" and MEETING_CADENCE.match(text, match.end(), end) \
                    and re.search(r"召开|举行|举办|开", text[match.start():match.start(group)]):
                continue  # "双方每季度召开1次联席会议": how often a body meets, a working routine (fourteenth round)
            value, masked = parse_number(match[group])
            if value is not None and free(match.start(group), match.end()):
                unit = match["unit" + group[3:]]  # each numN has its unitN in the same alternative
                add(ValueMention(match.start(group), match.end(), value, False, units[unit], "quantity"))
    for match in SCORE.finditer(text, start, end):
        value, masked = parse_number(match["num"])
        if (value is not None or masked) and free(match.start("num"), match.end()):
            add(ValueMention(match.start("num"), match.end(), value, masked, "分", "quantity"))
    for match in TENTHS.finditer(text, start, end):
        value, masked = parse_number(match["num"])
        if value is not None and free(match.start(), match.end()):
            add(ValueMention(match.start(), match.end(), value * 10 + (5 if match["half"] else 0), False, "%", "quantity"))
    for match in HALF.finditer(text, start, end):
        if free(match.start(), match.end()):
            add(ValueMention(match.start(), match.end(), 50.0, False, "%", "quantity"))
    for match in PERCENT_WORDS.finditer(text, start, end):
        value, masked = parse_number("一百" if match["num"] == "百" else match["num"])
        if value is not None and free(match.start(), match.end()):
            add(ValueMention(match.start(), match.end(), value, masked, "%", "quantity"))
    for match in QUANTITY.finditer(text, start, end):
        unit = normalise_unit(match["unit"])
        if unit is None or not free(match.start(), match.end()):
            continue
        if text[match.end():match.end() + 1] and text[match.end()] in _NOT_A_UNIT.get(match["unit"], ""):
            continue
        per = PER_UNIT_BEFORE.search(text, start, match.start()) if unit in PER_UNIT_MASS else None
        if per is None and unit == "毫克":
            # "…每立方米十毫克以下，氮氧化物五十毫克以下": a bare 毫克 shares the denominator of the one just before it
            per = _PER_UNIT_EARLIER.search(text, max(0, start - 40), start)
        if per is not None:
            unit = f"{unit}/{per['den']}"  # "每平方米**克": 克/平方米
        elif unit in ("克", "毫克"):
            continue
        written = match["num"]
        if written in ("一", "〇", "零") and unit != "%" and not (written == "一" and unit.startswith(("万", "亿"))) \
                and not (written == "一" and unit in ONE_MEASURE_UNITS and not re.match(r"\s*(?:都|也)", text[match.end():end])):
            # ("再降一个微克" is one; "一个微克都不能让", "一个微克都是…" stress every one, no figure)
            continue  # "一个新台阶": an article, not a count (but "不少于一万亩" is 1 万亩, fifteenth round)
        if unit == "个" and re.match(r"(?:优良|达标|污染|重污染|蓝天)天(?!然|气|空)", text[match.end():end]):
            unit = "天"  # spoken: "至少还要拿下24个优良天" counts days
        if unit == "期" and (PHASE_AFTER.match(text, match.end(), end) or PHASE_BEFORE.search(text, start, match.start())):
            continue  # "完成二期主体工程": a project's phase
        if unit == "轮" and not re.match(r"\d", written) and not re.search(r"(?:不少于|至少|不低于)$", text[start:match.start()]):
            continue  # "开展一轮“回头看”", "三轮次监督帮扶": rounds in words are prose
        if unit in COUNT_UNITS and LIST_SIZE.search(text[max(start, match.start() - 4):match.start()]) \
                and LIST_SIZE_AFTER.match(text[match.end():_line_end(text, match.end())]):
            continue  # "…任务清单（共8项）": the size of the list the title heads
        if unit in ("场", "场次", "卷") and not re.match(r"\d|[X*×]", written):
            continue  # "打好三场硬仗": battles in words are prose; "直播不少于12场" counts events (fifteenth round)
        if unit == "种" and not re.match(r"\d", written):
            continue  # "两种模式", "三种情形": ways and cases, not kinds counted
        if re.fullmatch(r"[百千]+", written):
            continue  # "千家万户", "百家": idioms
        if unit in ("天",) and (text[match.end():match.end() + 1] == "内" or text[match.end():match.end() + 2] == "之内"):
            continue  # "15天内", "三天之内报到…" (fourteenth round): a deadline
        if unit == "份" and (not re.match(r"\d|[X*×]", written) or re.search(r"(?:一式|各执|印|执)[^，。；]{0,2}$",
                                                                             text[start:match.start()])):
            continue  # "本协议一式六份", "各执两份", "（共印30份）": copies of the document itself, no figure (fourteenth round)
        if STRUCTURAL_NOUN.match(text[match.end():end]):
            continue
        if unit in COUNT_UNITS and STRUCTURE_SUBJECT.search(text[start:match.start()]) \
                and not text[match.end():end].strip(" \n。！？!?…"):
            continue
        value, masked = parse_number(written)
        if value is None and not masked:
            continue
        if value is not None and unit in WAN_REPORTED_UNITS and re.fullmatch(r"[零〇一二两三四五六七八九十百千]+万[零〇一二两三四五六七八九十百千]+", written):
            # "一万五千亩": an area in 亩 is reported in 万亩 (1.5 万亩), as "五万亩" is (fifteenth round)
            value, unit = value / 10000, "万" + unit
        low = None
        if match["num2"]:
            high, high_masked = parse_number(match["num2"])
            low, value, masked = value, high, masked or high_masked
        kind = "quantity"
        # (days too: "还剩114天", "剩下这114天" are what is left of a period, not days to reach)
        existing = EXISTING_COUNT_BEFORE.search(text[start:match.start()]) if unit in COUNT_UNITS | {"天"} else None
        before = text[start:match.start()]
        if (existing and not COMPLETE_WORDS.search(text[start:start + existing.start()])) or (
            unit in COUNT_UNITS and EXISTING_COUNT_AFTER.match(text, match.end(), end)
            and not COMPLETE_WORDS.search(before)
        ) or (
            # "把这12个点位全部盖上", "上述8家企业均要…": a set already named, all of it dealt with
            unit in COUNT_UNITS and KNOWN_SET_BEFORE.search(before) and re.search(r"全部|均|都|一律", text[match.end():end])
        ) or (
            unit in COUNT_UNITS | AREA_UNITS and (named := REMAINING_NAMED_BEFORE.search(before))
            and not re.search(r"为|是|控制", before[-6:])
            # (after a doing verb the marker names its object, as for EXISTING_COUNT_BEFORE:
            # "完成排查发现的1260处混接错接点改造" sets 1260 to fix)
            and not COMPLETE_WORDS.search(before[:named.start()])
            # (... and after the scope word 对: "对2025年检查中发现问题的37家企业，全部纳入重点复查名单" — the set a task
            # deals with, gold rule 3, fourteenth round)
            and not re.search(r"对(?!比|照|于)", before[:named.start()])
        ) or REMAINDER_AFTER.match(text, match.end(), end):
            # the count is the topic ("其余5个问题务必…完成"), not the object of a doing verb
            # ("完成剩余3台燃煤锅炉淘汰" sets 3 as the figure to reach)
            kind = "existing"
            if unit in COUNT_UNITS and REMAINDER_COUNT_BEFORE.search(before) and DEADLINE.search(text, start, end):
                # "剩余3项问题要在10月31日前全部完成整改": the remainder is what the dated clause finishes, a target
                kind = "remainder"
            elif unit in COUNT_UNITS and UNDONE_COUNT_BEFORE.search(before) \
                    and UNDONE_FINISHED_AFTER.match(text, match.end(), end) \
                    and (DEADLINE.search(text, start, end) or (scope and DEADLINE.search(scope))):
                # "尚未整改的8个隐患点位全部完成整改<tab>6月30日前": what is not yet done, finished in full in the same
                # clause by a date of its own or of its table row's deadline cell, is a remainder (fifteenth round)
                kind = "remainder"
            elif unit in COUNT_UNITS and NAMED_SET_BEFORE.search(before) and not re.search(r"\d", before) \
                    and SET_FINISHED_AFTER.match(text, match.end(), end) and PLAN_YEAR_CLAUSE.search(topic):
                # "2026年，纳入名单的23家企业全部完成清洁生产审核评估": a set the plan names by a relative clause, all of it
                # finished under the year a clause of its own sets, is the task's scope — a target `=` (eighteenth round;
                # the set's own origin year inside the clause, "2025年排查发现的17处…全部整改销号", stays the current state)
                kind = "remainder"
        add(ValueMention(match.start(), match.end(), value, masked, unit, kind, low))
    if caption_unit:
        for match in SYMBOL_BOUND.finditer(text, start, end):
            value, masked = parse_number(match["num"])
            if (value is not None or masked) and free(match.start("num"), match.end()) \
                    and not QUANTITY.match(text, match.start("num")):
                add(ValueMention(match.start("num"), match.end(), value, masked, caption_unit, "quantity"))
    has_quantity = bool(found)
    watery = re.search(r"水|断面", clause + scope)
    # (fourteenth round) a section named as the sentence's topic in a clause before ("南关河出境断面，明年要稳定在四类，
    # 后年要到三类"): a class that closes its own clause is that section's water class
    topical = not watery and bool(re.search(r"断面|水质", topic))
    if not has_quantity or watery or topical:
        for match in WATER_CLASS.finditer(text, start, end):
            if topical and not re.match(r"\s*(?:水质|标准|水平)?[\s。；！？!?]*$", text[match.end():end]):
                continue
            # (a limit in brackets after the class adds to it: "Ⅲ类（总磷≤0.05mg/L）")
            later = [m for m in found if m.start >= match.end() and m.kind == "quantity"
                     and not re.match(r"\s*[（(][^）)]*$", text[match.end():m.start])]
            if later or not (watery or topical) or not free(match.start(), match.end()) \
                    or re.match(r"[^，。；\d]{0,8}?(?:比例|比率)", text[match.end():end]):
                continue  # "Ⅲ类比例达到100%", "Ⅴ类水体比例为零": the class qualifies the share
            if re.match(r"\s*(?:及以下|及以上|以下|以上)?(?:及|和|或|、)劣", text[match.end():end]) or (
                re.match(r"\s*(?:及以下|及以上)?(?:水体|断面)", text[match.end():end])
                and re.search(r"消除|清零|整治|治理", text[match.end():end])
            ) or re.search(r"(?:消除|消灭|清零)[^，。；\d]{0,3}$", text[start:match.start()]):
                continue  # "Ⅴ类及劣Ⅴ类水体全面消除": the class names what is removed, no level to reach
            num = match["num"]
            value = float(_ROMAN.get(num) or (int(num) if num.isdigit() else cn2an.cn2an(num, "smart")))
            add(ValueMention(match.start(), match.end(), value, False, "类", "class"))
    for match in AIR_STANDARD.finditer(text, start, end):
        if free(match.start(), match.end()):
            num = match["num"]
            value = float(int(num) if num.isdigit() else cn2an.cn2an(num, "smart"))
            add(ValueMention(match.start(), match.end(), value, False, "级", "class"))
    for match in ZERO_WORDS.finditer(text, start, end):
        if re.search(r"再[^，。；]{1,6}也(?:要|会|得|将|是)?$", text[start:match.start()]):
            continue  # "其他工作干得再好也要清零": a concessive's consequence (all counts for nothing), no cap
        if ZERO_ACHIEVED_AFTER.match(text, match.end(), end):
            continue  # "持续巩固劣Ⅴ类水体清零成果": the fruit of a zero already reached, to keep, no new cap
        if free(match.start(), match.end()):
            # "一天都不能出现" caps days; a share or rate at zero is 0 % ("劣Ⅴ类断面比例为零"); other
            # zero caps count cases
            noun = ZERO_CAP_NOUN.search(text, start, match.start())
            unit = "天" if re.match(r"一天", match.group(0)) else \
                "%" if re.search(r"(?:比例|比率|率)[^，。；]{0,4}$", text[start:match.start()]) else \
                ZERO_CAP_UNIT[noun["noun"]] if noun else "个"
            add(ValueMention(match.start(), match.end(), 0.0, False, unit, "zero"))
    found.sort(key=lambda m: m.start)
    # "全国168个重点城市排名退出后20位": the count is the field of the ranking, not a figure
    found = [m for i, m in enumerate(found)
             if not (m.unit in COUNT_UNITS and m.kind in ("quantity", "existing", "remainder")
                     and any(n.kind in ("rank", "exit_rank", "top_rank") for n in found[i + 1:])
                     and re.match(r"[\u4e00-\u9fff]{0,8}?(?:城市|设区市|县区|县（市、区）|县市区|区县|地市|市州|乡镇|街道)",
                                  text[m.end:end]))]
    # "12个断面中至少要有11个达到或优于Ⅲ类": a count closed by 中 is the whole a later count of the same unit, with a floor of
    # its own, is taken out of — the part is the figure (seventeenth round; a result keeps both, "15个国考断面中水质优良断面13个")
    found = [m for i, m in enumerate(found)
             if not (m.unit in COUNT_UNITS and m.kind == "quantity"
                     and WHOLE_OUT_OF.match(text, m.end, end)
                     and any(n.unit == m.unit and COUNT_FLOOR.search(text, max(0, n.start - 6), n.start)
                             for n in found[i + 1:]))]
    found = [m for m in found if not (CONDITION_BEFORE.search(text[start:m.start]) and CONDITION_AFTER.match(text[m.end:end]))]
    found = [m for m in found if not (TRIGGER_BEFORE.search(text[start:m.start]) and TRIGGER_AFTER.match(text[m.end:end]))]
    found = [m for m in found if not (m.unit in COUNT_UNITS and PASSIVE_SET_BEFORE.search(text[start:m.start])
                                      and PASSIVE_SET_AFTER.match(text[m.end:end]))]
    return _drop_size_classes(text, _drop_qualifying_counts(text, _join_ranges_and_baselines(text, found)))


_SIZE_CLASS_GAP = re.compile(r"^及?(?:以上|以下)(?P<noun>[\u4e00-\u9fff]{1,12})$")
_SIZE_CLASS_NOUN = re.compile(r"^及?(?:以上|以下)(?![的，。；、]|水平|目标)[\u4e00-\u9fff]")
# ... but an area closed by 以上 and then a link or a verb is the figure itself ("新建高标准农田1万亩以上并完成验收")
_SIZE_CLASS_LINK = re.compile(r"^及?(?:以上|以下)(?:并|且|或|和|同时|要|须|确保|力争|达到|完成|任务|工作量)")
_VERBISH = re.compile(r"达到|控制|提高|下降|降低|完成|实现|不|为|是|在|要|确保|力争|保持|超过|减少|增加|改善")


def _drop_size_classes(text: str, mentions: list[ValueMention]) -> list[ValueMention]:
    """Drop a value that only names a size class of what is counted next.

    "淘汰35蒸吨以下燃煤锅炉12台" counts boilers (12); "35蒸吨以下" says which boilers. A value
    closed by 以上/以下 and followed by a bare noun — no verb, no separator — up to the next
    value is such a class."""
    kept = []
    for index, mention in enumerate(mentions):
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if following is not None and mention.kind == "quantity":
            gap = _SIZE_CLASS_GAP.match(text[mention.end:following.start])
            if gap and not _VERBISH.search(gap["noun"]):
                continue
        if mention.unit in SIZE_UNITS and _SIZE_CLASS_NOUN.match(text[mention.end:]):
            continue  # "不得新建35蒸吨以下燃煤锅炉": a capacity class names the equipment, with or without a count
        if mention.unit in AREA_UNITS and _SIZE_CLASS_NOUN.match(text[mention.end:]) \
                and not _SIZE_CLASS_LINK.match(text[mention.end:]):
            continue  # "全县50亩以上连片池塘养殖尾水治理设施建设全部完成": a size class names the ponds (or plots, farms)
        if mention.kind == "quantity" and mention.unit != "%" and SIZE_CLASS_ENTITY.match(text, mention.end):
            continue  # "建筑面积5万平方米以上的工地…要在1个月内全部安装": the class names the sites (eighteenth round)
        kept.append(mention)
    return kept


def _join_ranges_and_baselines(text: str, mentions: list[ValueMention]) -> list[ValueMention]:
    """One value for "70%～75%" (a range, both bounds kept), for "由36.2%提高到38%"
    (the target 38 with its baseline 36.2) and for "比去年同期的30.0微克下降6%" (the cut 6 with the
    level it is measured from, 30.0)."""
    joined: list[ValueMention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if previous is not None and previous.kind == mention.kind == "quantity" and previous.unit == mention.unit:
            gap = text[previous.end:mention.start]
            if _RANGE_BETWEEN.match(gap) and not previous.low:
                joined[-1] = ValueMention(previous.start, mention.end, mention.value,
                                          previous.masked or mention.masked, mention.unit, "quantity", previous.value)
                continue
            if _BASELINE_BETWEEN.match(gap) and _BASELINE_BEFORE.search(text[max(0, previous.start - 10):previous.start]):
                joined[-1] = ValueMention(mention.start, mention.end, mention.value, mention.masked, mention.unit,
                                          "quantity", mention.low, previous.value)
                continue
        if previous is not None and previous.kind == mention.kind == "quantity" \
                and _CHANGE_BETWEEN.match(text[previous.end:mention.start]) \
                and _COMPARED_BEFORE.search(text[max(0, previous.start - 12):previous.start]):
            joined[-1] = replace(mention, baseline=previous.value)  # "比去年同期的30.0微克下降6%"
            continue
        joined.append(mention)
    return joined


def _drop_qualifying_counts(text: str, mentions: list[ValueMention]) -> list[ValueMention]:
    """Drop a count that only scopes the rate after it.

    "全市6个国控断面水质优良比例83.3%" states one figure, the share; the 6 sections
    are who it is measured over — as in "确保2个国考断面稳定达到Ⅲ类". A count followed, with no 、 or 和 between, by a rate
    in the same clause is such a scope. A measured amount (0.2毫克/升) or a count closed by
    以上/以下 states its own figure and stays. A count right after a frequency ("每年开展1次109项全分析") names what
    is done each time, no figure of its own.
    """
    kept = []
    bounded_count = None  # a count with a floor of its own, before the class its items reach
    for index, mention in enumerate(mentions):
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if bounded_count is not None and index and mentions[index - 1] is bounded_count and mention.kind == "class":
            continue  # "至少要有11个达到或优于Ⅲ类": the class says what the counted items reach; the count is the figure
        if (
            following is not None
            and mention.kind in ("quantity", "existing", "remainder")
            and mention.unit in COUNT_UNITS
            and (following.unit in ("%", "μg/m³", "mg/m³", "mg/L") or following.kind == "class")
            and not re.search(r"[、和及]|以上|以下|以内|之内", text[mention.end:following.start])
        ):
            if following.kind == "class" and COUNT_FLOOR.search(text, max(0, mention.start - 6), mention.start):
                # (seventeenth round) "12个断面中至少要有11个达到或优于Ⅲ类": a count with a floor of its own is the figure
                bounded_count = mention
                kept.append(mention)
                continue
            continue
        previous = mentions[index - 1] if index else None
        if previous is not None and previous.unit == "次" and previous.end == mention.start \
                and mention.kind == "quantity" and mention.unit in COUNT_UNITS:
            # "每年开展1次109项全分析": a count right after a frequency names what is done each time (the 109-item
            # analysis), the frequency is the figure
            continue
        kept.append(mention)
    return kept
