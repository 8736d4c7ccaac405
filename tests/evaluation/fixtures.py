"""Hand-made source rows for the evaluation tests (2026-S1 and 2025-S2), small enough to
count by hand. Expected figures are written in the tests next to the arithmetic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from pamong.appraisal.models import Evaluation, Objection, Skp, SkpVersion
from pamong.attendance.models import Correction, Leave
from pamong.org.models import Employee, Unit
from pamong.participation.models import (
    Complaint,
    Forum,
    ForumActionItem,
    SkmResponse,
    SkmService,
)
from pamong.performance.models import Rating, UnitPredikat
from pamong.tpp.models import TppBudget, TppPolicy, TppRun, TppSlip, TppSlipLine
from tests.conftest import World
from tests.evaluation.fixtures_idp import build_idp
from tests.factories import EmployeeFactory, UnitFactory

ZONE = ZoneInfo("Asia/Jayapura")  # world.tenant's zone


def at(y: int, m: int, d: int, h: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, h, 0, tzinfo=ZONE)


@dataclass
class Data:
    opd1: Unit
    opd2: Unit
    empty: Unit  # an OPD without any employee or row
    joiner: Employee  # joined opd1 on 2026-03-01 (mid-period)
    leaver: Employee  # left opd1 on 2025-12-31 (before the period)


def build(world: World) -> Data:
    t = world.tenant
    opd1 = world.opd
    opd2 = world.outsider.opd
    empty = UnitFactory(tenant=t, code="1.09", name="Dinas Baru")
    joiner = EmployeeFactory(
        tenant=t, unit=world.bidang, position=world.employee.position, tmt_unit=dt.date(2026, 3, 1)
    )
    leaver = EmployeeFactory(
        tenant=t,
        unit=world.bidang,
        position=world.employee.position,
        end_date=dt.date(2025, 12, 31),
    )
    for e in (joiner, leaver):
        e.refresh_from_db()
    # opd1 counts head, supervisor, employee, peer, joiner = 5 (leaver excluded); opd2: 1.

    # SKP 2026: head on time (20 Jan), employee late (10 Feb), peer draft only.
    for emp, day in ((world.head, 20), (world.employee, 41)):
        skp = Skp.objects.create(tenant=t, employee=emp, year=2026, status=Skp.Status.APPROVED)
        v = SkpVersion.objects.create(
            tenant=t, skp=skp, version=1, status=Skp.Status.SUBMITTED, snapshot={}
        )
        SkpVersion.objects.filter(pk=v.pk).update(
            created_at=dt.datetime(2026, 1, 1, 9, tzinfo=ZONE) + dt.timedelta(days=day - 1)
        )
    Skp.objects.create(tenant=t, employee=world.peer, year=2026)
    # outsider (opd2) on time.
    skp = Skp.objects.create(tenant=t, employee=world.outsider, year=2026, status="submitted")
    v = SkpVersion.objects.create(tenant=t, skp=skp, version=1, status="submitted", snapshot={})
    SkpVersion.objects.filter(pk=v.pk).update(created_at=at(2026, 1, 5))

    # Evaluations 2026-S1: employee (on time 2026-07-10), peer (late 2026-07-20), outsider.
    evals = {}
    for emp, when, predikat in (
        (world.employee, at(2026, 7, 10), "sangat_baik"),
        (world.peer, at(2026, 7, 20), "sangat_baik"),
        (world.outsider, at(2026, 7, 1), "baik"),
    ):
        ev = Evaluation.objects.create(
            tenant=t, employee=emp, period="2026-S1", penilai=world.supervisor,
            hasil_kerja="di_atas", perilaku_kerja="di_atas", predikat=predikat,
        )  # fmt: skip
        Evaluation.objects.filter(pk=ev.pk).update(created_at=when)
        evals[emp.pk] = ev
    Objection.objects.create(
        tenant=t, evaluation=evals[world.peer.pk], text="x", status="upheld",
        deadline=dt.date(2026, 8, 1),
    )  # fmt: skip
    Objection.objects.create(
        tenant=t, evaluation=evals[world.employee.pk], text="y", status="filed",
        deadline=dt.date(2026, 8, 1),
    )  # fmt: skip

    # Ratings 2026-S1: opd1 3 Sangat Baik + 1 Baik; opd2 1 Baik. Org predikat opd1 "baik":
    # rules "Baik max 70%" (25% ok) and "some Butuh Perbaikan/Kurang" (none: broken) = 1.
    for emp, predikat in (
        (world.head, "sangat_baik"),
        (world.employee, "sangat_baik"),
        (world.peer, "sangat_baik"),
        (world.supervisor, "baik"),
        (world.outsider, "baik"),
    ):
        Rating.objects.create(
            tenant=t, employee=emp, period="2026-S1", hasil_kerja="di_atas",
            perilaku_kerja="di_atas", predikat=predikat,
        )  # fmt: skip
    UnitPredikat.objects.create(tenant=t, unit=opd1, period="2026-S1", predikat="baik")

    # TPP: paid runs Jan and Feb 2026 (a draft March run must be ignored).
    policy = TppPolicy.objects.create(
        tenant=t, effective_from=dt.date(2026, 1, 1), name="p", document={}
    )
    runs = [
        TppRun.objects.create(tenant=t, period=dt.date(2026, m, 1), policy=policy, status=s)
        for m, s in ((1, "paid"), (2, "approved"), (3, "draft"))
    ]

    def slip(run: TppRun, emp: Employee, predikat: str, kinerja: int, persen: str,
             hukdis: int = 0, hari: int = 20) -> TppSlip:  # fmt: skip
        return TppSlip.objects.create(
            tenant=t, run=run, employee=emp, opd_id=emp.opd_id, nip=emp.nip, name=emp.name,
            unit_code="x", employee_type="PNS", golongan="III/a", kelas=7, hari_kerja=hari,
            hari_dibayar=hari, predikat=predikat, potongan_disiplin_persen=Decimal(persen),
            tpp_dasar=0, kinerja=kinerja, disiplin=1_000_000, potongan_hukdis=hukdis,
            bruto=kinerja + 1_000_000 - hukdis, pph21=0, iuran_bpjs=0, netto=0,
        )  # fmt: skip

    jan, feb, mar = runs
    s1 = slip(jan, world.employee, "sangat_baik", 3_000_000, "3.00")
    slip(jan, world.peer, "baik", 2_000_000, "0")
    slip(feb, world.employee, "sangat_baik", 3_300_000, "1.50", hukdis=100_000)
    slip(feb, world.peer, "baik", 2_000_000, "0")
    s5 = slip(jan, world.outsider, "baik", 2_000_000, "0")
    slip(mar, world.outsider, "baik", 9_000_000, "50")  # draft: ignored
    for kind, n in (("late_in", 3), ("early_out", 1), ("absent", 2), ("leave", 4)):
        for i in range(n):
            TppSlipLine.objects.create(tenant=t, slip=s1, kind=kind, day=dt.date(2026, 1, 5 + i))
    for i in range(4):  # opd2: 4 late days of 20, no deduction at all
        TppSlipLine.objects.create(tenant=t, slip=s5, kind="late_in", day=dt.date(2026, 1, 5 + i))
    TppBudget.objects.create(tenant=t, opd=opd1, year=2026, pagu=24_000_000)
    TppBudget.objects.create(tenant=t, opd=opd2, year=2026, pagu=10_000_000)

    # Corrections: opd1 2 approved, 1 rejected, 1 pending; one outside the period.
    for day, status in ((5, "approved"), (6, "approved"), (7, "rejected"), (8, "pending")):
        Correction.objects.create(
            tenant=t, employee=world.employee, day=dt.date(2026, 2, day), check_in=dt.time(7),
            reason="r", status=status,
        )  # fmt: skip
    Correction.objects.create(
        tenant=t, employee=world.peer, day=dt.date(2026, 7, 1), check_in=dt.time(7),
        reason="r", status="approved",
    )  # fmt: skip

    # Leave: tahunan 3 days inside; sakit 2025-12-30..2026-01-02 → 2 days inside.
    Leave.objects.create(
        tenant=t, employee=world.peer, kind="tahunan", start=dt.date(2026, 4, 6),
        end=dt.date(2026, 4, 8),
    )  # fmt: skip
    Leave.objects.create(
        tenant=t, employee=world.employee, kind="sakit", start=dt.date(2025, 12, 30),
        end=dt.date(2026, 1, 2),
    )  # fmt: skip

    # Complaints to opd1 in 2026-S1 (deadlines as dates):
    #  A closed on time, first response on time, rated 5
    #  B closed late (resolution), first response late, rated 2
    #  C in progress, first response on time
    #  D archived (counts as received only)
    def complaint(code: str, state: str, fr_at: dt.datetime | None, closed: dt.datetime | None,
                  rating: int | None = None, unit: Unit = opd1) -> None:  # fmt: skip
        Complaint.objects.create(
            tenant=t, code=code, category="pengaduan", unit=unit, description="d",
            identity="anonymous", state=state, submitted_at=at(2026, 3, 2),
            first_response_due=dt.date(2026, 3, 5), resolution_due=dt.date(2026, 3, 9),
            first_response_at=fr_at, closed_at=closed, rating=rating,
        )  # fmt: skip

    complaint("A" * 20, "closed", at(2026, 3, 4), at(2026, 3, 9, 22), 5)
    complaint("B" * 20, "closed", at(2026, 3, 6), at(2026, 3, 10), 2)
    complaint("C" * 20, "in_progress", at(2026, 3, 5, 23), None)
    complaint("D" * 20, "archived", None, None)
    # 2025-S2 complaint for opd2 (previous period only)
    Complaint.objects.create(
        tenant=t, code="E" * 20, category="pengaduan", unit=opd2, description="d",
        identity="anonymous", state="new", submitted_at=at(2025, 9, 1),
        first_response_due=dt.date(2025, 9, 4),
    )  # fmt: skip

    # SKM: opd1 2026-S1 all answers 4 (IKM 100.00); 2025-S2 all 3 (75.00).
    service = SkmService.objects.create(tenant=t, unit=world.bidang, name="Layanan mutasi")
    for day, score in (
        (dt.date(2026, 2, 1), 4),
        (dt.date(2026, 2, 2), 4),
        (dt.date(2025, 8, 1), 3),
    ):
        SkmResponse.objects.create(
            tenant=t, unit=world.bidang, service=service, date=day,
            **{f"u{i}": score for i in range(1, 10)},
        )  # fmt: skip

    # Forum items due in 2026-S1 for opd1: one done in time, one done after the period, one open.
    forum = Forum.objects.create(
        tenant=t, unit=opd1, topic="f", starts_at=at(2026, 1, 10), place="p"
    )
    for due, state, closed in (
        (dt.date(2026, 2, 1), "done", at(2026, 1, 30)),
        (dt.date(2026, 3, 1), "done", at(2026, 7, 2)),
        (dt.date(2026, 4, 1), "open", None),
    ):
        ForumActionItem.objects.create(
            tenant=t, forum=forum, description="i", responsible_unit=world.bidang, due_date=due,
            state=state, closed_at=closed,
        )  # fmt: skip
    build_idp(world, joiner, leaver)
    return Data(opd1=opd1, opd2=opd2, empty=empty, joiner=joiner, leaver=leaver)
