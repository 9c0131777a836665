"""Roles to admin permissions: the admin is the supervisors' fallback tool, so a user's
role (not a hand-set flag) decides what the admin lets them do.

- 督查室 supervisor: view, add and change every ledger model (delete is soft, through
  an action); no user management;
- 领导 leader: view only;
- 系统管理员 admin: everything, users included;
- 责任单位经办人 unit staff: no admin (they use the pages and the API, scoped to their units).

Each role has a Django group kept in step by ``ensure_role_groups`` (after every migrate)
and ``apply_role`` (on every user save).
"""
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

ROLE_GROUPS = {"supervisor": "督查室", "leader": "领导", "admin": "系统管理员"}
LEDGER_APPS = ("tracker", "api")


def _role_permissions(role):
    perms = Permission.objects.filter(content_type__app_label__in=LEDGER_APPS)
    if role == "leader":
        return perms.filter(codename__startswith="view_")
    if role == "supervisor":
        return perms.exclude(codename__startswith="delete_").exclude(
            Q(content_type__model="user") & ~Q(codename="view_user"))
    if role == "admin":
        return Permission.objects.filter(Q(content_type__app_label__in=LEDGER_APPS) | Q(content_type__app_label="auth"))
    return perms.none()


def ensure_role_groups(**kwargs):
    """Create or refresh one group per role with that role's permissions (idempotent)."""
    for role, name in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_role_permissions(role))


def apply_role(user):
    """Put ``user`` in their role's group only, and open the admin to the roles that use it."""
    wanted = ROLE_GROUPS.get(user.role)
    current = set(user.groups.filter(name__in=ROLE_GROUPS.values()).values_list("name", flat=True))
    if current != ({wanted} if wanted else set()):
        user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUPS.values()))
        if wanted:
            group, _ = Group.objects.get_or_create(name=wanted)
            user.groups.add(group)
