"""Reading the values people type into ledgers: Chinese dates, units of measure, the
names of responsible units, yes/no, numbers. Pure functions and small matchers; every
refusal is a ``ValueProblem`` with a Chinese and an English message."""
import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug included)
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


class ValueProblem(Exception):
    """A cell could not be read: why, in Chinese and English."""

    def __init__(self, zh, en):
        super().__init__(en)
        self.zh, self.en = zh, en


def clean_text(value):
    """A cell as text: None → "", numbers as written, the export's formula guard (a
    leading apostrophe before = + - @) removed, surrounding blanks trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_LEADS:
        text = text[1:]
    return text


def normalise(text):
    """Fold full-width characters and blanks so that "ＰＭ２．５ " matches "PM2.5"."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


# --- dates ---------------------------------------------------------------------------------
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:前|之前|以前)?$")
_YM_END = re.compile(r"^(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月(?:底|末|份|底前|末前|前)$")
_MD = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:前|之前|以前)?$")
_YEAR_END = re.compile(r"^(?:(\d{4})\s*年?)?年(?:底|末)(?:前|之前)?$|^(\d{4})\s*年(?:前|内|之前)$")
_HALF = re.compile(r"^(?:(\d{4})\s*年)?\s*(上半年|下半年)(?:前|底前|内)?$")
_QUARTER = re.compile(r"^(?:(\d{4})\s*年)?\s*(?:第)?([一二三四1-4])季度(?:末|底)?(?:前)?$")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
LONG_TERM_WORDS = ("长期坚持", "长期整改", "持续推进", "长期")


def _month_end(year, month):
    if not 1 <= month <= 12:
        raise ValueError(month)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _need_year(year):
    if year is None:
        raise ValueProblem("无法确定年份：请写明年份，或在导入时指定台账年度。",
                           "The year is not known: write it, or give the ledger's year when importing.")
    return year


def parse_ledger_date(value, *, year=None):
    """The date a ledger cell means. Accepts a real date, an Excel serial number,
    ``2022-06-30``, ``2022/6/30``, ``2022.6.30``, ``2022年6月30日``, and the relative forms
    ``6月底``, ``6月30日前``, ``年底前``, ``上半年``, ``三季度末`` read in ``year`` (the
    ledger's year) unless the cell names its own year."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        serial = float(value)
        if 1 <= serial < 2958466 and serial == int(serial):
            return EXCEL_EPOCH + dt.timedelta(days=int(serial))
        raise ValueProblem(f"“{value}”不是有效日期。", f"{value!r} is not a valid date.")
    text = unicodedata.normalize("NFKC", clean_text(value)).replace(" ", "")
    if not text:
        raise ValueProblem("日期为空。", "The date is empty.")
    try:
        if text.isdigit() and len(text) <= 6:
            return parse_ledger_date(int(text), year=year)
        if text.isdigit() and len(text) == 8:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if match := _YMD.match(text):
            return dt.date(*(int(part) for part in match.groups()))
        if match := _YM_END.match(text):
            return _month_end(int(match[1]) if match[1] else _need_year(year), int(match[2]))
        if match := _MD.match(text):
            return dt.date(_need_year(year), int(match[1]), int(match[2]))
        if match := _YEAR_END.match(text):
            found = match[1] or match[2]
            return dt.date(int(found) if found else _need_year(year), 12, 31)
        if match := _HALF.match(text):
            in_year = int(match[1]) if match[1] else _need_year(year)
            return dt.date(in_year, 6, 30) if match[2] == "上半年" else dt.date(in_year, 12, 31)
        if match := _QUARTER.match(text):
            in_year = int(match[1]) if match[1] else _need_year(year)
            return _month_end(in_year, _QUARTERS[match[2]] * 3)
    except ValueError:
        raise ValueProblem(f"“{text}”不是有效日期。", f"{text!r} is not a valid date.") from None
    raise ValueProblem(
        f"无法识别日期“{text}”（可写 2022-06-30、2022/6/30、2022年6月30日、6月底、年底前）。",
        f"Cannot read the date {text!r} (write 2022-06-30, 2022/6/30, 2022年6月30日, 6月底 or 年底前).",
    )


def is_long_term(value):
    """Whether a deadline cell says the work is long-term (长期坚持/长期整改)."""
    return clean_text(value) in LONG_TERM_WORDS


# --- numbers and yes/no --------------------------------------------------------------------
def parse_number(value):
    """A number from a cell: 1,234.5 and full-width digits accepted; a trailing % kept out."""
    if isinstance(value, bool):
        raise ValueProblem("须为数值。", "Must be a number.")
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        text = unicodedata.normalize("NFKC", clean_text(value)).replace(",", "").replace(" ", "").rstrip("%")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueProblem(f"“{clean_text(value)}”不是数值。", f"{clean_text(value)!r} is not a number.") from None
    if not number.is_finite():
        raise ValueProblem("须为有限数值。", "Must be a finite number.")
    return number


YES = {"是", "已", "已销号", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "未", "未销号", "n", "no", "false", "0", "", "×"}


def parse_yes_no(value):
    text = normalise(clean_text(value))
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueProblem(f"“{clean_text(value)}”须为“是”或“否”。", f"{clean_text(value)!r} must be yes (是) or no (否).")


# --- units of measure ----------------------------------------------------------------------
# canonical unit → the ways ledgers write it (compared after ``normalise``).
UNIT_NAMES = {
    "μg/m³": ["μg/m³", "μg/m3", "ug/m3", "ug/m³", "µg/m³", "µg/m3", "微克/立方米", "微克每立方米"],
    "mg/m³": ["mg/m³", "mg/m3", "毫克/立方米", "毫克每立方米"],
    "mg/L": ["mg/l", "毫克/升", "毫克每升"],
    "%": ["%", "％", "百分比", "百分之"],
    "个百分点": ["个百分点", "百分点"],
    "天": ["天", "日", "d"],
    "万元": ["万元"],
    "元": ["元"],
    "亿元": ["亿元"],
    "万亩": ["万亩"],
    "亩": ["亩"],
    "个": ["个"],
    "家": ["家"],
    "名": ["名", "位"],
    "类": ["类", "水质类别"],
    "": ["", "无", "-"],
}
_UNIT_LOOKUP = {normalise(name): canonical for canonical, names in UNIT_NAMES.items() for name in names}
# (from, to) → factor: a value in ``from`` times factor is the value in ``to``.
UNIT_FACTORS = {
    ("mg/m³", "μg/m³"): Decimal(1000), ("μg/m³", "mg/m³"): Decimal("0.001"),
    ("元", "万元"): Decimal("0.0001"), ("亿元", "万元"): Decimal(10000), ("万元", "元"): Decimal(10000),
    ("亩", "万亩"): Decimal("0.0001"), ("万亩", "亩"): Decimal(10000),
}


def match_unit(text):
    """The catalogue's spelling of a unit of measure (``微克/立方米`` → ``μg/m³``)."""
    canonical = _UNIT_LOOKUP.get(normalise(text))
    if canonical is None:
        raise ValueProblem(f"未知的计量单位“{text}”。", f"Unknown unit of measure {text!r}.")
    return canonical


