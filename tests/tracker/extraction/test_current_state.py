"""Achievement or target, and the value forms the fifth blind batch (b16–b18) missed.

Sentences written for these tests, none from the seeds or the development set; each row is
one rule, stated in the comment beside it.
"""

from datetime import date

import pytest

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract
from tracker.extraction.periods import PAST, find_time_expressions

SPOKEN = date(2025, 11, 6)
PLAN_HEADING = "三、下一步工作\n"  # a forward section: a bare figure here would be read as a target


def kinds(text, as_of=SPOKEN):
    return [(c.kind, c.value, c.unit, c.comparator) for c in extract(text, as_of)]


def targets(text, as_of=SPOKEN):
    return [c for c in extract(text, as_of) if c.kind != ACHIEVEMENT]


@pytest.mark.parametrize(
    "text",
    [
        # tense and aspect markers of something done or measured
        "去年PM2.5浓度下降到25微克/立方米。",
        "已完成整改48项。",
        "累计完成造林3.2万亩。",
        "全年实现了优良天数比例85%。",
        "PM2.5浓度同比下降了4.8%。",
        "截至10月底，已办结信访件124件。",
        "中央水污染防治资金支付率仅为46.3%。",
        "2024年全县优良天数比例为88.5%，全省排名第7位。",
        # a count of what is left, without a deadline, is the current situation
        "其余7项按序时推进。",
        # 要清醒看到 frames the current state, even in a forward section
        PLAN_HEADING + "我们也要清醒看到，2个国考断面水质不稳定。",
        PLAN_HEADING + "必须清醒看到，我区还存在不少短板，清水河断面总磷浓度为0.23毫克/升。",
        # a month already over at the speech's date looks back, even in a forward section
        PLAN_HEADING + "清水河断面10月份总磷浓度为0.23毫克/升。",
    ],
)
def test_achievements_are_never_targets(text):
    # when
    found = extract(text, SPOKEN)
    # then: every figure is reported, none as a target
    assert found and {c.kind for c in found} == {ACHIEVEMENT}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("力争PM2.5浓度降至27微克/立方米。", (TARGET, 27.0, "μg/m³", "<=")),
        ("确保重污染天数不超过3天。", (TARGET, 3.0, "天", "<=")),
        ("年底前完成32个行政村生活污水治理。", (TARGET, 32.0, "个", ">=")),
        ("到2027年，国考断面水质优良比例达到90%以上。", (TARGET, 90.0, "%", ">=")),
        ("新增治理农村黑臭水体不少于25条。", (TARGET, 25.0, "条", ">=")),
        # the doing verb comes first: 3 is the number of boilers to retire, not a topic
        ("年底前完成剩余3台燃煤锅炉淘汰。", (TARGET, 3.0, "台", ">=")),
        # the same framing verb without 看到 still commits
        (PLAN_HEADING + "我们要把清水河断面总磷浓度降到0.2毫克/升以下。", (TARGET, 0.2, "mg/L", "<=")),
    ],
)
def test_commitments_are_targets(text, expected):
    assert kinds(text) == [expected]


@pytest.mark.parametrize(
    "text, period",
    [
        # ("其余5个问题务必在年底前完成整改销号" left this list in the thirteenth round: a remainder finished by a date in
        # its own clause is a target of its count, test_thirteenth_round; "尚未完成的3项任务要在6月30日前全部销号" left it in the
        # fifteenth round: what is not yet done, finished in full by a date in its own clause, is such a remainder,
        # test_fifteenth_round)
        ("现有的12台要在10月底前完成淘汰。", "在10月底前"),
        ("滞后的2个问题12月20日前全部完成整改。", "12月20日前"),
    ],
)
def test_a_count_of_what_is_left_is_the_subject_of_a_milestone(text, period):
    # when
    (candidate,) = extract(text, date(2025, 3, 1))
    # then
    assert (candidate.kind, candidate.value, candidate.period_or_deadline) == (MILESTONE, None, period)


def test_a_month_over_at_the_speech_date_is_a_look_back():
    # given
    text = "10月份总磷浓度为0.23毫克/升"
    # when
    november = find_time_expressions(text, 2025, [], document_month=11)
    march = find_time_expressions(text, 2025, [], document_month=3)
    # then: in November, October is over; in March it may be a plan
    assert [(t.text, t.role) for t in november] == [("10月份", PAST)]
    assert march == []


