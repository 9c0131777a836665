"""``manage.py extract_targets FILE…``: list the targets a speech announces (讲话目标提取).

A thin wrapper around :func:`tracker.extraction.extract`: reads each file, works out the
speech's date (``--date``, else the date the text states, else the date it implies —
see :mod:`tracker.extraction.dating` — else today; it says which),
and prints a table for people or, with ``--json``, one JSON array for programs.
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.extraction import document_date, extract


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"日期格式错误，应为 YYYY-MM-DD：{value!r} / bad date {value!r}, expected YYYY-MM-DD"
        ) from None


def _read(path: str) -> str:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"找不到文件：{path} / file not found: {path}")
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"文件不是 UTF-8 文本：{path} / not a UTF-8 text file: {path}") from None


class Command(BaseCommand):
    help = "从讲话文本中提取目标、时限任务和已取得成绩 / Extract targets, milestones and achievements from speeches."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="speech text files (UTF-8)")
        parser.add_argument("--date", help="the speech's date, YYYY-MM-DD (default: stated in or inferred from the text, else today)")
        parser.add_argument("--json", action="store_true", help="print one JSON array of candidates")

    def handle(self, *args, **options):
        given = _parse_date(options["date"]) if options["date"] else None
        texts = [(path, _read(path)) for path in options["files"]]  # fail before any output
        rows = []
        for path, text in texts:
            document_date, source = self._document_date(text, given)
            if not options["json"]:
                self.stderr.write(f"{path}: 讲话日期 / document date {document_date.isoformat()} ({source})")
            for candidate in extract(text, document_date):
                rows.append({**candidate.as_dict(), "document": path})
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self._table(rows)

    def _document_date(self, text: str, given: date | None) -> tuple[date, str]:
        if given:
            return given, "--date"
        stated = document_date(text)
        if stated and stated.source == "inferred":
            return stated.date, "inferred from the text (plan year, month and day named near the start)"
        if stated:
            return stated.date, f"stated in the text ({stated.source})"
        return date.today(), "today: the text states no date and none can be inferred"

    def _table(self, rows: list[dict]) -> None:
        header = ("kind", "metric", "value", "unit", "cmp", "period", "deadline", "responsible", "sentence")
        self.stdout.write(" | ".join(header))
        for row in rows:
            value = "masked" if row["value"] is None and row["kind"] != "milestone" else row["value"]
            cells = (
                row["kind"], row["metric"], value, row["unit"], row["comparator"],
                row["period_or_deadline"], row["deadline"], row["responsible"], row["sentence"].replace("\n", " "),
            )
            self.stdout.write(" | ".join("-" if c is None else str(c) for c in cells))
        self.stdout.write(f"{len(rows)} candidates")
