"""The one write path for leave requests: submit, consider, decide, cancel.

Each action runs in a transaction, locks the employee row first (so two requests of one
employee are checked and approved one after the other and can never overspend the
balance), and writes an audit entry. Bad input raises InputErrors naming the field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.attendance.calendar import CalendarView, calendar_for
from pamong.attendance.models import Leave, LeaveType
from pamong.core import uploads
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import has_perm
from pamong.org.models import Employee, Unit

from .balances import Balance, _split_by_year, compute_balances
from .besar import besar_problems
from .models import Approver, AttachmentKind, LeaveRequest
from .rules import (
    Rule,
    SickLeave,
    attachment_required,
    early_problems,
    eligibility_problem,
    is_early_pppk,
    length_problem,
    misplaced_problems,
    rule_for,
    service_anniversary,
    sick_problems,
    travel_problems,
)
from .selectors import can_consider, can_decide, is_official_for

AUDIT_FIELDS = ["status", "supervisor_note", "decision_note", "letter_number", "leave"]
DETAIL_FIELDS = [
    "reason_category",
    "hard_to_reach",
    "destination",
    "travel_days",
    "sick_subtype",
    "attachment_kind",
    "tpk_extension",
]
DECISIONS = ("approve", "reject", "defer")
SOURCE = "cuti"


@dataclass(frozen=True)
class RequestDetails:
    """The type-specific parts of a request; each is optional.

    reason_category: why (PPPK cuti tahunan before one year of service); hard_to_reach,
    destination, travel_days: cuti tahunan to a hard-to-reach destination; sick_subtype,
    attachment_kind, tpk_extension: cuti sakit (miscarriage, government doctor's letter,
    extension by the Tim Penguji Kesehatan)."""

    reason_category: str = ""
    hard_to_reach: bool = False
    destination: str = ""
    travel_days: int = 0
    sick_subtype: str = ""
    attachment_kind: str = ""
    tpk_extension: bool = False

    @classmethod
    def of(cls, request: LeaveRequest) -> RequestDetails:
        return cls(**{name: getattr(request, name) for name in DETAIL_FIELDS})


def _checked_upload(upload: UploadedFile | None, column: str) -> UploadedFile | None:
    """Type by signature, size limit, random name (core/uploads.py), as an input error."""
    if upload is None:
        return None
    try:
        return uploads.checked_file(upload)
    except ValidationError as exc:
        raise InputErrors([_error(column, exc.messages[0])]) from exc


def _error(field: str, message: str) -> InputError:
    return InputError(message=message, column=field, source=SOURCE)


def _errors(pairs: list[tuple[str, str]]) -> list[InputError]:
    return [_error(field, message) for field, message in pairs]


def _lock_employee(employee_id: int) -> Employee:
    return (
        Employee.objects.select_for_update(of=("self",)).select_related("opd").get(pk=employee_id)
    )


def _overlap_problem(employee: Employee, start: dt.date, end: dt.date, exclude: int) -> str | None:
    requests = LeaveRequest.objects.filter(
        tenant=employee.tenant_id,
        employee=employee,
        status__in=LeaveRequest.ACTIVE,
        start__lte=end,
        range_end__gte=start,
    ).exclude(pk=exclude)
    other = requests.first()
    if other is not None:
        return _("tumpang tindih dengan %(kind)s %(start)s s.d. %(end)s (%(status)s)") % {
            "kind": other.get_kind_display(),
            "start": other.start,
            "end": other.range_end,
            "status": other.get_status_display(),
        }
    stored_qs = Leave.objects.filter(
        tenant=employee.tenant_id, employee=employee, start__lte=end, end__gte=start
    )
    if exclude:
        stored_qs = stored_qs.exclude(request__pk=exclude)
    stored = stored_qs.first()
    if stored is not None:
        return _("tumpang tindih dengan cuti tercatat %(kind)s %(start)s s.d. %(end)s") % {
            "kind": stored.get_kind_display(),
            "start": stored.start,
            "end": stored.end,
        }
    return None


def _previous_births(employee: Employee) -> int:
    recorded = Leave.objects.filter(
        tenant=employee.tenant_id, employee=employee, kind=LeaveType.MELAHIRKAN
    ).values_list("pk", flat=True)
    open_requests = LeaveRequest.objects.filter(
        tenant=employee.tenant_id,
        employee=employee,
        kind=LeaveType.MELAHIRKAN,
        status__in=LeaveRequest.OPEN,
    ).count()
    return len(recorded) + open_requests


def _balance_problems(
    employee: Employee, cal: CalendarView, start: dt.date, end: dt.date, exclude: int
) -> list[str]:
    """Annual leave: each year the range touches must have enough days left."""
    problems = []
    for year, days in _split_by_year(cal, start, end, range(start.year, end.year + 1)).items():
        balance = compute_balances(
            employee.tenant, year, cal, employee_ids=[employee.pk], exclude_request_id=exclude
        )[employee.pk]
        if days > balance.available:
            # Say what is free and what pending requests hold ("tersedia 0" with 3 days
            # left read as a wrong balance).
            problems.append(
                _(
                    "sisa cuti tahunan %(year)s tidak cukup: diminta %(days)s hari kerja; "
                    "sisa %(left)s hari, %(held)s hari di antaranya tertahan oleh permohonan "
                    "yang belum diputuskan, bebas %(free)s hari"
                )
                % {
                    "year": year,
                    "days": days,
                    "left": max(balance.sisa, 0),
                    "held": balance.pending,
                    "free": max(balance.available, 0),
                }
            )
    return problems


def _early_days_taken(
    employee: Employee, cal: CalendarView, until: dt.date | None, exclude: int
) -> int:
    """Working days of cuti tahunan already asked for or taken before `until`."""
    requests = LeaveRequest.objects.filter(
        tenant=employee.tenant_id,
        employee=employee,
        kind=LeaveType.TAHUNAN,
        status__in=LeaveRequest.ACTIVE,
    ).exclude(pk=exclude)
    recorded = Leave.objects.filter(
        tenant=employee.tenant_id, employee=employee, kind=LeaveType.TAHUNAN, request__isnull=True
    )
    if until is not None:
        requests, recorded = requests.filter(start__lt=until), recorded.filter(start__lt=until)
    taken = sum(requests.values_list("working_days", flat=True))
    for start, end in recorded.values_list("start", "end"):
        taken += len(cal.working_days(start, end))
    return taken


def _sick_spell_start(employee: Employee, start: dt.date, exclude: int) -> dt.date:
    """The first day of the sick leave that runs without a break into `start`."""
    horizon = start - dt.timedelta(days=800)  # longer than any allowed sick leave
    spans = list(
        Leave.objects.filter(
            tenant=employee.tenant_id,
            employee=employee,
            kind=LeaveType.SAKIT,
            start__lt=start,
            end__gte=horizon,
        )
        .exclude(request__pk=exclude)
        .values_list("start", "end")
    )
    spans += LeaveRequest.objects.filter(
        tenant=employee.tenant_id,
        employee=employee,
        kind=LeaveType.SAKIT,
        status__in=LeaveRequest.OPEN,
        start__lt=start,
        end__gte=horizon,
    ).values_list("start", "end")
    first = start
    for span_start, span_end in sorted(spans, key=lambda s: s[1], reverse=True):
        if span_end >= first - dt.timedelta(days=1):
            first = min(first, span_start)
    return first


@dataclass(frozen=True)
class _Files:
    attachment: bool
    tpk_attachment: bool


def _type_problems(
    employee: Employee,
    rule: Rule,
    cal: CalendarView,
    span: tuple[dt.date, dt.date],
    exclude: int,
    details: RequestDetails,
    files: _Files,
) -> list[InputError]:
    """What the new rules say: PPPK early annual leave, travel days, sick leave."""
    start, end = span
    errors = _errors(
        misplaced_problems(
            rule.kind, details.reason_category, details.sick_subtype, details.tpk_extension
        )
        + travel_problems(
            rule.kind,
            details.hard_to_reach,
            details.destination,
            details.travel_days,
            employee.employee_type,
        )
    )
    if rule.kind == LeaveType.BESAR:
        errors += _errors(
            besar_problems(employee, rule, cal, span, details.reason_category, exclude)
        )
    if details.attachment_kind and details.attachment_kind not in AttachmentKind.values:
        errors.append(_error("attachment_kind", _("jenis lampiran tidak dikenal")))
    if rule.kind == LeaveType.TAHUNAN and is_early_pppk(employee, rule, start):
        until = service_anniversary(employee, rule)
        taken = _early_days_taken(employee, cal, until, exclude)
        days = len(cal.working_days(start, end))
        errors += _errors(early_problems(rule, details.reason_category, days, taken, until))
    if rule.kind == LeaveType.SAKIT:
        sick = SickLeave(
            spell_start=_sick_spell_start(employee, start, exclude),
            start=start,
            end=end,
            gender=employee.gender,
            subtype=details.sick_subtype,
            attachment=files.attachment,
            attachment_kind=details.attachment_kind,
            tpk_extension=details.tpk_extension,
            tpk_attachment=files.tpk_attachment,
        )
        errors += _errors(sick_problems(rule, sick))
    return errors


def _check(
    employee: Employee,
    rule: Rule,
    cal: CalendarView,
    span: tuple[dt.date, dt.date],
    exclude: int,
    details: RequestDetails,
    files: _Files,
) -> list[InputError]:
    start, end = span
    errors: list[InputError] = []
    problem = eligibility_problem(
        employee, rule, start, _previous_births(employee), details.reason_category
    )
    if problem:
        errors.append(_error("kind", problem))
    problem = length_problem(rule, start, end)
    if problem:
        errors.append(_error("end", problem))
    errors += _type_problems(employee, rule, cal, span, exclude, details, files)
    travel = details.travel_days if details.hard_to_reach else 0
    problem = _overlap_problem(employee, start, end + dt.timedelta(days=travel), exclude)
    if problem:
        errors.append(_error("start", problem))
    if not errors and rule.kind == LeaveType.TAHUNAN:
        # Only the leave itself counts: travel days do not reduce the balance.
        errors += [_error("end", p) for p in _balance_problems(employee, cal, start, end, exclude)]
    return errors


def _approver_for(employee: Employee, rule: Rule) -> tuple[str, Unit | None]:
    """The OPD head decides unless the rule says BKPSDM, the OPD has no head, or the
    employee heads it (nobody approves their own leave)."""
    opd = employee.opd
    if (
        rule.approver == Approver.OPD_HEAD
        and opd is not None
        and opd.head_id
        not in (
            None,
            employee.pk,
        )
    ):
        return Approver.OPD_HEAD, opd
    return Approver.BKPSDM, None


def _submit_input_errors(kind: str, start: dt.date, end: dt.date, reason: str) -> None:
    errors: list[InputError] = []
    if kind not in LeaveType.values:
        errors.append(_error("kind", _("jenis cuti tidak dikenal")))
    if end < start:
        errors.append(_error("end", _("tanggal selesai sebelum tanggal mulai")))
    if not reason.strip():
        errors.append(_error("reason", _("alasan wajib diisi")))
    if errors:
        raise InputErrors(errors)


@transaction.atomic
def request_submit(
    *,
    actor: Actor,
    employee: Employee,
    kind: str,
    start: dt.date,
    end: dt.date,
    reason: str,
    address: str = "",
    attachment: UploadedFile | None = None,
    details: RequestDetails | None = None,
    tpk_attachment: UploadedFile | None = None,
) -> LeaveRequest:
    if actor.tenant is None or employee.tenant_id != actor.tenant.pk:
        raise PermissionDenied
    if employee.pk != actor.employee_id and not has_perm(actor, "leave.manage"):
        raise PermissionDenied
    details = details or RequestDetails()
    _submit_input_errors(kind, start, end, reason)
    attachment = _checked_upload(attachment, "attachment")
    tpk_attachment = _checked_upload(tpk_attachment, "tpk_attachment")
    employee = _lock_employee(employee.pk)
    cal = calendar_for(actor.tenant)
    rule = rule_for(actor.tenant, kind, employee.opd_id)
    working = len(cal.working_days(start, end))
    if working == 0:
        raise InputErrors([_error("end", _("rentang tanggal tidak memuat satu pun hari kerja"))])
    files = _Files(attachment is not None, tpk_attachment is not None)
    errors = _check(employee, rule, cal, (start, end), 0, details, files)
    attachment_named = any(e.column == "attachment" for e in errors)
    if attachment is None and not attachment_named and attachment_required(rule, working):
        errors.append(
            _error(
                "attachment",
                _("lampiran wajib untuk %(kind)s %(days)s hari kerja: %(what)s")
                % {"kind": LeaveType(kind).label, "days": working, "what": rule.attachment_label},
            )
        )
    if errors:
        raise InputErrors(errors)
    request = _new_request(actor, employee, rule, (start, end), working, details)
    request.reason, request.address = reason.strip(), address.strip()
    if attachment is not None:
        request.attachment = attachment
    if tpk_attachment is not None:
        request.tpk_attachment = tpk_attachment
    request.save()
    audit(
        actor=actor,
        action="leave.request.submitted",
        obj=request,
        after=snapshot(request, AUDIT_FIELDS),
        data={
            "kind": kind,
            "start": start,
            "end": end,
            "range_end": request.range_end,
            "working_days": working,
            **{k: v for k, v in snapshot(request, DETAIL_FIELDS).items() if v},
        },
    )
    return request


def _new_request(
    actor: Actor,
    employee: Employee,
    rule: Rule,
    span: tuple[dt.date, dt.date],
    working: int,
    details: RequestDetails,
) -> LeaveRequest:
    start, end = span
    approver, approver_opd = _approver_for(employee, rule)
    supervisor_id = employee.supervisor_id if employee.supervisor_id != employee.pk else None
    travel = details.travel_days if details.hard_to_reach else 0
    return LeaveRequest(
        tenant=actor.tenant,
        employee=employee,
        kind=rule.kind,
        start=start,
        end=end,
        range_end=end + dt.timedelta(days=travel),
        working_days=working,
        reason_category=details.reason_category,
        hard_to_reach=details.hard_to_reach,
        destination=details.destination.strip() if details.hard_to_reach else "",
        travel_days=travel,
        sick_subtype=details.sick_subtype,
        attachment_kind=details.attachment_kind,
        tpk_extension=details.tpk_extension,
        supervisor_id=supervisor_id,
        approver=approver,
        approver_opd=approver_opd,
        # Without a supervisor the request goes straight to the official.
        status=LeaveRequest.Status.SUBMITTED if supervisor_id else LeaveRequest.Status.CONSIDERED,
    )


def _locked(request: LeaveRequest) -> LeaveRequest:
    """Lock the employee, then re-read the request: decisions on one employee serialize."""
    _lock_employee(request.employee_id)
    return (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("employee")
        .get(pk=request.pk)
    )


def _need_note(decision: str, note: str) -> None:
    if decision in ("reject", "defer") and not note.strip():
        raise InputErrors([_error("note", _("alasan wajib diisi untuk menolak atau menangguhkan"))])


def _defer_allowed(request: LeaveRequest) -> None:
    if request.kind != LeaveType.TAHUNAN:
        raise InputErrors([_error("decision", _("penangguhan hanya berlaku untuk cuti tahunan"))])


@transaction.atomic
def request_consider(
    *, actor: Actor, request: LeaveRequest, decision: str, note: str = ""
) -> LeaveRequest:
    """The direct supervisor's consideration (pertimbangan atasan langsung)."""
    if decision not in DECISIONS:
        raise InputErrors([_error("decision", _("keputusan tidak dikenal"))])
    request = _locked(request)
    if not can_consider(actor, request):
        raise PermissionDenied
    _need_note(decision, note)
    if decision == "defer":
        _defer_allowed(request)
    before = snapshot(request, AUDIT_FIELDS)
    request.status = {
        "approve": LeaveRequest.Status.CONSIDERED,
        "reject": LeaveRequest.Status.REJECTED,
        "defer": LeaveRequest.Status.DEFERRED,
    }[decision]
    request.supervisor_note = note.strip()
    request.considered_at = timezone.now()
    request.considered_by = actor.user
    request.save()
    audit(
        actor=actor,
        action=f"leave.request.considered.{decision}",
        obj=request,
        before=before,
        after=snapshot(request, AUDIT_FIELDS),
    )
    return request


