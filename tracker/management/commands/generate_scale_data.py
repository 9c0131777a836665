"""``python manage.py generate_scale_data``: the province-sized data set for ``make bench``."""
from datetime import date
from dataclasses import fields

from django.core.management.base import BaseCommand, CommandError

from tracker.scale.generate import ScaleParams, generate, present


class Command(BaseCommand):
    help = "生成省级规模测试数据 / Generate the province-sized data set (deterministic from --seed)."

    def add_arguments(self, parser):
        for f in fields(ScaleParams):
            if f.name == "as_of":
                parser.add_argument("--as-of", default=f.default.isoformat(), help="基准日 / reference date")
            else:
                parser.add_argument(f"--{f.name}", type=int, default=f.default)
        parser.add_argument("--if-missing", action="store_true",
                            help="已有数据集则跳过 / do nothing when a data set is present")

    def handle(self, *args, **opts):
        if present():
            if opts["if_missing"]:
                self.stdout.write("规模数据集已存在，跳过 / scale data set present, skipped")
                return
            raise CommandError("规模数据集已存在 / a scale data set is already present (use a fresh database)")
        try:
            as_of = date.fromisoformat(opts["as_of"])
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD / --as-of must be YYYY-MM-DD: {opts['as_of']!r}") from None
        params = ScaleParams(**{f.name: opts[f.name] for f in fields(ScaleParams) if f.name != "as_of"}, as_of=as_of)
        counts = generate(params, write=self.stdout.write)
        self.stdout.write(", ".join(f"{k}={v:,}" for k, v in counts.items()))
