"""Demo hook: SKPs of the current year down the persona OPD, realisations and evaluations.

Called by pamong.demo.generator (after attendance, leave and the performance tree, before
performance and TPP): the OPD heads' RHK hang from their OPD's Perjanjian Kinerja items, and
the supervisors' monthly evaluations write the ratings the TPP runs read. Everything goes
through the appraisal services, acted by the employee or supervisor concerned.
Bounded: at most SAMPLE employees, whatever the tenant size; nothing without months.
"""

from __future__ import annotations

import random
from decimal import Decimal

from pamong.appraisal.models import Evaluation, Rhk, Skp
from pamong.appraisal.services import (
    evaluation_acknowledge,
    evaluation_rate,
    indicator_add,
    penilai_id_for,
    realisation_record,
    rhk_add,
    skp_approve,
    skp_create,
    skp_submit,
)
from pamong.core import clock
from pamong.core.models import Tenant
from pamong.kinerja_org.models import PerjanjianKinerjaItem
from pamong.org.models import Employee, Unit
from pamong.org.personas import chain_sample, current_year, employee_actor, personas
from pamong.performance.predikat import Expectation

SAMPLE = 40
# (RHK, indicator, target number, unit) per level; {unit} is the employee's unit.
HEAD_RHK = [
    ("Meningkatnya kualitas pelayanan {unit}",
     "Indeks kepuasan masyarakat terhadap layanan {unit}", 82, "poin"),
    ("Terwujudnya akuntabilitas kinerja {unit}",
     "Nilai evaluasi SAKIP perangkat daerah", 75, "poin"),
]  # fmt: skip
SUPERVISOR_RHK = [
    ("Terlaksananya program dan kegiatan {unit} sesuai rencana",
     "Persentase kegiatan {unit} yang selesai tepat waktu", 95, "%"),
    ("Tersusunnya laporan kinerja {unit} tepat waktu",
     "Jumlah laporan kinerja yang disampaikan tepat waktu", 12, "laporan"),
]  # fmt: skip
STAFF_RHK = [
    ("Terverifikasinya usulan layanan kepegawaian",
     "Jumlah berkas usulan yang diverifikasi", 240, "berkas"),
    ("Tersusunnya data dan laporan bulanan {unit}",
     "Jumlah laporan bulanan yang disusun", 12, "laporan"),
    ("Terkelolanya arsip dan dokumen {unit}",
     "Jumlah dokumen yang diarsipkan secara digital", 600, "dokumen"),
    ("Terlaksananya pelayanan administrasi {unit}",
     "Jumlah layanan administrasi yang diselesaikan", 300, "layanan"),
    ("Termutakhirkannya data pegawai pada SIASN",
     "Jumlah data pegawai yang dimutakhirkan", 400, "data"),
]  # fmt: skip


def _build_skp(
    tenant: Tenant,
    rng: random.Random,
    e: Employee,
    pool: list[tuple[str, str, int, str]],
    year: int,
    parents: list[Rhk],
    pk_items: list[PerjanjianKinerjaItem] | None = None,
) -> Skp:
    """`pk_items`: the items of the PK of the OPD the employee heads (kinerja_org demo);
    the head's RHK hang from them in turn (domain.md §1.3, PK → SKP JPT)."""
    actor = employee_actor(tenant, e.pk)
    skp = skp_create(actor=actor, year=year)
    for index, (text, indicator, number, unit) in enumerate(rng.sample(pool, 2)):
        rhk = rhk_add(
            actor=actor,
            skp=skp,
            text=text.format(unit=e.unit.name),
            parent_rhk=rng.choice(parents) if parents else None,
            pk_item=pk_items[index % len(pk_items)] if pk_items else None,
        )
        indicator_add(
            actor=actor, rhk=rhk, aspect="kuantitas",
            text=indicator.format(unit=e.unit.name), target=f"{number} {unit}",
            target_number=Decimal(number), target_unit=unit,
        )  # fmt: skip
        indicator_add(
            actor=actor, rhk=rhk, aspect="waktu", text="Ketepatan waktu penyelesaian",
            target="12 bulan", target_number=Decimal(12), target_unit="bulan",
        )  # fmt: skip
    return skp


def _pk_items_of(
    tenant: Tenant, year: int, heads: set[int]
) -> dict[int, list[PerjanjianKinerjaItem]]:
    """The PK items of the units each head leads, for the year (1 query)."""
    found: dict[int, list[PerjanjianKinerjaItem]] = {}
    items = PerjanjianKinerjaItem.objects.filter(
        tenant=tenant, perjanjian__year=year, perjanjian__unit__head_id__in=heads
    ).select_related("perjanjian__unit")
    for item in items.order_by("order", "id"):
        head_id = item.perjanjian.unit.head_id
        assert head_id is not None
        found.setdefault(head_id, []).append(item)
    return found


