"""Links other apps add to the public transparency page (the evaluation's public summary).

Participation sits below those apps and never imports them: they register a provider in
their AppConfig.ready(). A provider returns (label, url) for a tenant, or None when the
Pemda has not chosen to publish it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise

from pamong.core.models import Tenant

PublicLink = tuple[str | Promise, str]
Provider = Callable[[Tenant], PublicLink | None]
_providers: list[Provider] = []


def register_public_link(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def public_links(tenant: Tenant) -> list[PublicLink]:
    return [link for p in _providers if (link := p(tenant)) is not None]
