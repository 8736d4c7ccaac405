"""Public reports (pengaduan, aspirasi, pertanyaan, apresiasi): lifecycle and access rules.

States (public label in brackets, SP4N-LAPOR! wording):
new (Belum terverifikasi) -> verified (Belum ditindaklanjuti) -> dispatched to a unit
(Belum ditindaklanjuti) -> in_progress once the unit responds (Proses) -> closed with a
follow-up text (Selesai). Staff may archive a report that is new, postponed or verified
(spam, duplicates) and re-dispatch a dispatched one that the unit is not responsible for
(bukan wewenang). Staff may postpone (Tunda) a new report that lacks information, with a
reason the reporter sees on the tracking page; the reporter's reply brings it back to new
(the verification queue), and its deadlines move by the working days it waited
(deadlines.py).
While the report is postponed, verified, dispatched or in progress, whoever holds the ticket
code may add information (the latest reply is kept; it is not copied into the audit log).

Identity: only a *named* report stores the reporter's name and contact. Anonymous and
confidential (rahasia) reports store none, so nobody, least of all the handling unit, can
see who sent them; confidential reports are in addition never to be published.
Deadlines (first response, resolution) and escalation: see deadlines.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.models import Tenant
from pamong.core.permissions import has_perm, require
from pamong.org.models import Unit
from pamong.participation import ticket_codes
from pamong.participation.attachments import store_attachments
from pamong.participation.deadlines import (
    add_working_days,
    compute_dues,
    paused_working_days,
    policy_for,
)
from pamong.participation.models import Complaint, ComplaintEscalation
from pamong.participation.public import public_actor
from pamong.participation.services import tenant_today

State = Complaint.State
AUDITED = [
    "state",
    "unit",
    "handling_unit",
    "handling",
    "resolution_due",
    "unit_response",
    "follow_up",
    "staff_note",
    "postpone_reason",
    "first_response_due",
    "paused_days",
]
# The reporter's own text is left out of the audit trail, like the identity.
# What the OPD head of the handling unit may see.
UNIT_VISIBLE_STATES = [State.DISPATCHED, State.IN_PROGRESS, State.CLOSED]


class TransitionError(ValidationError):
    """The action is not allowed in the report's current state."""


def _full_clean(complaint: Complaint, exclude: Sequence[str] = ()) -> None:
    """full_clean plus the TextField limits Django leaves to forms."""
    errors: dict[str, list[str]] = {}
    for field in complaint._meta.get_fields():
        too_long = (
            isinstance(field, models.TextField)
            and field.max_length is not None
            and len(getattr(complaint, field.name) or "") > field.max_length
        )
        if too_long:
            assert isinstance(field, models.TextField)
            errors[field.name] = [_("Maksimum %(n)s karakter.") % {"n": field.max_length}]
    if errors:
        raise ValidationError(errors)
    complaint.full_clean(exclude=exclude)


class TicketCodeTypo(Http404):
    """The typed code is shaped like a ticket code but its check symbol disagrees."""


def new_ticket_code(tenant: Tenant) -> str:
    """A fresh code such as `SOF-7K3M-Q9XD-4HNP` (55 random bits, see ticket_codes)."""
    return ticket_codes.new_code(ticket_codes.tenant_prefix(tenant.slug))


def first_response_due(tenant: Tenant, submitted: dt.date) -> dt.date:
    """The first-response deadline of a report received on `submitted` (policy, calendar)."""
    return add_working_days(tenant, submitted, policy_for(tenant).first_response_days)


def complaint_units(tenant: Tenant) -> QuerySet[Unit]:
    """Units a report can name or be dispatched to: the OPDs (top-level units)."""
    return Unit.objects.filter(tenant=tenant, parent__isnull=True).order_by("name")


