"""Public reports that count in an officer's evaluation (issue: "linked to performance").

Verifying staff (participation.manage) record a substantiated complaint about a named
officer, or a compliment, as an OfficerFeedback for that employee, with a summary they
write themselves: the reporter's identity and words are never copied, whatever the
report's identity level. The officer's supervisor reads the entries on the SKP evaluation
page (templatetags/participation_tags.py); nobody else but participation staff sees them.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.permissions import has_perm, require
from pamong.org.models import Employee
from pamong.participation.models import Complaint, OfficerFeedback

State = Complaint.State
# A complaint counts once the handling unit has looked into it; a compliment once verified.
FEEDBACK_STATES = {
    Complaint.Category.PENGADUAN: [State.IN_PROGRESS, State.CLOSED],
    Complaint.Category.APRESIASI: [
        State.VERIFIED,
        State.DISPATCHED,
        State.IN_PROGRESS,
        State.CLOSED,
    ],
}


def can_record(complaint: Complaint) -> bool:
    return complaint.state in FEEDBACK_STATES.get(Complaint.Category(complaint.category), [])


@transaction.atomic
def officer_feedback_record(
    *, actor: Actor, complaint: Complaint, nip: str, summary: str
) -> OfficerFeedback:
    require(actor, "participation.manage")
    assert actor.tenant is not None
    if complaint.tenant_id != actor.tenant.pk:
        raise Http404
    employee = Employee.objects.filter(tenant=actor.tenant, nip=nip.strip()).first()
    if employee is None:
        raise ValidationError({"nip": _("Pegawai dengan NIP ini tidak ditemukan.")})
    locked = Complaint.objects.select_for_update().get(tenant=actor.tenant, pk=complaint.pk)
    if not can_record(locked):
        raise ValidationError(
            _("Hanya pengaduan yang sudah ditindaklanjuti atau apresiasi yang dapat dicatat.")
        )
    if OfficerFeedback.objects.filter(tenant=actor.tenant, complaint=locked).exists():
        raise ValidationError(_("Laporan ini sudah dicatat ke kinerja pegawai."))
    kind = (
        OfficerFeedback.Kind.COMPLIMENT
        if locked.category == Complaint.Category.APRESIASI
        else OfficerFeedback.Kind.COMPLAINT
    )
    received = timezone.localtime(locked.submitted_at, ZoneInfo(actor.tenant.timezone)).date()
    feedback = OfficerFeedback(
        tenant=actor.tenant,
        employee=employee,
        complaint=locked,
        kind=kind,
        summary=summary.strip(),
        date=locked.incident_date or received,
    )
    feedback.full_clean(validate_constraints=False)
    feedback.save()
    audit(
        actor=actor,
        action="participation.officer_feedback.record",
        obj=feedback,
        data={"complaint": locked.pk, "employee": employee.pk, "kind": kind.value},
    )
    return feedback


def feedback_for_evaluator(
    actor: Actor, employee: Employee, since: dt.date | None = None
) -> QuerySet[OfficerFeedback]:
    """The entries about `employee` the actor may read: the supervisor, or participation staff."""
    if actor.tenant is None or employee.tenant_id != actor.tenant.pk:
        return OfficerFeedback.objects.none()
    allowed = (
        actor.employee_id is not None and employee.supervisor_id == actor.employee_id
    ) or has_perm(actor, "participation.view")
    if not allowed:
        return OfficerFeedback.objects.none()
    qs = OfficerFeedback.objects.filter(tenant=actor.tenant, employee=employee)
    if since is not None:
        qs = qs.filter(date__gte=since)
    return qs
