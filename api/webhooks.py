"""Where a webhook subscription may point, and which events it may ask for.

A subscription makes this server send requests: pointed at ``http://127.0.0.1:5432/`` or a
cloud metadata address (169.254.169.254) it would probe the bureau's own network (SSRF).
So the address must be a public one — loopback, link-local, private, reserved, multicast
and unspecified addresses are refused, in every spelling the resolver accepts
(``127.1``, ``0x7f000001``, ``2130706433``, ``[::1]``, ``localhost``) — unless the setting
``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` is on (a receiver inside the bureau's network, or tests).
Host names are not resolved here: a name that resolves to a private address is stopped at
every delivery (``tracker/jobs/addresses.py``), which also defeats DNS rebinding.

Event types are the ones the jobs publish; anything else would never fire.
"""
from urllib.parse import urlsplit
from tracker.jobs.addresses import is_internal, private_addresses_allowed
from tracker.jobs.notify import EVENT_TYPES
from tracker.services.errors import ServiceError

# Every event a job publishes (tracker/jobs), and "*" for all of them.
KNOWN_EVENT_TYPES = frozenset(EVENT_TYPES.values()) | {"notice.issued", "digest.morning", "bulletin.weekly", "*"}


def check_webhook_url(url):
    """Refuse a receiver address inside the server's own network (unless allowed)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServiceError("地址须为 http(s):// 开头的网址。", "The URL must start with http:// or https://.", field="url")
    if is_internal(parts.hostname) and not private_addresses_allowed():
        raise ServiceError(
            "不能向本机、内网或保留地址推送（如需向内网推送，请管理员开启 WEBHOOK_ALLOW_PRIVATE_ADDRESSES）。",
            "Webhooks cannot point at loopback, link-local, private or reserved addresses "
            "(an administrator can allow them with WEBHOOK_ALLOW_PRIVATE_ADDRESSES).",
            field="url",
        )


def check_event_types(event_types):
    unknown = sorted(set(event_types) - KNOWN_EVENT_TYPES)
    if unknown:
        known = ", ".join(sorted(KNOWN_EVENT_TYPES))
        raise ServiceError(f"未知的事件类型：{', '.join(unknown)}（可选：{known}）。",
                           f"Unknown event types: {', '.join(unknown)} (known: {known}).", field="event_types")
