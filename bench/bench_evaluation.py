"""The evaluation pass (status engine over every active target) against its read floor:
reading the same observation rows into pandas."""
from __future__ import annotations

import pandas as pd

from tracker.models import Observation, Target
from tracker.services.evaluation import evaluate_all

from .common import AS_OF, median_time, reset_evaluation, row


def read_floor():
    """The rows the pass needs, read into pandas and nothing else."""
    site_rows = Observation.objects.filter(site__isnull=False, observed_on__lte=AS_OF).values_list(
        "metric_id", "site_id", "observed_on", "value")
    frame = pd.DataFrame(list(site_rows), columns=["metric_id", "site_id", "day", "value"])
    frame["day"] = pd.to_datetime(frame["day"])
    frame["value"] = frame["value"].astype("float64")
    own = Observation.objects.filter(target__isnull=False, observed_on__lte=AS_OF).values_list(
        "target_id", "observed_on", "value")
    list(own)
    list(Target.objects.active().select_related("metric", "lead_unit"))


def run(ctx) -> list[dict]:
    floor = median_time(read_floor, ctx.repeat)
    first = median_time(lambda: evaluate_all(AS_OF), 1, before=reset_evaluation)
    ctx.figures["evaluate, first pass"] = first  # scale-out compares its workers with it
    again = median_time(lambda: evaluate_all(AS_OF), 1 if ctx.quick else ctx.repeat)
    return [
        row("evaluate, first pass (writes every target)", first, "s", floor, "read rows into pandas", "1 run"),
        row("evaluate, pass with nothing to write", again, "s", floor, "read rows into pandas"),
    ]
