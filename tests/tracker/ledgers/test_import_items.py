"""Importing an inspection feedback list (督察反馈问题整改台账) of rectification items."""
import datetime as dt

import pytest

from tests.factories import RectificationItemFactory
from tracker.ledgers.importer import MappingNeeded, import_ledger, remember_mapping
from tracker.ledgers.kinds import Options
from tracker.models import LedgerColumnMapping, OrgUnitAlias, RectificationItem

from .builders import ITEM_HEADINGS, csv_bytes, xlsx

pytestmark = pytest.mark.django_db


def feedback_list(*rows, title=True):
    top = [["省督察反馈问题整改台账"]] if title else []
    return xlsx(top + [ITEM_HEADINGS, *rows])


def test_dry_run_previews_every_row_and_writes_nothing(city, supervisor, provincial_round):
    # given a feedback list with a title row, two good rows and one with an unknown unit
    data = feedback_list(
        [1, "扬尘管控不到位", "甲县", "2022年6月30日", "落实六个百分之百", "整改中", "否"],
        [2, "污水直排", "乙县", "2022/9/30", "截污纳管", "", "否"],
        [3, "垃圾倾倒", "丙县", "年底前", "", "", ""],
    )
    # when it is imported as a dry run
    result = import_ledger("台账.xlsx", data, "items", supervisor, options=Options(round="prov-2022"))
    # then every row has an outcome, the bad one names its column, and nothing is written
    assert [(r.row, r.outcome) for r in result.results] == [(3, "created"), (4, "created"), (5, "error")]
    assert result.results[2].column == "责任单位" and "丙县" in result.results[2].zh and "丙县" in result.results[2].en
    assert not result.committed
    assert RectificationItem.objects.count() == 0


def test_commit_creates_items_with_chinese_dates_and_units_by_name(city, supervisor, provincial_round):
    # given a feedback list naming units by full name, short name and alias
    city["county_b"].short_name = "乙"
    city["county_b"].save()
    OrgUnitAlias.objects.create(unit=city["town_a"], alias="一镇")
    data = feedback_list(
        [1, "扬尘管控不到位", "甲县", "2022年6月30日", "落实六个百分之百", "", ""],
        [2, "污水直排", "乙、一镇", "9月底", "截污纳管", "", ""],
        [3, "矿山修复", "甲县一镇", "长期坚持", "分年度治理", "", ""],
    )
    # when it is committed
    result = import_ledger("台账.xlsx", data, "items", supervisor, dry_run=False, options=Options(round="prov-2022"))
    # then the items exist, relative dates read in the round's year, long-term marked
    assert result.committed and result.counts["created"] == 3
    items = {i.number: i for i in RectificationItem.objects.all()}
    assert items["1"].deadline == dt.date(2022, 6, 30) and items["1"].lead_unit == city["county_a"]
    assert items["2"].deadline == dt.date(2022, 9, 30) and items["2"].lead_unit == city["county_b"]
    assert set(items["2"].co_units.all()) == {city["town_a"]}
    assert items["3"].is_long_term and items["3"].deadline == dt.date(2022, 12, 31)
    assert items["1"].history.count() == 1 and items["1"].history.first().history_user == supervisor


def test_reimporting_the_same_file_changes_nothing(city, supervisor, provincial_round):
    # given a committed feedback list
    data = feedback_list([1, "扬尘管控不到位", "甲县", "2022-06-30", "落实", "", ""],
                         [2, "污水直排", "乙县", 44834, "截污纳管", "", ""])
    import_ledger("台账.xlsx", data, "items", supervisor, dry_run=False, options=Options(round="prov-2022"))
    history_rows = RectificationItem.history.count()
    # when the same file is imported again
    result = import_ledger("台账.xlsx", data, "items", supervisor, dry_run=False, options=Options(round="prov-2022"))
    # then every row is unchanged and no history row was added
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 2, "error": 0}
    assert RectificationItem.history.count() == history_rows


def test_an_updated_file_updates_in_place_by_round_and_number(city, supervisor, provincial_round):
    # given an item already in the ledger
    item = RectificationItemFactory(round=provincial_round, number="7", problem="旧描述", lead_unit=city["county_a"],
                                    deadline=dt.date(2022, 6, 30))
    # when a file with the same round and number but a new deadline is committed
    data = feedback_list([7, "旧描述", "甲县", "2022年10月31日", "", "", ""])
    result = import_ledger("台账.xlsx", data, "items", supervisor, dry_run=False, options=Options(round="prov-2022"))
    # then the same row is updated, with a history entry, and not duplicated
    item.refresh_from_db()
    assert result.counts["updated"] == 1
    assert RectificationItem.objects.count() == 1 and item.deadline == dt.date(2022, 10, 31)
    assert item.history.count() == 2