@transaction.atomic
def complaint_submit(*, tenant: Tenant, data: dict[str, Any]) -> Complaint:
    """Store a report from the public form; personal data only for a named report."""
    unit = data["unit"]  # None: "Belum tahu", named when verified
    if unit is not None and unit.tenant_id != tenant.pk:
        raise Http404
    named = data["identity"] == Complaint.Identity.NAMED
    complaint = Complaint(
        tenant=tenant,
        code=new_ticket_code(tenant),
        category=data["category"],
        unit=unit,
        officer_name=data.get("officer_name") or "",
        description=data["description"],
        incident_date=data.get("incident_date"),
        place=data.get("place") or "",
        identity=data["identity"],
        reporter_name=(data.get("reporter_name") or "") if named else "",
        reporter_email=(data.get("reporter_email") or "") if named else "",
        reporter_phone=(data.get("reporter_phone") or "") if named else "",
        submitted_at=timezone.now(),
    )
    complaint.first_response_due, complaint.resolution_due = compute_dues(
        tenant, tenant_today(tenant), complaint.category, complaint.handling
    )
    # Not asked of the database again: the tenant and the unit were read in this request
    # (the unit from the tenant's own list, its tenant compared above) and the foreign keys
    # hold anyway; the code's uniqueness is the unique index (55 random bits: a clash is
    # about one in 10**11 even with 100,000 reports, and would fail this one submission).
    _full_clean(complaint, exclude=["tenant", "unit", "code"])
    complaint.save()
    attachments = store_attachments(complaint, data.get("attachments") or [])
    # No personal data in the audit log: category, identity level, number of files.
    audit(
        actor=public_actor(tenant),
        action="participation.complaint.submit",
        obj=complaint,
        data={
            "category": complaint.category,
            "identity": complaint.identity,
            "attachments": attachments,
        },
    )
    return complaint


LEGACY_CODE_LENGTHS = range(16, 41)


def get_complaint_by_code(tenant: Tenant, code: str) -> Complaint:
    """The tenant's report with this code as a person typed it (any case, with or without
    prefix, spaces or dashes, look-alikes read as digits). Codes issued before the short
    format (24 case-sensitive characters) still match exactly as issued, so no citizen's
    code stops working. 404 when unknown; TicketCodeTypo (a 404) when the check symbol
    says the code was mistyped, without asking the database."""
    code = code.strip()
    parsed = ticket_codes.parse(code, ticket_codes.tenant_prefix(tenant.slug))
    if parsed is not None and parsed.typo:
        raise TicketCodeTypo
    if parsed is not None:
        wanted = parsed.canonical
    else:
        wanted = code if len(code) in LEGACY_CODE_LENGTHS else None
    complaint = (
        Complaint.objects.filter(tenant=tenant, code=wanted).select_related("unit").first()
        if wanted
        else None
    )
    if complaint is None:
        raise Http404
    return complaint


def complaints_visible_to(actor: Actor) -> QuerySet[Complaint]:
    if actor.tenant is None:
        return Complaint.objects.none()
    qs = Complaint.objects.filter(tenant=actor.tenant)
    if has_perm(actor, "participation.view"):
        return qs
    if actor.opd_ids:
        dispatched = Q(handling_unit__opd_id__in=actor.opd_ids, state__in=UNIT_VISIBLE_STATES)
        escalated = Q(
            pk__in=ComplaintEscalation.objects.filter(
                tenant=actor.tenant, opd_id__in=actor.opd_ids
            ).values("complaint_id")
        )
        return qs.filter(dispatched | escalated)
    return qs.none()


def get_complaint_for_actor(actor: Actor, pk: int) -> Complaint:
    """404 outside the actor's tenant, 403 for a report the actor may not see."""
    if actor.tenant is None:
        raise Http404
    complaint = (
        Complaint.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("unit", "handling_unit")
        .first()
    )
    if complaint is None:
        raise Http404
    if not complaints_visible_to(actor).filter(pk=pk).exists():
        raise PermissionDenied
    return complaint


