"""What the round tests read off an extraction: the forward-looking candidates' kind, value,
unit and comparator; the milestones' deadlines; the periods. One place for the helpers the
seventh to eleventh rounds' tests share (each round's file had its own copy)."""

from datetime import date

from tracker.extraction import ACHIEVEMENT, MILESTONE, TARGET, extract

AS_OF = date(2026, 3, 10)


def kinds(text, as_of=AS_OF):
    """(kind, value, unit, comparator) of every candidate, achievements included."""
    return [(c.kind, c.value, c.unit, c.comparator) for c in extract(text, as_of)]


def targets(text, as_of=AS_OF):
    """(kind, value, unit, comparator) of every candidate that is not an achievement."""
    return [(c.kind, c.value, c.unit, c.comparator) for c in extract(text, as_of) if c.kind != ACHIEVEMENT]


def milestones(text, as_of=AS_OF):
    """(period or deadline phrase, deadline date) of every milestone."""
    return [(c.period_or_deadline, c.deadline) for c in extract(text, as_of) if c.kind == MILESTONE]


def periods(text, as_of=AS_OF):
    """(value, period) of every target."""
    return [(c.value, c.period_or_deadline) for c in extract(text, as_of) if c.kind == TARGET]


def forward_periods(text, as_of=AS_OF):
    """(value, period) of every candidate that is not an achievement (targets and milestones)."""
    return [(c.value, c.period_or_deadline) for c in extract(text, as_of) if c.kind != ACHIEVEMENT]