def test_one_bad_row_rolls_back_the_whole_commit(city, supervisor, provincial_round):
    # given a file with a good row and a row with an unreadable date
    data = feedback_list([1, "扬尘", "甲县", "2022-06-30", "", "", ""], [2, "污水", "乙县", "尽快", "", "", ""])
    # when it is committed
    result = import_ledger("台账.xlsx", data, "items", supervisor, dry_run=False, options=Options(round="prov-2022"))
    # then nothing is kept and the error names the date column
    assert not result.committed and RectificationItem.objects.count() == 0
    assert result.errors[0].row == 4 and result.errors[0].column == "整改时限"


def test_duplicate_rows_in_one_file_are_errors(city, supervisor, provincial_round):
    # given a file listing item 1 twice
    data = feedback_list([1, "扬尘", "甲县", "2022-06-30", "", "", ""], [1, "扬尘（重复）", "甲县", "2022-06-30", "", "", ""])
    # when it is previewed
    result = import_ledger("台账.xlsx", data, "items", supervisor, options=Options(round="prov-2022"))
    # then the second occurrence is an error pointing at the first
    assert [r.outcome for r in result.results] == ["created", "error"]
    assert "第 3 行" in result.results[1].zh and "row 3" in result.results[1].en


def test_a_missing_required_column_asks_for_a_mapping(city, supervisor, provincial_round):
    # given a list whose responsible-unit column has an unusual heading
    data = xlsx([["序号", "问题", "整改主体", "整改时限"], [1, "扬尘", "甲县", "2022-06-30"]])
    # when it is imported, then the mapping step is needed and names the missing field
    with pytest.raises(MappingNeeded) as refused:
        import_ledger("台账.xlsx", data, "items", supervisor, options=Options(round="prov-2022"))
    assert refused.value.missing == ["lead_unit"] and "整改主体" in refused.value.unknown
    assert "责任单位" in refused.value.zh
    # and with the user's mapping it imports
    result = import_ledger("台账.xlsx", data, "items", supervisor, options=Options(round="prov-2022"),
                           overrides={"整改主体": "lead_unit"})
    assert result.counts["created"] == 1


def test_a_mapping_is_remembered_for_the_units_next_file(city, staff_a, provincial_round):
    # given a staff member who mapped 整改主体 once
    remember_mapping(staff_a, "items", {"整改主体": "lead_unit"})
    data = xlsx([["序号", "问题", "整改主体", "整改时限"], [1, "扬尘", "甲县", "2022-06-30"]])
    # when their next file uses the same heading, then it maps itself
    result = import_ledger("台账.xlsx", data, "items", staff_a, options=Options(round="prov-2022"))
    assert result.counts["created"] == 1
    assert LedgerColumnMapping.objects.get().unit == city["county_a"]


def test_staff_import_only_into_their_own_units(city, staff_a, provincial_round):
    # given a staff member of 甲县 importing rows for 甲县 and for 乙县
    data = feedback_list([1, "扬尘", "甲县", "2022-06-30", "", "", ""], [2, "污水", "乙县", "2022-06-30", "", "", ""])
    # when it is previewed
    result = import_ledger("台账.xlsx", data, "items", staff_a, options=Options(round="prov-2022"))
    # then the other county's row is refused on the unit column
    assert [r.outcome for r in result.results] == ["created", "error"]
    assert result.results[1].column == "责任单位" and "无权" in result.results[1].zh


def test_leaders_cannot_import(city, leader, provincial_round):
    data = feedback_list([1, "扬尘", "甲县", "2022-06-30", "", "", ""])
    with pytest.raises(Exception) as refused:
        import_ledger("台账.xlsx", data, "items", leader, options=Options(round="prov-2022"))
    assert getattr(refused.value, "kind", None) == "forbidden"


def test_a_gbk_csv_imports_with_chinese_intact(city, supervisor, provincial_round):
    # given the list saved as CSV by Chinese Excel (GBK)
    data = csv_bytes([ITEM_HEADINGS, ["1", "扬尘管控不到位", "甲县", "2022年6月30日", "落实措施", "", "否"]], "gbk")
    # when it is committed
    result = import_ledger("台账.csv", data, "items", supervisor, dry_run=False, options=Options(round="prov-2022"))
    # then the text is read as Chinese
    assert result.encoding == "GB18030/GBK"
    assert RectificationItem.objects.get().problem == "扬尘管控不到位"
