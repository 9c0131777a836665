"""``manage.py import_ledger FILE --kind KIND [--dry-run] [--as USER] [--round R]
[--year Y] [--metric M] [--map HEADING=FIELD …]``: import a ledger file through the same
``tracker.ledgers.importer`` as the pages and the API; progress on stderr for long files."""
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.ledgers.columns import KIND_LABELS
from tracker.ledgers.importer import MappingNeeded, import_ledger
from tracker.ledgers.kinds import Options
from tracker.models import User
from tracker.services.errors import ServiceError


class Command(BaseCommand):
    help = "导入台账文件（.xlsx/.csv）。 / Import a ledger file (.xlsx or .csv)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=list(KIND_LABELS), help="台账类型 / ledger kind")
        parser.add_argument("--dry-run", action="store_true", help="只预览，不写入 / preview only, write nothing")
        parser.add_argument("--as", dest="username",
                            help="以该用户身份导入（默认第一位督查室用户）/ import as this user (default: first supervisor)")
        parser.add_argument("--round", default="", help="督察轮次编码或名称 / inspection round code or name")
        parser.add_argument("--year", type=int, help="台账年度（6月底、年底前）/ the ledger's year")
        parser.add_argument("--metric", default="", help="按站点分列表的指标 / metric of a wide station sheet")
        parser.add_argument("--map", action="append", default=[], metavar="HEADING=FIELD",
                            help="表头映射 / map an unknown heading to a field (empty field: ignore)")
        parser.add_argument("--show", type=int, default=50, help="最多列出多少行错误 / errors to list")

    def handle(self, *args, **options):
        user = self._user(options["username"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件 / no such file: {path}")
        overrides = {}
        for pair in options["map"]:
            heading, sep, field = pair.partition("=")
            if not sep:
                raise CommandError(f"--map 应为 表头=字段 / --map must be HEADING=FIELD: {pair}")
            overrides[heading] = field
        started = time.monotonic()
        try:
            result = import_ledger(
                path.name, path.read_bytes(), options["kind"], user, dry_run=options["dry_run"],
                options=Options(round=options["round"], year=options["year"], metric=options["metric"]),
                overrides=overrides, progress=self._progress)
        except MappingNeeded as needed:
            raise CommandError(f"{needed.zh} / {needed.en}\n表头 / headings: {'，'.join(needed.headings)}\n"
                               "用 --map 表头=字段 指定 / use --map HEADING=FIELD") from None
        except ServiceError as refused:
            raise CommandError(f"{refused.zh} / {refused.en}") from None
        counts = result.counts
        mode = "预览 dry run" if result.dry_run else ("已写入 committed" if result.committed else "未写入 rolled back")
        self.stdout.write(f"{mode}: 新增 created {counts['created']}, 更新 updated {counts['updated']}, "
                          f"无变化 unchanged {counts['unchanged']}, 错误 errors {counts['error']} "
                          f"({time.monotonic() - started:.1f} s)")
        if result.ignored:
            self.stdout.write(f"未识别的列（已忽略）/ ignored columns: {'，'.join(result.ignored)}")
        for row in result.errors[:options["show"]]:
            self.stdout.write(f"  第 {row.row} 行 row {row.row} [{row.column}]: {row.zh} / {row.en}")
        if result.errors and not result.dry_run:
            raise CommandError("有错误的行，全部未写入。 / Some rows failed; nothing was written.")

    def _user(self, username):
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"没有该用户 / no such active user: {username}")
            return user
        user = User.objects.filter(is_active=True, role=User.Role.SUPERVISOR).order_by("id").first()
        if user is None:
            raise CommandError("没有督查室用户，请用 --as 指定。 / No supervisor user; name one with --as.")
        return user

    def _progress(self, done, total):
        self.stderr.write(f"\r写入 writing {done}/{total}", ending="\n" if done >= total else "")
        self.stderr.flush()
