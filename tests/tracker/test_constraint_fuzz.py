"""Random rows written straight through the ORM (no form, no serializer): whatever the
database accepts must satisfy every rule the model declares. The oracle is each
CheckConstraint evaluated in Python on the row read back (Constraint.validate), which
does not go through the database's own check."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import InspectionRoundFactory, MetricFactory, OrgUnitFactory, UserFactory
from tracker.models import MetricKind, RectificationItem, Target

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
moments = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1),
                       timezones=st.just(dt.timezone.utc))
amounts = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=2, allow_nan=False)
counter = iter(range(10**9))


def broken_rules(model, pk):
    """The names of the declared check constraints the stored row breaks."""
    row = model._base_manager.get(pk=pk)
    broken = []
    for constraint in model._meta.constraints:
        if not hasattr(constraint, "condition"):
            continue  # unique constraints: the database enforces them by index
        try:
            constraint.validate(model, row)
        except ValidationError:
            broken.append(constraint.name)
    return broken


def store(model, **fields):
    """Try to store a row; None when the database refuses it."""
    try:
        with transaction.atomic():
            return model._base_manager.create(**fields).pk
    except (IntegrityError, DataError):
        return None


@pytest.fixture
def refs(db):
    return {"metric": MetricFactory(), "unit": OrgUnitFactory(), "round": InspectionRoundFactory(),
            "signer": UserFactory(username="fuzz-signer")}


@FUZZ
@given(start=days, end=days, deadline=days, unit=st.sampled_from(["%", "μg/m³", "天", ""]),
       value=st.none() | amounts, masked=st.booleans(), level=st.none() | st.integers(-2, 6),
       points=amounts, baseline=st.tuples(st.none() | days, st.none() | days))
def test_no_stored_target_breaks_a_rule(refs, start, end, deadline, unit, value, masked, level, points, baseline):
    pk = store(Target, code=f"FZ-{next(counter)}", title="随机目标", metric=refs["metric"], kind=MetricKind.PROGRESS,
               comparator=">=", target_value=value, value_masked=masked, unit=unit, period_start=start,
               period_end=end, deadline=deadline, baseline_period_start=baseline[0],
               baseline_period_end=baseline[1], lead_unit=refs["unit"], points_at_risk=points, level=level)
    if pk is not None:
        assert broken_rules(Target, pk) == []


@FUZZ
@given(state=st.sampled_from(["assigned", "in_progress", "reported", "signed_off", "closed", ""]),
       signed=st.booleans(), signed_at=st.none() | moments, reported_at=st.none() | moments, deadline=days)
def test_no_stored_rectification_item_breaks_a_rule(refs, state, signed, signed_at, reported_at, deadline):
    pk = store(RectificationItem, round=refs["round"], number=f"N{next(counter)}", problem="随机问题",
               lead_unit=refs["unit"], deadline=deadline, state=state, completion_reported_at=reported_at,
               signed_off_by=refs["signer"] if signed else None, signed_off_at=signed_at)
    if pk is not None:
        assert broken_rules(RectificationItem, pk) == []
