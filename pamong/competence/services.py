"""The one write path of competence development: catalogue, enrolments and their approval
chain, completion, external certificates and the JP ledger.

Each action runs in a transaction, checks the capability or the object rule itself, locks
the rows it counts (the programme for its quota, the employee for overlapping dates), and
writes one audit entry. Bad input raises InputErrors naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import has_perm, require
from pamong.org.models import Employee, EmployeeStatus, Unit

from . import uploads
from .models import (
    Agreement,
    CompetenceSettings,
    Enrolment,
    ExternalCertificate,
    Institution,
    JpEntry,
    JpTotal,
    Programme,
    TrainingBudget,
)
from .rules import BASES, DEFAULT_RECOGNITION, overlaps, recognised_jp
from .selectors import MANAGE, can_consider, can_decide, settings_of

SOURCE = "kompetensi"
ENROLMENT_FIELDS = ["status", "supervisor_note", "decision_note", "completed_on"]
PROGRAMME_FIELDS = [
    "title", "kind", "institution", "competency_kind", "competency", "jp",
    "cost_per_participant", "quota", "start", "end", "opd", "status",
]  # fmt: skip


def _fail(field: str, message: str) -> InputErrors:
    return InputErrors([InputError(message=message, column=field, source=SOURCE)])


def _checked_upload(field: str, upload: UploadedFile) -> None:
    try:
        uploads.check_upload(upload)
    except ValidationError as exc:
        raise _fail(field, " ".join(exc.messages)) from exc


# --- partners and catalogue ---------------------------------------------------------------


@transaction.atomic
def institution_save(
    *, actor: Actor, institution: Institution | None = None, **fields: Any
) -> Institution:
    require(actor, MANAGE)
    name = (fields.get("name") or "").strip()
    if not name:
        raise _fail("name", _("Nama lembaga wajib diisi."))
    duplicate = Institution.objects.filter(tenant=actor.tenant, name=name)
    if institution is not None:
        duplicate = duplicate.exclude(pk=institution.pk)
    if duplicate.exists():
        raise _fail("name", _("Lembaga dengan nama ini sudah ada."))
    keys = ["name", "kind", "address", "contact"]
    before = snapshot(institution, keys) if institution else None
    obj = institution or Institution(tenant=actor.tenant)
    for key in keys:
        setattr(obj, key, (fields.get(key) or "").strip())
    obj.save()
    action = "competence.institution.updated" if before else "competence.institution.created"
    audit(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj, keys))
    return obj


@transaction.atomic
def agreement_add(
    *,
    actor: Actor,
    institution: Institution,
    number: str,
    start: dt.date,
    end: dt.date,
    upload: UploadedFile | None = None,
) -> Agreement:
    require(actor, MANAGE)
    number = number.strip()
    if not number:
        raise _fail("number", _("Nomor MoU wajib diisi."))
    if end < start:
        raise _fail("end", _("Tanggal berakhir sebelum tanggal mulai."))
    if Agreement.objects.filter(tenant=actor.tenant, number=number).exists():
        raise _fail("number", _("Nomor MoU ini sudah tercatat."))
    if upload is not None:
        _checked_upload("file", upload)
    agreement = Agreement(
        tenant=actor.tenant, institution=institution, number=number, start=start, end=end
    )
    if upload is not None:
        agreement.content_type = uploads.store(agreement.file, upload)
    agreement.save()
    audit(
        actor=actor,
        action="competence.agreement.created",
        obj=agreement,
        after=snapshot(agreement, ["institution", "number", "start", "end"]),
    )
    return agreement


@transaction.atomic
def programme_save(*, actor: Actor, programme: Programme | None = None, **fields: Any) -> Programme:
    require(actor, MANAGE)
    problems: list[InputError] = []
    if not (fields.get("title") or "").strip():
        problems.append(InputError(_("Judul wajib diisi."), column="title", source=SOURCE))
    start, end = fields.get("start"), fields.get("end")
    if start and end and end < start:
        problems.append(
            InputError(_("Tanggal selesai sebelum tanggal mulai."), column="end", source=SOURCE)
        )
    if int(fields.get("jp") or 0) < 1:
        problems.append(InputError(_("JP minimal 1."), column="jp", source=SOURCE))
    if int(fields.get("quota") or 0) < 1:
        problems.append(InputError(_("Kuota minimal 1."), column="quota", source=SOURCE))
    opd = fields.get("opd")
    if opd is not None and (opd.tenant_id != actor.tenant.pk or opd.parent_id is not None):  # type: ignore[union-attr]
        problems.append(InputError(_("Pilih sebuah OPD."), column="opd", source=SOURCE))
    institution = fields.get("institution")
    if institution is not None and institution.tenant_id != actor.tenant.pk:  # type: ignore[union-attr]
        problems.append(
            InputError(_("Lembaga tidak dikenal."), column="institution", source=SOURCE)
        )
    if programme is not None and int(fields.get("quota") or 0) < _seats_taken(programme):
        problems.append(
            InputError(
                _("Kuota lebih kecil dari peserta yang sudah disetujui."),
                column="quota",
                source=SOURCE,
            )
        )
    if problems:
        raise InputErrors(problems)
    before = snapshot(programme, PROGRAMME_FIELDS) if programme else None
    obj = programme or Programme(tenant=actor.tenant)
    for key in PROGRAMME_FIELDS:
        if key in fields:
            value = fields[key]
            setattr(obj, key, value.strip() if isinstance(value, str) else value)
    obj.save()
    action = "competence.programme.updated" if before else "competence.programme.created"
    audit(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj, PROGRAMME_FIELDS))
    return obj


@transaction.atomic
def budget_set(*, actor: Actor, year: int, amount: int, opd: Unit | None = None) -> TrainingBudget:
    require(actor, MANAGE)
    if amount < 0:
        raise _fail("amount", _("Anggaran tidak boleh negatif."))
    row, _created = TrainingBudget.objects.select_for_update().get_or_create(
        tenant=actor.tenant, year=year, opd=opd, defaults={"amount": amount}
    )
    before = {"amount": None if _created else row.amount}
    row.amount = amount
    row.save()
    audit(
        actor=actor,
        action="competence.budget.set",
        obj=row,
        before=before,
        after={"amount": amount},
        data={"year": year, "opd": opd.pk if opd else None},
    )
    return row


@transaction.atomic
def settings_update(
    *, actor: Actor, pns_min_jp: int, pppk_max_jp: int, recognition: dict[str, Any]
) -> CompetenceSettings:
    require(actor, MANAGE)
    for kind, raw in recognition.items():
        if kind not in DEFAULT_RECOGNITION:
            raise _fail("recognition", _("Bentuk %(kind)s tidak dikenal.") % {"kind": kind})
        if not isinstance(raw, dict) or raw.get("basis") not in BASES:
            raise _fail("recognition", _("Dasar pengakuan %(kind)s tidak sah.") % {"kind": kind})
    row, _created = CompetenceSettings.objects.select_for_update().get_or_create(
        tenant=actor.tenant
    )
    keys = ["pns_min_jp", "pppk_max_jp", "recognition"]
    before = snapshot(row, keys)
    row.pns_min_jp, row.pppk_max_jp, row.recognition = pns_min_jp, pppk_max_jp, recognition
    row.save()
    audit(
        actor=actor,
        action="competence.settings.updated",
        obj=row,
        before=before,
        after=snapshot(row, keys),
    )
    return row


# --- enrolments and the approval chain ----------------------------------------------------


def _seats_taken(programme: Programme) -> int:
    return Enrolment.objects.filter(
        tenant=programme.tenant_id, programme=programme, status__in=Enrolment.SEATED
    ).count()


def _lock_programme(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme.pk)


def _lock_employee(employee_id: int) -> Employee:
    return Employee.objects.select_for_update(of=("self",)).get(pk=employee_id)


def _overlap_problem(employee: Employee, programme: Programme, exclude: int = 0) -> str | None:
    others = (
        Enrolment.objects.filter(
            tenant=employee.tenant_id,
            employee=employee,
            status__in=Enrolment.ACTIVE,
            programme__start__lte=programme.end,
            programme__end__gte=programme.start,
        )
        .exclude(pk=exclude)
        .exclude(programme=programme)
        .select_related("programme")
        .first()
    )
    if others is None:
        return None
    other = others.programme
    assert overlaps(other.start, other.end, programme.start, programme.end)
    return _("Tanggal bertabrakan dengan %(title)s (%(start)s s.d. %(end)s).") % {
        "title": other.title,
        "start": other.start,
        "end": other.end,
    }


def _eligibility_problem(employee: Employee, programme: Programme, today: dt.date) -> str | None:
    if programme.status != Programme.Status.OPEN:
        return _("Program tidak dibuka untuk pendaftaran.")
    if programme.opd_id is not None and programme.opd_id != employee.opd_id:
        return _("Program ini khusus untuk pegawai OPD lain.")
    if employee.status != EmployeeStatus.AKTIF:
        return _("Hanya pegawai aktif yang dapat mengikuti program.")
    if today > programme.start:
        return _("Program sudah dimulai.")
    return None


@transaction.atomic
def enrolment_apply(*, actor: Actor, programme: Programme, motivation: str = "") -> Enrolment:
    """The employee applies; with no supervisor on record the application goes to BKPSDM."""
    if actor.tenant is None or actor.employee_id is None:
        raise PermissionDenied
    employee = _lock_employee(actor.employee_id)
    programme = Programme.objects.get(tenant=actor.tenant, pk=programme.pk)
    problem = _eligibility_problem(employee, programme, clock.today(actor.tenant))
    if (
        problem is None
        and Enrolment.objects.filter(tenant=actor.tenant, programme=programme, employee=employee)
        .exclude(status=Enrolment.Status.CANCELLED)
        .exists()
    ):
        problem = _("Anda sudah terdaftar di program ini.")
    problem = problem or _overlap_problem(employee, programme)
    if problem:
        raise _fail("programme", problem)
    enrolment, _created = Enrolment.objects.update_or_create(
        tenant=actor.tenant,
        programme=programme,
        employee=employee,
        defaults={
            "opd_id": employee.opd_id,
            "supervisor_id": employee.supervisor_id,
            "status": Enrolment.Status.SUBMITTED
            if employee.supervisor_id
            else Enrolment.Status.SUPERVISOR_APPROVED,
            "nominated": False,
            "motivation": motivation.strip(),
            "supervisor_note": "",
            "decision_note": "",
        },
    )
    audit(
        actor=actor,
        action="competence.enrolment.applied",
        obj=enrolment,
        after=snapshot(enrolment, ENROLMENT_FIELDS),
    )
    return enrolment


@transaction.atomic
def enrolment_consider(
    *, actor: Actor, enrolment: Enrolment, approve: bool, note: str = ""
) -> Enrolment:
    """The direct supervisor agrees (on to BKPSDM) or refuses (ends the application)."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk, tenant=actor.tenant)
    if not can_consider(actor, enrolment):
        raise PermissionDenied
    if not approve and not note.strip():
        raise _fail("note", _("Alasan penolakan wajib diisi."))
    before = snapshot(enrolment, ENROLMENT_FIELDS)
    enrolment.status = (
        Enrolment.Status.SUPERVISOR_APPROVED if approve else Enrolment.Status.REJECTED
    )
    enrolment.supervisor_note = note.strip()
    enrolment.save()
    audit(
        actor=actor,
        action="competence.enrolment.considered",
        obj=enrolment,
        before=before,
        after=snapshot(enrolment, ENROLMENT_FIELDS),
    )
    return enrolment


