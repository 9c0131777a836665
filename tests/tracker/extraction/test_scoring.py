"""Scoring against gold annotations (tracker/extraction/scoring.py)."""

import json
from datetime import date
from pathlib import Path

import pytest

from tracker.extraction.extractor import Candidate
from tracker.extraction.scoring import GoldEntry, overall, score_directory, score_text, values_agree

SHARED_GOLD = Path(__file__).resolve().parents[3].parent / "shared" / "gold"
SHARED_SEEDS = SHARED_GOLD.parent / "seeds"

SPEECH = (
    "同志们：\n（2024年3月1日）\n"
    "2023年，全市优良天数比例为86.5%。\n"
    "今年要确保PM2.5浓度下降5%，优良天数比例达到**%，各区县要在15个工作日内上报方案。\n"
)


def _gold(sentence, value, unit, comparator, period=None, masked=False):
    return {"sentence": sentence, "metric": "m", "value": value, "unit": unit, "comparator": comparator,
            "period_or_deadline": period, "responsible": None, "masked": masked}


def _write_gold_set(folder: Path, targets, achievements=()):
    gold, seeds = folder / "gold", folder / "seeds"
    gold.mkdir()
    seeds.mkdir()
    (seeds / "100_demo.txt").write_text(SPEECH, encoding="utf-8")
    (gold / "100_demo.json").write_text(json.dumps(targets, ensure_ascii=False), encoding="utf-8")
    (gold / "100_demo.achievements.json").write_text(json.dumps(list(achievements), ensure_ascii=False), encoding="utf-8")
    return gold, seeds


def test_a_perfect_extraction_scores_one(tmp_path):
    # given
    gold, seeds = _write_gold_set(
        tmp_path,
        [
            _gold("今年要确保PM2.5浓度下降5%", 5, "%", "decrease_by", "今年"),
            _gold("优良天数比例达到**%", None, "%", ">=", "今年", masked=True),
            _gold("各区县要在15个工作日内上报方案", None, None, "=", "15个工作日内"),
        ],
        [_gold("2023年，全市优良天数比例为86.5%", 86.5, "%", "=", "2023年")],
    )
    # when
    (score,) = score_directory(gold, seeds)
    # then
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert score.as_dict()["comparator_accuracy"] == 1.0
    assert score.as_dict()["period_accuracy"] == 1.0
    assert (score.achievements_as_targets, score.achievements_recognised) == (0, 1)
    assert score.document_date == "2024-03-01"


def test_a_missing_gold_target_lowers_recall_only(tmp_path):
    # given: gold has one target the extractor cannot see (no such sentence value)
    gold, seeds = _write_gold_set(
        tmp_path,
        [
            _gold("今年要确保PM2.5浓度下降5%", 5, "%", "decrease_by"),
            _gold("今年要确保PM2.5浓度下降5%", 7, "%", "decrease_by"),
        ],
    )
    # when
    (score,) = score_directory(gold, seeds)
    # then: 3 candidates, 1 matched (the milestone and the masked one are unmatched)
    assert (score.matched, score.gold_targets, score.candidates) == (1, 2, 3)
    assert score.recall == 0.5
    assert score.precision == pytest.approx(1 / 3)


def _candidate(kind, value, start, end, sentence="x"):
    return Candidate(kind, "m", "m", value, "%", ">=", None, None, None, sentence, start, end, 0.5)


def test_one_gold_entry_matches_at_most_one_candidate():
    # given: two candidates over the same gold sentence with the same value
    text = "优良天数比例达到85%"
    gold = GoldEntry("优良天数比例达到85%", 85.0, "%", ">=", None, False, ((0, len(text)),))
    candidates = [_candidate("target", 85.0, 0, 5), _candidate("target", 85.0, 3, 8)]
    # when
    score = score_text("t", text, candidates, [gold], [], date(2024, 1, 1))
    # then
    assert (score.matched, score.candidates) == (1, 2)


@pytest.mark.parametrize(
    "kind, value, gold_value, masked, agrees",
    [
        ("target", None, None, True, True),  # both masked
        ("milestone", None, None, False, True),  # both milestones
        ("target", None, None, False, False),  # masked candidate vs milestone gold
        ("milestone", None, None, True, False),
        ("target", 10.0, 10.0, False, True),
        ("target", 10.0, 12.0, False, False),
        ("target", 0.0, None, True, False),  # a masked value is not zero
    ],
)
def test_values_agree_only_for_the_same_reason(kind, value, gold_value, masked, agrees):
    # given
    entry = GoldEntry("s", gold_value, "%", ">=", None, masked, ((0, 1),))
    # when
    score = score_text("t", "s", [_candidate(kind, value, 0, 1)], [entry], [], date(2024, 1, 1))
    # then
    assert (score.matched == 1) is agrees


def test_an_achievement_reported_as_a_target_is_counted():
    # given: gold calls the 2023 figure an achievement; a candidate claiming it as a target
    text = "2023年，全市优良天数比例为86.5%。"
    achievement = GoldEntry("全市优良天数比例为86.5%", 86.5, "%", "=", None, False, ((6, 19),))
    # when
    score = score_text("t", text, [_candidate("target", 86.5, 6, 19)], [], [achievement], date(2024, 1, 1))
    # then
    assert score.achievements_as_targets == 1


def test_overall_adds_files_up():
    # given
    a = score_text("a", "", [_candidate("target", 1.0, 0, 1)], [], [], date(2024, 1, 1))
    b = score_text("b", "", [], [], [], date(2024, 1, 1))
    # when
    total = overall([a, b])
    # then
    assert (total.candidates, total.matched, total.precision) == (1, 0, 0.0)


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="shared gold annotations not present")
def test_acceptance_f1_on_the_shared_gold_is_at_least_0_9():
    # when
    scores = score_directory(SHARED_GOLD, SHARED_SEEDS)
    total = overall(scores)
    # then
    assert len(scores) >= 4
    assert total.f1 >= 0.9, [(s.name, s.missed, s.spurious) for s in scores]
    assert total.achievements_as_targets == 0


DEV_SET = Path(__file__).resolve().parents[2] / "data" / "extraction"


@pytest.mark.parametrize("half, floor", [("open", 0.95), ("blind", 0.90)])
def test_acceptance_on_the_development_set(half, floor):
    # when: texts and gold sit side by side
    scores = score_directory(DEV_SET / half, DEV_SET / half)
    total = overall(scores)
    # then: issue 16's bar
    assert len(scores) >= 6
    assert total.f1 >= floor, [(s.name, s.missed, s.spurious) for s in scores]
    assert total.comparator_agree / total.matched >= 0.95
    assert total.achievements_as_targets == 0


@pytest.mark.parametrize("gold_value, agrees", [(85.0, True), (82.0, True), (83.0, False)])
def test_a_range_matches_gold_on_either_bound(gold_value, agrees):
    # given: one range candidate "达到82%～85%"
    candidate = Candidate(kind="target", metric="good_day_ratio", metric_text="优良天数比例", value=85.0, unit="%",
                          comparator=">=", period_or_deadline=None, deadline=None, responsible=None,
                          sentence="优良天数比例达到82%～85%", start=0, end=15, confidence=0.9, low=82.0)
    entry = GoldEntry(sentence="优良天数比例达到82%～85%", value=gold_value, unit="%", comparator=">=",
                      period_or_deadline=None, masked=False, spans=((0, 15),))
    # then
    assert values_agree(candidate, entry) is agrees
