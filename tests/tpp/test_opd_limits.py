"""TPP for roles limited to an OPD: finance officer, TPP approver and auditor limited to
OPD X see X's slips, totals, exports and ceilings only, and take no tenant-wide step."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from pamong.core.models import Role, User
from pamong.tpp.models import TppSlip
from tests.conftest import World
from tests.factories import UserFactory, grant
from tests.tpp.conftest import TppWorld


def _limited(world: World, role: str, name: str) -> User:
    user = UserFactory(username=f"{name}.opd", tenant=world.tenant)
    grant(user, role, unit=world.opd)
    return user


def _opd_nips(world: World) -> set[str]:
    return {e.nip for e in (world.head, world.supervisor, world.employee, world.peer)}


@pytest.mark.parametrize("role", [Role.FINANCE, Role.APPROVER, Role.AUDITOR])
def test_limited_tpp_roles_see_their_opds_slips_only(tpp: TppWorld, role: str) -> None:
    w = tpp.world
    client = w.client_for(_limited(w, role, role))
    api = client.get(reverse("api:tpp:run-slips", args=[tpp.run.pk])).json()
    assert {row["nip"] for row in api["results"]} == _opd_nips(w)
    page = client.get(reverse("tpp:run-detail", args=[tpp.run.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert w.employee.nip in body and w.outsider.nip not in body
    exported = client.get(reverse("tpp:run-export", args=[tpp.run.pk, "csv"])).content.decode()
    nips = {row[0] for row in csv.reader(io.StringIO(exported))}
    assert w.outsider.nip not in nips and w.employee.nip in nips
    outsider = TppSlip.objects.get(run=tpp.run, employee=w.outsider)
    assert client.get(reverse("tpp:slip", args=[outsider.pk])).status_code == 403
    assert client.get(reverse("api:tpp:slip", args=[outsider.pk])).status_code == 403
    own_opd = TppSlip.objects.get(run=tpp.run, employee=w.employee)
    assert client.get(reverse("tpp:slip", args=[own_opd.pk])).status_code == 200
    pdf = reverse("tpp:run-payroll-pdf", args=[tpp.run.pk, w.outsider.opd_id])
    assert client.get(pdf).status_code == 403
    budget = client.get(reverse("api:tpp:budget"), {"bulan": "2026-10"}).json()
    assert {row["kode_unit"] for row in budget["opd"]} == {w.opd.code}


def test_limited_finance_cannot_take_tenant_wide_steps(tpp: TppWorld) -> None:
    w = tpp.world
    client = w.client_for(_limited(w, Role.FINANCE, "fin"))
    verify = reverse("api:tpp:run-step", args=[tpp.run.pk, "verify"])
    assert client.post(verify, {"revision": tpp.run.revision}).status_code == 403
    assert client.post(reverse("api:tpp:runs"), {"period": "2026-10"}).status_code == 403
    assert client.get(reverse("tpp:run-bank", args=[tpp.run.pk])).status_code == 403
    # The OPD's own ceiling, yes; another OPD's, no.
    ok = client.post(reverse("tpp:budget-set"), {"opd": w.opd.pk, "tahun": 2026, "pagu": "1000"})
    assert ok.status_code == 302
    refused = client.post(
        reverse("tpp:budget-set"), {"opd": w.outsider.opd_id, "tahun": 2026, "pagu": "1000"}
    )
    assert refused.status_code == 403
