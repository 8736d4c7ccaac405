"""Every TPP page per role: who may read, who may act; other tenant 404; wrong method 405.

Roles: finance (runs, verify, pay, budget), approver (approve), BKPSDM admin (policy),
auditor (reads everything, changes nothing), employee (own slip and the published policy).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from pamong.tpp.models import TppPolicy
from tests.tpp.conftest import TppWorld

ROLES = ("finance_user", "approver_user", "admin_user", "auditor_user", "employee_user")
F, AP, AD, AU, E = ROLES


def _own_slip(t: TppWorld) -> str:
    return reverse("tpp:slip", args=[t.slip_of(t.world.employee.pk).pk])


def _peer_slip_pdf(t: TppWorld) -> str:
    return reverse("tpp:slip-pdf", args=[t.slip_of(t.world.peer.pk).pk])


def _policy_yaml(t: TppWorld) -> str:
    row = TppPolicy.objects.get(tenant=t.world.tenant)
    return reverse("tpp:policy-yaml", args=[row.pk])


Url = Callable[[TppWorld], str]
# (name, url, roles that get 200; the others get 403)
READS: list[tuple[str, Url, set[str]]] = [
    ("index", lambda t: reverse("tpp:index"), set(ROLES)),
    ("policy", lambda t: reverse("tpp:policy"), set(ROLES)),
    ("policy yaml", _policy_yaml, set(ROLES)),
    ("policy edit", lambda t: reverse("tpp:policy-edit"), {AD}),
    ("simulate", lambda t: reverse("tpp:simulate"), {F}),
    ("budget", lambda t: reverse("tpp:budget"), {F, AP, AD, AU}),
    ("run", lambda t: reverse("tpp:run-detail", args=[t.run.pk]), {F, AP, AD, AU}),
    ("export", lambda t: reverse("tpp:run-export", args=[t.run.pk, "csv"]), {F, AP, AD, AU}),
    (
        "payroll pdf",
        lambda t: reverse("tpp:run-payroll-pdf", args=[t.run.pk, t.world.opd.pk]),
        {F, AP, AD, AU},
    ),
    ("own slip", _own_slip, set(ROLES)),
    ("someone else's slip pdf", _peer_slip_pdf, {F, AP, AD, AU}),
]


@pytest.mark.parametrize(("name", "url", "allowed"), READS, ids=[r[0] for r in READS])
def test_reads_per_role(tpp: TppWorld, name: str, url: Url, allowed: set[str]) -> None:
    w = tpp.world
    target = url(tpp)
    for role in ROLES:
        expected = 200 if role in allowed else 403
        got = w.client_for(getattr(w, role)).get(target).status_code
        assert got == expected, f"{name} as {role}: {got}"


ISOLATED: list[tuple[str, Url]] = [
    ("run", lambda t: reverse("tpp:run-detail", args=[t.other_run.pk])),
    ("export", lambda t: reverse("tpp:run-export", args=[t.other_run.pk, "xlsx"])),
    ("bank", lambda t: reverse("tpp:run-bank", args=[t.other_run.pk])),
    (
        "payroll pdf",
        lambda t: reverse("tpp:run-payroll-pdf", args=[t.other_run.pk, t.world.other_opd.pk]),
    ),
    ("slip", lambda t: reverse("tpp:slip", args=[t.other_run.slips.first().pk])),  # type: ignore[union-attr]
    ("slip pdf", lambda t: reverse("tpp:slip-pdf", args=[t.other_run.slips.first().pk])),  # type: ignore[union-attr]
    (
        "policy yaml",
        lambda t: reverse(
            "tpp:policy-yaml", args=[TppPolicy.objects.get(tenant=t.world.other_tenant).pk]
        ),
    ),
]


@pytest.mark.parametrize(("name", "url"), ISOLATED, ids=[r[0] for r in ISOLATED])
def test_the_other_tenant_is_not_found(tpp: TppWorld, name: str, url: Url) -> None:
    w = tpp.world
    target = url(tpp)
    for role in (F, AD, AU):
        assert w.client_for(getattr(w, role)).get(target).status_code == 404, (name, role)


WRITES: list[tuple[str, Url, dict[str, str], set[str]]] = [
    ("start run", lambda t: reverse("tpp:run-start"), {"period": "2025-01"}, {F}),
    ("verify", lambda t: reverse("tpp:run-step", args=[t.run.pk, "verify"]), {}, {F}),
    (
        "approve",
        lambda t: reverse("tpp:run-step", args=[t.run.pk, "approve"]),
        {"confirmed": "1"},
        {AP},
    ),
    ("pay", lambda t: reverse("tpp:run-step", args=[t.run.pk, "pay"]), {"confirmed": "1"}, {F}),
    ("set pagu", lambda t: reverse("tpp:budget-set"), {"pagu": "x"}, {F}),
    ("edit policy", lambda t: reverse("tpp:policy-edit"), {"policy": "x: 1"}, {AD}),
    ("simulate", lambda t: reverse("tpp:simulate"), {"period": "x"}, {F}),
]


@pytest.mark.parametrize(("name", "url", "data", "allowed"), WRITES, ids=[r[0] for r in WRITES])
def test_writes_per_role(
    tpp: TppWorld, name: str, url: Url, data: dict[str, str], allowed: set[str]
) -> None:
    """Those without the capability get 403 and nothing changes; the auditor never writes."""
    w = tpp.world
    target = url(tpp)
    if name == "set pagu":
        data = {**data, "opd": str(w.opd.pk), "tahun": "2026"}
    for role in ROLES:
        if role in allowed:
            continue
        assert w.client_for(getattr(w, role)).post(target, data).status_code == 403, role
    assert AU not in allowed
    tpp.run.refresh_from_db()
    assert tpp.run.status == "draft"


@pytest.mark.parametrize(
    ("url", "method"),
    [
        (lambda t: reverse("tpp:run-start"), "get"),
        (lambda t: reverse("tpp:budget-set"), "get"),
        (lambda t: reverse("tpp:budget"), "post"),
        (lambda t: reverse("tpp:policy"), "post"),
        (lambda t: reverse("tpp:policy-edit"), "delete"),
        (lambda t: reverse("tpp:run-payroll-pdf", args=[t.run.pk, t.world.opd.pk]), "post"),
        (lambda t: reverse("tpp:run-export", args=[t.run.pk, "csv"]), "post"),
        (lambda t: reverse("tpp:run-step", args=[t.run.pk, "verify"]), "get"),
    ],
)
def test_wrong_method(tpp: TppWorld, url: Url, method: str) -> None:
    w = tpp.world
    client = w.client_for(w.finance_user if "policy" not in url(tpp) else w.admin_user)
    assert getattr(client, method)(url(tpp)).status_code == 405