def _official(actor: Actor) -> tuple[str, str, str]:
    if actor.employee_id is not None:
        person = Employee.objects.select_related("position").get(pk=actor.employee_id)
        return person.name, person.nip, person.position.name
    user = actor.user
    name = (user.get_full_name() or user.get_username()) if user is not None else actor.label
    return name, "", _("Pejabat yang berwenang")


@transaction.atomic
def request_decide(
    *,
    actor: Actor,
    request: LeaveRequest,
    decision: str,
    note: str = "",
    letter_number: str = "",
) -> LeaveRequest:
    """The authorised official's decision; approval writes the attendance Leave row."""
    if decision not in DECISIONS:
        raise InputErrors([_error("decision", _("keputusan tidak dikenal"))])
    request = _locked(request)
    if not can_decide(actor, request):
        raise PermissionDenied
    assert actor.tenant is not None
    _need_note(decision, note)
    before = snapshot(request, AUDIT_FIELDS)
    if decision == "approve":
        cal = calendar_for(actor.tenant)
        rule = rule_for(actor.tenant, request.kind, request.employee.opd_id)
        files = _Files(bool(request.attachment), bool(request.tpk_attachment))
        span = (request.start, request.end)
        details = RequestDetails.of(request)
        errors = _check(request.employee, rule, cal, span, request.pk, details, files)
        if errors:
            raise InputErrors(errors)
        request.letter_number = letter_number.strip()[:100] or (
            f"{request.pk}/CUTI/{request.start.year}"
        )
        request.leave = Leave.objects.create(
            tenant=actor.tenant,
            employee=request.employee,
            kind=request.kind,
            start=request.start,
            end=request.range_end,  # travel days included: the employee is away
            letter_number=request.letter_number,
        )
        request.status = LeaveRequest.Status.APPROVED
    elif decision == "defer":
        _defer_allowed(request)
        request.status = LeaveRequest.Status.DEFERRED
    else:
        request.status = LeaveRequest.Status.REJECTED
    request.decision_note = note.strip()
    request.decided_at = timezone.now()
    request.decided_by = actor.user
    request.official_name, request.official_nip, request.official_title = _official(actor)
    request.save()
    audit(
        actor=actor,
        action=f"leave.request.decided.{decision}",
        obj=request,
        before=before,
        after=snapshot(request, AUDIT_FIELDS),
    )
    return request