@pytest.mark.parametrize(
    "text",
    [
        "省委、省政府《实施意见》提出，到2025年全省国考断面水质优良比例达到90%以上。",
        "国务院《空气质量持续改善行动计划》明确，到2025年全国地级及以上城市PM2.5浓度比2020年下降10%。",
    ],
)
def test_a_cited_documents_target_for_a_wider_area_is_not_ours(text):
    assert targets(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("按照《实施方案》要求，我市国考断面水质优良比例要达到90%以上。", 90.0),  # cited as the basis
        ("《实施方案》明确，到2025年全市PM2.5浓度控制在35微克/立方米以内。", 35.0),  # the speaker's own area
    ],
)
def test_a_cited_document_that_sets_our_own_figure_still_gives_a_target(text, value):
    assert [(c.kind, c.value) for c in targets(text)] == [(TARGET, value)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # ×× is a mask: unknown, not zero, and not dropped
        ("中央水污染防治资金支付率年底前要达到××%以上。", (TARGET, None, "%", ">=")),
        # a duration is a value after 时间 + 压缩到
        ("夜间施工噪声投诉办结时间压缩到3个工作日以内。", (TARGET, 3.0, "个工作日", "<=")),
        # 次 is a value after a bound
        ("对重点排污单位每季度至少检查1次。", (TARGET, 1.0, "次", ">=")),
        ("不少于两次开展联合执法检查。", (TARGET, 2.0, "次", ">=")),
        # capacities per year and inspections per visit
        ("年内新增危险废物利用处置能力5万吨/年。", (TARGET, 5.0, "万吨/年", ">=")),
        ("全年开展执法检查不少于1200家次。", (TARGET, 1200.0, "家次", ">=")),
    ],
)
def test_value_forms(text, expected):
    assert kinds(text) == [expected]


def test_a_frequency_without_a_bound_is_not_a_value():
    # "通报一次" repeats a duty; it sets no number
    assert kinds("区督察办每月通报一次整改进展。") == []


def test_a_duration_without_a_cap_verb_is_a_deadline():
    (candidate,) = extract("3个工作日内办结投诉。", SPOKEN)
    assert (candidate.kind, candidate.value, candidate.deadline) == (MILESTONE, None, "2025-11-11")


def test_an_event_relative_deadline_keeps_the_event_and_resolves_to_no_date():
    # when
    (candidate,) = extract("要在接到投诉后5个工作日内办结。", SPOKEN)
    # then: 办结 is a deliverable; the five days run from each complaint, not from the speech
    assert (candidate.kind, candidate.period_or_deadline, candidate.deadline) == (MILESTONE, "接到投诉后5个工作日内", None)


@pytest.mark.parametrize(
    "text",
    [
        "城南污水处理厂提标改造工程要确保11月底前通水运行。",
        "12月20日前新建充电站全部投入使用。",
    ],
)
def test_putting_a_plant_into_service_is_a_deliverable(text):
    assert [c.kind for c in extract(text, SPOKEN)] == [MILESTONE]


def test_a_size_class_without_a_count_is_no_value():
    # 35蒸吨以下 says which boilers are banned; nothing is counted
    assert kinds("各乡镇不得新建每小时35蒸吨以下燃煤锅炉。") == []


@pytest.mark.parametrize(
    "heading, kind",
    [
        ("三、重点抓好五方面工作", TARGET),  # a heading that assigns work looks forward
        ("一、2025年工作回顾", ACHIEVEMENT),  # a review heading looks back
    ],
)
def test_the_heading_decides_a_bare_figure(heading, kind):
    # given: 新增 follows the mood of its section
    text = f"{heading}\n新增新能源公交车200辆。\n"
    # when / then
    assert [c.kind for c in extract(text, date(2026, 1, 22))] == [kind]


def test_a_years_epithet_is_not_the_period_of_the_targets_after_it():
    # given: "“十五五”开局之年" describes 2026; it does not date the targets as 2030
    text = "2026年是“十五五”开局之年。全市PM2.5平均浓度控制在30微克/立方米以内。"
    # when
    (candidate,) = extract(text, date(2026, 1, 22))
    # then
    assert (candidate.period_or_deadline, candidate.deadline) == ("2026年", "2026-12-31")


# --- rules added for the sixth blind batch (b19–b21) -----------------------------------


@pytest.mark.parametrize(
    "spoken, kind",
    [
        (date(2025, 4, 16), ACHIEVEMENT),  # said in April, the first quarter is over
        (date(2025, 2, 10), TARGET),  # said in February, it is still to come
    ],
)
def test_a_quarter_over_at_the_speech_date_looks_back(spoken, kind):
    assert [c.kind for c in extract("一季度，全县一般工业固体废物综合利用率达到62%。", spoken)] == [kind]