def _seat_problem(programme: Programme, exclude: int = 0) -> str | None:
    taken = (
        Enrolment.objects.filter(
            tenant=programme.tenant_id, programme=programme, status__in=Enrolment.SEATED
        )
        .exclude(pk=exclude)
        .count()
    )
    if taken >= programme.quota:
        return _("Kuota program sudah penuh (%(n)s peserta).") % {"n": programme.quota}
    return None


@transaction.atomic
def enrolment_decide(
    *, actor: Actor, enrolment: Enrolment, approve: bool, note: str = ""
) -> Enrolment:
    """BKPSDM approves within the quota, or refuses with a reason."""
    require(actor, MANAGE)
    programme = _lock_programme(enrolment.programme)  # the quota is counted under this lock
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk, tenant=actor.tenant)
    if not can_decide(actor, enrolment):
        raise PermissionDenied
    if approve:
        employee = _lock_employee(enrolment.employee_id)
        problem = _seat_problem(programme, enrolment.pk) or _overlap_problem(
            employee, programme, enrolment.pk
        )
        if problem:
            raise _fail("decision", problem)
    elif not note.strip():
        raise _fail("note", _("Alasan penolakan wajib diisi."))
    before = snapshot(enrolment, ENROLMENT_FIELDS)
    enrolment.status = Enrolment.Status.APPROVED if approve else Enrolment.Status.REJECTED
    enrolment.decision_note = note.strip()
    enrolment.save()
    audit(
        actor=actor,
        action="competence.enrolment.decided",
        obj=enrolment,
        before=before,
        after=snapshot(enrolment, ENROLMENT_FIELDS),
    )
    return enrolment


