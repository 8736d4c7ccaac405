"""The org write services the API calls (usable from any interface)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope

from pamong.core.actor import actor_for_user, cli_actor
from pamong.core.models import AuditLog
from pamong.org.models import Employee, Unit
from pamong.org.services import employee_create, unit_create, unit_update
from tests.factories import PositionFactory, make_nip


def test_services_check_the_capability(world) -> None:
    auditor = actor_for_user(world.auditor_user)
    with pytest.raises(PermissionDenied):
        unit_create(actor=auditor, code="5.01", name="X", kind="opd")
    with pytest.raises(PermissionDenied):
        unit_update(actor=auditor, unit=world.opd, name="X")
    with pytest.raises(PermissionDenied):
        employee_create(
            actor=auditor,
            nip="x",
            name="x",
            gender="L",
            birth_date=dt.date(1990, 1, 1),
            employee_type="PNS",
            golongan="III/a",
            position=world.employee.position,
            unit=world.bidang,
        )
    assert not AuditLog.objects.filter(action__startswith="org.").exists()


def test_recoding_a_unit_rewrites_the_paths_below_it(world) -> None:
    actor = cli_actor(world.tenant)
    with scope(tenant=world.tenant):
        unit_update(actor=actor, unit=world.opd, code="1.09")
    world.bidang.refresh_from_db()
    assert world.bidang.path == "1.09/1.01.01"
    assert AuditLog.objects.get(action="org.unit.updated").after["code"] == "1.09"


def test_a_parent_of_another_tenant_is_refused(world) -> None:
    with pytest.raises(ValidationError) as info:
        unit_create(
            actor=cli_actor(world.tenant), code="5.01", name="X", kind="bidang",
            parent=world.other_opd,
        )  # fmt: skip
    assert "parent" in info.value.message_dict
    assert not Unit.objects.filter(code="5.01").exists()


def test_employee_create_reports_every_problem_at_once(world) -> None:
    foreign_position = PositionFactory(tenant=world.other_tenant, name="Asing")
    with pytest.raises(ValidationError) as info:
        employee_create(
            actor=cli_actor(world.tenant),
            nip="123",
            name="X",
            gender="L",
            birth_date=dt.date(1990, 1, 1),
            employee_type="PNS",
            golongan="III/a",
            position=foreign_position,
            unit=world.other_opd,
        )
    assert {"position", "unit"} <= set(info.value.message_dict)
    with pytest.raises(ValidationError) as info:
        employee_create(
            actor=cli_actor(world.tenant),
            nip="123",
            name="X",
            gender="L",
            birth_date=dt.date(1990, 1, 1),
            employee_type="PPPK",
            golongan="III/a",
            position=world.employee.position,
            unit=world.bidang,
            email="not-an-email",
        )
    assert {"nip", "golongan", "email"} <= set(info.value.message_dict)


def test_a_new_head_becomes_the_supervisor_of_the_unit(world) -> None:
    kasi = PositionFactory(tenant=world.tenant, name="Kepala Seksi", kind="pengawas", kelas=9)
    with scope(tenant=world.tenant):
        seksi = unit_create(
            actor=cli_actor(world.tenant), code="1.01.01.01", name="Seksi", kind="seksi",
            parent=world.bidang,
        )  # fmt: skip
        birth = dt.date(1985, 6, 1)
        head = employee_create(
            actor=cli_actor(world.tenant),
            nip=make_nip(birth, "L"),
            name="Kepala Seksi Baru",
            gender="L",
            birth_date=birth,
            employee_type="PNS",
            golongan="III/c",
            position=kasi,
            unit=seksi,
        )
    seksi.refresh_from_db()
    assert seksi.head_id == head.pk and seksi.opd_id == world.opd.pk
    assert Employee.objects.get(pk=head.pk).supervisor_id == world.supervisor.pk
