"""Who may see and change what: the one scoping rule every page, API view and import uses.

Like NetBox's ``RestrictedQuerySet.restrict(user, action)``, it fails closed: an anonymous
or inactive user, or a role it does not know, gets an empty queryset.

- supervisors (督查室) and administrators read and write everything;
- leaders (领导) read everything and write nothing;
- unit staff (责任单位经办人) read records whose lead or co-operating unit lies in the
  subtree of one of their units, and write records whose *lead* unit does.

Each model names the paths from it to its responsible units in ``UNIT_PATHS``
(read: every path; write: the owning paths, i.e. all but the co-operating ones — an
observation belongs to its target's lead unit *or* its site's unit).

A user object may carry a ``scope_limit`` (an API token's limits: read-only, or only
some units' subtrees). The limit only ever narrows what the role allows.
"""
from dataclasses import dataclass

from django.db.models import Q

from .models import (
    DailyReport, Disbursement, Evidence, Flag, FundAllocation, InspectionRound, Metric, Milestone, Notice,
    Observation, OrgGroup, OrgUnit, Project, RectificationItem, Site, SourceDocument, Target, TargetStatusChange,
    User,
)

READ, WRITE = "read", "write"

# model → lookups from the model to an OrgUnit; those not through co_units are owning (writable).
UNIT_PATHS = {
    OrgUnit: ["", ],
    Target: ["lead_unit", "co_units"],
    Observation: ["target__lead_unit", "site__unit", "target__co_units"],
    Site: ["unit"],
    RectificationItem: ["lead_unit", "co_units"],
    Milestone: ["item__lead_unit", "project__lead_unit", "item__co_units"],
    Evidence: ["item__lead_unit", "item__co_units"],
    Project: ["lead_unit"],
    FundAllocation: ["unit"],
    Disbursement: ["allocation__unit"],
    Flag: ["unit"],
    Notice: ["unit"],
    DailyReport: ["unit"],
    TargetStatusChange: ["target__lead_unit", "target__co_units"],
}

# Reference data every signed-in user may read; only supervisors and admins change it.
SHARED_READ = (Metric, SourceDocument, InspectionRound, OrgGroup)


@dataclass(frozen=True)
class ScopeLimit:
    """Extra limits on one credential (e.g. an API token): ``read_only`` forbids every
    write; ``unit_paths`` (when not None) keeps only records of those units' subtrees,
    with the same lead/co-operating rule as for unit staff."""

    read_only: bool = False
    unit_paths: tuple | None = None


def user_unit_paths(user):
    """The tree paths of the units a staff user belongs to (their scope roots)."""
    cached = getattr(user, "_unit_paths_cache", None)
    if cached is None:
        cached = list(user.units.filter(deleted_at__isnull=True).values_list("path", flat=True))
        user._unit_paths_cache = cached
    return cached


def _subtree_q(lookup, paths):
    field = f"{lookup}__path__startswith" if lookup else "path__startswith"
    q = Q()
    for path in paths:
        q |= Q(**{field: path})
    return q


def can_write_everything(user):
    return bool(user and user.is_active and (user.is_superuser or user.role in (User.Role.SUPERVISOR, User.Role.ADMIN)))


def restrict(queryset, user, action=READ):
    """Narrow ``queryset`` to the rows ``user`` may ``action`` ("read" or "write")."""
    queryset = _restrict_by_role(queryset, user, action)
    limit = getattr(user, "scope_limit", None)
    if limit is None:
        return queryset
    if limit.read_only and action != READ:
        return queryset.none()
    if limit.unit_paths is not None:
        queryset = _restrict_to_paths(queryset, list(limit.unit_paths), action)
    return queryset


def _restrict_by_role(queryset, user, action):
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if can_write_everything(user):
        return queryset
    model = queryset.model
    if user.role == User.Role.LEADER:
        return queryset if action == READ else queryset.none()
    if user.role != User.Role.STAFF:
        return queryset.none()
    if model in SHARED_READ or model is User:
        if action != READ:
            return queryset.none()
        return queryset if model is not User else queryset.filter(pk=user.pk)
    return _restrict_to_paths(queryset, user_unit_paths(user), action)


def _restrict_to_paths(queryset, paths, action):
    """Rows whose units lie in the subtrees at ``paths`` (read: lead or co-operating;
    write: lead). Shared reference data is readable, never writable; any model without
    unit paths (users included) is hidden — fail closed."""
    model = queryset.model
    if model in SHARED_READ:
        return queryset if action == READ else queryset.none()
    lookups = UNIT_PATHS.get(model)
    if lookups is None or not paths:
        return queryset.none()
    if action != READ:
        lookups = [lookup for lookup in lookups if "co_units" not in lookup]
    q = Q()
    for lookup in lookups:
        q |= _subtree_q(lookup, paths)
    return queryset.filter(q).distinct() if any("co_units" in lk for lk in lookups) else queryset.filter(q)


def can(user, action, obj):
    """Whether ``user`` may ``action`` one object (the same rule, for one row)."""
    model = type(obj)
    manager = getattr(model, "all_objects", model._default_manager)
    return restrict(manager.filter(pk=obj.pk), user, action).exists()