@transaction.atomic
def enrolment_nominate(
    *, actor: Actor, programme: Programme, employee: Employee, note: str = ""
) -> Enrolment:
    """BKPSDM names an employee for a programme directly (approved, within the quota)."""
    require(actor, MANAGE)
    if employee.tenant_id != actor.tenant.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    programme = _lock_programme(programme)
    employee = _lock_employee(employee.pk)
    existing = (
        Enrolment.objects.filter(tenant=actor.tenant, programme=programme, employee=employee)
        .exclude(status=Enrolment.Status.CANCELLED)
        .first()
    )
    if existing is not None and existing.status != Enrolment.Status.REJECTED:
        raise _fail("employee", _("Pegawai ini sudah terdaftar di program ini."))
    if programme.status == Programme.Status.DRAFT:
        raise _fail("programme", _("Program masih draf."))
    if programme.opd_id is not None and programme.opd_id != employee.opd_id:
        raise _fail("employee", _("Program ini khusus untuk pegawai OPD lain."))
    problem = _seat_problem(programme) or _overlap_problem(employee, programme)
    if problem:
        raise _fail("employee", problem)
    enrolment, _created = Enrolment.objects.update_or_create(
        tenant=actor.tenant,
        programme=programme,
        employee=employee,
        defaults={
            "opd_id": employee.opd_id,
            "supervisor_id": employee.supervisor_id,
            "status": Enrolment.Status.APPROVED,
            "nominated": True,
            "decision_note": note.strip(),
        },
    )
    audit(
        actor=actor,
        action="competence.enrolment.nominated",
        obj=enrolment,
        after=snapshot(enrolment, ENROLMENT_FIELDS),
    )
    return enrolment


