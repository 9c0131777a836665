"""Caching the dashboard's figures, and forgetting them when the data change.

A cached figure's key holds the *data version*, the user's scope and the filters, so a
staff user never gets a leader's figures and a change anywhere in the ledger makes every
older key unreachable at once (they expire on their own). The version is bumped by every
``post_save``/``post_delete`` of a business model, every change to the many-to-many links
that decide scope (co-operating units, war-zone members) and every set-based write
announced through :data:`tracker.signals.records_changed` — immediately and again once the
writing transaction commits, so a reader in between cannot cache the old figures under
the new version.
"""
from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from tracker.access import can_write_everything, user_unit_paths
from tracker.models import (
    Disbursement,
    Flag,
    FlagEvent,
    FundAllocation,
    InspectionRound,
    Metric,
    Milestone,
    Observation,
    OrgGroup,
    OrgUnit,
    Project,
    RectificationItem,
    Site,
    Target,
    TargetStatusChange,
    User,
)
from tracker.signals import records_changed

VERSION_KEY = "dashboard:data-version"
TIMEOUT = 15 * 60  # seconds; the version makes stale entries unreachable long before that

WATCHED = (Disbursement, Flag, FlagEvent, FundAllocation, InspectionRound, Metric, Milestone, Observation, OrgGroup,
           OrgUnit, Project, RectificationItem, Site, Target, TargetStatusChange)
WATCHED_LINKS = (Target.co_units.through, RectificationItem.co_units.through, OrgGroup.members.through,
                 Target.sites.through)


def data_version() -> int:
    """The current data version (starts at 1)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return int(version)


def _bump_now():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): any fresh value differs from a cached key's
        cache.add(VERSION_KEY, 2, timeout=None)


def bump_version(*args, **kwargs):
    """Signal receiver: the ledger changed, cached figures are stale."""
    if kwargs.get("raw"):
        return
    _bump_now()
    transaction.on_commit(_bump_now)


def connect_signals():
    for model in WATCHED:
        post_save.connect(bump_version, sender=model, dispatch_uid=f"dashboard-save-{model._meta.label}")
        post_delete.connect(bump_version, sender=model, dispatch_uid=f"dashboard-delete-{model._meta.label}")
    for through in WATCHED_LINKS:
        m2m_changed.connect(bump_version, sender=through, dispatch_uid=f"dashboard-m2m-{through._meta.label}")
    records_changed.connect(bump_version, dispatch_uid="dashboard-set-writes")


def scope_key(user) -> str:
    """What decides which rows a user sees: the role, a staff user's units, a token's limits."""
    parts = ["all" if can_write_everything(user) or user.role == User.Role.LEADER else f"units:{sorted(user_unit_paths(user))}",
             f"role:{'super' if user.is_superuser else user.role}"]
    limit = getattr(user, "scope_limit", None)
    if limit is not None:
        parts.append(f"limit:{limit.read_only}:{sorted(limit.unit_paths) if limit.unit_paths is not None else '*'}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def cached(user, name: str, filters, compute):
    """``compute()`` once per data version, scope, figure name and filters; then from the cache."""
    language = translation.get_language() or ""
    key = f"dashboard:v{data_version()}:{scope_key(user)}:{language}:{name}:{filters.cache_key()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