def convert(value, from_unit, to_unit):
    """``value`` in ``from_unit`` expressed in ``to_unit`` (both canonical)."""
    if from_unit == to_unit or not to_unit:
        return value
    factor = UNIT_FACTORS.get((from_unit, to_unit))
    if factor is None:
        raise ValueProblem(f"计量单位“{from_unit}”与指标单位“{to_unit}”不一致，无法换算。",
                           f"Unit {from_unit!r} does not match the metric's unit {to_unit!r} and cannot be converted.")
    return value * factor


# --- names of things -----------------------------------------------------------------------
class NameMatcher:
    """Finds one record by any of its names (code, full name, short name, aliases),
    compared after ``normalise``. A name shared by two records is ambiguous and refused."""

    def __init__(self, label_zh, label_en):
        self.label_zh, self.label_en = label_zh, label_en
        self._by_name = {}

    def add(self, record, *names):
        for name in names:
            if name:
                key = normalise(name)
                current = self._by_name.get(key)
                self._by_name[key] = record if current in (None, record) else _AMBIGUOUS

    def find(self, name):
        text = clean_text(name)
        record = self._by_name.get(normalise(text))
        if record is None:
            raise ValueProblem(f"找不到{self.label_zh}“{text}”（按编码、名称、简称或别名）。",
                               f"No {self.label_en} named {text!r} (by code, name, short name or alias).")
        if record is _AMBIGUOUS:
            raise ValueProblem(f"{self.label_zh}“{text}”对应多条记录，请写全称或编码。",
                               f"{text!r} names more than one {self.label_en}; write the full name or the code.")
        return record


_AMBIGUOUS = object()
UNIT_SEPARATORS = re.compile(r"[、，,；;/\n]+")


def split_names(text):
    """``市生态环境局、各县区政府`` → the names in a cell listing several units."""
    return [part.strip() for part in UNIT_SEPARATORS.split(clean_text(text)) if part.strip()]
