"""Plt. pejabat penilai: assigned by BKPSDM for a range of months; rates instead of the
direct supervisor during it, and only then."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pamong.appraisal import services as svc
from pamong.appraisal.models import ActingPenilai
from pamong.core.models import AuditLog
from tests.appraisal.conftest import act, user_of
from tests.conftest import World

pytestmark = pytest.mark.django_db
RATE = {"hasil_kerja": "sesuai", "perilaku_kerja": "sesuai"}


def _assign(world: World, user: object = None, **kwargs: str) -> ActingPenilai:
    data = {"period_from": "2026-02", "period_to": "2026-04"} | kwargs
    return svc.acting_assign(
        actor=act(user or world.admin_user),  # type: ignore[arg-type]
        employee=world.employee,
        penilai=world.outsider,
        **data,
    )


def test_only_bkpsdm_assigns_with_valid_periods(world: World) -> None:
    for user in (world.head_user, world.supervisor_user, world.auditor_user):
        with pytest.raises(PermissionDenied):
            _assign(world, user)
    with pytest.raises(PermissionDenied):
        _assign(world, world.other_admin_user)
    with pytest.raises(ValidationError, match="sebelum"):
        _assign(world, period_from="2026-05", period_to="2026-04")
    with pytest.raises(ValidationError, match="Periode"):
        _assign(world, period_from="2026-5")
    with pytest.raises(ValidationError, match="dirinya sendiri"):
        svc.acting_assign(
            actor=act(world.admin_user),
            employee=world.employee,
            penilai=world.employee,
            period_from="2026-02",
            period_to="2026-02",
        )
    _assign(world)
    assert AuditLog.objects.filter(action="appraisal.acting_penilai.assigned").count() == 1


def test_the_plt_rates_inside_the_range_and_the_supervisor_outside(world: World) -> None:
    _assign(world)
    plt = user_of(world.outsider)
    with pytest.raises(PermissionDenied):
        svc.evaluation_rate(
            actor=act(world.supervisor_user), employee=world.employee, period="2026-03", **RATE
        )
    evaluation = svc.evaluation_rate(
        actor=act(plt), employee=world.employee, period="2026-04", **RATE
    )
    assert evaluation.penilai == world.outsider
    with pytest.raises(PermissionDenied):
        svc.evaluation_rate(actor=act(plt), employee=world.employee, period="2026-05", **RATE)
    svc.evaluation_rate(
        actor=act(world.supervisor_user), employee=world.employee, period="2026-01", **RATE
    )
    # The Plt. reads the evaluation they gave, and the evaluate form works for them.
    client = world.client_for(plt)
    assert client.get(reverse("appraisal:evaluation", args=[evaluation.pk])).status_code == 200
    url = reverse("appraisal:evaluate", args=[world.employee.pk])
    assert client.get(url, {"period": "2026-03"}).status_code == 200
    assert client.get(url, {"period": "2026-06"}).status_code == 403
    assert (
        world.client_for(world.supervisor_user).get(url, {"period": "2026-03"}).status_code == 403
    )
    index = client.get(reverse("appraisal:index"), {"period": "2026-03"})
    assert world.employee.name in index.text


def test_acting_page(world: World) -> None:
    url = reverse("appraisal:acting")
    admin = world.client_for(world.admin_user)
    data = {
        "employee_nip": world.employee.nip,
        "penilai_nip": world.outsider.nip,
        "period_from": "2026-02",
        "period_to": "2026-03",
    }
    assert admin.post(url, data).status_code == 302
    assert ActingPenilai.objects.get().penilai == world.outsider
    page = admin.get(url)
    assert world.outsider.name in page.text
    bad = admin.post(url, data | {"penilai_nip": world.foreigner.nip})
    assert bad.status_code == 200 and "NIP tidak ditemukan" in bad.text
    assert world.client_for(world.head_user).get(url).status_code == 403
    assert admin.put(url).status_code == 405
    other = world.client_for(world.other_admin_user)
    other.post(url, data)  # the other tenant's admin cannot reach our employees
    assert ActingPenilai.objects.count() == 1
