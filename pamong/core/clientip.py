"""The client's address behind trusted reverse proxies (settings PAMONG_TRUSTED_PROXY_*).

Behind nginx every request comes from the proxy's address, so per-address limits would
count all citizens as one. `X-Forwarded-For` is a list that each proxy appends to; only
the entries added by proxies we run can be believed, since a client can send any list.

- `PAMONG_TRUSTED_PROXY_COUNT=N`: N proxies stand in front of Pamong; the client is the
  N-th address from the right (counting REMOTE_ADDR as the last one).
- `PAMONG_TRUSTED_PROXIES=10.0.0.0/8,127.0.0.1`: walk from REMOTE_ADDR leftwards over
  addresses inside these networks; the first address outside them is the client.

With neither set (the default) the header is ignored and REMOTE_ADDR is used as is.
`ClientAddressMiddleware` (first in MIDDLEWARE) puts the result into REMOTE_ADDR, so every
later reader (rate limits, sign-in throttling, logs) sees the client, and keeps the
proxy's own address in META["PAMONG_PROXY_ADDR"].
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(meta: dict[str, object]) -> str:
    remote = str(meta.get("REMOTE_ADDR") or "")
    count = int(getattr(settings, "PAMONG_TRUSTED_PROXY_COUNT", 0) or 0)
    trusted = tuple(getattr(settings, "PAMONG_TRUSTED_PROXIES", ()) or ())
    header = str(meta.get("HTTP_X_FORWARDED_FOR") or "")
    if not header or not (count or trusted):
        return remote
    hops = [*(part.strip() for part in header.split(",")), remote]
    if count:
        # The right-most `count` entries were written by our proxies; the one before is
        # what the outermost proxy saw. A shorter list than expected: the left-most entry.
        candidate = hops[-(count + 1)] if len(hops) > count else hops[0]
        return _valid(candidate) or remote
    networks = _networks(trusted)
    for hop in reversed(hops):
        address = _valid(hop)
        if address is None:
            return remote  # a garbled header: trust nothing in it
        if not any(ipaddress.ip_address(address) in net for net in networks):
            return address
    return _valid(hops[0]) or remote


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_address(request.META)
        if address != request.META.get("REMOTE_ADDR"):
            request.META["PAMONG_PROXY_ADDR"] = request.META.get("REMOTE_ADDR", "")
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
