"""Run one pass of every scheduled job now, in the order a day runs them.

``make run`` uses ``--enqueue`` so the freshly loaded demo city gets its flags, notices,
inbox entries and digest from the real worker within its first minute, instead of at the
next scheduled hour. Every job is idempotent: a second pass adds nothing.
"""
import datetime as dt
import json

from celery import chain
from django.core.management.base import BaseCommand, CommandError

from tracker import tasks

# One day's jobs, in dependency order: levels first, then the scans that raise flags,
# then escalation of what was left unanswered, then the summaries that report it all.
PASS = [
    tasks.evaluate_targets_task,
    tasks.scan_rectification_items_task,
    tasks.scan_milestones_task,
    tasks.scan_funds_task,
    tasks.scan_daily_reports_task,
    tasks.escalate_unanswered_flags_task,
    tasks.send_morning_digest_task,
    tasks.publish_weekly_bulletin_task,
]


class Command(BaseCommand):
    help = "运行一遍全部定时任务 / Run one pass of every scheduled job (in-process, or --enqueue for the worker)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="测算基准日 YYYY-MM-DD / the day to run for (default: today)")
        parser.add_argument("--enqueue", action="store_true",
                            help="交给 Celery worker 执行 / send the pass to the broker for the worker")

    def handle(self, *args, **options):
        as_of = options["as_of"]
        if as_of:
            try:
                as_of = dt.date.fromisoformat(as_of).isoformat()
            except ValueError as exc:
                raise CommandError(f"--as-of 日期格式应为 YYYY-MM-DD / --as-of must be YYYY-MM-DD: {as_of!r}") from exc
        if options["enqueue"]:
            chain(*(task.si(as_of) for task in PASS)).apply_async()
            self.stdout.write(f"已提交 {len(PASS)} 个任务 / queued {len(PASS)} jobs for the worker")
            return
        for task in PASS:
            result = task.apply(args=(as_of,))
            if result.failed():
                raise CommandError(f"{task.name} 失败 / failed: {result.result!r}")
            self.stdout.write(f"{task.name}: {json.dumps(result.result, ensure_ascii=False, default=str)}")
