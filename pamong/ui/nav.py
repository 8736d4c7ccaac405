"""The main navigation: one list of entries, filtered per actor and by what is installed.

Entries for modules that are not merged yet are skipped when their URL name does not
resolve, so the menu works while the other apps land.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pamong.core.actor import Actor
from pamong.core.permissions import has_perm

Predicate = Callable[[Actor], bool]


def cap(code: str) -> Predicate:
    return lambda actor: has_perm(actor, code)


def any_cap(*codes: str) -> Predicate:
    return lambda actor: any(has_perm(actor, c) for c in codes)


def role(name: str) -> Predicate:
    return lambda actor: actor.tenant is not None and name in actor.roles


def in_tenant(actor: Actor) -> bool:
    return actor.tenant is not None


def has_employee(actor: Actor) -> bool:
    return actor.tenant is not None and actor.employee_id is not None


def superadmin(actor: Actor) -> bool:
    return actor.is_superadmin


def own_or(*codes: str, heads: bool = False) -> Predicate:
    """Employees (their own records), holders of one of `codes`, optionally OPD heads."""

    def allowed(actor: Actor) -> bool:
        if actor.tenant is None:
            return False
        return (
            actor.employee_id is not None
            or any(has_perm(actor, c) for c in codes)
            or (heads and actor.is_opd_head)
        )

    return allowed


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    allowed: Predicate


NAV: list[NavEntry] = [
    NavEntry(_("Beranda"), "ui:home", lambda actor: True),
    NavEntry(_("Profil saya"), "ui:me", has_employee),
    NavEntry(_("Struktur organisasi"), "ui:units", any_cap("org.view_all", "org.view_opd")),
    NavEntry(_("Pegawai"), "ui:employees", in_tenant),
    NavEntry(_("Impor data"), "imports:index", cap("org.import")),
    NavEntry(_("Presensi"), "attendance:index", own_or("attendance.view_all", heads=True)),
    NavEntry(_("Cuti"), "leave:index", own_or("leave.view_all", "leave.decide_all", heads=True)),
    NavEntry(_("Kinerja"), "performance:index", own_or("performance.view_all", heads=True)),
    NavEntry(_("SKP"), "appraisal:index", own_or("performance.view_all", heads=True)),
    NavEntry(_("Pohon Kinerja"), "kinerja_org:tree", own_or("performance.view_all")),
    NavEntry(_("TPP"), "tpp:index", own_or("tpp.view_all")),
    NavEntry(_("Karier"), "careers:kp", lambda a: has_perm(a, "careers.view_all") or a.is_opd_head),
    NavEntry(
        _("Pengaduan & SKM"),
        "participation:index",
        lambda actor: has_perm(actor, "participation.view") or actor.is_opd_head,
    ),
    NavEntry(
        _("Rekrutmen"), "recruitment:index", any_cap("recruitment.view", "recruitment.manage")
    ),
    NavEntry(_("Kompetensi"), "competence:index", own_or("competence.view_all", heads=True)),
    NavEntry(
        _("Evaluasi kebijakan"), "evaluation:index", any_cap("evaluation.view_all", "org.view_opd")
    ),
    NavEntry(_("Log audit"), "ui:audit", cap("audit.view")),
    NavEntry(_("Token API"), "api:tokens", any_cap("api.tokens")),
    NavEntry(_("Pemda"), "ui:tenants", superadmin),
    NavEntry(_("Akun"), "accounts:list", cap("accounts.view")),
    NavEntry(_("Keamanan akun"), "accounts:security", lambda actor: actor.user is not None),
]


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    url_name: str


def nav_for(actor: Actor | None, entries: list[NavEntry] | None = None) -> list[NavLink]:
    """The entries this actor may use whose URL exists in this installation."""
    if actor is None:
        return []
    links = []
    for entry in NAV if entries is None else entries:
        if not entry.allowed(actor):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        links.append(NavLink(entry.label, url, entry.url_name))
    return links
