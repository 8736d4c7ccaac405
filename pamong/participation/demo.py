"""Demo hook: SKM services with responses, complaints in each state and a forum warga.

Called last by pamong.demo.generator. Services are saved, responses imported (import keys
make a rerun change nothing), complaints submitted and moved on through the participation
services, as the BKPSDM staff and the handling unit would. Bounded whatever the tenant size;
nothing without months.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from pamong.attendance.calendar import calendar_for
from pamong.core import spreadsheet
from pamong.core.actor import system_actor
from pamong.core.models import Tenant
from pamong.imports.tabular import read_table
from pamong.org.models import Unit
from pamong.org.personas import employee_actor
from pamong.participation.complaints import (
    complaint_close,
    complaint_dispatch,
    complaint_respond,
    complaint_submit,
    complaint_verify,
)
from pamong.participation.forums import forum_schedule
from pamong.participation.models import UNSUR_FIELDS, Complaint, Forum, SkmResponse, SkmService
from pamong.participation.services import skm_service_save
from pamong.participation.skm import PROFILE, REQUIRED, skm_import_table

# (OPD name prefix, service, yearly users)
SERVICES = (
    ("Dinas Kependudukan", "Penerbitan KTP elektronik", 24000),
    ("Dinas Kependudukan", "Penerbitan akta kelahiran", 6000),
    ("Dinas Penanaman Modal", "Persetujuan Bangunan Gedung (PBG)", 900),
)
JOBS = ("PNS", "TNI/Polri", "Pegawai swasta", "Wiraswasta", "Pelajar/Mahasiswa", "Lainnya")
SCHOOLS = ("SD", "SMP", "SMA", "D3", "S1", "S2")
# (category, OPD prefix, text, final state)
COMPLAINTS = (
    ("pengaduan", "Dinas Kependudukan",
     "Sudah tiga minggu KTP elektronik saya belum jadi, padahal petugas menjanjikan satu "
     "minggu. Setiap kali ditanya jawabannya blangko habis.", "new"),
    ("pertanyaan", "Badan Kepegawaian",
     "Bagaimana cara mengetahui jadwal seleksi PPPK tahun ini dan dokumen apa saja yang "
     "perlu disiapkan?", "new"),
    ("pengaduan", "Dinas Pekerjaan Umum",
     "Jalan di depan pasar rusak dan berlubang sejak musim hujan, sudah beberapa motor "
     "terjatuh. Mohon segera diperbaiki.", "dispatched"),
    ("aspirasi", "Dinas Kesehatan",
     "Kami mengusulkan agar puskesmas membuka layanan sore hari untuk warga yang bekerja "
     "sampai siang.", "answered"),
    ("pengaduan", "Dinas Penanaman Modal",
     "Permohonan PBG saya sudah lengkap tetapi statusnya tidak berubah lebih dari sebulan.",
     "closed"),
    ("apresiasi", "Dinas Kependudukan",
     "Terima kasih, pelayanan akta kelahiran cepat dan petugasnya ramah.", "closed"),
)  # fmt: skip
RESPONSES = {
    "answered": "Usulan diterima. Layanan sore sedang kami uji coba di dua puskesmas mulai "
    "bulan depan.",
    "closed": "Terima kasih atas laporannya. Berkas telah kami periksa dan tindak lanjuti.",
}


def _opd(tenant: Tenant, prefix: str) -> Unit:
    top = Unit.objects.filter(tenant=tenant, parent__isnull=True).order_by("code")
    found = top.filter(name__startswith=prefix).first() or top.first()
    assert found is not None
    return found


def _skm(tenant: Tenant, rng: random.Random, months: list[str]) -> int:
    actor = system_actor(tenant, label="demo")
    cal = calendar_for(tenant)
    first = dt.date.fromisoformat(f"{min(months)}-01")
    last = (dt.date.fromisoformat(f"{max(months)}-01") + dt.timedelta(days=32)).replace(day=1)
    days = cal.working_days(first, last - dt.timedelta(days=1))
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out)
    writer.writerow([*REQUIRED, *PROFILE])
    for prefix, name, yearly in SERVICES:
        unit = _opd(tenant, prefix)
        if not SkmService.objects.filter(tenant=tenant, unit=unit, name=name).exists():
            skm_service_save(actor=actor, service=None, unit=unit, name=name, yearly_users=yearly)
        mood = rng.uniform(0.55, 0.85)  # share of 4s: each service has its own quality
        for _ in range(rng.randint(50, 200)):
            scores = [4 if rng.random() < mood else rng.choice((2, 3, 3, 3)) for _u in UNSUR_FIELDS]
            writer.writerow([
                unit.code, name, rng.choice(days).isoformat(), *scores, rng.choice("LP"),
                rng.choice(SCHOOLS), rng.choice(JOBS), rng.randint(18, 70),
            ])  # fmt: skip
    table = read_table(
        out.getvalue().encode(), source="demo-skm.csv", required=REQUIRED, optional=PROFILE
    )
    return skm_import_table(actor=actor, table=table).created


def _complaints(tenant: Tenant, rng: random.Random) -> int:
    staff = system_actor(tenant, label="demo")
    for index, (category, prefix, text, state) in enumerate(COMPLAINTS):
        unit = _opd(tenant, prefix)
        named = index % 2 == 0
        complaint = complaint_submit(
            tenant=tenant,
            data={
                "unit": unit, "category": category, "description": text,
                "identity": Complaint.Identity.NAMED if named else Complaint.Identity.ANONYMOUS,
                "reporter_name": rng.choice(("Yohanes Lado", "Siti Rahma", "Andi Saputra")),
                "reporter_email": f"pelapor{index + 1}@warga.test",
            },
        )  # fmt: skip
        if state == "new":
            continue
        complaint = complaint_verify(actor=staff, complaint=complaint, note="Laporan lengkap.")
        complaint = complaint_dispatch(actor=staff, complaint=complaint, unit=unit)
        if state == "dispatched":
            continue
        responder = employee_actor(tenant, unit.head_id) if unit.head_id else staff
        complaint = complaint_respond(actor=responder, complaint=complaint, text=RESPONSES[state])
        if state == "closed":
            complaint_close(
                actor=staff, complaint=complaint, follow_up="Masalah telah diselesaikan."
            )
    return len(COMPLAINTS)


def _forum(tenant: Tenant, rng: random.Random) -> None:
    unit = _opd(tenant, "Dinas Kependudukan")
    tz = ZoneInfo(tenant.timezone)
    # The service refuses a forum in the past, so it is dated from the real clock.
    day = timezone.now().astimezone(tz).date() + dt.timedelta(days=rng.randint(10, 20))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    forum_schedule(
        actor=system_actor(tenant, label="demo"), unit=unit,
        topic="Forum Konsultasi Publik: standar pelayanan administrasi kependudukan",
        starts_at=dt.datetime.combine(day, dt.time(9, 0), tz),
        place=f"Aula {unit.name}",
        description="Membahas rancangan standar pelayanan KTP-el dan akta bersama warga, "
        "RT/RW, tokoh masyarakat dan organisasi penyandang disabilitas.",
    )  # fmt: skip


def generate(*, tenant: Tenant, rng: random.Random, months: list[str]) -> dict[str, int]:
    if not months:
        return {}
    responses = complaints = forums = 0
    if not SkmResponse.objects.filter(tenant=tenant).exists():  # idempotent, as below
        responses = _skm(tenant, rng, months)
    if not Complaint.objects.filter(tenant=tenant).exists():  # idempotent
        complaints = _complaints(tenant, rng)
    if not Forum.objects.filter(tenant=tenant).exists():
        _forum(tenant, rng)
        forums = 1
    return {"skm_responses": responses, "complaints": complaints, "forums": forums}
