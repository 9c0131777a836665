"""``manage.py score_extraction``: precision, recall and F1 of the extractor on the gold set.

A thin wrapper around :mod:`tracker.extraction.scoring`. Defaults are the shared gold
annotations and seed speeches next to the project (``../shared/gold``, ``../shared/seeds``).
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tracker.extraction.scoring import overall, score_directory


def _default(name: str) -> Path:
    return (Path(settings.BASE_DIR) / ".." / "shared" / name).resolve()


class Command(BaseCommand):
    help = "按标注集评估目标提取效果 / Score target extraction against the gold annotations."

    def add_arguments(self, parser):
        parser.add_argument("--gold", type=Path, default=None, help="gold folder (default ../shared/gold)")
        parser.add_argument("--seeds", type=Path, default=None, help="seed speeches (default ../shared/seeds)")
        parser.add_argument("--json", action="store_true", help="print the scores as JSON")

    def handle(self, *args, **options):
        gold = options["gold"] or _default("gold")
        seeds = options["seeds"] or _default("seeds")
        for label, folder in (("标注目录 / gold folder", gold), ("讲话目录 / seeds folder", seeds)):
            if not Path(folder).is_dir():
                raise CommandError(f"{label} 不存在 / does not exist: {folder}")
        scores = score_directory(gold, seeds)
        if not scores:
            raise CommandError(f"没有可评估的文件 / no seed in {seeds} has gold in {gold}")
        total = overall(scores)
        if options["json"]:
            payload = {"files": [s.as_dict() for s in scores], "overall": total.as_dict()}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write("file | date | gold | cand | match | P | R | F1 | unit | cmp | period | ach→target | ach ok")
        for score in [*scores, total]:
            d = score.as_dict()
            self.stdout.write(
                f"{d['name']} | {d['document_date'] or '-'} {d['date_source']} | {d['gold_targets']} | "
                f"{d['candidates']} | {d['matched']} | {d['precision']:.3f} | {d['recall']:.3f} | "
                f"{d['f1']:.3f} | {d['unit_accuracy']} | {d['comparator_accuracy']} | {d['period_accuracy']} | "
                f"{d['achievements_as_targets']}/{d['gold_achievements']} | "
                f"{d['achievements_recognised']}/{d['gold_achievements']}"
            )
            for sentence in d["missed"]:
                self.stdout.write(f"    missed: {sentence}")
            for sentence in d["spurious"]:
                self.stdout.write(f"    spurious: {sentence}")
            for sentence in d["misplaced_gold"]:
                self.stdout.write(f"    gold sentence not in text: {sentence}")
