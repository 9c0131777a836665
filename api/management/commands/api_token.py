"""Manage API tokens: ``api_token create USER [--name N] [--read-only] [--unit CODE]``,
``api_token list [USER]``, ``api_token revoke PREFIX_OR_ID``."""
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import ApiToken
from tracker.models import OrgUnit, User


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (接口令牌)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        create = sub.add_parser("create", help="issue a token; the key is printed once")
        create.add_argument("username")
        create.add_argument("--name", default="")
        create.add_argument("--read-only", action="store_true")
        create.add_argument("--unit", help="limit the token to this unit's subtree (unit code)")
        listing = sub.add_parser("list", help="list tokens")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="revoke a token by id or key prefix")
        revoke.add_argument("token")

    def handle(self, *args, command, **options):
        return getattr(self, f"handle_{command}")(**options)

    def handle_create(self, username, name, read_only, unit, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在 / no such user: {username}")
        org_unit = None
        if unit:
            org_unit = OrgUnit.objects.filter(code=unit).first()
            if org_unit is None:
                raise CommandError(f"单位不存在 / no such unit: {unit}")
        token, key = ApiToken.issue(user, name=name, read_only=read_only, unit=org_unit)
        self.stdout.write(key)
        self.stderr.write(f"token {token.pk} for {username} created; the key is shown only once.")

    def handle_list(self, username=None, **options):
        tokens = ApiToken.objects.select_related("user", "unit").order_by("id")
        if username:
            tokens = tokens.filter(user__username=username)
        for token in tokens:
            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
            limits = ",".join(filter(None, ["read-only" if token.read_only else "",
                                            f"unit={token.unit.code}" if token.unit_id else ""])) or "-"
            self.stdout.write(f"{token.pk}\t{token.key_prefix}…\t{token.user.username}\t{token.name or '-'}\t"
                              f"{limits}\t{state}")

    def handle_revoke(self, token, **options):
        matches = ApiToken.objects.filter(revoked_at__isnull=True)
        matches = matches.filter(pk=int(token)) if token.isdigit() and len(token) < 8 else \
            matches.filter(key_prefix=token[:8])
        count = matches.count()
        if count != 1:
            raise CommandError(f"找到 {count} 个有效令牌 / {count} active tokens match {token!r}; give the id.")
        matches.update(revoked_at=timezone.now())
        self.stdout.write("revoked")