@transaction.atomic
def enrolment_cancel(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """The employee withdraws before the programme is finished; BKPSDM may cancel too."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk, tenant=actor.tenant)
    own = actor.employee_id is not None and enrolment.employee_id == actor.employee_id
    if not own and not has_perm(actor, MANAGE):
        raise PermissionDenied
    open_states = (
        Enrolment.Status.SUBMITTED,
        Enrolment.Status.SUPERVISOR_APPROVED,
        Enrolment.Status.APPROVED,
    )
    if enrolment.status not in open_states:
        raise _fail("status", _("Pendaftaran ini tidak dapat dibatalkan lagi."))
    before = snapshot(enrolment, ENROLMENT_FIELDS)
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.save()
    audit(
        actor=actor,
        action="competence.enrolment.cancelled",
        obj=enrolment,
        before=before,
        after=snapshot(enrolment, ENROLMENT_FIELDS),
    )
    return enrolment


@transaction.atomic
def enrolment_complete(
    *,
    actor: Actor,
    enrolment: Enrolment,
    completed: bool,
    attended_pct: int | None = None,
    completed_on: dt.date | None = None,
    certificate_number: str = "",
    certificate_date: dt.date | None = None,
    certificate: UploadedFile | None = None,
    sessions: int = 0,
    minutes: int = 0,
) -> Enrolment:
    """BKPSDM records attendance and the outcome; completion adds the JP to the ledger once."""
    require(actor, MANAGE)
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("programme", "employee")
        .get(pk=enrolment.pk, tenant=actor.tenant)
    )
    if enrolment.status != Enrolment.Status.APPROVED:
        raise _fail("status", _("Hanya peserta yang disetujui dapat dinyatakan selesai."))
    if attended_pct is not None and not 0 <= attended_pct <= 100:
        raise _fail("attended_pct", _("Kehadiran harus 0–100%."))
    programme = enrolment.programme
    if completed:
        completed_on = completed_on or programme.end
        if completed_on < programme.start:
            raise _fail("completed_on", _("Tanggal selesai sebelum program dimulai."))
        if completed_on > clock.today(actor.tenant):
            raise _fail("completed_on", _("Tanggal selesai belum terjadi."))
        if certificate is not None:
            _checked_upload("certificate", certificate)
            if not certificate_number.strip() or certificate_date is None:
                raise _fail("certificate_number", _("Nomor dan tanggal sertifikat wajib diisi."))
    before = snapshot(enrolment, ENROLMENT_FIELDS)
    enrolment.attended_pct = attended_pct
    enrolment.status = Enrolment.Status.COMPLETED if completed else Enrolment.Status.NOT_COMPLETED
    if completed:
        enrolment.completed_on = completed_on
        enrolment.certificate_number = certificate_number.strip()
        enrolment.certificate_date = certificate_date
        if certificate is not None:
            enrolment.certificate_type = uploads.store(enrolment.certificate, certificate)
    enrolment.save()
    if completed:
        assert completed_on is not None
        rules = settings_of(actor.tenant.pk)[2]  # type: ignore[union-attr]
        ledger_add(
            employee=enrolment.employee,
            opd_id=enrolment.opd_id,
            year=completed_on.year,
            jp=recognised_jp(
                programme.kind, programme.jp, rules, sessions=sessions, minutes=minutes
            ),
            source=JpEntry.Source.PROGRAMME,
            activity_key=f"programme:{programme.pk}",
            title=programme.title,
            kind=programme.kind,
            completed_on=completed_on,
        )
    audit(
        actor=actor,
        action="competence.enrolment.completed"
        if completed
        else "competence.enrolment.not_completed",
        obj=enrolment,
        before=before,
        after=snapshot(enrolment, ENROLMENT_FIELDS),
    )
    return enrolment


# --- external certificates ----------------------------------------------------------------


@transaction.atomic
def certificate_submit(
    *,
    actor: Actor,
    title: str,
    kind: str,
    organiser: str,
    jp: int,
    start: dt.date,
    end: dt.date,
    certificate_number: str,
    certificate_date: dt.date,
    upload: UploadedFile,
    sessions: int = 0,
    minutes: int = 0,
) -> ExternalCertificate:
    """An employee submits development done outside the catalogue, with its certificate."""
    if actor.tenant is None or actor.employee_id is None:
        raise PermissionDenied
    problems = []
    if end < start:
        problems.append(
            InputError(_("Tanggal selesai sebelum tanggal mulai."), column="end", source=SOURCE)
        )
    if end > clock.today(actor.tenant):
        problems.append(InputError(_("Kegiatan belum selesai."), column="end", source=SOURCE))
    if jp < 1:
        problems.append(InputError(_("JP minimal 1."), column="jp", source=SOURCE))
    if not certificate_number.strip():
        problems.append(
            InputError(
                _("Nomor sertifikat wajib diisi."), column="certificate_number", source=SOURCE
            )
        )
    try:
        uploads.check_upload(upload)
    except ValidationError as exc:
        problems.append(InputError(" ".join(exc.messages), column="file", source=SOURCE))
    if problems:
        raise InputErrors(problems)
    employee = _lock_employee(actor.employee_id)
    cert = ExternalCertificate(
        tenant=actor.tenant, employee=employee, title=title.strip(), kind=kind,
        organiser=organiser.strip(), jp=jp, sessions=sessions, minutes=minutes,
        start=start, end=end, certificate_number=certificate_number.strip(),
        certificate_date=certificate_date,
    )  # fmt: skip
    cert.content_type = uploads.store(cert.file, upload)
    cert.save()
    audit(
        actor=actor,
        action="competence.certificate.submitted",
        obj=cert,
        after=snapshot(cert, ["title", "kind", "jp", "certificate_number", "status"]),
    )
    return cert


@transaction.atomic
def certificate_verify(
    *, actor: Actor, certificate: ExternalCertificate, approve: bool, note: str = ""
) -> ExternalCertificate:
    require(actor, MANAGE)
    cert = (
        ExternalCertificate.objects.select_for_update()
        .select_related("employee")
        .get(pk=certificate.pk, tenant=actor.tenant)
    )
    if cert.employee_id == actor.employee_id:
        raise PermissionDenied  # nobody verifies their own certificate
    if cert.status != ExternalCertificate.Status.SUBMITTED:
        raise _fail("status", _("Sertifikat ini sudah diverifikasi."))
    if not approve and not note.strip():
        raise _fail("note", _("Alasan penolakan wajib diisi."))
    before = snapshot(cert, ["status", "note"])
    cert.status = (
        ExternalCertificate.Status.VERIFIED if approve else ExternalCertificate.Status.REJECTED
    )
    cert.note = note.strip()
    cert.verified_by = actor.user
    cert.save()
    if approve:
        rules = settings_of(actor.tenant.pk)[2]  # type: ignore[union-attr]
        ledger_add(
            employee=cert.employee,
            opd_id=cert.employee.opd_id,
            year=cert.end.year,
            jp=recognised_jp(
                cert.kind, cert.jp, rules, sessions=cert.sessions, minutes=cert.minutes
            ),
            source=JpEntry.Source.EXTERNAL,
            activity_key=f"external:{cert.pk}",
            title=cert.title,
            kind=cert.kind,
            completed_on=cert.end,
        )
    audit(
        actor=actor,
        action="competence.certificate.verified" if approve else "competence.certificate.rejected",
        obj=cert,
        before=before,
        after=snapshot(cert, ["status", "note"]),
    )
    return cert


# --- the ledger -----------------------------------------------------------------------------


def ledger_add(
    *,
    employee: Employee,
    opd_id: int | None,
    year: int,
    jp: int,
    source: str,
    activity_key: str,
    title: str,
    kind: str,
    completed_on: dt.date,
) -> tuple[JpEntry, bool]:
    """Add one activity's JP, once: a second call for the same activity changes nothing.

    Internal: callers are services that already checked the permission and audit."""
    try:
        with transaction.atomic():
            entry = JpEntry.objects.create(
                tenant_id=employee.tenant_id, employee=employee, opd_id=opd_id, year=year,
                jp=jp, source=source, activity_key=activity_key[:160], title=title[:200],
                kind=kind, completed_on=completed_on,
            )  # fmt: skip
            _refresh_total(employee.tenant_id, employee.pk, year)
            return entry, True
    except IntegrityError:
        existing = JpEntry.objects.get(
            tenant_id=employee.tenant_id, employee=employee, activity_key=activity_key[:160]
        )
        return existing, False


# One employee's yearly sum recomputed and stored in one statement, written out: the ORM's
# sum then upsert were two statements whose compiling cost more CPU than running them, on
# every passed quiz (issue 13). Same result as refresh_totals for one employee and year.
_TOTAL_SQL = (
    "INSERT INTO competence_jptotal (tenant_id, employee_id, year, jp) "
    "SELECT %s, %s, %s, COALESCE(SUM(jp), 0) FROM competence_jpentry "
    "WHERE tenant_id = %s AND employee_id = %s AND year = %s "
    "ON CONFLICT (tenant_id, employee_id, year) DO UPDATE SET jp = excluded.jp"
)


# Two ledger writes for one person (a quiz and a coaching session, or an import) would
# each sum without the other's uncommitted entry, and the later upsert would store a total
# missing the other's JP. Every write that sums therefore first takes a transaction-level
# advisory lock of the (employee, year) total; the sum taken after it sees the earlier
# writer committed. Totals share 256 lock buckets, so a bulk import holds at most 256
# locks (one per total would exhaust PostgreSQL's lock table), taken in ascending order so
# that two writers never deadlock. SQLite serialises writers already.
TOTAL_LOCK_CLASS = 7_241_013  # the advisory-lock namespace of the JP totals
TOTAL_LOCK_BUCKETS = 256


def total_lock_bucket(employee_id: int, year: int) -> int:
    return (employee_id * 7_919 + year) % TOTAL_LOCK_BUCKETS


def lock_totals(pairs: Iterable[tuple[int, int]]) -> None:
    """Take the locks of these (employee, year) totals until the transaction ends."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for bucket in sorted({total_lock_bucket(e, y) for e, y in pairs}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [TOTAL_LOCK_CLASS, bucket])


def _refresh_total(tenant_id: int, employee_id: int, year: int) -> None:
    lock_totals([(employee_id, year)])
    with connection.cursor() as cursor:
        cursor.execute(_TOTAL_SQL, [tenant_id, employee_id, year] * 2)


@transaction.atomic
def refresh_totals(tenant_id: int, employee_ids: Iterable[int], years: Iterable[int]) -> None:
    """Recompute the yearly sums of these employees from the ledger (set-based upsert)."""
    employee_ids, years = list(set(employee_ids)), list(set(years))
    lock_totals((e, y) for e in employee_ids for y in years)
    sums = list(
        JpEntry.objects.filter(tenant_id=tenant_id, employee_id__in=employee_ids, year__in=years)
        .order_by()
        .values("employee_id", "year")
        .annotate(total=Sum("jp"))
    )
    JpTotal.objects.bulk_create(
        [
            JpTotal(
                tenant_id=tenant_id, employee_id=r["employee_id"], year=r["year"], jp=r["total"]
            )
            for r in sums
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["tenant", "employee", "year"],
        update_fields=["jp"],
    )
    # A pair whose last entry was removed (a deleted coaching session) falls back to 0.
    kept = {(r["employee_id"], r["year"]) for r in sums}
    stale = [
        pk
        for pk, employee_id, year in JpTotal.objects.filter(
            tenant_id=tenant_id, employee_id__in=employee_ids, year__in=years, jp__gt=0
        ).values_list("pk", "employee_id", "year")
        if (employee_id, year) not in kept
    ]
    if stale:
        JpTotal.objects.filter(pk__in=stale).update(jp=0)
