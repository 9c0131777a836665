"""The extract_targets and score_extraction management commands."""

import json
from dataclasses import fields
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tracker.extraction.extractor import Candidate

SPEECH = "同志们：\n（2024年3月1日）\n今年要确保PM2.5浓度下降5%，各区县要在15个工作日内上报方案。\n"


@pytest.fixture
def speech(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    return path


def test_json_output_is_one_array_with_the_candidate_fields_and_document(speech):
    # given
    out = StringIO()
    # when
    call_command("extract_targets", str(speech), "--json", stdout=out)
    # then
    rows = json.loads(out.getvalue())
    expected_keys = {f.name for f in fields(Candidate)} | {"document"}
    assert [set(row) for row in rows] == [expected_keys, expected_keys]
    assert [row["kind"] for row in rows] == ["target", "milestone"]
    assert rows[0]["document"] == str(speech)
    assert rows[1]["deadline"] == "2024-03-22"  # 15 working days from the dateline


def test_date_option_overrides_the_stated_date(speech):
    # given
    out = StringIO()
    # when
    call_command("extract_targets", str(speech), "--json", "--date", "2025-01-02", stdout=out)
    # then
    rows = json.loads(out.getvalue())
    assert rows[0]["deadline"] == "2025-12-31"


def test_the_table_says_which_date_was_used(speech):
    # given
    out, err = StringIO(), StringIO()
    # when
    call_command("extract_targets", str(speech), stdout=out, stderr=err)
    # then
    assert "2024-03-01" in err.getvalue() and "dateline" in err.getvalue()
    assert "2 candidates" in out.getvalue()


@pytest.mark.parametrize(
    "args, message",
    [
        (["/no/such/speech.txt"], "file not found"),
        (["SPEECH", "--date", "2024-02-30"], "bad date"),
    ],
)
def test_bad_input_is_a_bilingual_command_error(speech, args, message):
    # given
    args = [str(speech) if a == "SPEECH" else a for a in args]
    # when
    with pytest.raises(CommandError) as error:
        call_command("extract_targets", *args)
    # then
    assert message in str(error.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error.value))


def test_score_command_prints_json_for_a_gold_folder(tmp_path):
    # given
    (tmp_path / "gold").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "1_a.txt").write_text(SPEECH, encoding="utf-8")
    gold = [{"sentence": "今年要确保PM2.5浓度下降5%", "value": 5, "unit": "%", "comparator": "decrease_by",
             "period_or_deadline": "今年", "masked": False}]
    (tmp_path / "gold" / "1_a.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    # when
    call_command("score_extraction", "--gold", str(tmp_path / "gold"), "--seeds", str(tmp_path / "seeds"), "--json", stdout=out)
    # then
    payload = json.loads(out.getvalue())
    assert payload["overall"]["recall"] == 1.0
    assert payload["overall"]["precision"] == 0.5  # the milestone has no gold entry


def test_score_command_rejects_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("score_extraction", "--gold", str(tmp_path / "nope"))


def test_score_command_scores_only_the_files_matching_a_glob(tmp_path):
    # given: three texts with gold; the globs keep two
    for name in ("b01_a", "b02_b", "b03_c"):
        (tmp_path / f"{name}.txt").write_text(SPEECH, encoding="utf-8")
        (tmp_path / f"{name}.json").write_text("[]", encoding="utf-8")
    out = StringIO()
    # when
    call_command("score_extraction", "--gold", str(tmp_path), "--files", "b01_*, b03_*", "--json", stdout=out)
    # then
    assert [f["name"] for f in json.loads(out.getvalue())["files"]] == ["b01_a.txt", "b03_c.txt"]
