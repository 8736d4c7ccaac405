"""TPP fixtures: the worked example's policy and calendar loaded into the `world` tenants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from pamong.attendance.calendar import load_calendar
from pamong.core.actor import cli_actor
from pamong.core.models import Tenant
from pamong.tpp.models import TppRun, TppSettings, TppSlip
from pamong.tpp.runs import tpp_run_compute
from pamong.tpp.services import tpp_policy_load
from tests.conftest import World
from tests.examples import WORKED_EXAMPLE

OCTOBER = dt.date(2026, 10, 1)

POLICY = """\
name: "Contoh Perkada TPP 2026"
effective_from: 2026-01-01
weights: {kinerja: 60, disiplin: 40}
base_by_class: {5: 2800000, 7: 3900000, 9: 5400000, 11: 7200000, 14: 13000000}
jabatan_overrides: {}
employee_type_percent: {PNS: 100, CPNS: 80, PPPK: 100}
kinerja_percent: {sangat_baik: 100, baik: 100, butuh_perbaikan: 75, kurang: 50,
                  sangat_kurang: 25, missing: 0}
discipline:
  late_in:
    - {from: 1, to: 30, percent: 0.5}
    - {from: 31, to: 60, percent: 1}
    - {from: 61, to: 90, percent: 1.25}
    - {from: 91, percent: 1.5}
  early_out:
    - {from: 1, to: 30, percent: 0.5}
    - {from: 31, to: 60, percent: 1}
    - {from: 61, to: 90, percent: 1.25}
    - {from: 91, percent: 1.5}
  missing_in: 1.5
  missing_out: 1.5
  absent: 3
  cap: 100
leave:
  tahunan: {deduct: 0}
  alasan_penting: {deduct: 0}
  melahirkan: {deduct: 0}
  sakit: {deduct: 0, after_days: 3, deduct_after: 2}
  besar: {unpaid: true}
  cltn: {unpaid: true}
not_paid_status: [cltn, tugas_belajar, diberhentikan_sementara, pensiun, berhenti]
tax:
  method: by_golongan
  percent: {I: 0, II: 0, III: 5, IV: 15, PPPK: 5}
bpjs: {percent: 1, cap: 12000000}
"""

CALENDAR = """\
schedule:
  mon: "07:30-16:00"
  tue: "07:30-16:00"
  wed: "07:30-16:00"
  thu: "07:30-16:00"
  fri: "07:30-16:30"
national_holidays: false
holidays:
  - {date: 2026-10-05, name: "Hari jadi kota"}
cuti_bersama: []
"""


def setup_tenant(tenant: Tenant, slips_from: str = TppRun.Status.DRAFT) -> None:
    """The example policy and calendar. Slips are published to employees from the draft
    on (`slips_from`); the tenant default "approved" is tested in test_lifecycle.py."""
    actor = cli_actor(tenant)
    tpp_policy_load(actor=actor, data=POLICY.encode(), source="tpp-policy.yaml")
    load_calendar(actor=actor, data=CALENDAR)
    TppSettings.objects.update_or_create(tenant=tenant, defaults={"slip_visible_from": slips_from})


@dataclass
class TppWorld:
    world: World
    run: TppRun
    other_run: TppRun

    def slip_of(self, employee_id: int) -> TppSlip:
        return TppSlip.objects.get(run=self.run, employee_id=employee_id)


@pytest.fixture
def tpp(world: World) -> TppWorld:
    for tenant in (world.tenant, world.other_tenant):
        setup_tenant(tenant)
    run = tpp_run_compute(actor=cli_actor(world.tenant), period=OCTOBER)
    other = tpp_run_compute(actor=cli_actor(world.other_tenant), period=OCTOBER)
    return TppWorld(world, run, other)


EXAMPLE_DIR = WORKED_EXAMPLE