def test_turning_to_requirements_ends_the_look_back_at_once():
    # given: no heading after "下面，我讲三点意见"; the paragraphs after it are requirements
    text = "一、2025年工作回顾\n全市PM2.5浓度为31微克/立方米。\n下面，我讲三点意见。\n工业危险废物安全处置率保持100%。\n"
    # when / then
    assert [(c.kind, c.value) for c in extract(text, date(2026, 1, 22))] == [(ACHIEVEMENT, 31.0), (TARGET, 100.0)]


def test_a_count_of_those_not_yet_done_is_the_current_state_not_a_target():
    # when
    found = extract("对3家未开展隐患排查的重点监管企业，要在20个工作日内完成排查并提交报告。", SPOKEN)
    # then: the 3 firms are a current count; the commitment is the dated report
    assert [(c.kind, c.value, c.period_or_deadline) for c in found] == [
        (ACHIEVEMENT, 3.0, None), (MILESTONE, None, "20个工作日内"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # 到 a year already over is a look back, 由A提高到B or not
        ("非化石能源消费比重由2020年的14.5%提高到2024年的19.3%。", (ACHIEVEMENT, 19.3, 14.5)),
        ("非化石能源消费比重由2024年的19.3%提高到2027年的23%。", (TARGET, 23.0, 19.3)),
    ],
)
def test_a_year_after_to_is_a_deadline_only_when_it_is_still_to_come(text, expected):
    assert [(c.kind, c.value, c.baseline) for c in extract(text, date(2025, 5, 27))] == [expected]


def test_since_the_five_year_plan_looks_back():
    text = "“十四五”以来，全市能耗下降13.8%"
    (expression,) = find_time_expressions(text, 2025, [(0, 5)])
    assert (expression.text, expression.role) == ("“十四五”以来", PAST)


def test_an_undated_text_is_dated_by_its_deadline_year_not_by_a_comparison_base():
    from tracker.extraction import infer_document_date

    text = "5月27日下午，市委召开常委会。非化石能源消费比重由2020年的14.5%提高到19.3%。到2025年底，装机容量要突破500万千瓦。"
    assert infer_document_date(text).date == date(2025, 5, 27)


def test_two_rates_of_a_broad_catalogue_code_are_two_targets():
    # 处置率 and 利用率 share the code disposal_rate; the names differ, so both are kept
    text = "今年工业危险废物安全处置率保持100%；重点建设用地安全利用率确保100%。"
    assert [(c.kind, c.value) for c in extract(text, SPOKEN)] == [(TARGET, 100.0), (TARGET, 100.0)]


def test_the_same_rate_said_twice_is_still_merged():
    text = "今年工业危险废物安全处置率保持100%。工业危险废物安全处置率保持100%，这条底线必须守住。"
    (candidate,) = extract(text, SPOKEN)
    assert len(candidate.also_at) == 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("年内建成充电桩1.2万个。", (TARGET, 1.2, "万个", ">=")),  # counts in ten thousands
        ("新能源装机容量要突破500万千瓦。", (TARGET, 500.0, "万千瓦", ">=")),  # 突破 is a floor
    ],
)
def test_more_value_forms(text, expected):
    assert kinds(text) == [expected]


@pytest.mark.parametrize(
    "text, period, deadline",
    [
        ("市生态环境局于次年3月底前完成绩效评价。", "于次年3月底前", "2026-03-31"),  # 次年 is the year after the text's
        ("各县区要在资金到账后30日内将资金分解到具体项目。", "到账后30日内", None),  # counted from the funds' arrival
    ],
)
def test_deadlines_relative_to_the_next_year_or_to_an_event(text, period, deadline):
    (candidate,) = extract(text, date(2025, 5, 9))
    assert (candidate.kind, candidate.period_or_deadline, candidate.deadline) == (MILESTONE, period, deadline)


# --- rules added for the seventh blind batch (b22–b24) ---------------------------------


def test_two_equal_values_in_one_sentence_are_two_targets():
    # a 分别 list names two metrics; a repetition would be in another sentence
    text = "今年国考、省考断面水质优良比例分别达到100%、100%。"
    assert [(c.kind, c.value) for c in extract(text, SPOKEN)] == [(TARGET, 100.0), (TARGET, 100.0)]


def test_a_colon_that_opens_requirements_turns_the_mood_mid_paragraph():
    # given: the look back (今年以来) would otherwise run on; no heading follows
    text = ("今年以来，全镇卫生厕所普及率达到92%。\n秋收在即，工作刻不容缓。我强调以下几点：\n"
            "一是规模养殖场粪污处理设施装备配套率保持100%。\n")
    # when / then
    assert [(c.kind, c.value) for c in extract(text, date(2025, 9, 22))] == [(ACHIEVEMENT, 92.0), (TARGET, 100.0)]


