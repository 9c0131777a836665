"""``manage.py demo_ledger [--out FILE]``: write the demo's provincial round ledger
(省督察反馈问题整改台账.xlsx) from the loaded demo city, ready to import on /ledgers/ or
with ``import_ledger FILE --kind items``."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fixtures.demo_ledger import FILE_NAME, provincial_round_workbook
from tracker.models import InspectionRound


class Command(BaseCommand):
    help = "写出演示城市的省督察反馈问题整改台账（.xlsx）。 / Write the demo's provincial round ledger (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("--out", help=f"输出文件（默认 var/ledgers/{FILE_NAME}）/ output file")

    def handle(self, *args, **options):
        out = Path(options["out"] or Path(settings.BASE_DIR) / "var" / "ledgers" / FILE_NAME)
        try:
            content = provincial_round_workbook(timezone.localdate())
        except InspectionRound.DoesNotExist:
            raise CommandError("未找到演示的省督察轮次，请先运行 load_demo。 / "
                               "The demo's provincial round is missing; run load_demo first.") from None
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
        self.stdout.write(f"{out}")