def can_cancel(actor: Actor, request: LeaveRequest, today: dt.date) -> bool:
    own = request.employee_id == actor.employee_id
    if request.status in LeaveRequest.OPEN:
        return own
    if request.status == LeaveRequest.Status.APPROVED:
        return (own and request.start > today) or is_official_for(actor, request)
    return False


@transaction.atomic
def request_cancel(
    *, actor: Actor, request: LeaveRequest, today: dt.date, note: str = ""
) -> LeaveRequest:
    """Withdraw a request, or revoke an approved one (its attendance Leave row goes)."""
    request = _locked(request)
    if not can_cancel(actor, request, today):
        raise PermissionDenied
    before = snapshot(request, AUDIT_FIELDS)
    leave = request.leave
    request.status = LeaveRequest.Status.CANCELLED
    request.leave = None
    if note.strip():
        request.decision_note = note.strip()
    request.save()
    if leave is not None:
        leave.delete()
    audit(
        actor=actor,
        action="leave.request.cancelled",
        obj=request,
        before=before,
        after=snapshot(request, AUDIT_FIELDS),
    )
    return request


def balance_for(actor: Actor, employee: Employee, year: int) -> Balance:
    """One employee's balance (the caller checked visibility)."""
    assert actor.tenant is not None
    cal = calendar_for(actor.tenant)
    return compute_balances(actor.tenant, year, cal, employee_ids=[employee.pk])[employee.pk]
