"""Demo hook: opening balances and a few leave requests in every state.

Called by pamong.demo.generator after the attendance hook (which loads the calendar the
leave rules count working days with). Requests fall in the two months after the demo
months, so they never collide with the attendance hook's recorded leave. The persona OPD's
staff come first: the employee persona has a request waiting for the supervisor persona,
the OPD head persona has requests to decide. Everything goes through the leave services.
Bounded: openings for at most OPENINGS employees, requests for a small sample.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from pamong.attendance.calendar import calendar_for
from pamong.core import spreadsheet
from pamong.core.actor import Actor, system_actor
from pamong.core.errors import InputErrors
from pamong.core.models import Tenant
from pamong.leave.balance_io import import_openings
from pamong.leave.models import Approver, LeaveRequest
from pamong.leave.services import request_consider, request_decide, request_submit
from pamong.org.models import Employee, Unit
from pamong.org.personas import (
    chain_sample,
    current_year,
    employee_actor,
    month_after,
    personas,
    random_sample,
)

OPENINGS = 5000
# (kind, working days, reason): what people in a Pemda actually ask leave for.
ASKS = (
    ("tahunan", 3, "Mengunjungi orang tua di kampung halaman"),
    ("tahunan", 2, "Keperluan keluarga"),
    ("tahunan", 5, "Liburan akhir tahun bersama keluarga"),
    ("alasan_penting", 2, "Pernikahan adik kandung"),
    ("alasan_penting", 3, "Orang tua sakit keras dan dirawat di rumah sakit"),
    ("sakit", 1, "Demam dan perlu istirahat sesuai saran dokter"),
)
# Final state per request, in order: the persona's first request waits for the supervisor.
STATES = ("submitted", "considered", "approved", "rejected", "approved", "submitted")
ADDRESSES = ("Jl. Merdeka No. 12", "Jl. Sudirman No. 5", "Kompleks Perumahan Blok C/7")


def _openings(tenant: Tenant, rng: random.Random, year: int) -> int:
    nips = Employee.objects.filter(tenant=tenant, status="aktif").order_by("pk")
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out)
    writer.writerow(["nip", "tahun", "sisa_tahun_lalu"])
    for nip in nips.values_list("nip", flat=True)[:OPENINGS]:
        writer.writerow([nip, year, rng.choice((0, 0, 2, 3, 4, 5, 6, 6))])
    actor = system_actor(tenant, label="demo")
    result = import_openings(actor=actor, table_or_file=out.getvalue().encode(), source="demo")
    return result.created


def _official(tenant: Tenant, request: LeaveRequest) -> Actor:
    if request.approver == Approver.OPD_HEAD and request.approver_opd_id is not None:
        head = Unit.objects.values_list("head_id", flat=True).get(pk=request.approver_opd_id)
        if head is not None:
            return employee_actor(tenant, head)
    return system_actor(tenant, label="demo")  # BKPSDM on behalf of the kepala daerah


def _request(
    tenant: Tenant, rng: random.Random, e: Employee, days: list[dt.date], state: str
) -> LeaveRequest | None:
    kind, length, reason = rng.choice(ASKS)
    first = rng.randrange(0, max(1, len(days) - length))
    span = days[first : first + length]
    try:
        request = request_submit(
            actor=employee_actor(tenant, e.pk), employee=e, kind=kind, start=span[0],
            end=span[-1], reason=reason, address=rng.choice(ADDRESSES),
        )  # fmt: skip
    except InputErrors:
        return None  # e.g. a PPPK or a new CPNS without the right to this leave: next one
    if state == "submitted" or request.status != LeaveRequest.Status.SUBMITTED:
        pass
    elif state == "rejected" and rng.random() < 0.5:
        note = "Bertepatan dengan penyusunan laporan akhir tahun; mohon diajukan kembali."
        return request_consider(
            actor=employee_actor(tenant, request.supervisor_id or 0),
            request=request, decision="reject", note=note,
        )  # fmt: skip
    else:
        request = request_consider(
            actor=employee_actor(tenant, request.supervisor_id or 0),
            request=request, decision="approve", note="Pekerjaan sudah didelegasikan.",
        )  # fmt: skip
    if state in ("approved", "rejected") and request.status == LeaveRequest.Status.CONSIDERED:
        decision = "approve" if state == "approved" else "reject"
        note = "" if state == "approved" else "Kebutuhan pegawai pada periode ini tinggi."
        request = request_decide(
            actor=_official(tenant, request), request=request, decision=decision, note=note
        )
    return request


def generate(*, tenant: Tenant, rng: random.Random, months: list[str]) -> dict[str, int]:
    if not months:
        return {}
    if LeaveRequest.objects.filter(tenant=tenant).exists():
        return {}  # idempotent: requests were made by an earlier run
    year = current_year(months)
    openings = _openings(tenant, rng, year)
    first, _end = month_after(months)
    # The month after the current one: in the future for any --today within the demo month.
    start = (first + dt.timedelta(days=32)).replace(day=1)
    end = (start + dt.timedelta(days=62)).replace(day=1) - dt.timedelta(days=1)
    days = calendar_for(tenant).working_days(start, end)
    persona = personas(tenant).get("employee")
    people = [persona] if persona is not None else []  # STATES[0]: waits for the supervisor
    people += [e for e in chain_sample(tenant, 12) if e.supervisor_id is not None]
    people += random_sample(tenant, rng, 14)
    made, seen = 0, set()
    for e in people:
        if e.pk in seen:
            continue
        seen.add(e.pk)
        if _request(tenant, rng, e, days, STATES[made % len(STATES)]) is not None:
            made += 1
    return {"openings": openings, "requests": made}
