"""``manage.py score_extraction``: precision, recall and F1 of the extractor, and how often it
reads the unit, comparator and period right on what it matched — per file and overall.

A thin wrapper around :mod:`tracker.extraction.scoring`. By default it scores every set it
finds: the shared seed speeches (``../shared/gold`` against ``../shared/seeds``) and the
development set (``tests/data/extraction/open`` and ``.../blind``, texts and gold side by
side). ``--set`` picks one; ``--gold``/``--seeds`` score any other folder pair; ``--files``
keeps the texts whose name matches one of its comma-separated globs, so one batch of the blind
half is scored on its own (``--set dev-blind --files 'b19_*,b2[01]_*'``).
"""

import json
from fnmatch import fnmatch
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tracker.extraction.scoring import overall, score_directory


def _sets() -> dict[str, tuple[Path, Path]]:
    base = Path(settings.BASE_DIR)
    shared = (base / ".." / "shared").resolve()
    dev = base / "tests" / "data" / "extraction"
    return {
        "seeds": (shared / "gold", shared / "seeds"),
        "dev-open": (dev / "open", dev / "open"),
        "dev-blind": (dev / "blind", dev / "blind"),
    }


class Command(BaseCommand):
    help = "按标注集评估目标提取效果 / Score target extraction against the gold annotations."

    def add_arguments(self, parser):
        parser.add_argument("--set", choices=[*_sets(), "all"], default="all",
                            help="which annotated set to score (default: every one present)")
        parser.add_argument("--gold", type=Path, default=None, help="a gold folder of your own")
        parser.add_argument("--seeds", type=Path, default=None, help="the texts for --gold (default: beside the gold, else ../shared/seeds)")
        parser.add_argument("--files", default=None,
                            help="score only the texts whose file name matches one of these comma-separated globs "
                                 "(e.g. 'b19_*,b2[01]_*')")
        parser.add_argument("--json", action="store_true", help="print the scores as JSON")

    def handle(self, *args, **options):
        if options["gold"] or options["seeds"]:
            gold = options["gold"] or _sets()["seeds"][0]
            # texts live beside their gold in the development set, in ../shared/seeds otherwise
            beside = Path(gold).is_dir() and any(Path(gold).glob("*.txt"))
            chosen = {"custom": (gold, options["seeds"] or (gold if beside else _sets()["seeds"][1]))}
        elif options["set"] != "all":
            chosen = {options["set"]: _sets()[options["set"]]}
        else:
            chosen = {name: pair for name, pair in _sets().items() if pair[0].is_dir() and pair[1].is_dir()}
        results = []
        for name, (gold, texts) in chosen.items():
            for label, folder in (("标注目录 / gold folder", gold), ("讲话目录 / texts folder", texts)):
                if not Path(folder).is_dir():
                    raise CommandError(f"{label} 不存在 / does not exist: {folder}")
            scores = score_directory(gold, texts)
            if options["files"]:
                globs = [g.strip() for g in options["files"].split(",") if g.strip()]
                scores = [s for s in scores if any(fnmatch(s.name, g) for g in globs)]
            if not scores:
                raise CommandError(f"没有可评估的文件 / no text in {texts} has gold in {gold}")
            results.append((name, scores))
        if options["json"]:
            payload = [{"set": name, "files": [s.as_dict() for s in scores], "overall": overall(scores).as_dict()}
                       for name, scores in results]
            self.stdout.write(json.dumps(payload[0] if len(payload) == 1 else {"sets": payload},
                                         ensure_ascii=False, indent=2))
            return
        for name, scores in results:
            self._table(name, scores)

    def _table(self, name, scores):
        self.stdout.write(f"== {name} ==")
        self.stdout.write("file | date | gold | cand | match | P | R | F1 | unit | cmp | period | ach→target | ach ok")
        for score in [*scores, overall(scores)]:
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
