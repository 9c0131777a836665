"""Idempotency-Key on POST: a retried request gets the first one's response.

The first request with a key stores an in-flight marker (committed at once, so a
concurrent retry sees it), runs, then stores its response. Within 24 hours a retry with
the same key and body gets that response again; with a different body 422; while the
first is still running 409. A 5xx is not stored, so the client may retry it.
"""
import datetime as dt
import hashlib
import json

from django.db import IntegrityError, transaction
from django.http.request import RawPostDataException
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .exceptions import Conflict, Unprocessable
from .messages import pick
from .models import ApiToken, IdempotencyKey

RETENTION = dt.timedelta(hours=24)
REPLAYED_HEADERS = ("ETag", "Location")


class Replay(Exception):
    """Raised to short-circuit a view with the stored response."""

    def __init__(self, record):
        self.record = record

    def response(self):
        headers = dict(self.record.response_headers or {})
        headers["Idempotent-Replayed"] = "true"
        return Response(self.record.response_body, status=self.record.response_status, headers=headers)


def fingerprint(request):
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(request.get_full_path().encode())
    try:
        digest.update(request.body or b"")
    except RawPostDataException:  # multipart already parsed: fingerprint the parsed parts
        digest.update(json.dumps(sorted(request.POST.lists())).encode())
        for name, upload in sorted(request.FILES.items()):
            digest.update(f"{name}:{upload.name}:{upload.size}".encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


def credential_of(request):
    """Which credential sent the request: its API token, else the signed-in user's session."""
    token = request.auth
    if isinstance(token, ApiToken):
        return f"token:{token.pk}"
    return f"session:{request.user.pk}"


def begin(request, key):
    """Claim ``key`` for this request, or raise Replay / Conflict (409) / Unprocessable (422)."""
    if len(key) > 255:
        raise Unprocessable(pick("Idempotency-Key 过长（最多 255 个字符）。", "Idempotency-Key is too long (max 255)."))
    if not key.isprintable() or not key.isascii():
        raise Unprocessable(pick("Idempotency-Key 只能包含可打印的 ASCII 字符。",
                                 "Idempotency-Key must be printable ASCII."))
    user, credential = request.user, credential_of(request)
    fp = fingerprint(request._request)
    mine = IdempotencyKey.objects.filter(credential=credential, key=key)
    mine.filter(created_at__lt=timezone.now() - RETENTION).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(user=user, credential=credential, key=key, fingerprint=fp)
    except IntegrityError:
        pass
    record = mine.first()
    if record is None:  # expired and removed in between: claim it again
        return IdempotencyKey.objects.create(user=user, credential=credential, key=key, fingerprint=fp)
    if record.fingerprint != fp:
        raise Unprocessable(pick(
            "该 Idempotency-Key 已用于另一个不同的请求。",
            "This Idempotency-Key was already used for a different request.",
        ))
    if record.state == IdempotencyKey.State.IN_FLIGHT:
        raise Conflict(pick(
            "使用该 Idempotency-Key 的请求仍在处理中，请稍后重试。",
            "A request with this Idempotency-Key is still being processed; retry later.",
        ))
    raise Replay(record)


def finish(record, response):
    """Store the response for replays, or release the key after a server error."""
    if response.status_code >= 500:
        IdempotencyKey.objects.filter(pk=record.pk).delete()
        return
    body = json.loads(JSONRenderer().render(response.data)) if response.data is not None else None
    headers = {name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)}
    IdempotencyKey.objects.filter(pk=record.pk).update(
        state=IdempotencyKey.State.DONE, response_status=response.status_code, response_body=body,
        response_headers=headers,
    )


def purge_expired(now=None):
    """Remove keys older than 24 hours; returns how many."""
    now = now or timezone.now()
    return IdempotencyKey.objects.filter(created_at__lt=now - RETENTION).delete()[0]
