"""Importing target sheets and fund payment sheets."""
import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import DisbursementFactory
from tracker.ledgers.importer import import_ledger
from tracker.ledgers.kinds import Options
from tracker.models import Disbursement, Target

from .builders import xlsx

pytestmark = pytest.mark.django_db

TARGET_HEADINGS = ["目标编号", "目标名称", "指标", "比较", "目标值", "单位", "考核期起", "考核期止", "完成时限", "牵头单位", "配合单位"]


def test_targets_are_created_with_masked_values_and_updated_by_code(city, supervisor, pm25):
    # given a target sheet with a known value and a masked one
    data = xlsx([TARGET_HEADINGS,
                 ["T-1", "PM2.5年均浓度", "PM2.5浓度", "不高于", 23, "微克/立方米", "2022-01-01", "2022-12-31", "年底前",
                  "甲县", "乙县"],
                 ["T-2", "秋冬季PM2.5", "pm25", "<=", "X", "μg/m³", "2022-10-01", "2023-03-31", "2023-03-31", "乙县", ""]])
    # when committed
    result = import_ledger("targets.xlsx", data, "targets", supervisor, dry_run=False, options=Options(year=2022))
    # then both exist; the masked one has no value, and 年底前 is kept as the deadline's words
    assert result.counts["created"] == 2, result.errors
    first, second = Target.objects.get(code="T-1"), Target.objects.get(code="T-2")
    assert first.target_value == Decimal("23") and first.unit == "μg/m³" and first.deadline == dt.date(2022, 12, 31)
    assert first.deadline_text == "年底前" and list(first.co_units.all()) == [city["county_b"]]
    assert second.value_masked and second.target_value is None
    # and a second file with a new value updates T-1 only
    data = xlsx([TARGET_HEADINGS[:5], ["T-1", "PM2.5年均浓度", "pm25", "不高于", 22]])
    again = import_ledger("targets.xlsx", data, "targets", supervisor, dry_run=False)
    assert again.counts["updated"] == 1
    first.refresh_from_db()
    assert first.target_value == Decimal("22") and first.deadline_text == "年底前"


def test_a_new_target_without_its_period_is_a_row_error(city, supervisor, pm25):
    data = xlsx([["目标编号", "目标名称", "指标", "牵头单位"], ["T-9", "新目标", "pm25", "甲县"]])
    result = import_ledger("t.xlsx", data, "targets", supervisor)
    assert result.errors and "period_start" in result.errors[0].en


def test_payments_convert_yuan_and_never_exceed_the_allocation(city, supervisor, fund):
    # given a payment sheet in 元 whose second payment would overrun the 1000 万元 allocated
    data = xlsx([["专项资金", "支付日期", "支付金额（元）", "摘要"],
                 ["农村污水治理专项", "2022年5月10日", 3_000_000, "一期"],
                 ["fund-sewage", "2022-08-01", 8_000_000, "二期"]])
    # when committed
    result = import_ledger("pay.xlsx", data, "disbursements", supervisor, dry_run=False)
    # then the second row is refused on the amount and nothing is kept
    assert [r.outcome for r in result.results] == ["created", "error"]
    assert result.errors[0].column == "支付金额（元）" and "超过" in result.errors[0].zh
    assert Disbursement.objects.count() == 0


def test_payments_update_in_place_by_fund_and_date(city, supervisor, fund):
    DisbursementFactory(allocation=fund, paid_on=dt.date(2022, 5, 10), amount=Decimal("200"))
    data = xlsx([["资金编码", "支付日期", "支付金额"], ["fund-sewage", "2022-05-10", 300]])
    result = import_ledger("pay.xlsx", data, "disbursements", supervisor, dry_run=False)
    assert result.counts["updated"] == 1 and Disbursement.objects.get().amount == Decimal("300.00")
