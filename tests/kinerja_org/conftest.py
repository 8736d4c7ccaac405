"""A small performance tree in the world's tenant: one Pemda sasaran with two indikator, the
OPD's draft PK taking both, and the other tenant's own sasaran (for isolation checks)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from pamong.core.actor import Actor, actor_for_user, system_actor
from pamong.core.models import User
from pamong.kinerja_org import services as svc
from pamong.kinerja_org.models import (
    IndikatorSasaran,
    PerjanjianKinerja,
    PerjanjianKinerjaItem,
    SasaranStrategis,
)
from tests.conftest import World

YEAR = 2026


def act(user: User) -> Actor:
    return actor_for_user(user)


@dataclass
class Tree:
    sasaran: SasaranStrategis
    ikm: IndikatorSasaran
    sakip: IndikatorSasaran
    pk: PerjanjianKinerja
    item: PerjanjianKinerjaItem
    foreign_sasaran: SasaranStrategis
    foreign_pk: PerjanjianKinerja


@pytest.fixture
def tree(world: World) -> Tree:
    for unit in (world.opd, world.bidang, world.other_opd):
        unit.refresh_from_db()  # heads were set by resolve_supervisors
    admin = act(world.admin_user)
    sasaran = svc.sasaran_create(
        actor=admin, year=YEAR, code="SS.1", statement="Meningkatnya kualitas pelayanan publik"
    )
    ikm = svc.indikator_create(
        actor=admin,
        sasaran=sasaran,
        code="SS.1.1",
        statement="Indeks kepuasan masyarakat",
        target_value=Decimal(82),
        target_unit="poin",
    )
    sakip = svc.indikator_create(
        actor=admin, sasaran=sasaran, statement="Predikat SAKIP", target_text="BB"
    )
    pk = svc.pk_create(actor=act(world.head_user), unit=world.opd, year=YEAR)
    item = svc.pk_item_add(
        actor=act(world.head_user),
        perjanjian=pk,
        indikator=ikm,
        target_value=Decimal(84),
        target_unit="poin",
    )
    other = system_actor(world.other_tenant)
    foreign_sasaran = svc.sasaran_create(
        actor=other, year=YEAR, code="SS.9", statement="Sasaran Kupang rahasia"
    )
    foreign_ind = svc.indikator_create(
        actor=other, sasaran=foreign_sasaran, statement="Indikator Kupang", target_value=Decimal(1)
    )
    foreign_pk = svc.pk_create(actor=other, unit=world.other_opd, year=YEAR)
    svc.pk_item_add(actor=other, perjanjian=foreign_pk, indikator=foreign_ind, target_text="ya")
    return Tree(sasaran, ikm, sakip, pk, item, foreign_sasaran, foreign_pk)