@pytest.mark.parametrize(
    "opening, kind",
    [
        ("一、总体进展\n", ACHIEVEMENT),  # a review heading: the text's own year is under review
        ("", TARGET),  # no heading: the text's own year looks forward
    ],
)
def test_a_review_heading_keeps_its_own_year_a_review(opening, kind):
    text = opening + "全市2025年度实施生态环境重点项目达到46个。\n"
    assert [c.kind for c in extract(text, date(2025, 12, 3))] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "各县区要对未开工的5个项目逐一制定攻坚方案。",  # 未…的 N: the ones not yet started
        "在建的18个项目要加快施工进度。",  # 在建的 N: the ones under way
    ],
)
def test_counts_of_what_is_not_done_or_under_way_are_not_targets(text):
    assert targets(text) == []


@pytest.mark.parametrize(
    "text, period, deadline",
    [
        # 交办 is a deliverable; calendar days count every day (6 Nov + 15)
        ("要在15日内交办。", "15日内", "2025-11-21"),
        ("市委督查室将于12月下旬组织回头看。", "于12月下旬", "2025-12-31"),  # 下旬 ends with the month
    ],
)
def test_more_deadline_forms(text, period, deadline):
    (candidate,) = extract(text, SPOKEN)
    assert (candidate.kind, candidate.period_or_deadline, candidate.deadline) == (MILESTONE, period, deadline)


def test_a_recurring_period_is_a_targets_period_but_no_deadline():
    (candidate,) = extract("区级河长每季度巡河不少于1次。", SPOKEN)
    assert (candidate.kind, candidate.value, candidate.period_or_deadline, candidate.deadline) == (TARGET, 1.0, "每季度", None)
    assert kinds("每月通报排名情况。") == []  # a recurring period alone makes no milestone


def test_a_long_epithet_of_the_year_is_not_a_period():
    text = "今年是实施“十四五”规划的收官之年。全区城市生活污水集中收集率达到75%。"
    (candidate,) = extract(text, date(2025, 3, 4))
    assert candidate.period_or_deadline == "今年"


# --- rules added for the eighth blind batch (b25–b27) ----------------------------------


def test_a_short_framing_sentence_gives_way_to_the_next():
    # "先说成绩。" frames; the year after it opens the paragraph and dates it
    text = "先说成绩。2024年，全市PM2.5平均浓度34微克/立方米。国考断面水质优良比例由2020年的58.3%提升至83.3%。\n"
    assert {c.kind for c in extract(text, date(2025, 2, 26))} == {ACHIEVEMENT}


def test_the_plan_year_is_the_year_nearest_the_plan_word():
    from tracker.extraction import infer_document_date

    text = "市执法支队2024年工作总结和2025年工作计划\n一、2024年工作总结\n全年检查企业4215家次。\n"
    assert infer_document_date(text).date == date(2025, 1, 1)


def test_what_is_needed_is_no_commitment():
    # 所需 is a noun phrase; an amount without a bound or a deadline is a fact
    assert targets("所需资金***万元由市财政统筹安排。") == []


def test_handing_down_funds_by_a_date_is_a_milestone():
    (candidate,) = extract("市财政局要在8月15日前下达第一批资金。", date(2025, 6, 12))
    assert (candidate.kind, candidate.deadline) == (MILESTONE, "2025-08-15")


def test_sessions_are_counted_in_qi_but_a_project_phase_is_not():
    assert kinds("全年组织执法人员培训不少于4期。") == [(TARGET, 4.0, "期", ">=")]
    assert targets("加快推进污水处理厂二期工程建设。") == []


@pytest.mark.parametrize(
    "spoken, kind, deadline",
    [
        (date(2025, 1, 1), MILESTONE, "2025-05-31"),  # a campaign still to run, due when May ends
        (date(2025, 9, 1), None, None),  # said in September, the campaign is over
    ],
)
def test_a_span_of_months_is_a_campaign_due_at_its_last_month(spoken, kind, deadline):
    found = extract("3月至5月开展第三方环保服务机构弄虚作假专项整治。", spoken)
    assert [(c.kind, c.deadline) for c in found] == ([(kind, deadline)] if kind else [])


# --- rules added for the ninth blind batch (b28–b30) -----------------------------------


def test_a_month_dated_event_before_the_speech_looks_back():
    # "2024年8月" is an event's date; said in October 2025 it is over, so the paragraph reports
    text = "2024年8月，督察组向我市反馈了督察意见。市委高度重视，明确整改任务72项。\n"
    assert {c.kind for c in extract(text, date(2025, 10, 15))} == {ACHIEVEMENT}


