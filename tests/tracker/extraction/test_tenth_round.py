"""Rules added for the blind batch b80–b85 (a city's summer ozone plan, a county's new-pollutant task list typed as
space-separated table rows, a county carbon-peak notice, an undated WeChat post quoting a county secretary, a
township's rectification pledge letter and a bureau's reply to a CPPCC proposal on noise).

Sentences written for these tests, none from the seeds or the development set; each fails on the rules before
this round.
"""


from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

from .readings import AS_OF, forward_periods, targets



# --- a table typed with spaces -------------------------------------------------------------------------


TABLE = (
    # (a notice's body before the table, as in the documents these come in: with its punctuation the text is no
    # sparse transcript, where every space already separates clauses)
    "各街道、区直有关单位：现将任务表印发给你们，请对照表中时限逐项抓好落实，确保各项任务按期完成，并于每月5日前报送进展。\n"
    "附表：某区2026年土壤污染防治任务表\n"
    "序号 任务 目标 时限 责任单位\n"
    "1 重点单位监管 完成18家土壤重点监管单位隐患排查 2026年7月31日前 区生态环境分局\n"
    "2 受污染耕地 安全利用率达到93%以上 2026年11月30日前 区农业农村局\n"
)


def test_a_row_typed_with_spaces_is_a_row_of_cells():
    found = [(c.value, c.period_or_deadline, c.sentence) for c in extract(TABLE, AS_OF) if c.kind == TARGET]
    assert found == [(18.0, "2026年7月31日前", "完成18家土壤重点监管单位隐患排查"),
                     (93.0, "2026年11月30日前", "安全利用率达到93%以上")]


def test_a_list_size_after_a_title_is_no_figure():
    assert targets("某县2026年大气污染防治重点任务清单（共12项）\n") == []


def test_rounds_in_digits_are_counted():
    assert targets("9月底前完成3轮地下水水质采样监测。") == [(TARGET, 3.0, "轮", ">=")]


# --- whose target --------------------------------------------------------------------------------------


def test_a_cited_area_carries_to_the_later_clauses_of_the_statement():
    text = "省政府《实施方案》提出，到2027年全省城市污水处理率达到97%，再生水利用率达到30%。"
    assert targets(text) == []


# --- values --------------------------------------------------------------------------------------------


def test_half_is_fifty_percent():
    assert targets("到2027年，新建厂房屋顶光伏安装比例力争达到一半以上。") == [(TARGET, 50.0, "%", ">=")]


def test_square_metres_are_an_area():
    assert targets("到2030年，老旧小区绿化改造面积累计达到12万平方米。") == [(TARGET, 12.0, "万平方米", ">=")]


def test_a_cumulative_level_governs_the_figure_after_it():
    text = "到10月底，累计完成锅炉低氮改造30台以上，氮氧化物排放量同比削减8%。"
    assert targets(text) == [(TARGET, 30.0, "台", ">="), (TARGET, 8.0, "%", "decrease_by")]


def test_none_may_be_put_off_is_no_zero_cap():
    assert targets("这些整改任务，一项都不能拖！") == []
    assert targets("年度目标一分都不能打折扣。") == []


def test_a_place_after_a_ranking_named_as_topic():
    assert targets("全省考核排名，要确保前五、力争第二。") == [(TARGET, 5.0, "名", "<="), (TARGET, 2.0, "名", "<=")]


# --- sets dealt with by a date -------------------------------------------------------------------------


def test_a_set_handed_over_as_topic_is_one_target_with_its_deadline():
    found = [(c.kind, c.value, c.comparator, c.period_or_deadline)
             for c in extract("市级督察交办的25件问题线索，9月底前必须全部办结。", AS_OF) if c.kind != ACHIEVEMENT]
    assert found == [(TARGET, 25.0, ">=", "9月底前")]


def test_a_place_before_an_attributive_done_keeps_the_topic():
    found = [(c.kind, c.value) for c in extract("对全镇已摸底登记的46户化粪池，10月底前全部完成改造。", AS_OF)
             if c.kind != ACHIEVEMENT]
    assert found == [(TARGET, 46.0)]


def test_an_aim_under_a_horizon_year_is_no_milestone():
    found = [c for c in extract("到2027年，新建公共机构全面执行节水器具标准。", AS_OF) if c.kind == MILESTONE]
    assert found == []


def test_a_repeat_under_a_task_heading_folds_into_the_goal():
    text = ("二、目标\n到11月底，累计完成燃气锅炉改造40个以上。\n三、任务\n（一）锅炉改造。11月底前，完成40个燃气锅炉改造。")
    found = [c for c in extract(text, AS_OF) if c.kind == TARGET]
    assert len(found) == 1 and found[0].also_at


# --- periods -------------------------------------------------------------------------------------------


def test_a_standing_rule_from_now_on_has_its_period():
    assert forward_periods("自即日起，各加油站油气回收装置运行率不低于98%。") == [(98.0, "自即日起")]
    assert forward_periods("自2026年起，新增渣土车全部使用新能源车辆，比例不低于八成。")[-1] == (80.0, "自2026年起")


def test_a_duration_cap_is_no_period():
    assert forward_periods("推动信访件平均办理时间缩短至4个工作日以内，群众满意率达到95%。") == [(4.0, None), (95.0, None)]


def test_an_event_with_its_subject_and_from_the_day():
    assert forward_periods("督导结束后5个工作日内报送整改报告。") == [(None, "督导结束后5个工作日内")]
    assert forward_periods("自立案之日起30日内完成调查处理。") == [(None, "自立案之日起30日内")]
