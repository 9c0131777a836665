"""``manage.py load_demo [--as-of YYYY-MM-DD]``: load the demo city (see fixtures.demo_city).

The demo creates logins with a published password (``admin`` / ``demo12345`` unless
``DEMO_PASSWORD`` says otherwise) in whatever database ``DATABASE_URL`` names. So with
DEBUG off it refuses to run unless asked explicitly (``--allow-production`` or
``DEMO_ALLOW_PRODUCTION=1``, e.g. for a training server), and the production path
(``make serve``) never calls it.
"""
import os
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "加载演示城市数据（可重复执行）。 / Load the demo city (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="测算基准日 YYYY-MM-DD（默认今天）/ the as-of date, default today")
        parser.add_argument("--allow-production", action="store_true",
                            help="DEBUG 关闭时也加载（会创建公开密码的账号）/ load even with DEBUG off "
                                 "(creates logins with a published password)")
        parser.add_argument("--reset-passwords", action="store_true",
                            help="把演示账号密码重置为 DEMO_PASSWORD / reset demo logins to DEMO_PASSWORD")

    def handle(self, *args, **options):
        from fixtures.demo_city import build_demo_city
        from fixtures.org import LOGIN_PURPOSES

        allowed = options["allow_production"] or os.environ.get("DEMO_ALLOW_PRODUCTION", "").lower() in (
            "1", "true", "yes", "on")
        if not settings.DEBUG and not allowed:
            raise CommandError(
                "DEBUG 已关闭：拒绝加载演示数据（会创建公开密码的管理员账号）。确需加载请加 --allow-production "
                "或设置 DEMO_ALLOW_PRODUCTION=1。 / DEBUG is off: refusing to load the demo (it creates an admin "
                "login with a published password). Pass --allow-production or set DEMO_ALLOW_PRODUCTION=1 "
                "if you really mean it.")
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
