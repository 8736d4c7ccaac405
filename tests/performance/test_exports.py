"""XLSX export of ratings per unit and period."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pamong.performance.models import Rating
from tests.conftest import World
from tests.factories import EmployeeFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _rate(employee: object, predikat: str, period: str = "2026-03") -> None:
    Rating.objects.create(
        tenant=employee.tenant,  # type: ignore[attr-defined]
        employee=employee,
        period=period,
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
        predikat=predikat,
    )


def test_export_unit_subtree_and_period(
    world: World, django_assert_max_num_queries: object
) -> None:
    seksi = UnitFactory(
        tenant=world.tenant, code="1.01.01.01", name="Seksi", kind="seksi", parent=world.bidang
    )
    _rate(world.employee, "baik")
    _rate(EmployeeFactory(tenant=world.tenant, unit=seksi, name="Anak Seksi"), "sangat_baik")
    _rate(world.head, "kurang")  # in the OPD, outside the bidang
    _rate(world.peer, "baik", period="2026-04")
    for _ in range(5):
        _rate(EmployeeFactory(tenant=world.tenant, unit=world.bidang), "baik")
    client = world.client_for(world.head_user)
    url = reverse("performance:ratings-xlsx")
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        response = client.get(url, {"unit": world.bidang.pk, "period": "2026-03"})
    assert response.status_code == 200
    assert "penilaian-1.01.01-2026-03.xlsx" in response["Content-Disposition"]
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[2][:3] == ("NIP", "Nama", "Jabatan")
    body = rows[3:]
    names = {r[1] for r in body}
    assert len(body) == 7 and "Anak Seksi" in names and world.employee.name in names
    assert world.head.name not in names and world.peer.name not in names
    mine = next(r for r in body if r[1] == world.employee.name)
    assert mine[0] == world.employee.nip and isinstance(mine[0], str)
    assert mine[7] == "Baik" and mine[9] == "belum"


def test_export_permissions(world: World) -> None:
    url = reverse("performance:ratings-xlsx")
    query = {"unit": world.bidang.pk, "period": "2026-03"}
    assert world.client_for(world.admin_user).get(url, query).status_code == 200
    assert world.client_for(world.employee_user).get(url, query).status_code == 403
    head = world.client_for(world.head_user)
    assert head.get(url, {"unit": world.outsider.unit_id}).status_code == 403
    assert head.get(url, {"unit": world.other_opd.pk}).status_code == 404
    assert head.get(url, {"unit": "x"}).status_code == 404
    assert head.get(url, {"unit": world.bidang.pk, "period": "maret"}).status_code == 404
    assert head.post(url, query).status_code == 405
    assert world.client_for(world.other_admin_user).get(url, query).status_code == 404
