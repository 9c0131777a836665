"""Which network addresses this server may send webhooks to (SSRF and DNS rebinding).

A webhook subscription makes the server open connections: pointed at ``127.0.0.1:5432``
or a cloud metadata address (169.254.169.254) it would probe the bureau's own network.
Two checks guard against that, both with the rule below:

- when a subscription is saved, the host *as written* (``api/webhooks.py``): a literal
  address in any spelling the resolver accepts (``127.1``, ``0x7f000001``, ``2130706433``,
  ``[::1]``) or ``localhost``;
- at every delivery, each address the host name *resolves to now*
  (:func:`public_addresses`), and the connection then goes to exactly such a checked
  address, never to a second lookup — so a name that resolved to a public address when it
  was saved and to ``10.0.0.5`` today (DNS rebinding) is refused, and so is a redirect to
  an internal address.

``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` turns both off (a receiver inside the bureau's
network, or tests with a local receiver).
"""
from __future__ import annotations

import ipaddress
import socket

from django.conf import settings


class InternalAddressError(OSError):
    """The receiver's host is, or resolves to, an address inside the server's network."""


def private_addresses_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False))


def address_of(host):
    """The IP address a host literal stands for, or None for a DNS name."""
    host = (host or "").strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.ip_address(socket.inet_aton(host))  # 127.1, 0x7f.0.0.1, 2130706433 …
    except OSError:
        return None


def is_internal_address(address) -> bool:
    """Loopback, link-local, private, reserved, multicast or unspecified (an IPv4-mapped
    IPv6 address is judged by its IPv4 address)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any((address.is_loopback, address.is_link_local, address.is_private, address.is_reserved,
                address.is_multicast, address.is_unspecified))


def is_internal(host) -> bool:
    """The host as written names the server's own network (no DNS lookup)."""
    host = (host or "").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = address_of(host)
    return address is not None and is_internal_address(address)


def public_addresses(host, port, resolve=None):
    """Every ``getaddrinfo`` answer for ``host:port`` if all of them are public.

    Raises :class:`InternalAddressError` when the host, or any address it resolves to, is
    internal: one internal answer among public ones is refused too, since which one a
    connection would use is not ours to choose."""
    if is_internal(host):
        raise InternalAddressError(f"internal host refused: {host}")
    answers = (resolve or socket.getaddrinfo)(host, port, 0, socket.SOCK_STREAM)
    for *_, sockaddr in answers:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if is_internal_address(address):
            raise InternalAddressError(f"{host} resolves to an internal address ({address}): refused")
    return answers


def connect_public(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """``socket.create_connection`` that connects only to checked public addresses."""
    host, port = address
    if private_addresses_allowed():
        return socket.create_connection(address, timeout, source_address)
    last_error = None
    for family, type_, proto, _, sockaddr in public_addresses(host, port):
        sock = socket.socket(family, type_, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            last_error = exc
    raise last_error or OSError(f"no address for {host}")
