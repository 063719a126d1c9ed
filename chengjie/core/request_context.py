"""Who is acting, from where, in which request — read by the audit trail and by services.

The middleware fills this for web and API requests; commands and jobs set it with `acting_as`.
"""

from __future__ import annotations

import contextvars
import ipaddress
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace

from django.conf import settings


@dataclass(frozen=True)
class RequestInfo:
    request_id: str
    ip: str | None
    user_id: int | None = None
    channel: str = "web"  # web, api, cli, job


_current: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar("chengjie_request", default=None)


def current() -> RequestInfo | None:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def bound(info: RequestInfo):
    token = _current.set(info)
    try:
        yield info
    finally:
        _current.reset(token)


def rebind(**changes) -> None:
    """Adjust the current request's context once more is known about it (the view that serves it).
    The enclosing `bound` block still restores what was there before the request."""
    info = _current.get()
    if info is not None:
        _current.set(replace(info, **changes))


@contextmanager
def acting_as(channel: str, *, user_id: int | None = None):
    """For management commands and jobs: no IP, a fresh request id."""
    with bound(RequestInfo(request_id=new_request_id(), ip=None, user_id=user_id, channel=channel)) as info:
        yield info


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in settings.TRUSTED_PROXIES:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_ip(request) -> str | None:
    """The client's address. X-Forwarded-For is believed only when the peer is a configured proxy, and
    then only up to the first hop that is not itself a trusted proxy — so a forged header cannot choose
    the address that lockout counts against (等保 / ASVS 2.2)."""
    peer = request.META.get("REMOTE_ADDR") or None
    if peer is None or not _is_trusted_proxy(peer):
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for hop in reversed(forwarded):
        if not _is_trusted_proxy(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer
    return peer
