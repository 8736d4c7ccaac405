"""Helpers: actors for the world personas and an approved SKP chain head → supervisor → employee."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pamong.appraisal import services as svc
from pamong.appraisal.models import Rhk, Skp
from pamong.core.actor import Actor, actor_for_user
from pamong.core.models import User
from pamong.org.models import Employee
from tests.conftest import World
from tests.factories import UserFactory

YEAR = 2026


def act(user: User) -> Actor:
    return actor_for_user(user)


def user_of(employee: Employee) -> User:
    user: User = UserFactory(username=employee.nip, tenant=employee.tenant, employee=employee)
    return user


def draft_skp(user: User, *, parent: Rhk | None = None, text: str = "Data pegawai mutakhir") -> Skp:
    actor = act(user)
    skp = svc.skp_create(actor=actor, year=YEAR)
    rhk = svc.rhk_add(actor=actor, skp=skp, text=text, parent_rhk=parent)
    svc.indicator_add(
        actor=actor,
        rhk=rhk,
        aspect="kuantitas",
        text="Jumlah data dimutakhirkan",
        target="100 data",
    )
    return skp


@dataclass
class Chain:
    head_skp: Skp
    supervisor_skp: Skp
    employee_skp: Skp


@pytest.fixture
def chain(world: World) -> Chain:
    """Head's and supervisor's SKP drafted; the supervisor's first RHK supports the head's."""
    head_skp = draft_skp(world.head_user, text="Layanan kepegawaian meningkat")
    head_rhk = head_skp.rhks.get()
    sup_skp = draft_skp(world.supervisor_user, parent=head_rhk, text="Mutasi tepat waktu")
    emp_skp = draft_skp(world.employee_user, parent=sup_skp.rhks.get())
    return Chain(head_skp, sup_skp, emp_skp)