def is_handling_unit_head(actor: Actor, complaint: Complaint) -> bool:
    unit = complaint.handling_unit
    return unit is not None and unit.opd_id in actor.opd_ids


def can_respond(actor: Actor, complaint: Complaint) -> bool:
    return has_perm(actor, "participation.manage") or is_handling_unit_head(actor, complaint)


def _transition(
    *,
    actor: Actor,
    complaint: Complaint,
    allowed_from: Sequence[str],
    verb: str,
    changes: dict[str, Any],
) -> Complaint:
    assert actor.tenant is not None
    locked = Complaint.objects.select_for_update().get(tenant=actor.tenant, pk=complaint.pk)
    if locked.state not in allowed_from:
        raise TransitionError(
            _("Tindakan ini tidak bisa dilakukan pada laporan berstatus %(state)s.")
            % {"state": locked.get_state_display()}
        )
    before = snapshot(locked, AUDITED)
    for name, value in changes.items():
        setattr(locked, name, value)
    _full_clean(locked)
    locked.save()
    audit(
        actor=actor,
        action=f"participation.complaint.{verb}",
        obj=locked,
        before=before,
        after=snapshot(locked, AUDITED),
    )
    return locked


@transaction.atomic
def complaint_verify(
    *,
    actor: Actor,
    complaint: Complaint,
    note: str = "",
    handling: str = Complaint.Handling.STANDARD,
    unit: Unit | None = None,
) -> Complaint:
    """Accept the report and set its handling tier (which fixes the resolution deadline).

    A report whose reporter chose "Belum tahu" is routed here: the verifier names the OPD
    (`unit`, one of the tenant's OPDs), and the change is in the audit entry. A report
    that names its OPD keeps it (dispatch sends it elsewhere when needed)."""
    require(actor, "participation.manage")
    assert actor.tenant is not None
    if handling not in Complaint.Handling.values:
        raise ValidationError({"handling": _("Kelas penanganan tidak dikenal.")})
    routing: dict[str, Any] = {}
    if complaint.unit_id is None:
        if unit is None:
            raise ValidationError(
                {"unit": _("Pelapor belum tahu OPD-nya: pilih OPD yang bertanggung jawab.")}
            )
        if not complaint_units(actor.tenant).filter(pk=unit.pk).exists():
            raise Http404
        routing["unit"] = unit
    received = timezone.localtime(complaint.submitted_at, ZoneInfo(actor.tenant.timezone)).date()
    _first, resolution_due = compute_dues(
        actor.tenant, received, complaint.category, handling, complaint.paused_days
    )
    return _transition(
        actor=actor,
        complaint=complaint,
        allowed_from=[State.NEW],
        verb="verify",
        changes={
            "state": State.VERIFIED,
            "verified_at": timezone.now(),
            "staff_note": note,
            "handling": handling,
            "resolution_due": resolution_due,
            **routing,
        },
    )


@transaction.atomic
def complaint_postpone(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    """Tunda: hold a new report until the reporter adds what is missing (reason shown to
    them). Its deadlines stand still until the reply (see complaint_reporter_reply)."""
    require(actor, "participation.manage")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"postpone_reason": _("Alasan penundaan wajib diisi.")})
    return _transition(
        actor=actor,
        complaint=complaint,
        allowed_from=[State.NEW],
        verb="postpone",
        changes={
            "state": State.POSTPONED,
            "postpone_reason": reason,
            "postponed_at": timezone.now(),
        },
    )


@transaction.atomic
def complaint_dispatch(*, actor: Actor, complaint: Complaint, unit: Unit) -> Complaint:
    """Send a verified report to the responsible unit, or forward it to another one."""
    require(actor, "participation.manage")
    if actor.tenant is None or unit.tenant_id != actor.tenant.pk:
        raise Http404
    return _transition(
        actor=actor,
        complaint=complaint,
        allowed_from=[State.VERIFIED, State.DISPATCHED],
        verb="dispatch",
        changes={"state": State.DISPATCHED, "handling_unit": unit, "dispatched_at": timezone.now()},
    )


