"""Pages tests share the small city of tests/conftest.py; dates are today's, because the
pages (like their users) work on the current day."""
import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def year_period(today):
    return {"period_start": dt.date(today.year, 1, 1), "period_end": dt.date(today.year, 12, 31),
            "deadline": dt.date(today.year, 12, 31)}