def _rating(rng: random.Random) -> tuple[str, str, str]:
    roll = rng.random()
    if roll < 0.72:
        return Expectation.SESUAI, Expectation.SESUAI, ""
    if roll < 0.9:
        return Expectation.DI_ATAS, Expectation.SESUAI, "Target bulan ini terlampaui."
    if roll < 0.97:
        return Expectation.SESUAI, Expectation.DI_ATAS, "Sangat membantu rekan kerja."
    return Expectation.DI_BAWAH, Expectation.SESUAI, "Beberapa keluaran terlambat."


def generate(*, tenant: Tenant, rng: random.Random, months: list[str]) -> dict[str, int]:
    if not months:
        return {}
    year = current_year(months)
    chain = chain_sample(tenant, SAMPLE)
    ids = [e.pk for e in chain]
    heads = set(
        Unit.objects.filter(tenant=tenant, parent__isnull=True, head_id__in=ids).values_list(
            "head_id", flat=True
        )
    )
    leaders = set(
        Employee.objects.filter(tenant=tenant, supervisor_id__in=ids).values_list(
            "supervisor_id", flat=True
        )
    )
    done = set(
        Skp.objects.filter(tenant=tenant, year=year, employee_id__in=ids).values_list(
            "employee_id", flat=True
        )
    )  # idempotent: a second run leaves existing SKPs alone
    keep = {e.pk for e in personas(tenant).values()}
    pk_items = _pk_items_of(tenant, year, heads)
    skps: dict[int, Skp] = {}
    for e in chain:  # supervisors first, so each can cascade from the RHK above
        if e.pk in done:
            continue
        pool = HEAD_RHK if e.pk in heads else SUPERVISOR_RHK if e.pk in leaders else STAFF_RHK
        parents = list(skps[e.supervisor_id].rhks.all()) if e.supervisor_id in skps else []
        skp = _build_skp(tenant, rng, e, pool, year, parents, pk_items.get(e.pk))
        skps[e.pk] = skp
        if e.supervisor_id is None:
            continue  # stays a draft: nobody above to approve it
        skp = skp_submit(actor=employee_actor(tenant, e.pk), skp=skp)
        # A few staff SKPs stay waiting, so supervisors have something to approve.
        if pool is STAFF_RHK and e.pk not in keep and rng.random() < 0.15:
            continue
        skps[e.pk] = skp_approve(actor=employee_actor(tenant, e.supervisor_id), skp=skp)
    realisations = 0
    for skp in skps.values():
        if skp.status != Skp.Status.APPROVED:
            continue
        actor = employee_actor(tenant, skp.employee_id)
        for rhk in skp.rhks.all():
            for indicator in rhk.indicators.filter(aspect="kuantitas"):
                monthly = int((indicator.target_number or Decimal(12)) / 12)
                for month in months:
                    if month.startswith(f"{year}-"):
                        value = max(1, monthly + rng.randint(-monthly // 4, monthly // 4))
                        realisation_record(
                            actor=actor, indicator=indicator, period=month, value=str(value)
                        )
                        realisations += 1
    evaluations = _evaluate(tenant, rng, chain, months)
    return {"skps": len(skps), "realisations": realisations, "evaluations": evaluations}


def _evaluate(tenant: Tenant, rng: random.Random, chain: list[Employee], months: list[str]) -> int:
    """Monthly evaluations by each employee's penilai; all but the last month acknowledged."""
    this_month = clock.today(tenant).strftime("%Y-%m")
    count = 0
    for index, month in enumerate(months):
        if month > this_month:
            continue  # the service refuses months that have not started (clock vs --today)
        for e in chain:
            penilai = penilai_id_for(e, month)
            if penilai is None or penilai == e.pk:
                continue
            if Evaluation.objects.filter(tenant=tenant, employee=e, period=month).exists():
                continue
            hasil, perilaku, reason = _rating(rng)
            evaluation = evaluation_rate(
                actor=employee_actor(tenant, penilai), employee=e, period=month,
                hasil_kerja=hasil, perilaku_kerja=perilaku, reason=reason,
            )  # fmt: skip
            if index < len(months) - 1:
                evaluation_acknowledge(actor=employee_actor(tenant, e.pk), evaluation=evaluation)
            count += 1
    return count
