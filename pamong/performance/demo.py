"""Demo hook: monthly ratings (as if imported from e-Kinerja) for most employees.

Called by pamong.demo.generator after the appraisal hook (whose evaluations already rated
the persona OPD) and before TPP, whose runs read the predikat. One set-based import per
tenant through `ratings_import`, so validation and the audit entry are the real ones.
About RATED_SHARE of the active employees get a rating each month; the rest show up as
'missing' in TPP, as they would in practice. Nothing without months.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from pamong.core import clock, spreadsheet
from pamong.core.actor import system_actor
from pamong.core.models import Tenant
from pamong.org.models import Employee
from pamong.performance import followup as fu
from pamong.performance import pembinaan as pb
from pamong.performance.imports import ratings_import
from pamong.performance.models import CoachingPlan, Rating

RATED_SHARE = 0.9
# (hasil_kerja, perilaku_kerja, weight): most employees meet expectations.
MIX = (
    ("sesuai", "sesuai", 70),
    ("di_atas", "sesuai", 10),
    ("sesuai", "di_atas", 6),
    ("di_atas", "di_atas", 5),
    ("di_bawah", "sesuai", 5),
    ("sesuai", "di_bawah", 3),
    ("di_bawah", "di_bawah", 1),
)


def generate(*, tenant: Tenant, rng: random.Random, months: list[str]) -> dict[str, int]:
    if not months:
        return {}
    nips = list(
        Employee.objects.filter(tenant=tenant, status="aktif")
        .order_by("pk")
        .values_list("id", "nip")
    )
    imported = Rating.objects.filter(
        tenant=tenant, period__in=months, source=Rating.Source.IMPORT
    ).exists()
    if imported:
        return {}  # idempotent: an earlier run already imported these months
    rated = set(
        Rating.objects.filter(tenant=tenant, period__in=months).values_list("employee_id", "period")
    )  # the appraisal hook's evaluations stay as they are
    choices = [(hasil, perilaku) for hasil, perilaku, _w in MIX]
    weights = [w for _h, _p, w in MIX]
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out)
    writer.writerow(["nip", "periode", "hasil_kerja", "perilaku_kerja"])
    rows = 0
    for month in sorted(months):
        for employee_id, nip in nips:
            if rng.random() >= RATED_SHARE or (employee_id, month) in rated:
                continue
            hasil, perilaku = rng.choices(choices, weights)[0]
            writer.writerow([nip, month, hasil, perilaku])
            rows += 1
    if not rows:
        return {"created": 0}
    result = ratings_import(
        actor=system_actor(tenant, label="demo"),
        data=out.getvalue().encode(),
        source="demo-kinerja.csv",
    )
    return {**result, **pembinaan(tenant, months[-1])}


def pembinaan(tenant: Tenant, month: str) -> dict[str, int]:
    """A tindak lanjut plan for the first low predikat of `month`, and one mentoring plan
    with two past sessions (so the JP ledger shows coaching/mentoring too)."""
    if CoachingPlan.objects.filter(tenant=tenant).exists():
        return {}
    actor = system_actor(tenant, label="demo")
    today = clock.today(tenant)
    later = today + dt.timedelta(days=30)
    low = (
        Rating.objects.filter(tenant=tenant, period=month, predikat__in=fu.NEEDS_COACHING)
        .select_related("employee")
        .order_by("employee_id")
        .first()
    )
    plans = 0
    if low is not None:
        fu.coaching_create(
            actor=actor, employee=low.employee, period=month,
            goals="Menyelesaikan laporan tepat waktu",
            actions="Pertemuan mingguan dengan atasan", follow_up_date=later,
        )  # fmt: skip
        plans += 1
    staff = list(
        Employee.objects.filter(tenant=tenant, status="aktif", supervisor__isnull=False)
        .select_related("supervisor")
        .order_by("pk")[:2]
    )
    if len(staff) < 2:
        return {"coaching_plans": plans}
    mentee, mentor = staff[0], staff[1].supervisor
    if mentor is None or mentor.pk == mentee.pk:
        return {"coaching_plans": plans}
    plan = pb.plan_start(
        actor=actor, employee=mentee, kind=CoachingPlan.Kind.MENTORING,
        goals="Menguasai analisis beban kerja", actions="Dua sesi setiap bulan",
        follow_up_date=later, mentor=mentor,
    )  # fmt: skip
    for days in (50, 20):
        # Early in January the sessions stay in the plan's year (none before 1 January).
        held_on = max(today - dt.timedelta(days=days), dt.date(today.year, 1, 1))
        pb.session_record(
            actor=actor, plan=plan, held_on=held_on, minutes=90,
            notes="Membahas langkah analisis beban kerja",
            agreed_actions="Menyusun draf untuk sesi berikutnya",
        )  # fmt: skip
    return {"coaching_plans": plans + 1, "coaching_sessions": 2}
