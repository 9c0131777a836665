"""Rules added for the blind batch b128–b133 (a quarterly drinking-water-source bulletin with a ｜ table, a plan-year
straw-utilisation plan with a space-aligned table, an industrial park's VOCs year-end summary, a full-width clean-production
audit notice, a township 红黑榜 monthly bulletin, an undated dust-inspection notice).

Clauses and tables written for these tests, none from the seeds or the development set; each fails on the rules before
this round. Most of the round is precision: a figure that scopes, triggers or names a set is no target, a slogan of
resolve is no milestone, and a bulletin dated only by its month is read as of that month.
"""

from datetime import date

from tracker.extraction import MILESTONE, TARGET, extract
from tracker.extraction.dating import infer_document_date

from .readings import kinds, milestones, targets

# --- the date: a title line holding only a year and a month --------------------------------------------------------


def test_a_title_line_of_only_a_year_and_a_month_dates_a_reporting_text_at_that_months_end():
    text = "××街道垃圾分类“光荣榜”\n（2027年4月）\n\n本月各社区平均得分88.1分。\n"
    assert infer_document_date(text).date == date(2027, 4, 30)


def test_a_title_line_of_only_a_year_and_a_month_dates_a_plan_in_that_month():
    text = "××街道垃圾分类宣传周活动安排\n（2027年4月）\n\n各社区要组织宣传活动。\n"
    assert infer_document_date(text).date == date(2027, 4, 1)


# --- a ranking board reports results ---------------------------------------------------------------------------------


def test_a_ranking_boards_unit_result_is_no_target():
    text = ("××街道垃圾分类“红黑榜”\n（2027年4月）\n\n一、红榜\n"
            "1．东湖社区，得分95.2分。该社区完成12个投放点提档改造，新建宣传栏3处。\n")
    assert [f for f in targets(text, date(2027, 4, 30)) if f[0] == TARGET] == []


# --- figures that scope, trigger or name a set -----------------------------------------------------------------------


def test_a_size_class_before_yi_shang_de_and_the_unit_it_sorts_is_no_target():
    text = "二、工作要求\n占地面积2万平方米以上的项目，要在2个月内全部完成围挡改造。"
    assert not [f for f in targets(text) if f[2] == "万平方米"]
    text = "二、工作要求\n扶持年处理畜禽粪污5万吨以上的合作社不少于3家。"
    assert targets(text) == [(TARGET, 3.0, "家", ">=")]


def test_a_trigger_threshold_closed_by_de_is_no_target():
    text = "二、工作要求\n站点PM2.5小时浓度高于115微克/立方米的，保洁单位要立即增加冲洗频次。"
    assert not [f for f in targets(text) if f[0] == TARGET]


def test_a_set_named_in_the_passive_alone_in_its_clause_is_no_target():
    text = "二、工作要求\n被挂牌督办的6家企业，整改验收合格后方可恢复生产。"
    assert not [f for f in targets(text) if f[0] == TARGET]


def test_a_set_named_by_a_relative_clause_finished_in_full_under_a_plan_year_is_a_target():
    text = "二、工作目标\n2027年，列入名录的15家企业全部完成挥发性有机物综合治理。"
    assert (TARGET, 15.0, "家", "=") in targets(text, date(2027, 2, 1))


# --- slogans of resolve ----------------------------------------------------------------------------------------------


def test_an_orientation_or_a_resolve_is_no_milestone():
    text = ("三、下一步打算\n2027年，我局将以改善流域水环境质量为导向，统筹推进各项工作。"
            "2027年，我们将以更强的担当、更实的作风，推动生态环境保护工作再上新台阶。")
    assert milestones(text, date(2026, 12, 20)) == []


# --- a figure sizing the deliverable before it -----------------------------------------------------------------------


def test_a_bounded_amount_of_the_deliverables_own_object_is_one_target_with_it():
    text = "二、重点任务\n东湖街道年底前完成湿地公园护栏建设，新建护栏不少于3.2公里。"
    found = [(c.kind, c.value, c.unit, c.comparator) for c in extract(text, date(2026, 3, 10))]
    assert found == [(TARGET, 3.2, "公里", ">=")]


# --- a table row naming only its verb before the count repeats the prose target --------------------------------------

SPACED_TABLE = (
    "××县2026年农村垃圾治理工作方案\n"
    "一、目标任务\n"
    "2026年，新建垃圾收集站4个。\n"
    "二、任务分工\n"
    "序号  任务                     完成时限          责任单位\n"
    "1     建成4个垃圾收集站         10月底前          县住建局\n"
    "2     制定保洁员考核办法         5月底前           县城管局\n"
)


def test_a_rows_count_named_after_it_folds_into_the_prose_target():
    found = [(c.kind, c.value, c.unit) for c in extract(SPACED_TABLE, date(2026, 2, 1)) if c.kind == TARGET]
    assert found == [(TARGET, 4.0, "个")]


# --- values: 标准化 is no structural noun, 各 + N次 ---------------------------------------------------------------------


def test_a_count_before_biaozhunhua_is_a_value():
    assert targets("二、重点任务\n每个街道至少建成2个标准化回收站。") == [(TARGET, 2.0, "个", ">=")]


def test_a_count_for_each_of_the_times_named_before_ge_is_a_target():
    text = "二、重点任务\n区环境监测站要在汛期前、汛期后各开展2次水质加密监测。"
    assert (TARGET, 2.0, "次", "=") in targets(text)


# --- a harvest as the event a deadline counts from -------------------------------------------------------------------


def test_a_harvest_is_an_event_a_deadline_counts_from():
    text = "二、重点任务\n各乡镇要在秋收后10日内完成秸秆离田清运。"
    found = milestones(text)
    assert [period for period, _ in found] == ["秋收后10日内"]
    assert [f[0] for f in kinds(text)] == [MILESTONE]
