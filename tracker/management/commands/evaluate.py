"""``manage.py evaluate [--as-of YYYY-MM-DD] [--json]``: run the evaluation pass (四色预警测算).

A thin wrapper around :func:`tracker.services.evaluation.evaluate_all`: prints the
targets by level and the red and orange ones, or every target as JSON (with its projection's
figures from :func:`tracker.services.projection.projection_figures_for`).
"""
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tracker.models import Target
from tracker.services.evaluation import evaluate_all
from tracker.services.projection import projection_figures_for
from tracker.status import Level

LEVEL_NAMES = {Level.GREEN: "绿 green", Level.YELLOW: "黄 yellow", Level.ORANGE: "橙 orange", Level.RED: "红 red"}


class Command(BaseCommand):
    help = "测算全部在办目标的预警等级并保存。 / Evaluate every active target and store its level."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="测算基准日 YYYY-MM-DD（默认今天）/ the as-of date, default today")
        parser.add_argument("--json", action="store_true", help="按 JSON 输出每个目标 / print every target as JSON")

    def handle(self, *args, **options):
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--as-of 应为 YYYY-MM-DD / --as-of must be YYYY-MM-DD: {exc}") from exc
        summary = evaluate_all(as_of)
        if options["json"]:
            ids = [r.target.pk for r in summary.results]
            projections = projection_figures_for(Target.objects.filter(pk__in=ids), as_of)
            self.stdout.write(json.dumps([as_json(r, projections.get(r.target.pk)) for r in summary.results],
                                         ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"测算基准日 / as of {as_of}: {len(summary.results)} 个目标 / targets, "
                          f"{len(summary.changed_ids)} 个更新 / updated, "
                          f"{len(summary.level_changes)} 个等级变化 / level changes")
        for level in sorted(Level, reverse=True):
            self.stdout.write(f"  {LEVEL_NAMES[level]:<10} {summary.counts.get(level, 0):>4}")
        serious = sorted((r for r in summary.results if r.evaluation.level >= Level.ORANGE),
                         key=lambda r: (-r.evaluation.level, r.target.code))
        for result in serious:
            level = LEVEL_NAMES[result.evaluation.level]
            self.stdout.write(f"{level:<10} {result.target.code}  {result.target.title}")
            self.stdout.write(f"    {result.evaluation.explanation_zh}")


def as_json(result, projection=None) -> dict:
    """One target's line of ``--json``: the evaluation, and the projection's figures (null when none)."""
    target, evaluation = result.target, result.evaluation
    return {
        "id": target.pk,
        "code": target.code,
        "title": target.title,
        "metric": target.metric.code,
        "kind": target.kind,
        "level": int(evaluation.level),
        "colour": evaluation.colour,
        "reason": str(evaluation.reason),
        "explanation_zh": evaluation.explanation_zh,
        "explanation_en": evaluation.explanation_en,
        "figures": evaluation.figures,
        "projection": projection,
    }
