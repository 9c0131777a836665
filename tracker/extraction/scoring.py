"""How well the extractor reads speeches, measured against hand-made gold annotations.

The gold folder holds, per seed speech ``NNN_<id>.txt``, ``NNN_<id>.json`` (the targets and
dated commitments) and ``NNN_<id>.achievements.json`` (figures already achieved, which an
extractor must *not* report as targets). The matching rules follow the gold README:

* a candidate of kind target or milestone matches a gold target when its span overlaps
  an occurrence of the gold ``sentence`` (or of one of its ``alt_sentences``) in the
  speech and the values agree — equal numbers (a range matches on either bound), or both
  masked, or both milestones;
* one gold entry matches at most one candidate and vice versa (a maximum matching, so
  the order candidates come in does not change the score);
* precision = matches / candidates, recall = matches / gold targets, F1 their harmonic
  mean, per file and over all files (micro-averaged);
* on the matches: how often unit, comparator and period agree;
* achievements: how many gold achievements an *unmatched* target candidate claims
  (reported as targets — the error that matters), and how many the extractor recognised
  as achievements.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from .extractor import ACHIEVEMENT, MILESTONE, Candidate, extract
from .lexicon import normalise_unit
from .periods import resolve
from .dating import document_date as read_document_date


@dataclass(frozen=True)
class GoldEntry:
    """One annotated target or achievement, with where its sentences occur in the text."""

    sentence: str
    value: float | None
    unit: str | None
    comparator: str
    period_or_deadline: str | None
    masked: bool
    spans: tuple[tuple[int, int], ...]

    @property
    def is_milestone(self) -> bool:
        return self.value is None and not self.masked


@dataclass
class FileScore:
    """The scores for one speech; counts are kept so files can be added up."""

    name: str
    document_date: str
    date_source: str
    gold_targets: int = 0
    candidates: int = 0
    matched: int = 0
    unit_agree: int = 0
    comparator_agree: int = 0
    period_agree: int = 0
    gold_achievements: int = 0
    achievements_as_targets: int = 0
    achievements_recognised: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    misplaced_gold: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.candidates if self.candidates else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold_targets if self.gold_targets else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def _rate(self, count: int) -> float | None:
        return round(count / self.matched, 3) if self.matched else None

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(
            precision=round(self.precision, 3),
            recall=round(self.recall, 3),
            f1=round(self.f1, 3),
            unit_accuracy=self._rate(self.unit_agree),
            comparator_accuracy=self._rate(self.comparator_agree),
            period_accuracy=self._rate(self.period_agree),
        )
        return data


_SUMMED = (
    "gold_targets", "candidates", "matched", "unit_agree", "comparator_agree", "period_agree",
    "gold_achievements", "achievements_as_targets", "achievements_recognised",
)


def overall(scores: list[FileScore]) -> FileScore:
    """All files together, counts summed (micro-average)."""
    total = FileScore(name="overall", document_date="", date_source="")
    for score in scores:
        for name in _SUMMED:
            setattr(total, name, getattr(total, name) + getattr(score, name))
    return total


def _occurrences(text: str, sentence: str) -> list[tuple[int, int]]:
    spans = []
    at = text.find(sentence)
    while sentence and at >= 0:
        spans.append((at, at + len(sentence)))
        at = text.find(sentence, at + 1)
    return spans


def load_gold(path: Path, text: str) -> list[GoldEntry]:
    """Gold entries from one JSON file, located in ``text``."""
    entries = []
    for raw in json.loads(path.read_text(encoding="utf-8")):
        sentences = [raw["sentence"], *raw.get("alt_sentences", [])]
        spans = tuple(span for s in sentences for span in _occurrences(text, s))
        value = raw.get("value")
        entries.append(
            GoldEntry(
                sentence=raw["sentence"],
                value=float(value) if value is not None else None,
                unit=raw.get("unit"),
                comparator=raw.get("comparator", "="),
                period_or_deadline=raw.get("period_or_deadline"),
                masked=bool(raw.get("masked")),
                spans=spans,
            )
        )
    return entries


def _overlaps(candidate: Candidate, entry: GoldEntry) -> bool:
    return any(candidate.start < b and a < candidate.end for a, b in entry.spans)


def values_agree(candidate: Candidate, entry: GoldEntry) -> bool:
    """Equal numbers (either bound of a range); or no number on either side for the same
    reason (masked, milestone)."""
    if entry.value is None or candidate.value is None:
        if entry.value is not None or candidate.value is not None:
            return False
        return entry.is_milestone == (candidate.kind == MILESTONE)
    def same(a: float) -> bool:
        return abs(a - entry.value) <= 1e-6 * max(1.0, abs(entry.value))

    # a range ("达到82%～85%") is one target with both bounds; either bound names it
    return same(candidate.value) or (candidate.low is not None and same(candidate.low))


def matches(candidate: Candidate, entry: GoldEntry) -> bool:
    return _overlaps(candidate, entry) and values_agree(candidate, entry)


def maximum_matching(candidates: list[Candidate], entries: list[GoldEntry]) -> dict[int, int]:
    """A largest one-to-one pairing {candidate index: gold index} (augmenting paths)."""
    options = [[j for j, e in enumerate(entries) if matches(c, e)] for c in candidates]
    owner: dict[int, int] = {}

    def claim(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or claim(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(candidates)):
        claim(i, set())
    return {i: j for j, i in owner.items()}


def _same_unit(a: str | None, b: str | None) -> bool:
    return (normalise_unit(a) or a) == (normalise_unit(b) or b) if a and b else a == b


def _same_period(candidate: Candidate, entry: GoldEntry, document_date: date) -> bool:
    def clean(s: str | None) -> str | None:
        return re.sub(r"[“”\"\s]", "", s) if s else None

    a, b = clean(candidate.period_or_deadline), clean(entry.period_or_deadline)
    if a == b:
        return True
    if a and b:
        resolved = resolve(a, document_date)
        return resolved is not None and resolved == resolve(b, document_date)
    return False


def score_text(
    name: str,
    text: str,
    candidates: list[Candidate],
    targets: list[GoldEntry],
    achievements: list[GoldEntry],
    document_date: date,
    date_source: str = "given",
) -> FileScore:
    """Score one speech's candidates against its gold targets and achievements."""
    reported = [c for c in candidates if c.kind != ACHIEVEMENT]
    score = FileScore(name, document_date.isoformat(), date_source, len(targets), len(reported))
    score.gold_achievements = len(achievements)
    score.misplaced_gold = [e.sentence for e in targets + achievements if not e.spans]
    pairs = maximum_matching(reported, targets)
    score.matched = len(pairs)
    for i, j in pairs.items():
        candidate, entry = reported[i], targets[j]
        score.unit_agree += _same_unit(candidate.unit, entry.unit)
        score.comparator_agree += candidate.comparator == entry.comparator
        score.period_agree += _same_period(candidate, entry, document_date)
    matched_gold = set(pairs.values())
    score.missed = [e.sentence for j, e in enumerate(targets) if j not in matched_gold]
    unmatched = [c for i, c in enumerate(reported) if i not in pairs]
    score.spurious = [c.sentence for c in unmatched]
    score.achievements_as_targets = len(maximum_matching(unmatched, achievements))
    recognised = [c for c in candidates if c.kind == ACHIEVEMENT]
    score.achievements_recognised = len(maximum_matching(recognised, achievements))
    return score


def score_directory(gold_dir: Path, seeds_dir: Path, fallback_date: date | None = None) -> list[FileScore]:
    """Run the extractor on every seed that has gold and score it; files in name order.

    The document date is the one the speech states or implies (see
    :func:`tracker.extraction.dating.document_date`), else ``fallback_date`` (default: today).
    """
    scores = []
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        if gold_path.name.endswith(".achievements.json"):
            continue
        stem = gold_path.stem
        seed_path = Path(seeds_dir) / f"{stem}.txt"
        if not seed_path.exists():
            continue
        text = seed_path.read_text(encoding="utf-8")
        stated = read_document_date(text)
        document_date = stated.date if stated else (fallback_date or date.today())
        source = stated.source if stated else "fallback"
        achievements_path = Path(gold_dir) / f"{stem}.achievements.json"
        achievements = load_gold(achievements_path, text) if achievements_path.exists() else []
        scores.append(
            score_text(
                seed_path.name,
                text,
                extract(text, document_date),
                load_gold(gold_path, text),
                achievements,
                document_date,
                source,
            )
        )
    return scores