def test_hours_count_from_an_event():
    (candidate,) = extract("接到预警信息后2小时内启动应急响应。", SPOKEN)
    assert (candidate.kind, candidate.period_or_deadline, candidate.deadline) == (MILESTONE, "接到预警信息后2小时内", None)


@pytest.mark.parametrize(
    "text",
    [
        "一是8项序时推进任务确保在12月31日前全部完成并申请销号。",  # all of a known set, by a date
        "剩余修复面积34亩计划于2025年12月底前完成。",  # 剩余 + a name before the amount
    ],
)
def test_what_is_left_and_completed_in_full_is_a_milestone(text):
    found = extract(text, date(2025, 10, 15))
    assert [c.kind for c in found] == [MILESTONE]


def test_a_count_after_the_doing_verb_is_still_the_target():
    # the verb comes first: 32 villages is the figure to reach
    assert kinds("年底前全部完成32个行政村生活污水治理。") == [(TARGET, 32.0, "个", ">=")]


def test_the_remaining_control_value_is_a_target_not_what_is_left():
    assert kinds("11—12月PM2.5剩余控制值为33微克/立方米。", date(2025, 11, 14)) == [(TARGET, 33.0, "μg/m³", "<=")]


@pytest.mark.parametrize(
    "text",
    [
        "城区餐饮单位油烟净化设施安装率达到95%，市大气办每月通报排名情况。",  # a recurring duty after it
        "接到预警信息后2小时内启动应急响应，涉气企业应急减排措施落实率100%。",  # counted from an event, before it
    ],
)
def test_recurring_and_event_relative_periods_date_only_their_own_clause(text):
    (target,) = [c for c in extract(text, SPOKEN) if c.kind == TARGET]
    assert target.period_or_deadline is None


# --- rules added for the tenth blind batch (b31–b33) -----------------------------------


def test_one_hundred_percent_in_words():
    assert kinds("噪声投诉办结率要达到百分之百。") == [(TARGET, 100.0, "%", ">=")]


def test_a_half_year_summary_is_dated_after_the_half_year():
    from tracker.extraction import infer_document_date

    # given: a title that sums up the first half, no date anywhere
    text = "县生态环境分局2025年上半年工作总结及下半年工作打算\n一、上半年工作开展情况\n上半年，PM2.5平均浓度为37微克/立方米。\n"
    # when
    stated = infer_document_date(text)
    # then: written once June is over, so 上半年 is a look back
    assert stated.date == date(2025, 7, 1)
    assert {c.kind for c in extract(text, stated.date)} == {ACHIEVEMENT}


def test_a_deadline_lines_date_is_not_the_texts_date():
    from tracker.extraction import detect_document_date

    text = "整改任务清单\n整改目标：2025年底前完成扩建。\n整改时限：2025年12月31日\n"
    assert detect_document_date(text) is None


# --- rules added for the eleventh blind batch (b34–b36) --------------------------------


def test_what_an_inspection_found_is_a_current_count():
    # given: a forward section, where a bare scope count would be a target
    found = extract(PLAN_HEADING + "对抽查发现的31个问题工地，属地要在7日内督促整改到位。", date(2025, 4, 1))
    assert [c.kind for c in found] == [ACHIEVEMENT, MILESTONE]


def test_a_dated_look_back_check_is_a_milestone():
    (candidate,) = extract("已治理的水体，要在9月底前开展一次“回头看”。", date(2025, 5, 20))
    assert (candidate.kind, candidate.deadline) == (MILESTONE, "2025-09-30")


# --- rules added for the twelfth blind batch (b37–b39) ---------------------------------


def test_staying_out_of_the_bottom_is_exit_bottom():
    assert kinds("全省排名力争进入前10位、确保不进入后三位。", date(2025, 6, 10)) == [
        (TARGET, 10.0, "名", "<="), (TARGET, 3.0, "名", "exit_bottom"),
    ]


def test_the_field_of_a_ranking_is_not_a_figure():
    # 168 cities are who is ranked; the target is leaving the bottom 20
    assert kinds("全国168个重点城市排名退出后20位。", date(2025, 6, 10)) == [(TARGET, 20.0, "名", "exit_bottom")]


def test_a_half_year_compared_with_is_not_the_period():
    (first, second) = extract("下半年全市PM2.5平均浓度须控制在30微克/立方米以内，比上半年下降6微克/立方米以上。", date(2025, 6, 10))
    assert (first.period_or_deadline, second.period_or_deadline) == ("下半年", "下半年")
