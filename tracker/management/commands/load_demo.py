"""``manage.py load_demo [--as-of YYYY-MM-DD]``: load the demo city (see fixtures.demo_city)."""
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "加载演示城市数据（可重复执行）。 / Load the demo city (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="测算基准日 YYYY-MM-DD（默认今天）/ the as-of date, default today")
        parser.add_argument("--reset-passwords", action="store_true",
                            help="把演示账号密码重置为 DEMO_PASSWORD / reset demo logins to DEMO_PASSWORD")

    def handle(self, *args, **options):
        from fixtures.demo_city import build_demo_city
        from fixtures.org import LOGIN_PURPOSES

        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--as-of 应为 YYYY-MM-DD / --as-of must be YYYY-MM-DD: {exc}") from exc
        result = build_demo_city(as_of, reset_passwords=options["reset_passwords"])
        self.stdout.write(f"演示城市已加载 / demo city loaded, as of {as_of} in {result.seconds:.1f} s")
        for name, count in result.counts.items():
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(self.style.WARNING("演示账号（仅用于演示 / only for the demo）:"))
        for user, created in result.logins:
            password = settings.DEMO_PASSWORD if created or options["reset_passwords"] else "（已存在，密码未改 / unchanged）"
            self.stdout.write(f"  {user.username:<11} {user.get_role_display():<8} {password}")
            if user.username in LOGIN_PURPOSES:
                self.stdout.write(f"      {LOGIN_PURPOSES[user.username]}")
        self.stdout.write("起始页 / start page: http://127.0.0.1:8000/  （登录后进入工作台 / sign in, then the worklist）")
