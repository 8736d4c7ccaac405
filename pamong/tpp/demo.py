"""Demo hook: a TPP policy for the demo tenant, a few sanctions, and runs for its months.

Called by pamong.demo.generator after the attendance and performance hooks, so the runs
read their punches, leave and ratings. Earlier months end approved and paid; the last
month stays a draft for the finance persona to verify.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django_scopes import scope

from pamong.core import clock
from pamong.core.actor import system_actor
from pamong.core.errors import InputErrors
from pamong.core.models import Tenant
from pamong.org.models import Employee
from pamong.tpp.models import Sanction
from pamong.tpp.runs import tpp_run_approve, tpp_run_compute, tpp_run_mark_paid, tpp_run_verify
from pamong.tpp.services import tpp_policy_load

# Basic TPP per kelas, after the Seruyan 2023 example of domain.md §2.2 (kelas 16-17 added).
BASE = (
    894961, 1131487, 1368012, 1655678, 2793557, 3349711, 3854725, 4371943, 5439503,
    6253104, 7188745, 9298296, 11628681, 12956594, 17019369, 21500000, 26000000,
)  # fmt: skip

POLICY = """\
name: "Peraturan Kepala Daerah tentang TPP ASN (demo)"
effective_from: {year}-01-01
weights: {{kinerja: 60, disiplin: 40}}
base_by_class: {{{bases}}}
jabatan_overrides: {{}}
employee_type_percent: {{PNS: 100, CPNS: 80, PPPK: 100}}
kinerja_percent: {{sangat_baik: 100, baik: 100, butuh_perbaikan: 75, kurang: 50,
                  sangat_kurang: 25, missing: 0}}
discipline:
  late_in:
    - {{from: 1, to: 30, percent: 0.5}}
    - {{from: 31, to: 60, percent: 1}}
    - {{from: 61, to: 90, percent: 1.25}}
    - {{from: 91, percent: 1.5}}
  early_out:
    - {{from: 1, to: 30, percent: 0.5}}
    - {{from: 31, to: 60, percent: 1}}
    - {{from: 61, to: 90, percent: 1.25}}
    - {{from: 91, percent: 1.5}}
  missing_in: 1.5
  missing_out: 1.5
  absent: 3
  cap: 100
leave:
  tahunan: {{deduct: 0}}
  alasan_penting: {{deduct: 0}}
  melahirkan: {{deduct: 0}}
  sakit: {{deduct: 0, after_days: 3, deduct_after: 2}}
  besar: {{unpaid: true}}
  cltn: {{unpaid: true}}
not_paid_status: [cltn, tugas_belajar, diberhentikan_sementara, pensiun, berhenti]
tax:
  method: by_golongan
  percent: {{I: 0, II: 0, III: 5, IV: 15, PPPK: 5}}
bpjs: {{percent: 1, cap: 12000000}}
"""


def policy_text(year: int) -> str:
    bases = ", ".join(f"{kelas}: {amount}" for kelas, amount in enumerate(BASE, start=1))
    return POLICY.format(year=year, bases=bases)


def generate(*, tenant: Tenant, rng: random.Random, months: list[str]) -> None:
    actor = system_actor(tenant, label="demo")
    periods = sorted(dt.date.fromisoformat(f"{m}-01") for m in months)
    year = periods[0].year if periods else clock.today(tenant).year
    with scope(tenant=tenant):
        # The policy is there even without demo months, so a tenant can run TPP at once.
        tpp_policy_load(actor=actor, data=policy_text(year).encode(), source="demo-policy.yaml")
        if not periods:
            return
        ids = list(Employee.objects.filter(tenant=tenant).values_list("id", flat=True))
        Sanction.objects.bulk_create(
            [
                Sanction(
                    tenant=tenant, employee_id=employee_id, percent=Decimal(25), months=6,
                    jenis="hukuman disiplin sedang: potongan tunjangan 25% 6 bulan",
                    start=periods[0],
                )
                for employee_id in rng.sample(ids, min(len(ids), max(1, len(ids) // 300)))
            ],
            ignore_conflicts=True,
        )  # fmt: skip
        for index, period in enumerate(periods):
            try:
                run = tpp_run_compute(actor=actor, period=period)
            except InputErrors:
                return  # e.g. no calendar yet: the policy is still there to look at
            if index < len(periods) - 1:
                run = tpp_run_approve(actor=actor, run=tpp_run_verify(actor=actor, run=run))
                tpp_run_mark_paid(actor=actor, run=run)
