"""The API's own records: access tokens, idempotency keys and the change log.

None of these is a business record; they exist so REST clients (省级平台, monitoring
systems, BI) can authenticate with narrow credentials, retry safely and sync incrementally.
"""
import hashlib
import secrets

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def hash_token_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """An API token (接口令牌) of one user. Only a digest of the key is stored; the key
    is shown once, when created. A token can be narrower than its user: ``read_only``
    forbids every write, ``unit`` keeps it to that unit's subtree (same lead/co-operating
    rule as unit staff). It can never be wider than the user's role."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100, blank=True)
    key_digest = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("令牌前缀"), max_length=8, editable=False)
    read_only = models.BooleanField(_("只读"), default=False)
    unit = models.ForeignKey("tracker.OrgUnit", verbose_name=_("限定单位"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = pgettext_lazy("plural", "接口令牌")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.key_prefix}… {self.name}"

    @classmethod
    def issue(cls, user, *, name="", read_only=False, unit=None):
        """Create a token; returns (token, key). The key is not recoverable afterwards."""
        key = secrets.token_hex(20)
        token = cls.objects.create(user=user, name=name, read_only=read_only, unit=unit,
                                   key_digest=hash_token_key(key), key_prefix=key[:8])
        return token, key

    @property
    def is_active(self):
        return self.revoked_at is None


class IdempotencyKey(models.Model):
    """An ``Idempotency-Key`` a client sent with a write: the first request's fingerprint
    and, once done, its response, replayed for 24 hours to retries with the same key *by
    the same credential* — one API token, or one user's session. A key first used by a
    supervisor's full token is a different key for the same user's read-only or
    unit-limited token, so a narrower credential never receives a wider one's response."""

    class State(models.TextChoices):
        IN_FLIGHT = "in_flight", _("处理中")
        DONE = "done", _("已完成")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    credential = models.CharField(max_length=40, help_text="token:<id> or session:<user id>")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=State.choices, default=State.IN_FLIGHT)
    response_status = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    response_headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("幂等键")
        verbose_name_plural = pgettext_lazy("plural", "幂等键")
        constraints = [models.UniqueConstraint(fields=["credential", "key"],
                                               name="idempotency_key_unique_per_credential")]


def current_transaction_id():
    """The database transaction id of the current transaction (PostgreSQL), forcing one
    to be assigned; 0 elsewhere (SQLite serialises writers, so ids commit in order)."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        return cursor.fetchone()[0]


def oldest_open_transaction_id():
    """A transaction id such that every transaction of this database below it has
    finished, so no change log row with a smaller ``txid`` can still appear (PostgreSQL);
    None on SQLite.

    First the snapshot's xmax (every id below it was handed out), then the smallest id
    still running in *this* database — in that order, so a transaction starting in
    between is above the bound. Other databases of the cluster cannot write our change
    log, so their long transactions do not hold the feed back. The reader's own
    transaction is left out: it cannot be committing concurrently with itself.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        # (A reader that itself wrote — a test's transaction — has an id at or above xmax;
        # every id below its own was handed out earlier, so its own id + 1 is as safe.)
        cursor.execute(
            "SELECT GREATEST(pg_snapshot_xmax(pg_current_snapshot())::text::bigint, "
            "COALESCE(pg_current_xact_id_if_assigned()::text::bigint + 1, 0))"
        )
        bound = cursor.fetchone()[0]
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT min(backend_xid::text::bigint) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        )
        running = cursor.fetchone()[0]
    return bound if running is None else min(bound, running)


class ChangeLog(models.Model):
    """One change to a business record (created, updated, deleted), written in the same
    transaction as the change: the source of the change feed /api/v1/changes/. Ordered by
    (``txid``, ``id``); see docs/api.md for why the feed never skips a late commit."""

    class Action(models.TextChoices):
        CREATED = "created", _("新增")
        UPDATED = "updated", _("修改")
        DELETED = "deleted", _("删除")

    txid = models.BigIntegerField(default=0)
    resource = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = pgettext_lazy("plural", "变更记录")
        indexes = [models.Index(fields=["txid", "id"], name="changelog_txid_id")]

    def __str__(self):
        return f"{self.resource}#{self.object_id} {self.action}"