@transaction.atomic
def complaint_respond(*, actor: Actor, complaint: Complaint, text: str) -> Complaint:
    """The handling unit's answer (shown to the reporter); the report is then in progress."""
    if not can_respond(actor, complaint):
        raise PermissionDenied
    changes: dict[str, Any] = {"state": State.IN_PROGRESS, "unit_response": text}
    if complaint.first_response_at is None:
        changes["first_response_at"] = timezone.now()
    return _transition(
        actor=actor,
        complaint=complaint,
        allowed_from=[State.DISPATCHED, State.IN_PROGRESS],
        verb="respond",
        changes=changes,
    )


@transaction.atomic
def complaint_close(*, actor: Actor, complaint: Complaint, follow_up: str) -> Complaint:
    require(actor, "participation.manage")
    now = timezone.now()
    changes: dict[str, Any] = {"state": State.CLOSED, "follow_up": follow_up, "closed_at": now}
    if complaint.first_response_at is None:
        changes["first_response_at"] = now
    return _transition(
        actor=actor,
        complaint=complaint,
        allowed_from=[State.DISPATCHED, State.IN_PROGRESS],
        verb="close",
        changes=changes,
    )


@transaction.atomic
def complaint_archive(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    require(actor, "participation.manage")
    return _transition(
        actor=actor,
        complaint=complaint,
        allowed_from=[State.NEW, State.POSTPONED, State.VERIFIED],
        verb="archive",
        changes={"state": State.ARCHIVED, "staff_note": reason, "closed_at": timezone.now()},
    )


REPLY_STATES = [State.POSTPONED, State.VERIFIED, State.DISPATCHED, State.IN_PROGRESS]


@transaction.atomic
def complaint_reporter_reply(*, tenant: Tenant, complaint: Complaint, text: str) -> Complaint:
    """The holder of the ticket code adds information while the report is open.

    A postponed report goes back to the verification queue (new), its deadlines later by
    the working days it waited for this reply."""
    now = timezone.now()
    changes: dict[str, Any] = {"reporter_reply": text, "reporter_replied_at": now}
    current = Complaint.objects.select_for_update().get(tenant=tenant, pk=complaint.pk)
    if current.state == State.POSTPONED:
        zone = ZoneInfo(tenant.timezone)
        since = timezone.localtime(current.postponed_at or now, zone).date()
        paused = paused_working_days(tenant, since, timezone.localtime(now, zone).date())
        changes |= {
            "state": State.NEW,
            "paused_days": current.paused_days + paused,
            "first_response_due": add_working_days(tenant, current.first_response_due, paused),
            "resolution_due": (
                add_working_days(tenant, current.resolution_due, paused)
                if current.resolution_due
                else None
            ),
        }
    return _transition(
        actor=public_actor(tenant),
        complaint=current,
        allowed_from=REPLY_STATES,
        verb="reporter_reply",
        changes=changes,
    )


RATINGS = range(1, 6)


@transaction.atomic
def complaint_rate(*, tenant: Tenant, complaint: Complaint, rating: int) -> Complaint:
    """The ticket holder rates the resolution of a closed report, once."""
    if rating not in RATINGS:
        raise ValidationError({"rating": _("Nilai 1 sampai 5.")})
    locked = Complaint.objects.select_for_update().get(tenant=tenant, pk=complaint.pk)
    if locked.state != State.CLOSED or locked.rating is not None:
        raise TransitionError(_("Laporan ini tidak dapat dinilai lagi."))
    locked.rating, locked.rated_at = rating, timezone.now()
    locked.save(update_fields=["rating", "rated_at"])
    audit(
        actor=public_actor(tenant),
        action="participation.complaint.rate",
        obj=locked,
        data={"rating": rating},
    )
    return locked
