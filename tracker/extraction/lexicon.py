"""The vocabulary the extractor reads speeches with: metrics, units, markers.

Everything here is data plus tiny lookups, kept apart from the parsing so the bureau can
extend it (a new metric, a new unit, a new way of saying "make sure") without touching
the rules in :mod:`tracker.extraction.extractor`.

* the metric catalogue (指标目录): code, the ways speeches name it, and which way is
  better (concentrations lower, shares of good days higher);
* units (计量单位) as written and their normal form (微克/立方米 → μg/m³, ％ → %);
* markers that tell a commitment (目标) from a report of what already happened (成绩):
  modal verbs such as 确保/力争/要 govern the clauses after them, while 已/截至/今年以来
  mark a figure as achieved; comparator words (以上, 控制在, 下降…) fix the comparator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LOWER_IS_BETTER = "lower"
HIGHER_IS_BETTER = "higher"
NEUTRAL = "neutral"


@dataclass(frozen=True)
class Metric:
    """One entry of the metric catalogue (指标目录).

    ``pattern`` finds the metric's name in a clause; ``direction`` says which way the
    target points when the speech gives no comparator word ("PM2.5 年均浓度 23 微克" is a
    cap, "优良天数比例 91.6%" a floor).
    """

    code: str
    pattern: re.Pattern
    direction: str


def _metric(code: str, pattern: str, direction: str) -> Metric:
    return Metric(code, re.compile(pattern), direction)


# Order matters: the first entry whose name ends closest to the number wins, and on a tie
# the earlier (more specific) entry wins, so "重污染天数比率" is a ratio, not a day count.
METRICS: tuple[Metric, ...] = (
    _metric("inferior_v_share", r"劣\s*(?:V|Ⅴ|五|5)\s*类", LOWER_IS_BETTER),
    _metric(
        "drinking_water_compliance",
        r"饮用水(?:水源地?)?[^，。；]{0,14}?(?:达标率|达标比例|类比例|比例)",
        HIGHER_IS_BETTER,
    ),
    _metric(
        "water_section_share",
        r"(?:断面|水体|水质)[^，。；]{0,16}?(?:优良|达到或优于|好于|优于)[^，。；]{0,10}?(?:比例|比率|率)"
        r"|优良水体比例|水质优良(?:比例|率)|断面水质达标率|优良水质断面比例",
        HIGHER_IS_BETTER,
    ),
    _metric("good_day_ratio", r"优良天数(?:比例|比率|率)?|空气质量优良率", HIGHER_IS_BETTER),
    _metric("heavy_pollution_ratio", r"重(?:度及以上)?污染天(?:数|气)?(?:比率|比例)", LOWER_IS_BETTER),
    _metric("heavy_pollution_days", r"重(?:度及以上)?污染(?:天数|天气)", LOWER_IS_BETTER),
    _metric("pm25", r"PM2\.5|细颗粒物", LOWER_IS_BETTER),
    _metric("pm10", r"PM10|可吸入颗粒物", LOWER_IS_BETTER),
    _metric("o3", r"臭氧|O3(?![0-9])", LOWER_IS_BETTER),
    _metric("no2", r"二氧化氮|NO2", LOWER_IS_BETTER),
    _metric("so2", r"二氧化硫|SO2", LOWER_IS_BETTER),
    _metric("co", r"一氧化碳|(?<![A-Za-z])CO(?![A-Za-z0-9])", LOWER_IS_BETTER),
    _metric("remaining_mean", r"剩余控制值|剩余日均值", LOWER_IS_BETTER),
    _metric("composite_index", r"综合指数", LOWER_IS_BETTER),
    _metric("forest_cover", r"森林覆盖率", HIGHER_IS_BETTER),
    _metric("afforestation", r"造林|植树|绿化", HIGHER_IS_BETTER),
    _metric("fund_execution_rate", r"执行率|支付率|资金拨付率", HIGHER_IS_BETTER),
    _metric("rectification_completion", r"整改(?:完成率)?|销号", HIGHER_IS_BETTER),
    _metric("emission_reduction", r"减排|排放总量|削减量", HIGHER_IS_BETTER),
    _metric("sewage_treatment", r"污水(?:治理|处理)", HIGHER_IS_BETTER),
    _metric("collection_rate", r"收集率|回收率", HIGHER_IS_BETTER),
    _metric("disposal_rate", r"处置率|利用率", HIGHER_IS_BETTER),
    _metric("area", r"面积|水面", HIGHER_IS_BETTER),
    _metric("concentration", r"浓度", LOWER_IS_BETTER),
)

POLLUTANTS = frozenset({"pm25", "pm10", "o3", "no2", "so2", "co"})

METRIC_DIRECTION = {m.code: m.direction for m in METRICS} | {
    "rank": LOWER_IS_BETTER,
    "count": NEUTRAL,
    "share": HIGHER_IS_BETTER,
    "water_class": LOWER_IS_BETTER,
    "air_standard": LOWER_IS_BETTER,
    "milestone": NEUTRAL,
}

# Units as written → normal form. None marks durations and dates: a number followed by
# one of those is a time, never a value ("30个工作日内", "6个月", "2022年").
UNITS: dict[str, str | None] = {
    "微克/立方米": "μg/m³", "微克每立方米": "μg/m³", "μg/m³": "μg/m³", "μg/m3": "μg/m³",
    "ug/m³": "μg/m³", "ug/m3": "μg/m³",
    # spoken and shorthand: "降了两个微克", "压到二十八个微克以内" (air concentrations per m³)
    "个微克": "μg/m³", "微克": "μg/m³", "毫克/立方米": "mg/m³", "mg/m³": "mg/m³", "mg/m3": "mg/m³",
    # water quality is measured per litre (氨氮、总磷 毫克/升)
    "毫克/升": "mg/L", "毫克每升": "mg/L", "mg/L": "mg/L", "mg/l": "mg/L",
    "%": "%", "个百分点": "个百分点", "百分点": "个百分点",
    "天": "天", "个": "个", "项": "项", "家": "家", "台": "台", "套": "套", "座": "座",
    "处": "处", "条": "条", "件": "件", "张": "张", "辆": "辆", "艘": "艘", "名": "名",
    "人": "人", "户": "户", "所": "所", "宗": "宗",
    # attendance and visits are counted per person-time (人次)
    "人次": "人次", "万人次": "万人次",
    # capacities per day or per year (污水处理能力 5万吨/日, 危废处置能力 5万吨/年)
    "万吨/日": "万吨/日", "吨/日": "吨/日", "万立方米/日": "万立方米/日", "立方米/日": "立方米/日",
    "万吨/年": "万吨/年", "吨/年": "吨/年",
    # large counts in ten thousands (充电桩1.2万个, 淘汰老旧车辆2.3万辆)
    "万个": "万个", "万辆": "万辆", "万台": "万台", "万套": "万套", "万户": "万户", "万人": "万人",
    # inspections are counted per visit (检查企业1200家次)
    "家次": "家次", "车次": "车次", "台次": "台次", "架次": "架次", "辆次": "辆次",
    # ... in ten thousands ("全年路检路查柴油车不少于2万辆次")
    "万辆次": "万辆次", "万车次": "万车次", "万家次": "万家次", "万台次": "万台次",
    # training sessions and batches (培训不少于4期), and training time in class hours (人均培训不少于40学时)
    "期": "期", "学时": "学时",
    # places gained in a ranking ("排名提升2个位次", "前移3个名次")
    "个位次": "位次", "位次": "位次", "个名次": "位次", "名次": "位次",
    # kinds of a substance counted in digits ("对14种重点管控新污染物开展筛查"); in words ("两种模式",
    # "三种情形") 种 names ways and cases, not a figure (see numbers.find_values)
    "种": "种",
    "厘米": "厘米",
    # (fourteenth round) copies of a document checked ("复核数量不少于**份"), pieces of a flat thing ("***块高亮度显示屏"),
    # articles published ("宣传稿件不少于10篇"), and spoken passes of a task ("每天不少于三遍", only after a bound:
    # numbers.FREQUENCY)
    "份": "份", "块": "块", "篇": "篇",
    # (fifteenth round) events held or broadcast ("开展“云开放”直播，全年不少于12场"; in digits only, numbers.find_values)
    "场": "场",
    # (sixteenth round) events counted as 场次 ("系列活动，全年不少于20场次"), a unit of its own (in digits only, as 场)
    "场次": "场次",
    # (sixteenth round) case files re-examined ("对抽查发现问题的11卷案卷逐卷复查纠正"; in digits only, numbers.find_values)
    "卷": "卷",
    # noise levels: environmental noise limits (GB 3096, GB 12523) are A-weighted, so 分贝, dB and
    # dB(A) are one unit, written dB(A) ("施工场界昼间不得超过70分贝", "夜间等效声级不超过45dB(A)")
    "分贝": "dB(A)", "dB(A)": "dB(A)", "dB（A）": "dB(A)", "dBA": "dB(A)", "dB": "dB(A)", "分贝(A)": "dB(A)",
    # assessment scores ("考核得分达到80分以上"): read only where a score is named (numbers.SCORE)
    "分": None,
    # a boiler's size is written per hour too ("35蒸吨/小时以下燃煤锅炉"): a capacity class
    "蒸吨/小时": "蒸吨/小时", "蒸吨/时": "蒸吨/小时",
    # energy in standard coal equivalent (carbon-peak plans): totals, intensities per output or product
    # ("能源消费总量186万吨标准煤", "单位GDP能耗0.62吨标准煤/万元", "综合能耗降至105千克标准煤/吨以下")
    "吨标准煤": "吨标准煤", "万吨标准煤": "万吨标准煤", "千克标准煤": "千克标准煤", "吨标煤": "吨标准煤",
    "万吨标煤": "万吨标准煤", "吨标准煤/万元": "吨标准煤/万元", "千克标准煤/吨": "千克标准煤/吨",
    "千克标准煤/万元": "千克标准煤/万元", "吨标准煤/吨": "吨标准煤/吨", "kgce/t": "千克标准煤/吨", "tce": "吨标准煤",
    "吨": "吨", "万吨": "万吨", "亿吨": "亿吨", "蒸吨": "蒸吨", "公斤": "公斤", "千克": "公斤",
    "亩": "亩", "万亩": "万亩", "公顷": "公顷", "万公顷": "万公顷",
    "平方公里": "平方公里", "平方千米": "平方公里", "km²": "平方公里",
    # floor or roof area ("既有公共建筑节能改造面积累计达到50万平方米"; "5000平方米以上在建工地" is a size class)
    "平方米": "平方米", "万平方米": "万平方米", "m²": "平方米", "公里": "公里", "千米": "公里",
    "亿元": "亿元", "万元": "万元", "元": "元",
    "亿方": "亿立方米", "亿立方米": "亿立方米", "万方": "万立方米", "万立方米": "万立方米",
    # a volume in cubic metres ("应急事故池容积扩建至＊＊立方米"; the longer 微克/立方米 still wins as a concentration)
    "立方米": "立方米", "m³": "立方米",
    "万千瓦": "万千瓦", "千瓦": "千瓦",
    # durations and calendar words: not values
    "个工作日": None, "工作日": None, "个月": None, "年": None, "月": None, "日": None,
    # "连续两个季度排名末位": 个 before a calendar word counts time, not things
    "号": None, "季度": None, "个季度": None, "个年度": None, "个周": None, "周": None, "小时": None, "个小时": None, "个星期": None, "星期": None, "分钟": None, "届": None, "岁": None,
    # rounds of a campaign or of sampling ("完成丰水期、枯水期2轮采样监测", "执法检查不少于2轮"): a count in digits or
    # after a bound only (numbers.find_values), since "第二轮督察" is an ordinal and "开展一轮回头看" prose
    "轮": "轮",
    # a mass per area or volume written with the denominator first ("道路积尘负荷不超过每平方米0.5克"): a value only
    # after such a 每 + unit (PER_UNIT_BEFORE), read 克/平方米
    "克": "克",
    # ... and 毫克 so ("每立方米十毫克以下": 毫克/立方米, fourteenth round)
    "毫克": "毫克",
    "次": None, "批": None, "大": None, "点": None, "倍": None,
}

# Money: an amount is a fact (下达资金4.2亿元, 已支出2.1亿元) unless a bound, modal verb or
# deadline in its clause makes it a commitment (争取资金不少于5亿元).
MONEY_UNITS = frozenset({"亿元", "万元", "元"})
COUNT_UNITS = frozenset({"个", "项", "家", "台", "套", "座", "处", "条", "件", "张", "辆", "艘",
                         "名", "人", "户", "所", "宗", "人次", "万人次", "家次", "车次", "台次", "架次",
                         "万个", "万辆", "万台", "万套", "万户", "万人", "位次", "种", "辆次",
                         "万辆次", "万车次", "万家次", "万台次", "轮", "场", "场次", "卷"})
# A list's size in brackets closing a title line ("…重点工作任务清单（共8项）"): it counts the rows below, gold rule 2
LIST_SIZE = re.compile(r"[（(]\s*(?:共|合计|计)\s*$")
LIST_SIZE_AFTER = re.compile(r"\s*[）)]\s*$")

# Capacity units that name a size class of equipment ("35蒸吨以下燃煤锅炉", "10千瓦以上机组").
SIZE_UNITS = frozenset({"蒸吨", "蒸吨/小时", "千瓦", "万千瓦"})
# A clause that only says how or towards what the work will go (eighteenth round): "分局将以改善区域臭氧污染为导向",
# "我们将以更大的决心、更实的举措" — an orientation or a resolve, no deliverable; a verb inside it delivers nothing
MANNER_PHRASE = re.compile(
    r"以[^，。；]{0,24}?为(?:导向|引领|主线|抓手|核心|统领|指引|方向|牵引)|以更[大实强高严硬优][^，。；]*"
)
# A deliverable that builds an object, named last before its verb noun ("完成水源地隔离网建设"): the object's last two
# characters, which a figure's clause after it may repeat to size it ("新建隔离网不少于8.5公里", eighteenth round)
DELIVERABLE_OBJECT = re.compile(r"(?P<object>[\u4e00-\u9fff]{2})(?:建设|改造|铺设|安装|修建)\s*$")
# A size class as an attributive (eighteenth round): a figure closed by 以上/以下的 and then the kind of unit it sorts —
# "建筑面积5万平方米以上的工地", "培育年利用秸秆1万吨以上的市场主体不少于2家" — says which sites or bodies are meant, it sets
# nothing (a share or a task after 以上的, "完成80%以上的任务", is no such unit)
SIZE_CLASS_ENTITY = re.compile(
    r"及?(?:以上|以下)的[\u4e00-\u9fff]{0,8}?(?:工地|企业|主体|单位|项目|工程|园区|场所|养殖场|养殖户|合作社|农场|车辆|锅炉|设施)"
)
AREA_UNITS = frozenset({"亩", "万亩", "公顷", "万公顷", "平方公里", "平方米", "万平方米"})
# Units whose figures above ten thousand are reported in 万 (fifteenth round): "一万五千亩" is 1.5 万亩, as "五万亩" is 5 万亩 in
# the gold (b14, b112); a count of vehicles or machines in words keeps its unit ("四万三千多辆" 43000 辆, b96; "一万一千八百台")
WAN_REPORTED_UNITS = frozenset({"亩"})
RATE_UNITS = frozenset({"%", "μg/m³", "mg/m³", "mg/L"})

# A count followed directly by one of these nouns structures the speech ("八个方面",
# "X个专项行动", "五项重点工作"): gold rule 2, never a target. Up to two characters may
# sit between ("专项", "重点", "具体", "严峻").
STRUCTURAL_NOUN = re.compile(
    # ("五个必须" names principles only right after the classifier: in "8个问题必须在9月底前…完成" the modal begins
    # the predicate of a counted noun)
    r"^必须|"
    r"^[\u4e00-\u9fff]{0,2}?(?:方面|行动|活动|战区|措施|意见|挑战|改革|成果|工作|规定|制度|准则|"
    # (标准化 is an adjective of the thing counted: "至少建成1个标准化收储点" counts stores, eighteenth round)
    r"精神|意识|自信|维护|确立|要求|原则|理念|战略|布局|机制|体系|标准(?!化)|平台|环节|大局|坚持|方向|"
    # spoken: "下面我讲三个事", "抓好十件实事" (not 事故, 事件, 事项)
    r"事(?![故件项业])|事情|"
    # the stages of a campaign: "整治分三个阶段", "分两批推进"
    r"阶段|批次?(?!准|复))"
)

# --- tense and commitment markers ------------------------------------------------------

# Modal and framing words: they govern the rest of the sentence after them, so a bare
# figure later in the same sentence is a target too ("确保今年PM2.5下降10%，PM10下降12%以上").
# 争取 followed by funds or projects is "to secure", not "to strive".
_MODAL = (
    r"确保|力争|争取(?!中央|省级|上级|国家|资金|项目|到位)|务必|必须|(?<![主重纲摘简提概只必需想首紧])要(?![求素点害件闻领])|"
    # "所需资金" is a noun phrase, not "must"; so is "需修复的矿山" (what needs repair: a description)
    # (化学需氧量 / 生化需氧量 name COD and BOD: 需氧 is no modal)
    r"(?<![所必])需(?![求氧])(?![\u4e00-\u9fff]{1,4}的)|须|应当|"
    # a notice's request ("请你区：", "请各县于…前报送"), not 申请/邀请/提请/请示
    r"(?<![申邀提报聘])请(?![示假柬教求])|"
    r"(?:具体|主要|约束性|考核)?(?:指标|目标|任务)(?:是|为)[：:]|"
    # 到 after a verb of change is its complement ("提高到2024年的19.3%"), not a deadline
    r"(?<!提高|提升|增加|增长|上升|下降|降低|减少|压减)到(?:今年|本年|年底|\d{4}年|[“\"]?十[一二三四五六七八九]五)"
)
TARGET_PROPAGATING = re.compile(_MODAL)
# A bound set on a figure (不低于, 不得超过, 控制在…以内): a figure bounded this way is a
# commitment whatever look-back word shares its clause ("新增治理黑臭水体不少于25条").
THRESHOLD = re.compile(r"不(?:得|能|应|宜|可|会)?(?:低于|少于|小于|高于|超过|大于|多于)|控制在|控制值|以内|之内|至少|最多|至多")
# "要清醒看到", "必须认识到": a modal verb that frames a description of the current state
# ("…还存在不少短板：…浓度为0.23毫克/升") commits to nothing.
# ... and a (negated) modal before a verb of opinion ("大家不要觉得6.7%不多", "不要以为…就万事大吉") frames what the
# listeners think of a figure; the figure is restated, not set
FRAMING_AFTER_MODAL = re.compile(r"(?:清醒|深刻|充分|客观|冷静)?地?(?:看到|认识到|意识到|看清|认清|正视|觉得|认为|以为|感觉)")
# A deadline in the clause commits it as firmly ("年内完成已建成项目验收" — 已建成 describes
# the projects, the clause is a plan).
# Months and days in digits or, in spoken texts, in words ("十月底前", "十一月十五号之前").
CN_MONTH = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
CN_DAY = r"(?:\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
DEADLINE = re.compile(
    # (a masked length counts: "××日内安排…资金××万元")
    r"年底前|年内|(?:\d+|[一二两三四五六七八九十]+|[X×*]{1,3})个?(?:工作日|月|天|日)(?:内|之内|以内)|"
    rf"{CN_MONTH}月(?:{CN_DAY}[日号]|底|末)(?:前|之前)|每个?(?:月|季度|季|周|年)[^，。；]{{0,8}}?前"
)
# A prohibition commits a zero cap as firmly as a modal ("一把火都不能点", "绝不允许发生一起");
# 没有 (there was none) reports.
PROHIBITION = re.compile(r"不(?:能|许|准|得|要|允许|可以?)|绝不|决不|杜绝|严禁|禁止")
# Words that make their own clause a commitment, weaker than a look-back word in it.
TARGET_LOCAL = re.compile(_MODAL + r"|目标|退出")
# Verbs that report or set a level; read as a target unless the context is a look back.
TARGET_WEAK = re.compile(
    r"达到|下降|降低|削减|减少|压减|提高|提升|增加(?!至|了)|超过|优于|完成|实现|开展|控制|任务|清零|改善|淘汰|进入|保持|稳定在"
)

# Look-back words. 了 after a verb is the perfective aspect ("增加了", "明确了").
ACHIEVEMENT_PROPAGATING = re.compile(
    # (spoken, the stock there is now: "全市现在有机动车126万辆", "现在一共有…")
    r"现在(?:一共|总共|共)?有|"
    r"截至|截止|目前|当前|今年以来|[一二三四五六七八九十\d]+年来|以来|已经|已|成功|共计|分别为|过去一年|回首|去年|"
    # the current state as a problem: "要清醒看到，…", "还存在不少短板：…"
    r"看到|认识到|意识到|存在(?:着)?(?:不少|一些|诸多|较多|许多)?(?:的)?(?:问题|短板|不足|差距|困难|薄弱环节)|"
    # a figure attributed to a measurement: "据移动源排放清单测算，…约占…的43%", "据统计，", "经核查，" —
    # the clause opens a report of what was found (a bound or modal after it still commits: "据测算，…需下降14.2%")
    r"^(?:据|经|根据)[^，。；]{0,16}?(?:测算|统计|监测|调查|核算|普查|核查|测定)(?:结果)?(?:显示|表明)?$"
)
# Look-back words that outweigh a modal verb: they date the figure itself.
STRONG_LOOKBACK = re.compile(
    # (累计 naming a rate is the rate's name: "累计修复率达到68%以上" is a level to reach)
    # (一共 / 总共 / 合计 add up what is there: "从10月1日到昨天，一共68天", "秋冬季一共182天")
    r"截至|截止|今年以来|[一二三四五六七八九十\d]+年来|以来|累计(?![\u4e00-\u9fff]{0,4}率)|为期|共计|一共|总共|合计|分别为|过去一年|回首|均已|顺利完成|"
    r"(?<![为除])了(?!解)|连续[一二三四五六七八九十\d]+年|已(?:于|在|经|按期|提前)|"
    # 共 + a verb of doing or obtaining: "共争取项目**个", "共完成整改40项"
    r"共(?:争取|完成|实施|投入|下达|安排|拨付|整改|治理|排查|查处|办理|收到|受理|关停|淘汰|建成|新建)|"
    # 现将…资金X万元下达: a notice's "hereby" — the allocation is done by the notice itself
    r"现将|现下达|特下达"
)
# The people a speech has gathered for itself (sixteenth round): "今天我们把全县一百四十多家…企业的负责同志请来",
# "今天到会的有…" — a count of who sits in the room is the present state, no target (kinds.classify)
GATHERED_HERE = re.compile(r"(?:请来|请到|召集(?:起来|到)?|邀请(?:到|来)|到会|到场|参会|参加(?:今天|这次|本次)?的?(?:会议|培训))")
GATHERING_NOW = re.compile(r"今天|今日|这次|本次|此次")
# A remark right after a clause that judges it a record of what has been done ("这在我们县历史上是第一次", "创历史最好
# 水平", "为近十年来最好"): the clause before is a result (sixteenth round)
RESULT_REMARK = re.compile(r"^(?:这|此|这也|这还)?(?:在[^，。；]{0,8})?(?:历史上|有史以来|近\S{1,3}年来?)[^，。；]{0,6}(?:第一次|首次|最好|最高|最低)"
                           r"|^(?:创|刷新)(?:了)?历史")
ACHIEVEMENT_LOCAL = re.compile(
    ACHIEVEMENT_PROPAGATING.pattern
    + r"|" + STRONG_LOOKBACK.pattern
    + r"|同期|升高|上升|下滑|(?<=[年全])共|^共|未(?:能)?(?:完成|达到|实现)|没有(?:完成|达到)|仅为|仅有|仅完成|仅达到|只有|"
    # a gap to a target is a current figure ("距离年度目标36微克还差2微克")
    r"距离|还差|相差|差距|"
    # ... and a share of a target already done, with no modal and no deadline ("1—9月累计立案412件，完成年度目标任务
    # （500件）的82.4%"): progress, measured against the target ("要在9月底前完成年度任务的60%" is read before this)
    r"(?:完成|达到|占)[^，。；]{0,8}?(?:目标|任务)[^，。；]{0,10}?的(?=[\d一二两三四五六七八九十X*])|"
    # ... and so is a figure measured against a target ("低于年度目标3.9个百分点", "滞后序时进度5个百分点");
    # a bound (不低于目标) is read before this, by THRESHOLD
    r"(?<![不得能])(?:低于|高于|超出|落后于?|慢于|滞后于?)[^，。；\d]{0,6}?(?:目标|要求|进度)(?:值)?(?=[\d一二两三四五六七八九十X*])|"
    # (fifteenth round) the total of the problems or cases a feedback or a check found ("督察反馈涉及开发区的问题共9项"):
    # how many there are, a fact — a plan's own set is counted with a doing verb ("共完成", "整改…30项")
    r"(?:问题|隐患|信访件|案件|投诉)共(?=[\d一二两三四五六七八九十])|"
    # (seventeenth round) any set's total, 共 right before its figure with no verb of doing ("全县纳入…信息库的企业共1237家",
    # a heading's "（共168家）"): how many there are — a plan's own work is counted with a verb ("共完成", "共抽查")
    r"共(?=[\d一二两三四五六七八九十])|"
    # ... what a place is in a normal year ("常年农作物播种面积一百二十万亩左右") and what a facility is able to do ("能够开展…
    # 286项指标的监测分析"): a standing state, described — a modal before either is read first and commits
    r"常年|能够"
)
# A target met, the figure inside "完成/实现/达到 … 目标" ("2025年，…，完成市下达的32微克/立方米年度目标"): 目标 names what was
# to be reached, not a commitment — the figure takes the kind of its sentence (a past year reports it; kinds.classify,
# fifteenth round); "确保完成全年33微克/立方米的目标" still commits by its modal
TARGET_MET = re.compile(r"(?:完成|实现|达到)[^，。；]{0,12}?(?P<fig>[\d一二两三四五六七八九十])[^，。；]{0,14}?目标[^，。；]{0,2}$")
# A facility's capacity stated with its figure ("这座水质净化厂，日处理能力20万吨，出水主要指标达到…Ⅳ类标准"; "…焚烧发电厂日处理
# 生活垃圾1500吨，…实现“零填埋”"): the sentence describes what the facility is and does now, so its later figures with no
# marker of their own (达到, 实现, a zero) report its performance — outside a forward stretch (kinds.classify, fifteenth round)
FACILITY_CAPACITY = re.compile(r"(?:日|年)?处理(?:能力|规模|量)|设计规模|日处理|年处理|装机容量|年发电量")
# The year's task or target named as such, right before its figure ("农村生活污水治理年度任务为80个行政村", "全年目标是80%"):
# the figure the year is to reach, a target even in a progress report (fifteenth round; kinds.classify) — a share of it
# already done is progress ("完成年度目标任务（500件）的82.4%", above)
YEAR_TASK_STATED = re.compile(r"(?:年度|全年|今年)[^，。；\d]{0,8}?(?:任务|目标)(?:数|值)?(?:为|是)$")
# Weak look-back words that a forward mood outweighs: 新增 is "newly add" in a plan
# ("新增新能源公交车不少于1500辆") and "newly added" in a report.
AMBIGUOUS_LOOKBACK = re.compile(r"新增|又增|增加至|增至|全部完成")
# Labels of an inspection-feedback list (整改清单): a problem states the current situation,
# a rectification target looks forward, a deadline label dates the item.
PROBLEM_LABEL = re.compile(r"^(?:问题|存在(?:的)?问题|主要问题|问题描述|问题清单|现状|基本情况)[\d一二三四五六七八九十]*$")
# (a label is a plan's by its last word, what is to be reached or done — 整改目标, 整治目标, 主要措施, 工作任务 —
# unless it names the problems: "存在问题")
# ... closed by a colon (moods.plan_label); the labels of the earlier rounds need none
PLAN_LABEL = re.compile(r"^(?![^，。；]*问题)[\u4e00-\u9fff]{0,4}?(?:目标|措施|举措|任务|要求)$")
PLAN_LABEL_WORD = re.compile(r"^(?:整改目标|整改措施|整改要求|工作目标|目标任务|主要目标|绩效目标|预期目标|工作任务)$")
LABEL_COLON = re.compile(r"\s*[：:]")
DEADLINE_LABEL = re.compile(r"^(?:整改时限|完成时限|时限要求|整改期限|完成时间|办结时限)$")
# Titles of plan documents: the whole text looks forward unless a passage says otherwise.
# (a responsibility contract, "2026年度乡镇生态环境保护目标责任书", sets the targets its signatory answers for)
# (an assessment scheme, "2025年度河湖长制工作考核方案", "…考核细则", sets the standards its units are scored against)
PLAN_TITLE = re.compile(
    r"工作要点|工作方案|实施方案|工作计划|行动方案|行动计划|整改方案|整改清单|任务清单|目标任务|责任清单|责任书|责任状|"
    r"考核方案|考核细则|考核办法|评分细则"
)
# A title that also sums up ("上半年工作总结及下半年工作计划") is a mixed text, not a plan.
SUMMARY_TITLE = re.compile(r"总结|回顾|情况报告|进展情况|完成情况")
# A title that announces results ("关于2025年度各县考核结果的通报", "…监测情况的通报", "…排名情况通报"):
# the text reports what was measured or assessed; only a plan section (工作要求, 下一步) or a
# committing clause looks forward (see moods.document_mood).
# A ranking board (“红黑榜”, 红榜, 光荣榜, 曝光榜) announces results the same way.
RESULTS_TITLE = re.compile(r"(?:结果|情况|排名|考核|评估|评价|测评)(?:的)?(?:通报|公告|公示)|(?:红黑|红|黑|光荣|曝光)榜")
# Section headings that say what their section is: a review (工作开展情况, 主要成效, 存在的问题
# — the current state) or a plan (重点任务, 工作计划, 下一步工作).
REVIEW_HEADING = re.compile(
    r"工作(?:开展|进展|完成)?情况|工作总结|工作回顾|主要成效|取得的成效|取得的成绩|主要成绩|进展情况|完成情况|"
    r"工作成效|工作成绩|工作成果|主要做法|工作亮点|"
    # progress made: "二、重点工作进展", "任务推进进展" (not a plan of progress to make)
    r"(?:工作|任务|项目)进展(?:情况)?\s*$|"
    r"存在(?:的)?(?:主要)?问题|问题(?:和|与)不足|困难和问题|总体情况|基本情况|排名情况|通报情况|总体进展|进展概况|"
    # a heading ending on the present state ("第二条 考核断面与现状", fourteenth round)
    r"现状\s*$"
)
PLAN_HEADING = re.compile(
    r"工作计划|工作安排|工作打算|重点任务|主要任务|主要目标|目标任务|下一步|下半年工作|工作思路|有关要求|工作要求|几点要求|"
    # the same words in other registers: "下步工作", "下阶段打算", "今后工作", "目标指标", "重点工作"
    r"下步|下阶段|今后|目标指标|重点工作|工作重点|工作举措|"
    # "三、重点抓好五方面工作", "四、扎实做好督察整改": a heading that assigns work
    r"抓好|做好|方面工作|"
    # a heading whose last word names what is to be done or reached: "二、工作措施", "一、整治目标",
    # "一、主要指标" (not "二、问题清单及整改措施": that section states the problems first)
    r"^(?![^，。；]*问题)[^，。；]{0,20}?(?:目标|措施|举措|指标)\s*$|"
    # meeting minutes: "二、会议议定事项", "会议决定事项" — what the meeting decided is to be done
    r"议定事项|决定事项"
)
# A news report's lead ("近日，走进青石镇…", "本报讯…", "日前，…"): with a review frame in it (今年以来, 截至目前)
# and no event it announces (召开…会议, 讲话), the report sums up results (see moods.reports).
NEWS_LEAD = re.compile(r"^\s*(?:近日|日前|近期|连日来|本报讯|本网讯|[\u4e00-\u9fff]{0,6}讯[（(])")
REVIEW_FRAME = re.compile(r"今年以来|[一二三四五六七八九十\d]+年(?:以)?来|(?:上|下)半年以来|截至目前|截至[\d一二三四五六七八九十]")
ANNOUNCES_EVENT = re.compile(r"召开|会议|讲话|座谈|调度会|推进会|部署会|动员会")
# "下面，我讲几点意见": a speech turns from review to requirements; what follows looks forward.
TURN_TO_PLAN = re.compile(
    r"^(?:下面|接下来|下一步)[，,]?我(?:再)?(?:讲|谈|强调|提)|^下面[，,]?(?:就|对)[^，。]{0,12}(?:讲|提出)|"
    # "…刻不容缓。我强调以下几点：" — a colon that opens the list of requirements need not open
    # the paragraph (a speech's introduction ending "我再讲三点意见。" is followed by sections that
    # also review, so it does not turn the whole text)
    r"我(?:再)?(?:讲|谈|强调|提)(?:以下|如下)[几两三四五六七八九十]*(?:点|个方面|条)?(?:意见|要求)?[：:]"
)

# A comparison base is not a look back: "较上年同期下降5%", "比去年减少3天", "由上年的36.2%".
COMPARISON_BASE = re.compile(
    # (the present as the base of "从A降至B": "从目前的平均680毫克/升降至500毫克/升以下" looks forward)
    # ("从目前看，" is a look at the present, no base)
    r"(?:较|比|与|同|相比|对比|由|从)(?:\d{4}年|上一?年度?|去年|前一年)(?:同期)?(?:的|相比|水平)?"
    # (the last season or period of the same kind: "较上一采暖季同期减少2天以上", "比上一考核期", fourteenth round)
    r"|(?:较|比|与|同|相比|对比)上一个?(?:采暖季|供暖季|秋冬季|季度|考核期|周期|监测期|汛期)(?:同期)?(?:的|相比|水平)?"
    r"|(?:由|从)(?:目前|当前|现在|现状)的"
    # (a part of the year already run as the base of "由A降至B": "由一季度的3.8%降至2.5%以下", sixteenth round — the
    # quarter dates the base, not the target)
    r"|(?:由|从)(?:今年|本年)?(?:第?[一二三四1-4]季度|上半年|前[一二三四五六七八九十\d]+个?月)(?:末|底)?的"
    r"|(?:上年|去年)同期(?=[下降减少提高增加上升改善]|相比)"
)

# 已 + a verb right after a doing verb names its object, it reports nothing: "完成已排查入河排污口整治62个"
# (the outfalls already surveyed are to be fixed), "年内完成已建成项目验收" — blanked like a comparison base.
# (after the doing verb 完成 or the scope word 对, and followed by a verb and a noun: "改造已完成2家" reports)
# (... or by a relative clause closed by 的: "对已销号的24项问题开展一轮“回头看”" — the closed problems are the scope)
# (... also with a place between the scope word and 已, when 的 closes the attributive: "对辖区内已排查登记的32户…")
ATTRIBUTIVE_DONE = re.compile(
    r"(?:(?<=完成)|(?<=对))已(?:经)?(?:(?=[\u4e00-\u9fff]{1,6}的)|(?!基本|全部|完成|达到|实现|超过)(?=[\u4e00-\u9fff]{4}))"
    r"|(?<=对)[\u4e00-\u9fff]{1,6}?已(?:经)?(?=[\u4e00-\u9fff]{1,6}的)"
)
# A cumulative figure closed by an open bound ("累计建成各类“无废细胞”400个以上") is a level to reach when
# the stretch looks forward; a report gives the count itself ("累计巡河1.86万人次").
CUMULATIVE = re.compile(r"累计")
# A doing verb (and 累计) opening a count's name: dropped when two mentions of a generic count are compared
# (extractor.merge_repeated_mentions) — the name is what is counted, not what is done to it
# ... and the speaker's own area opening it ("全县…综合利用率" is the same rate as an indicator row's "…综合利用率")
LEADING_OWN_AREA = re.compile(r"^(?:全|我|本)(?:省|市|县|区|镇|乡|园区)")
LEADING_DOING = re.compile(r"^(?:累计|全年|年内)?(?:完成|建成|新建|实施|推进|开展)")
# ... nor an item's number before it, nor a bound word the name ran into ("4.工业固体废物综合利用率", "…减排量不少于"): an annex
# row "工业固体废物综合利用率｜%｜93.2｜≥95" restates the prose's target (fifteenth round)
LEADING_ITEM_NUMBER = re.compile(r"^\s*(?:\d{1,2}[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[）)])")
TRAILING_BOUND_WORD = re.compile(r"(?:不少于|不低于|不超过|不高于|不大于|不小于|至少|达到|控制在)$")
# ... as a whole clause: 累计, a figure, and an open bound closing the clause (see kinds._governing_kind)
CUMULATIVE_LEVEL = re.compile(r"累计[^，。；]*?[\d一二三四五六七八九十][^，。；]*?(?:以上|以下|以内)\s*$")
OPEN_BOUND_AFTER = re.compile(r"\s*(?:及)?(?:以上|以下|以内|之内)")

# Comparator words.
LE_WORDS = re.compile(r"以下|以内|不超过|不高于|不大于|低于|控制在|控制目标|控制值|之内")
GE_WORDS = re.compile(r"以上|不低于|不少于|至少|超过|突破|高于|达到|优于|好于|之上")
# (a time limit is cut too: "审批时限压缩至法定时限的40%" caps it, "办理时间缩短30%" cuts it)
DECREASE_WORDS = re.compile(r"下降|降低|削减|减少|压减|下滑|缩小|压缩|缩短")
# Spoken cuts right before the figure: "比去年少3微克", "较上年低2个百分点", "再往下压5个微克",
# "在去年基础上降2个微克" (降至/降到 set a level and are read before this; 不少于/至少 are bounds).
SPOKEN_CUT = re.compile(r"(?:(?:比|较)[^，。；]{0,20}?(?<![不至多])(?:少|低)|(?<![不])(?:降|压|减|往下压|向下压|压低|压下))了?\s*$")
# 改善 N% of a concentration is a cut; of a share it is a rise.
IMPROVE_WORDS = re.compile(r"改善")
# "不得低于" is a floor, "不能超过" a cap: the negation comes first, whatever sits between.
NEGATED_FLOOR = re.compile(r"不(?:得|能|应|宜|可|会)?(?:低于|少于|小于)")
NEGATED_CAP = re.compile(r"不(?:得|能|应|宜|可|会)?(?:高于|超过|大于|多于)")
# "每季度至少检查1次", "最多不超过": bounds named by an adverb before the verb.
# (… and 满足 right before the figure: "应急物资储备满足2至3天应急供水需要" suffices for that much at least)
AT_LEAST = re.compile(r"至少|最少|起码|满足[^，。；\d]{0,4}$")
AT_MOST = re.compile(r"至多|最多")
# "优于/好于 the standard" means better: lower for a concentration, higher for a share.
BETTER_THAN = re.compile(r"优于|好于")
INCREASE_WORDS = re.compile(r"提高|提升|增加|增长|上升|升高")
# 扩大到 / 缩小到 set a scope's new extent ("禁燃区扩大到周边6个乡镇" is at least 6)
# (sixteenth round: 压减 to a level too, "企业跑动次数压减至0次" — a cap at that level, no cut by it)
TO_LEVEL = re.compile(r"(?:提高|提升|增加|增长|上升|下降|降低|减少|压减|扩大|扩展|拓展|缩小|压缩|缩短)(?:到|至)")
# Doing verbs: a count they govern is a floor ("淘汰燃煤锅炉120台" is at least 120).
COMPLETE_WORDS = re.compile(
    # (新改建 / 改建: "新改建管网8.6公里")
    r"完成|建成|实现|淘汰|治理|新建|扩建|改建|建设|改造|整治|新增|关停|取缔|培训|种植|营造|修复|安装|更新|推广|创建|达到|"
    # setting up monitoring or equipment: "布设农业面源污染监测点位12个", "配备执法车辆6辆"
    r"布设|设置|配备|配置|"
    # putting up new ones: "在学校、医院周边道路新设禁鸣标志20处", "增设监测点位5个" (fourteenth round)
    r"新设|增设|"
    # concluding cases handed over: "交办的17件信访件，6月底前必须全部办结" (at least that many concluded)
    r"办结"
)
# "对执行率低于序时进度10个百分点的县区（进行约谈）": a figure inside a condition on who is
# sanctioned or rewarded sets no target.
CONDITION_BEFORE = re.compile(r"(?:对|凡|对于|凡是)[^，。；对]{0,20}$")
# A set named by a relative clause ("纳入名单的23家企业", "列入名录的"), finished in full in its clause ("全部完成…"), under
# a year set by a clause of its own before it ("2026年，"): the scope of the year's task (eighteenth round)
NAMED_SET_BEFORE = re.compile(r"(?:纳入|列入|确定|入选|进入)[^，。；]{0,10}?的\s*$")
SET_FINISHED_AFTER = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:全部|均)(?:要|须|应)?(?:完成|达到|通过)")
PLAN_YEAR_CLAUSE = re.compile(r"(?:^|[，。；])\s*(?:到)?(?:19|20)\d{2}年(?:底前|年底前)?\s*[，,]\s*$")
# A trigger threshold (eighteenth round): a figure after a verb of comparing that closes its clause with 的 —
# "PM10小时浓度超过150微克/立方米的，施工单位要立即启动洒水降尘措施" — is the condition of a measure, not a level to reach
# (达到…的 is left: in a scoring scheme "水质达标率达到100%的，得10分" is the level the assessment asks for, b75)
TRIGGER_BEFORE = re.compile(r"(?:超过|超出|高于|低于|大于|小于|不足)\s*$")
TRIGGER_AFTER = re.compile(r"^\s*(?:及?以上|及?以下)?的\s*$")
# A set named by what was done to it, in the passive ("被责令停工整改的8个工地，整改完成…后方可复工"), alone in its clause:
# the set the sentence is about, already known, not a count to reach (eighteenth round)
PASSIVE_SET_BEFORE = re.compile(r"被[\u4e00-\u9fff]{1,16}的\s*$")
PASSIVE_SET_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,8}\s*$")
# ... and a condition clause closed by 的 ("对连续两个季度排名末位的，由市政府约谈"): who, not how much
CONDITION_AFTER = re.compile(r"^[^，。；]{0,12}的(?:县区|县（市、区）|县市区|乡镇|街道|单位|企业|部门|地区|项目|村|\s*$)")
# "其中…20万千瓦", "其中城区…": a part of the figure just before it (see extractor: bounded like the whole)
PART_OF_PREVIOUS = re.compile(r"\s*其中")
# 对 N 个…开展: the count is the scope of the task, not a floor.
SCOPE_WORD = re.compile(r"对[^，。；]{0,6}$")
# ... and a set named by a longer attributive after it, closed by 的 ("对2025年检查中发现问题的37家企业", fourteenth round)
SCOPE_SET = re.compile(r"对(?!比|照|于)[^，。；]{0,20}?的$")
# ... dealt with by the clause's own verb and finished by the deadline of the next clause, a bare "…前完成" ("对抽查发现问题的
# 11卷案卷逐卷复查纠正，6月底前完成", sixteenth round): the set is the task's scope, committed by that deadline
DONE_BY_DEADLINE = re.compile(r"^(?:要|须|应|务必|确保)?(?:在|于)?[^，。；]{1,10}?(?:前|内)(?:全部|全面)?(?:完成|办结|到位|销号)[。；！]?$")

# The event an event-relative deadline counts from ("印发后10个工作日内", "收到本函后5个工作日内"): the
# document or event named before it ("本通知") belongs to the deadline clause.
DEADLINE_EVENT = re.compile(r"(?:接到|收到|接报|发现|受理|交办|验收|立案|签订|下达|到账|批复|印发|发布|反馈|结束)")

# The scheme of an assessment, not a figure to reach: the top of its scale ("（满分100分）"), the weight of a
# result in another assessment ("权重为8%"), and the grades it is divided into with their score bands
# ("考核结果分为优秀（90分及以上）、良好（80—89分）…四个等次"). Figures inside are left out like quoted ones.
# ... and its total ("评分标准（总分100分）"), the share one part of it carries ("日常考核占40%"), and its rules of
# deduction and bonus ("每降低1个百分点扣2分", "每发现1处新增问题扣3分": per unit of shortfall, so many points)
SCORING_SCHEME = re.compile(
    # (a weight's floor too, in digits or words: "权重不低于百分之十", seventeenth round)
    r"(?:满分|总分)\s*\d+(?:\.\d+)?分|权重(?:为|是|占|不低于|不少于|不高于|不超过)?\s*(?:\d+(?:\.\d+)?%|百分之[零一二两三四五六七八九十百点]+)|"
    # (of the total, "日常考核得分占总分的40%", fourteenth round)
    r"(?:考核|考评|评分|得分|成绩)(?:分别)?占(?:比|总分的?|总成绩的?|综合得分的?)?\s*\d+(?:\.\d+)?%|"
    # a grade's score band ("得分90分及以上为优秀，75分至89分为良好", fourteenth round): how results are graded
    # (... and a pass mark, "评估得分70分以下的为不达标", seventeenth round)
    r"\d+(?:\.\d+)?分(?:(?:及|或)?以上|以下|至\d+(?:\.\d+)?分)?的?为(?:优秀|良好|合格|基本合格|不合格|较好|一般|较差|好|中|差|达标|不达标)|"
    r"每[^，。；\n]{0,16}?(?:扣|加|减|计)\s*\d+(?:\.\d+)?分(?!钟)|"
    r"(?:分为|分成|划分为|划为|评定为)[^。；\n]{0,80}?[一二两三四五六七八九十\d]+个?(?:等次|等级|档次|级别)|"
    # an evaluation's conditions of entry, listed after their lead to the sentence's end ("申报河湖应同时满足以下条件：
    # 评定年度内…；生态流量满足度不低于90%；公众满意度不低于85%。", nineteenth round): what a candidate must meet to be
    # rated, the scheme's rule like a score band, not the speaker's target
    r"(?:满足|符合|具备|具有)(?:以下|下列|如下)[一二两三四五六七八九十\d]*个?(?:基本)?条件[：:][^。\n]*"
)

# A caption that gives the unit of the figures under it: "（一）PM2.5年均浓度（单位：微克/立方米）" then
# "澄源市≤34、望海市≤26…" — a bare number after ≤/≥ takes the caption's unit (numbers.find_values).
UNIT_CAPTION = re.compile(r"单位\s*[:：]\s*(?P<unit>[^）)，。；\s]+)")
# Units named one after another as the subject of one figure ("白石市、安平市各不超过4天", "甲县、乙县均须
#下降5%以上", "A区、B区为0天"): the figure holds for each of them — one target per unit. A total
# (共, 合计, 两市合计) is one figure for all.
LISTED_UNITS = re.compile(
    r"\s*(?:其中[，,]?\s*)?(?P<list>[\u4e00-\u9fff]{1,6}?(?:市|县|区|镇|乡|街道)(?:、[\u4e00-\u9fff]{1,6}?(?:市|县|区|镇|乡|街道))+)"
)
JOINT_TOTAL = re.compile(r"共|合计|总计|总量|累计|两[市县区镇]|[三四五六七八九]个?[市县区镇]")

# One figure shared by metrics named one after another (fourteenth round): "二氧化硫、氮氧化物、颗粒物和挥发性有机物
# 排放量分别减少10%以上", "核查率和办结率均应达到100%" — with a single figure, 分别 ("respectively") and 均 ("each, all")
# say it holds for each listed metric: one target per metric (extractor._for_each_metric). The list is joined by 、 and a
# last 和/及/以及/与; brackets inside it ("各县（市、区）") are a name's parts, not a list. With one figure per metric
# ("分别达到1800吨、120吨") the figures pair with the metrics as before.
# (nineteenth round: 各 right before the figure, "组织管理评审和内部审核各1次": one each; searched up to the figure, so $ is
# where it starts)
SHARED_FIGURE = re.compile(r"分别|均(?=[应须要需能可为达不在控实保低高稳])|各\s*$")
METRIC_LIST_JOIN = re.compile(r"、|(?<=[\u4e00-\u9fff\dA-Za-z.）)])(?:以及|和|及|与)(?=[\u4e00-\u9fffA-Za-z])")

# A doing verb right after a plan's bare stage year: "2028年完成其余水源地建设任务", "2027年全面建成…"
# (see extractor._stage_year; "2027年不少于6处" is a value, not a deliverable); since the eleventh round also a
# one-off task the plan sets for that year: "2028年开展规划实施情况中期评估", "2027年启动…"
STAGE_VERB = re.compile(r"\s*(?:前|底前)?(?:要|须|必须|力争|确保)?(?:全面|全部|基本)?(?:完成|建成|实现|消除|销号|开展|启动|组织)")

# An action launched over a span (eleventh round): "自即日起至6月30日在全园区开展…专项行动", "4月至7月开展…“百日攻坚”
# 行动". The span is how long the action runs and the period of the figures it sets, not a deadline for a result
# (extractor._milestone); a task over a span ("3月至5月开展…专项整治", "…分三个阶段进行") stays a milestone.
ACTION_LAUNCHED = re.compile(r"开展[^，。；]{0,40}?行动[”」]?[\s。；！]*$")

# Deliverables that turn a dated clause into a milestone (里程碑): "30个工作日内上报整改方案".
MILESTONE_VERBS = re.compile(
    r"上报|报送|报告|提交|(?<![情汇])报(?![道名])|完成|制定|出台|编制|建成|实现|印发|启动|开工|投运|"
    r"完工|整改到位|销号|验收|建立|拿出|消除|复查|组织|通报|支付|拨付|清运|修复|整治|清理|关停|取缔|搬迁|"
    r"部署|召开|公布|备案|核查|排查|溯源|评估|分解|落实|发出|下发|发布|拆除|清退|恢复|"
    # closing a case and putting a plant into service: "5个工作日内办结", "11月底前通水运行"
    r"办结|答复|通水|投入运行|投入使用|并网|上线|联网|交办|移交|移送|下达|"
    # reporting a result back and settling who is responsible: "3个工作日内反馈处理结果", "9月30日前明确…责任主体"
    r"反馈|明确|"
    # a look-back check and a one-off round of work: "9月底前开展一次“回头看”"
    r"回头看|开展(?:一次|一轮|集中|专项)|"
    # a campaign run over a dated span: "自即日起至12月31日，开展…百日攻坚行动"
    # ... or an exercise or a training held on a set day ("于11月20日开展全市重污染天气应急联合演练")
    r"开展[^，。；]{0,16}?(?:行动|攻坚战?|整治|大排查|大检查|督查|检查|巡查|执法|演练|培训)|"
    # fitting equipment, compiling a summary, and spoken "get it done" (干完, 搞完)
    r"安装|装上|装好|配齐|汇总|干完|做完|搞完|弄完|"
    # putting up markers and points: "9月底前在保护区边界设立界标、警示牌", "年底前布设监测点位" (thirteenth round)
    r"设立|设置|竖立|布设|"
    # uploading a record to a platform: "巡河记录当日上传河长制APP"
    r"上传|"
    # answering a complaint or an incident on site: "投诉接报后1小时内到场处置", "2小时内赶赴现场"
    r"到场|赶赴现场|到达现场|处置|"
    # (fourteenth round) getting in touch with a complainant, dispatching an order again, taking a unit onto a list,
    # issuing a report, posting a notice, and negotiating or renewing an agreement: "接单后30分钟内联系投诉人", "2个
    # 工作日内重新派单", "投产后1个月内纳入清单管理", "采样后10个工作日内出具", "施工前24小时…公示", "期满前6个月内…协商续签"
    r"联系|派单|纳入|出具|公示|公告|协商|续签|"
    # (fifteenth round) making a list or results public: "监测结果向社会公开<tab>11月30日前"
    r"公开|"
    # (sixteenth round) passing a review and being granted a title: "10月底前通过省级预审", "上半年获得国家命名"
    r"通过[^，。；]{0,6}?(?:预审|审查|评审|验收|复核|核查|技术评估)|获得[^，。；]{0,8}?(?:命名|授牌|认定|批复)|"
    # ... and every indicator brought up to a scheme's requirements ("2026年，全县所有指标全部达到…考核要求")
    r"(?:所有|全部|各项)指标[^，。；]{0,4}?(?:全部|均)?达到[^，。；]{0,24}?(?:要求|标准)"
)

# The scope word right before a year that opens an attributive ("对2025年检查中发现问题的37家企业"): the year dates the
# finding, not the figure (extractor._value_candidate; fourteenth round)
SCOPE_ATTRIBUTIVE = re.compile(r"对\s*$")

# A sanction a condition triggers ("考核不合格的，由市总河长约谈…"), and a clause joined to it by 并/同时 ("…，并在30日内向
#市委书面报告整改情况"): the sanctioned unit's next step belongs to the sanction, which the gold does not annotate (a conditional
# sanction, 约谈 / 问责, see tests/data/extraction/README.md) — extractor._milestone, fourteenth round
SANCTION = re.compile(r"约谈|问责|追责|通报批评|诫勉")
SANCTION_CONTINUED = re.compile(r"\s*(?:并|同时|并且)")

# A meeting after a cadence in digits ("每季度召开1次联席会议", "每月召开1次调度会"): how often a body meets is a working
# routine that structures the work (gold rule 2), not a figure to track (numbers.find_values; fourteenth round). A
# cadence of inspections or monitoring ("每月开展1次全指标监测") stays a floor.
MEETING_CADENCE = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:会议|例会|联席会|调度会|推进会|座谈会|碰头会|联席会议)")

# What a deliverable's clause may close on after the noun of the work itself (fourteenth round): "现场检查全覆盖",
# "整改到位", "清理完毕" — a result complement, so the rate after it ("检查比例100%") names the work before it
# (extractor._quantifies).
RESULT_COMPLEMENT = re.compile(r"(?:全覆盖|全面覆盖|到位|完毕)[”’」\"]*$")

# Events a relative deadline counts from, beyond periods._EVENT's own (fourteenth round): taking an order ("接单后30
# 分钟内"), starting production ("投产后1个月内"), sampling ("采样后10个工作日内"), a list's adjustment ("名单调整后10个
# 工作日内"), a case closed ("办结后3个工作日内"). The deadline names the event and resolves to no date.
# (fifteenth round: taking a unit onto a list, "纳入名录后1年内")
# (… and a harvest of the farming year, "夏收后15日内完成秸秆机械化还田作业", eighteenth round)
EVENT_AFTER_VERBS = r"接单|派单|投产|采样|调整|变更|办结|出具|开工|竣工|解除|纳入|夏收|秋收|麦收|夏播|秋播"
# Events a deadline runs *before* (fourteenth round): "施工前24小时" (no 内: the notice is due that long ahead), "考试前
# 7日内", "协议期满前6个月内" — a time before work starts, an exam, an agreement's expiry; no date either.
# (fifteenth round: an activity's start, "拆除活动开始前15个工作日")
EVENT_BEFORE_WORDS = r"施工|开工|作业|考试|期满|届满|到期|结束|举办|召开|实施|开始"

# A dated clause whose deliverable verb is not in the list above still commits when it names a
# result over a whole set or a disposal construction: "10月底前，所有工地全部硬化到位",
# "12月15号以前全部入场", "下月5日前把方案定下来", "春节前必须把欠款结清". The verb itself
# is then whatever the speaker says; what commits is 全部/所有/一律 + a verb, 把/将 + an object
# + a verb, a modal, or a resultative (到位, 完毕, 起来, 下来, 干净).
COMMITTED_RESULT = re.compile(
    r"(?:全部|所有|一律|全面|均|都要|都得)[\u4e00-\u9fff]{2,}|(?<![一二三四五六七八九十\d])(?:把|将)(?!于|在|会)[\u4e00-\u9fff]{1,20}?[\u4e00-\u9fff]{2}|"
    r"(?:必须|务必|确保|抓紧|(?<![主重纲摘简提概只必需想首紧])要(?!是|不然|不是|么|求|点)|须)[\u4e00-\u9fff]{2,}|"
    r"[\u4e00-\u9fff](?:到位|完毕|起来|下来|干净|就绪|齐全)|"
    # a verb on a work product the clause hands over: "每月5日前调度各项任务进展", "10日前梳理问题台账"
    # ... or a written result: "年底前形成全年工作总结", "6月底前拿出工作计划"
    r"[\u4e00-\u9fff]{2}[\u4e00-\u9fff]{0,10}?(?:进展|进度|情况|台账|报告|方案|清单|名单|材料|数据|总结|计划|规划|报表)[。！？]?$|"
    # a campaign carried out over a dated span: "自即日起至11月30日，分三个阶段进行"
    r"(?:进行|实施|推进)(?:[：:]|$)"
)
# ... but under a plan's horizon year ("到2025年，") a subject + 全面/普遍 + a verb with no deliverable verb is an aim to
# be reached, a standing state ("城镇新建建筑全面执行绿色建筑标准"), not a dated deliverable (see extractor._milestone)
AIM_BY_HORIZON = re.compile(r"[，\s]*[\u4e00-\u9fff、]{0,16}?(?:全面|普遍)(?!完成|建成|实现|消除|销号)[\u4e00-\u9fff]")
# ... and so is a state its subject reaches, the verb closing the clause with no object after it ("到2026年底，…快速响应机制
# 全面建立", "…工作格局基本形成", fourteenth round): a system in place, no deliverable handed over
STATE_BY_HORIZON = re.compile(r"[\u4e00-\u9fff“”\"]{2,}(?:全面|基本|普遍)(?:建立|建成|形成|完善|健全|落实|确立)[。！？]?\s*$")

# A recurring report to a higher body is a deliverable with a cadence, tracked like a dated one:
# "每季度向县委报告一次进展", "每两个月汇报一次". 通报 (a bulletin to the units below) and
# 开展一次督查 (the office's own routine) are not: the development set's annotations count
# only reports upward (b21, b27 annotated; o05/b37 通报一次, b11/b29/b32 开展一次 not).
RECURRING_REPORT = re.compile(r"(?:报告|汇报|报送)(?:一|1)次")
# ... and any recurring report or bulletin its own clause assigns with a modal ("区督察办要每半月通报
# 一次进展", "县住建局须每旬上报一次"): assigned, it is a deliverable; stated without one ("市环委办
# 每季度通报一次", "镇纪委每月通报一次") it describes the routine that drives a ranking (o05, b37, b43),
# and a recurring activity (开展一次督查, 评估) is not a report at all. A due point (每月5日前,
# 每周一) makes a milestone whatever the modal (see periods.py).
ASSIGNED_RECURRING_REPORT = re.compile(
    r"(?:要|须|必须|务必|应当|负责)[^，。；]{0,8}?每[^，。；]{0,6}?(?:通报|上报|报告|汇报|报送|发布|公布)(?:一|1)次"
)
# Money decided in one clause and paid by a date in the next ("追加资金600万元，于9月15日前拨付到位"):
# the amount is a commitment, dated by the next clause's deadline.
PAYMENT_DUE = re.compile(
    r"^(?:并|要|须|需|务必|确保|必须)*(?:于|在)?(?P<due>" + DEADLINE.pattern + r")"
    r"[^，。；]{0,10}?(?:拨付|支付|到位|落实|分解|下达)"
)

# A count of what already exists or is left ("剩余8个问题", "其余5个问题", "现有的12台", "滞后的2个问题")
# states the current situation; with a deadline the clause is a dated deliverable (a milestone),
# the count its subject, never the target's value.
EXISTING_COUNT_BEFORE = re.compile(
    # (spoken: "还剩114天", "只剩1天", "剩下这114天" — the days left of a period are its arithmetic)
    r"(?:(?:还|只|仅|尚)?剩(?:余|下)?的?(?:这|那|最后)?|其余|余下|尚未(?:[\u4e00-\u9fff]{1,10}?的)?|未[\u4e00-\u9fff]{1,10}?的|滞后的?|现有的?|现存的?|存量|在建的?|"
    # (an object may be long: "尚未完成规划环评审查的两个工业园区")
    # what is still there: "尚有9个项目未开工", "仍有3家企业…", "还有7项没有完成"
    r"尚有|仍有|还有|"
    # what an inspection found or handed over: "对抽查发现的31个问题工地", "发现3家存在篡改数据问题",
    # "对督察反馈的9个问题", "交办的12件信访件"
    r"发现的?|查出的?|排查出的?|反馈的|交办的|指出的|通报的|移交的|"
    # what needs or awaits doing, as a description: "需修复的86座", "待整改的5个问题"
    r"(?<![要必])需[\u4e00-\u9fff]{1,6}?的|待[\u4e00-\u9fff]{1,6}?的)$"
)
# ... except a remainder finished by a date in its own clause ("剩余3项问题要在10月31日前全部完成整改", "年底前其余2项
# 全部销号", "12月底前剩下的88户改造全部完工"): what is left is the set the clause commits to finish — a target of that
# count (comparator =, the scope of a task; the ruling of the thirteenth round), not the current situation. The words
# name a remainder only (剩余, 剩下的, 其余, 余下), right before the count; 还剩/只剩 are the days or room left of a
# period, and 现有/在建/发现的 name a set by what it is, not by what is left of it.
REMAINDER_COUNT_BEFORE = re.compile(r"(?<![还只仅尚])(?:剩余|剩下|其余|余下)的?$")
# ... and what is not yet done ("尚未整改的8个隐患点位全部完成整改", fifteenth round), when the same clause finishes all of it
# (UNDONE_FINISHED_AFTER) by a deadline of its own or of its table row: a remainder too. A count named as a topic in a clause
# of its own ("对尚未完成的7项督察整改任务，…要在3月31日前全部完成") stays the current count and a milestone (b16, b29, b50).
# 分别 right after a list of deadlines ("于6月20日前、11月20日前分别报送半年和全年工作进展情况"): one deliverable due at each
# (extractor._for_each_deadline, fifteenth round)
SHARED_OUT = re.compile(r"\s*(?:要|须|应)?分别")
# ... or each deadline with its own object under 将, the verb shared after the last ("于每年7月10日前将半年工作总结、次年1月10日
# 前将全年工作总结报市局"): one deliverable due at each date too (sixteenth round)
OWN_OBJECT_BETWEEN = re.compile(r"\s*将[^，。；]{1,24}?、\s*")
OWN_OBJECT_AFTER = re.compile(r"\s*将")
UNDONE_COUNT_BEFORE = re.compile(r"尚未[\u4e00-\u9fff]{1,6}的$")
UNDONE_MARKER = re.compile(r"尚未[\u4e00-\u9fff]{1,6}的(?=[\d一二两三四五六七八九十])")
UNDONE_FINISHED_AFTER = re.compile(r"[^，。；]{0,12}?(?:全部|均)(?:要|须|应)?(?:完成|整改|销号|办结)")
# The verbs of a same-day duty ("巡河记录当日上传河长制APP", "当天上报"): reporting or uploading a record on the day of each
# event — 当日/当天 before one of them is a recurring due day (periods.py); "当日工作情况", "当日发出预警" are not
SAME_DAY_REPORT = r"上传|上报|报送|录入|报告"
# The denominator of a rate written before the figure ("每平方米**克", "每吨0.5公斤"): the unit is figure-unit/denominator
PER_UNIT_BEFORE = re.compile(r"每(?P<den>平方米|立方米|平方公里|亩|公里|吨|升)$")
# ... the units so written, and 克 only so (a bare "3克" is no value here); not 吨: "降尘量控制在每月每平方公里5吨以内"
# is written 吨 in the gold (b32), a deposition per month and area
PER_UNIT_MASS = frozenset({"克", "公斤", "毫克"})
# ... and 毫克 too (fourteenth round): "颗粒物排放浓度要稳定在每立方米十毫克以下" is 毫克/立方米, an emission limit; a bare
# 毫克 after such a figure in the same sentence shares its denominator ("…每立方米十毫克以下，氮氧化物五十毫克以下")
# The unit a zero cap counts in, by the noun it counts ("非法倾倒案件数量为零" 件, "群体性事件为零" 起, "禁止类…企业数量为零"
# 家, "重大隐患数量为零" 处, "重污染天数保持为零" 天); any other noun counts in 个 (numbers.find_values)
ZERO_CAP_UNIT = {"案件": "件", "信访件": "件", "事件": "起", "事故": "起", "企业": "家", "隐患": "处", "天数": "天",
                 # complaints are counted in 件 ("考点周边噪声投诉“零发生”", fourteenth round)
                 "投诉": "件"}
ZERO_CAP_NOUN = re.compile(r"(?P<noun>" + "|".join(sorted(ZERO_CAP_UNIT, key=len, reverse=True)) + r")(?:的)?(?:数量|数|总数)?[^，。；\d]{0,6}$")
# A floor put on a place in a ranking ("考核排名不低于第四位", "不落后于全省第10名"): a place to keep, that place or
# better — a rank target like "保持全省第二" (`<=` N), not a standing
RANK_FLOOR_BEFORE = re.compile(r"(?:不|不能|不得|不应)(?:低于|差于|落后于|后于|低过|落后)[^，。；\d]{0,4}$")
# ... or names them after the count: "对3家未开展隐患排查的重点监管企业", "2个尚未销号的问题",
# or the clause completes all of them by a date ("8项序时推进任务确保在12月31日前全部完成")
EXISTING_COUNT_AFTER = re.compile(
    r"(?:尚)?未[^，。；]{1,12}?的|[^，。；]{0,24}?(?:前|内|底)(?:全部|均|都|一律)"
    # "3家企业全部完成在线监测安装", "9个排污口全部完成整治": a known set, all of it done
    # ... whatever the verb ("23处点位全部清理到位", "9个未开工项目全部开工建设"), but not a state or a level
    # shared by all of them ("4个断面全部为Ⅲ类", "均达到Ⅲ类": the count scopes the level)
    r"|[\u4e00-\u9fff]{0,8}?(?:全部|均)(?![为是有属在达保稳])(?=[\u4e00-\u9fff])"
)
# ... or names it as what is left or missing after the figure: "全年只剩下1天的余量", "下半年最多只有1天的余量",
# "资金缺口4500万元" written "4500万元的缺口" — the room left in a budget is arithmetic on the current state, not a
# level to reach (最多 bounds the room, it sets nothing)
REMAINDER_AFTER = re.compile(r"\s*的?(?:余量|余额|富余量?|缺口|空缺)")
# 期 naming a project's phase, with words between ("2026年6月底前完成二期主体工程", "三期配套项目"): no training
# sessions counted (see _NOT_A_UNIT in numbers.py for 期 right before the noun)
PHASE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:工程|项目)")
# ... and 期 right after a facility's name ("城南污水处理厂三期11月30日前通水试运行", fifteenth round): its phase
PHASE_BEFORE = re.compile(r"(?:厂|站|中心|园区|基地|填埋场|电站)$")
# A figure the clause itself calls a target or a task ("确保年底前完成整改30项的目标", "完成全年4天的任务"): a restatement
# of the target set before it with the same value, unit and comparator (see extractor.merge_repeated_mentions)
NAMED_AS_TARGET = re.compile(r"的(?:既定|年度|全年)?(?:目标|任务)(?:值)?$")
# A rate of what is done (办结率, 完成率, 到位率, 销号率, 执行率): right after a dated deliverable it measures that
# deliverable, one target with it (see extractor._quantifies) — unlike a rate of quality or reach (合格率, 达标率,
# 覆盖率), a figure of its own beside the milestone
COMPLETION_RATE = re.compile(r"\s*[\u4e00-\u9fff]{0,6}?(?:完成|办结|到位|销号|整改|执行|结案)(?:率|比例)")
# A set introduced as a sentence's topic, in a clause of its own ("沙河桥断面上游的12个排污口，…要在8月底前全部完成整治",
# "对列入名录的87家噪声重点排污单位，9月底前全部完成…安装"): nothing before the count but a scope word (对) and an
# attributive closed by 的 (see extractor._topic_deadline); the next clause deals with all of it (ALL_OF_THEM)
TOPIC_BEFORE = re.compile(r"\s*(?:对|对于)?(?:[^，。；]{1,24}?的)?\s*")
# ... and a set named by where it came from ("中央督察交办的17件信访件", "省级督察反馈的9个问题") may be such a topic: the
# whole set handed over, unlike a remainder (剩余, 其余, 未…的), which stays the current state
HANDED_OVER_BEFORE = re.compile(r"(?:发现|查出|排查出|反馈|交办|指出|通报|移交)的$")
# ... and a remainder (剩余/尚未…的 N) may be one when the next clause opens on its deadline (DEADLINE_OPENS: an optional 于/在,
# then the time) and the topic is no finding of a past check (FOUND_IN_TOPIC, "核查发现尚未整改的五张…": arithmetic on what
# was reported, b64), nineteenth round; "…，各责任单位要在3月31日前…" (a subject, a modal) stays the current count (b16, b50)
DEADLINE_OPENS = re.compile(r"[，,\s]*(?:于|在)?")
FOUND_IN_TOPIC = re.compile(r"发现|查出")
# (what is not yet done may take a longer verb phrase as a topic: "尚未完成初始排污权核定的55家")
UNDONE_TOPIC_BEFORE = re.compile(r"尚未[\u4e00-\u9fff]{1,12}的$")
ALL_OF_THEM = re.compile(r"全部|(?<![平日月年])均|一律|逐一|逐个")
# A demonstrative names a set already known ("这12个点位", "上述8家企业", "该3处"): with 全部/均/都
# after it, the clause deals with all of them, the count is its subject.
KNOWN_SET_BEFORE = re.compile(r"(?:这|这些|上述|以上|前述|该|此)$")
# "剩余修复面积34亩", "其余整改任务5项": what is left, named before its amount
# ... and "全县在建工地127个", "现有燃煤锅炉12台": what is under way or exists, named before its count
# ... and "龙潭水库一级保护区内仍有农家乐7家", "督察抽查发现非法倾倒点位23处", "全市需修复的历史遗留矿山86座":
# what is still there, what an inspection found, what needs doing
REMAINING_NAMED_BEFORE = re.compile(
    r"(?:(?:剩余|剩下的?|其余|余下|在建|现有|存量)(?![控日])|尚有|仍有|发现|查出|(?<![要必])需[\u4e00-\u9fff]{1,6}?的|待[\u4e00-\u9fff]{1,6}?的)"
    r"[\u4e00-\u9fff]{1,6}$"
)
# "省委、省政府《实施意见》提出，到2025年全省…达到90%以上": a cited document's target for a
# wider area (the nation, the province) is that level's, not the speaker's.
CITED_DOCUMENT = re.compile(r"》(?:中|里)?(?:提出|明确|要求|规定|指出|确定|强调)[，,：:]")
# ... and a higher body stating one in the speaker's words, with or without a comma: "省里提出今年全省…要下降到30微克以下",
# "国家要求，到2025年全国…" (a figure it sets for the speaker's own area, "省里下达我市…", names that area and stays)
CITED_BODY = re.compile(
    # (or a department of the province or the nation: "省生态环境厅明确，", "国家发展改革委提出")
    # (in a county's or a district's text the city's leadership is a higher body too: "市委、市政府提出，到2027年全市…";
    # the wider area the clause names keeps the speaker's own figures: see extractor._sentence_candidates)
    r"(?:^|(?<=[，。；：\n]))(?:省里|省上|省委|省政府|国家|中央|国务院|上级|上面|市委|市政府|市里|"
    # (sixteenth round: a city body too, "市纪委监委…明确要求，" — in the city's own text its figure names no wider area and
    # stays, see extractor._sentence_candidates)
    r"(?:省|国家|市)[\u4e00-\u9fff]{0,8}?(?:厅|局|委员会|委|办公室|办))(?:[、和][\u4e00-\u9fff]{2,4})?"
    # (nineteenth round: the bare 省厅 and a higher body's 部门, "省厅要求，", "上级部门明确要求全省…")
    r"(?:部门|领导)?"
    # (its paper named without book-title marks, "省总河长办年度考核要点明确，", fourteenth round)
    r"(?:[\u4e00-\u9fff]{0,8}?(?:要点|方案|通知|意见|计划|细则|办法|文件))?"
    # (... or the occasion it spoke at, "在全市部署中明确要求，", sixteenth round)
    # (... or its paper, "在年度工作要点中提出，", seventeenth round)
    r"(?:在[^，。；]{0,10}?(?:部署|会议|会上|讲话|通知|要点|方案|意见|文件|计划)中?)?"
    r"(?:也|还|已经|明确|专门)?(?:提出|明确|要求|规定|确定)(?:了)?[，,：:]?"
    # ... or the target it set for the wider area, in speech: "省里给全省定的目标，今年…要达到百分之八十四" (the area is
    # named in the citation, and carries to the clauses after it; fourteenth round)
    r"|(?:^|(?<=[，。；：\n]))(?:省里|省上|省委|省政府|国家|中央|国务院|上级)(?:给|为|对)(?P<area>全省|全国)"
    r"(?:定|下达|确定|提出)的(?:目标|任务|指标)(?:是)?[，,：:]?"
    # ... or its requirement for an area it names as "ours" ("省里对我们市今年的要求是…", sixteenth round): the figure is that
    # area's — the speaker's own when the text is that area's, the wider one's in a county's text (extractor.wider_scope)
    r"|(?:^|(?<=[，。；：\n]))(?:省里|省上|省委|省政府|国家|中央|国务院|上级|市委|市政府|市里)(?:给|为|对)"
    r"(?P<ours>(?:我们|我)(?:省|市|州|盟|县|区))[\u4e00-\u9fff]{0,4}?的(?:要求|目标|任务)(?:是|为)?[，,：:]?"
    # ... or a meeting's deployment the text follows, with the wider area its figure is for: "按照市生态环境保护大会部署，
    # 到2027年全市PM2.5平均浓度要降至28微克/立方米以下" in a county's text
    r"|(?:^|(?<=[，。；：\n]))(?:按照|根据|依据)[^，。；《》]{2,16}?(?:会议?|大会)(?:的)?(?:部署|要求|安排)[，,]"
)
CITED_AS_BASIS = re.compile(r"(?:按照|根据|依据|对照|落实|贯彻|依照|遵照)[^，。；《]{0,12}《[^》]*$")
WIDER_SCOPE = re.compile(r"全国|全省|全区域|各省|各地")
# The whole a part is counted out of: a count's noun closed by 中/当中 ("12个断面中至少要有11个…", numbers.find_values,
# seventeenth round)
WHOLE_OUT_OF = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:中|当中|之中)(?=[^，,。；]{0,8}?[\d一二两三四五六七八九十])")

# A floor right before a count ("至少要有11个…", "不少于3个…"): the count states its own figure, no scope of the class after
# it (numbers._drop_qualifying_counts, seventeenth round)
COUNT_FLOOR = re.compile(r"(?:至少|不少于|最少)(?:要|需|应)?(?:有)?$")

# A wider area named as the field a rank is held in ("排名要进入全省前8位", "全省第三", "在全省排名"): whose rank it is, the
# speaker's own — no citation of the wider area's figure (extractor._sentence_candidates, seventeenth round)
RANK_FIELD = re.compile(r"(?:前|第)[\d一二两三四五六七八九十]+|排名|排位|位次|名次")
# ... and, once the text shows whose it is, any area above the speaker's own: the levels of government,
# widest first (a district, 区, ranks with a county). The speaker's level is the one the text names as
# its own most often (全县, 我县, 本县: see extractor.wider_scope), so in a county's plan "《…实施意见》提出，
# 到2025年全市…达到20%左右" is the city's figure, not the county's.
AREA_LEVELS: tuple[tuple[str, ...], ...] = (("国",), ("省",), ("市", "州", "盟"), ("县", "区", "旗"), ("镇", "乡", "街道"))
OWN_AREA = re.compile(r"(?:全|我|本)(?P<area>省|市|州|盟|县|区|旗|镇|乡|街道)")
# ... and a title's body: "××县生态环境分局", "某区人民政府", "××市生态环境局" (extractor.wider_scope)
TITLE_BODY = re.compile(r"(?P<area>省|市|州|盟|县|区|旗|镇|乡)(?=[\u4e00-\u9fff]{0,6}?(?:局|分局|厅|人民政府|政府|委员会|党委|管委会))")

# Responsible units (责任单位): a unit that is the subject of 要/负责/牵头, or the object of 督导/督促/责成.
_ORG_SUFFIX = (
    r"(?:县（市、区）|县市区|旗县市区|区县|县区|属地政府|人民政府|政府|党委|管委会|生态环境局|"
    r"分局|局|委员会|委|办公室|办|部门|单位|处室|支队|中心)"
)
RESPONSIBLE_AS_OBJECT = re.compile(
    rf"(?:督导|督促|责成|指导|要求|由)(?P<org>(?:各|相关|有关|市|省|县|区)?[\u4e00-\u9fff]{{0,8}}?{_ORG_SUFFIX})"
)
RESPONSIBLE_AS_SUBJECT = re.compile(
    rf"(?:^|[，；。：、])(?P<org>(?:各|相关|有关|市|省|县|区)[\u4e00-\u9fff]{{0,8}}?{_ORG_SUFFIX})"
    r"(?:要|务必|必须|负责|牵头)"
)


def find_metric(text: str, before: int | None = None) -> tuple[str, str] | None:
    """The catalogue metric named in ``text`` closest before position ``before``.

    Returns (code, name as written) or None. A name that ends nearer the number wins,
    so in "优良天数比例92.1%，细颗粒物平均浓度21微克" each number gets its own metric.
    """
    limit = len(text) if before is None else before
    best: tuple[int, int, Metric, str] | None = None
    for rank, metric in enumerate(METRICS):
        for match in metric.pattern.finditer(text, 0, limit):
            key = (match.end(), -rank)
            if best is None or key > (best[0], best[1]):
                best = (match.end(), -rank, metric, match.group(0))
    if best is None:
        return None
    if best[2].code == "concentration":
        # "PM2.5平均浓度": the pollutant named before 浓度 says whose concentration it is.
        for metric in METRICS:
            if metric.code in POLLUTANTS:
                named = list(metric.pattern.finditer(text, 0, limit))
                # near the number, or right before the word 浓度 ("PM2.5浓度由38降至35")
                if named and (limit - named[-1].end() <= 12 or 0 <= best[0] - 2 - named[-1].end() <= 6):
                    return metric.code, text[named[-1].start():best[0]]
    return best[2].code, best[3]


def normalise_unit(written: str) -> str | None:
    """The normal form of a unit as written, or None for durations and calendar words."""
    return UNITS.get(written)


def unit_alternation() -> str:
    """A regex alternation of every unit, longest first so 万亩 wins over 亩."""
    return "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))

# A bound duration under a label that names it a time limit earlier in its sentence ("技术评估时限：报告书不超过20个工作日，
# 报告表不超过10个工作日", sixteenth round): each bound is a cap, though 时限 is not right before it
DURATION_LABEL = re.compile(r"(?:时间|时限|周期|用时|时长)[：:]")
DURATION_BOUND = re.compile(
    r"不(?:得|能|应)?(?:超过|多于|大于|长于)"
    r"(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九十]+)(?P<unit>个工作日|工作日|个小时|小时|天|日|分钟)"
)
# A table cell that is nothing but a duration ("15个工作日", "60日"), read as a value under a time-limit column
DURATION_CELL = re.compile(r"^(?P<num>\d+(?:\.\d+)?)(?P<unit>个工作日|工作日|个小时|小时|天|日|分钟)$")

# Units after which a spoken 一 is one of them, never an article (sixteenth round): "今年要比去年再降一个微克", "提高一个百分点"
# ("一个新台阶", "一个问题" stay prose: numbers.find_values)
ONE_MEASURE_UNITS = frozenset({"μg/m³", "mg/m³", "mg/L", "个百分点"})

# A copula right after a year that opens a sentence: "2022年，是…之年" says what the year is, it dates no deliverable
# (extractor._stage_year, sixteenth round)
YEAR_COPULA = re.compile(r"\s*(?:是|为|将是)")

# A milestone that restates an earlier 100% target as full coverage ("高风险移动放射源在线监控率达到100%", later "年底前，完成
# 全市高风险移动放射源在线监控全覆盖"): the same target, folded into it (extractor.merge_repeated_mentions, sixteenth round).
# The rate's name less its closing 率/覆盖率/比例 must be in the milestone's clause before 全覆盖.
FULL_COVERAGE = re.compile(r"全(?:面)?覆盖")
RATE_SUFFIX = re.compile(r"(?:覆盖率|率|比例)$")

# An indicator table (主要指标表, eleventh round): a header row names a column of current values and a column of
# target values ("序号 指标名称 2025年现状 2030年目标 属性", "指标 单位 基期值 目标值"). Under it each row's current
# cell is an achievement and its target cell the target; the unit is the name cell's closing bracket ("（%）",
# "（微克/立方米）") or a 单位 column. A header cell that is only a year counts as current when the year is not after
# the text's own, as a target when it is (extractor._indicator_columns).
INDICATOR_CURRENT_COLUMN = re.compile(r"现状|基期|基准|基数|实际|现值|完成值")
# (a budget's performance-target table calls its target column 指标值: "三级指标｜指标值｜2025年实际完成值")
# (sixteenth round: a service-reform table's commitment column, "事项｜法定时限｜承诺时限｜责任单位", and a task
# table's 完成时限/时限 column with a figure in it are what the text sets — 要求值/控制值 name a column of bounds)
INDICATOR_TARGET_COLUMN = re.compile(r"目标|规划值|预期值|指标值|承诺|要求值|控制值|(?<!法定)(?<!现行)时限")
# a column of what holds before the text acts, read as the current one (sixteenth round): the statutory limit a
# commitment shortens ("法定时限"), the rule in force ("现行标准"), last year's figure ("上年值")
INDICATOR_BASE_COLUMN = re.compile(r"法定|现行|上年值|去年值")
INDICATOR_UNIT_COLUMN = re.compile(r"^(?:计量)?单位$")
# a column of who answers for the row ("责任单位", "牵头单位", "牵头部门", "责任科室"): the row's responsible (sixteenth round)
INDICATOR_RESPONSIBLE_COLUMN = re.compile(r"^(?:责任|牵头|主责|负责|实施)(?:单位|部门|科室|主体)$")
# a column whose cells are a verdict, no figure to read ("达标情况", "完成情况", "评价", "备注"); its figures ("未达标，差
# 5.7个百分点") are neither the current value nor the target (sixteenth round)
INDICATOR_STATUS_COLUMN = re.compile(r"情况$|^(?:评价|备注|说明|属性|指标属性)$")
# a target column of time limits ("承诺时限", "办结时限"): its figure is a cap however it is written (sixteenth round)
INDICATOR_LIMIT_COLUMN = re.compile(r"时限|期限|用时")
# the unit in brackets that closes an indicator's name: "重污染天数（天）", "森林覆盖率（%）"
INDICATOR_NAME_UNIT = re.compile(r"[（(](?P<unit>[^（）()]{1,8})[）)]\s*$")
# a target cell: a bound symbol, a number or a range, a five-year total in 〔〕 brackets, or a water class
INDICATOR_VALUE = re.compile(
    r"^[〔\[]?(?P<cmp>≤|≥|<=|>=|＜|＞|<|>)?\s*(?:(?P<low>\d+(?:\.\d+)?)\s*[～~—\-至])?\s*(?P<num>\d+(?:\.\d+)?)[〕\]]?$"
    r"|^(?P<cls>[ⅠⅡⅢⅣⅤ])类$"
)

# What a clause holds after its deadline when it is only that deadline and a bare verb, no object of its own
# ("…再装8套，国庆节前投入使用", "…新建3座，年底前建成"): it dates the figure of the clause before it, one target
# (extractor._dates_previous_target). Four characters at most: a verb with an object is a deliverable of its own.
BARE_VERB_AFTER_DEADLINE = re.compile(r"\s*(?:全部|均|都)?[\u4e00-\u9fff]{1,4}")

# The year after the speech's, named by no number ("明年", "明年一季度", "下一年度"): in a look back a sentence opening on
# it speaks of that year (moods.sentence_mood), and a deliverable dated by it is due, not done (extractor._milestone;
# seventeenth round)
LATER_YEAR = re.compile(r"明年|下一?年度?|来年")

# A part of a year as a deliverable's due time: "上半年完成执法人员全员轮训", "三季度内全面完成…" — only right before
# 完成 (extractor._milestone); "下半年，各部门要…" opens a stage, it dates no deliverable
YEAR_PART = re.compile(r"(?:\d{4}年|今年|明年)?(?:上半年|下半年|第?[一二三四]季度)")
# (sixteenth round: also passing a review or being granted a title, "2027年上半年获得国家命名", "三季度通过省级验收")
# (… and a one-off check or exam held in that part, "于今年第三季度组织开展检验人员能力比对考核")
DUE_IN_PART = re.compile(r"(?:内|前)?(?:全面|全部)?(?:完成|通过[^，。；]{0,6}?(?:预审|审查|评审|验收|复核|技术评估)"
                         r"|获得[^，。；]{0,8}?(?:命名|授牌|认定|批复)"
                         # (… and a second look at what was done, "明年一季度组织开展一轮“回头看”", seventeenth round)
                         r"|(?:组织)?开展[^，。；]{0,16}?(?:考核|比对|评估|演练|专项检查|督查|回头看|复查))")
