"""A safety net over every URL of every app, including modules added later.

Each app tests its own views in depth (tenant, permission, method). This walks the whole
URL configuration and checks the rules that must hold everywhere:

- nothing outside the public area answers an anonymous visitor with content;
- no page crashes (5xx) for any persona, whatever the arguments;
- a record id of another tenant never shows its data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import World

# Pages citizens and visitors use without an account (formats and privacy are tested in
# their own modules).
PUBLIC = (
    re.compile(r"^/masuk/"),
    re.compile(r"^/keluar/"),
    re.compile(r"^/i18n/"),
    re.compile(r"^/jsi18n/"),
    re.compile(r"^/healthz$"),  # status only, no personal data (tests/core/test_operations.py)
    re.compile(r"^/api/$"),
    re.compile(r"^/publik/(?!staf/)[^/]+/"),  # /publik/<tenant>/... is the citizens' side
    re.compile(r"^/publik/$"),
    re.compile(r"^/rekrutmen/umum/[^/]+/"),  # public selection announcements
    re.compile(r"^/akun/sandi/(lupa|atur)/"),  # password reset by e-mail link (Django's flow)
    re.compile(r"^/kompetensi/verifikasi/[^/]+/$"),  # course certificate check (signed code)
)
# Converter -> a value that names no record of the visitor's tenant.
PLACEHOLDER = {"int": "987654", "slug": "tidak-ada", "str": "tidak-ada", "path": "x"}
ARG = re.compile(r"<(?:(\w+):)?(\w+)>")


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, route)
        else:
            yield route


def _concrete(route: str, value_for_int: str = PLACEHOLDER["int"]) -> str | None:
    if route.startswith("^") or "(?P" in route:
        return None  # regex routes come from third-party apps (static, schema helpers)
    url = ARG.sub(
        lambda m: value_for_int if m.group(1) == "int" else PLACEHOLDER.get(m.group(1), "x"),
        route,
    )
    return "/" + url


def all_urls() -> list[str]:
    urls = {_concrete(r) for r in _walk(get_resolver().url_patterns)}
    return sorted(u for u in urls if u)


URLS = all_urls()


def _public(url: str) -> bool:
    return any(p.match(url) for p in PUBLIC)


def test_the_walk_finds_every_module() -> None:
    prefixes = {"/pegawai/", "/impor/", "/presensi/", "/skp/", "/tpp/", "/publik/", "/api/v1/"}
    assert all(any(u.startswith(p) for u in URLS) for p in prefixes)
    assert len(URLS) > 100


@pytest.mark.parametrize("url", [u for u in URLS if not _public(u)])
def test_anonymous_visitors_get_no_content(client: object, db: None, url: str) -> None:
    response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code in {301, 302, 401, 403, 404, 405}, (url, response.status_code)
    if response.status_code == 302:
        assert "/masuk/" in response["Location"], (url, response["Location"])


@pytest.mark.parametrize(
    "persona", ["employee_user", "supervisor_user", "head_user", "admin_user", "auditor_user"]
)
def test_no_page_crashes_for_any_persona(world: World, persona: str) -> None:
    client = world.client_for(getattr(world, persona))
    crashed = []
    for url in URLS:
        status = client.get(url).status_code
        if status >= 500:
            crashed.append((url, status))
    assert crashed == []


def test_records_of_another_tenant_are_not_shown(world: World) -> None:
    """Every id-taking URL, given an id that exists only in the other tenant, shows nothing
    of it: the same id space is shared, so a missing tenant filter would leak here."""
    foreign_ids = {
        str(world.foreigner.pk),
        str(world.other_opd.pk),
    }
    client = world.client_for(world.admin_user)
    leaks = []
    for route in sorted({r for r in _walk(get_resolver().url_patterns) if "<int:" in r}):
        for value in foreign_ids:
            url = _concrete(route, value)
            if not url or _public(url):
                continue
            response = client.get(url)
            body = response.content.decode("utf-8", "replace")
            if response.status_code == 200 and (
                world.foreigner.name in body or world.other_opd.name in body
            ):
                leaks.append(url)
    assert leaks == []
