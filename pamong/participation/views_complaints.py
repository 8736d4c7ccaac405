"""Report pages of the staff and the handling unit (the public ones: views_public.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.actor import Actor
from pamong.core.confirm import irreversible, require_confirmed
from pamong.core.permissions import has_perm
from pamong.participation import complaints as svc
from pamong.participation import deadlines
from pamong.participation.attachments import attachment_response
from pamong.participation.complaint_forms import (
    CloseForm,
    DeadlinePolicyForm,
    DispatchForm,
    OfficerFeedbackForm,
    PostponeForm,
    ReasonForm,
    ResponseForm,
    VerifyForm,
)
from pamong.participation.feedback import can_record, officer_feedback_record
from pamong.participation.models import Complaint
from pamong.participation.services import tenant_today

PAGE_SIZE = 50
State = Complaint.State


def _actor(request: HttpRequest) -> Actor:
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None or actor.tenant is None:
        raise PermissionDenied
    return actor


@require_GET
@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not (has_perm(actor, "participation.view") or actor.opd_ids):
        raise PermissionDenied
    assert actor.tenant is not None
    qs = svc.complaints_visible_to(actor).select_related("unit", "handling_unit")
    escalations = deadlines.escalations_for(actor)
    qs = qs.annotate(escalated=Exists(escalations.filter(complaint_id=OuterRef("pk"))))
    state = request.GET.get("status", "")
    if state in Complaint.State.values:
        qs = qs.filter(state=state)
    only_escalated = request.GET.get("eskalasi") == "1"
    if only_escalated:
        qs = qs.filter(escalated=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = tenant_today(actor.tenant)
    rows = [(c, deadlines.is_overdue(c, today)) for c in page.object_list]
    with timezone.override(ZoneInfo(actor.tenant.timezone)):
        return render(
            request,
            "participation/complaint_list.html",
            {
                "page": page,
                "rows": rows,
                "states": Complaint.State.choices,
                "state": state,
                "only_escalated": only_escalated,
                "can_manage": has_perm(actor, "participation.manage"),
            },
        )


def _action_forms(actor: Actor, complaint: Complaint) -> dict[str, forms.Form]:
    """The action forms this actor may use on the report in its current state.

    Each gets its own id prefix: several share a field name ("text", "note") on one page.
    """
    manage = has_perm(actor, "participation.manage")
    assert actor.tenant is not None
    found: dict[str, forms.Form] = {}
    if manage and complaint.state == State.NEW:
        found["verify"] = VerifyForm(
            auto_id="id_verify_%s",
            units=svc.complaint_units(actor.tenant),
            needs_unit=complaint.unit_id is None,
        )
        found["postpone"] = PostponeForm(auto_id="id_postpone_%s")
    if manage and complaint.state in (State.NEW, State.POSTPONED, State.VERIFIED):
        found["archive"] = ReasonForm(auto_id="id_archive_%s")
    if manage and complaint.state in (State.VERIFIED, State.DISPATCHED):
        found["dispatch"] = DispatchForm(
            auto_id="id_dispatch_%s",
            units=svc.complaint_units(actor.tenant),
            initial={"unit": complaint.handling_unit_id or complaint.unit_id},
        )
    if svc.can_respond(actor, complaint) and complaint.state in (
        State.DISPATCHED,
        State.IN_PROGRESS,
    ):
        found["respond"] = ResponseForm(
            auto_id="id_respond_%s", initial={"text": complaint.unit_response}
        )
    if manage and complaint.state in (State.DISPATCHED, State.IN_PROGRESS):
        found["close"] = CloseForm(auto_id="id_close_%s")
    if manage and can_record(complaint) and not complaint.feedback.exists():
        found["feedback"] = OfficerFeedbackForm(auto_id="id_feedback_%s")
    return found


def _action_texts() -> dict[str, tuple[str, str]]:
    """Each action's button says what it does; closing and archiving ask first."""
    return {
        "verify": (_("Verifikasi laporan"), ""),
        "postpone": (_("Tunda dan minta kelengkapan"), ""),
        "dispatch": (_("Teruskan ke unit"), ""),
        "respond": (_("Kirim tanggapan unit"), ""),
        "close": (
            _("Tutup laporan"),
            _("Tutup laporan ini? Pelapor diberi tahu dan laporan tidak dapat dibuka lagi."),
        ),
        "feedback": (_("Catat ke kinerja pegawai"), ""),
        "archive": (
            _("Arsipkan laporan"),
            _("Arsipkan laporan ini tanpa tindak lanjut? Langkah ini tidak dapat dibatalkan."),
        ),
    }


@require_GET
@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    complaint = svc.get_complaint_for_actor(actor, pk)
    assert actor.tenant is not None
    with timezone.override(ZoneInfo(actor.tenant.timezone)):
        return render(
            request,
            "participation/complaint_detail.html",
            {
                "complaint": complaint,
                "actions": [
                    (name, form, *_action_texts()[name])
                    for name, form in _action_forms(actor, complaint).items()
                ],
                "overdue": deadlines.is_overdue(complaint, tenant_today(actor.tenant)),
                # PDP: contact details only for the verifying staff.
                "show_contact": complaint.shows_identity
                and has_perm(actor, "participation.manage"),
                "escalations": list(complaint.escalations.select_related("opd")),
                "attachments": list(complaint.attachments.all()),
            },
        )


Handler = Callable[[Actor, Complaint, dict[str, Any]], Complaint]


def _act(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    handler: Handler,
    done: Callable[[dict[str, Any]], str],
    confirm: bool = False,
) -> HttpResponse:
    actor = _actor(request)
    complaint = svc.get_complaint_for_actor(actor, pk)
    if confirm:
        require_confirmed(request)
    assert actor.tenant is not None
    kwargs: dict[str, Any] = {}
    if form_class in (DispatchForm, VerifyForm):
        kwargs["units"] = svc.complaint_units(actor.tenant)
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        try:
            handler(actor, complaint, form.cleaned_data)
        except ValidationError as exc:  # TransitionError and service-level checks
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done(form.cleaned_data))
    return redirect("participation:complaint", pk=complaint.pk)


@require_POST
@login_required
def complaint_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        VerifyForm,
        lambda a, c, d: svc.complaint_verify(
            actor=a,
            complaint=c,
            note=d["note"],
            handling=d["handling"] or "standard",
            unit=d.get("unit"),
        ),
        lambda d: _("Laporan diverifikasi. Langkah berikutnya: teruskan ke unit yang menangani."),
    )


@require_POST
@login_required
def complaint_postpone(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        PostponeForm,
        lambda a, c, d: svc.complaint_postpone(actor=a, complaint=c, reason=d["reason"]),
        lambda d: _("Laporan ditunda; pelapor diminta melengkapi keterangan."),
    )


@require_POST
@login_required
def complaint_dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        DispatchForm,
        lambda a, c, d: svc.complaint_dispatch(actor=a, complaint=c, unit=d["unit"]),
        lambda d: _("Laporan diteruskan ke %(unit)s.") % {"unit": d["unit"].name},
    )


@require_POST
@login_required
def complaint_respond(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ResponseForm,
        lambda a, c, d: svc.complaint_respond(actor=a, complaint=c, text=d["text"]),
        lambda d: _("Tanggapan unit disimpan."),
    )


@require_POST
@login_required
@irreversible
def complaint_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        CloseForm,
        lambda a, c, d: svc.complaint_close(actor=a, complaint=c, follow_up=d["text"]),
        lambda d: _("Laporan ditutup; pelapor diberi tahu tindak lanjutnya."),
        confirm=True,
    )


@require_POST
@login_required
def complaint_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        OfficerFeedbackForm,
        lambda a, c, d: (
            officer_feedback_record(
                actor=a, complaint=c, nip=d["nip"], summary=d["summary"]
            ).complaint
        ),
        lambda d: _("Dicatat ke kinerja pegawai %(nip)s.") % {"nip": d["nip"]},
    )


@require_POST
@login_required
@irreversible
def complaint_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ReasonForm,
        lambda a, c, d: svc.complaint_archive(actor=a, complaint=c, reason=d["note"]),
        lambda d: _("Laporan diarsipkan."),
        confirm=True,
    )


@require_http_methods(["GET", "POST"])
@login_required
def deadline_policy(request: HttpRequest) -> HttpResponse:
    """The tenant's handling deadlines in working days (participation.manage)."""
    actor = _actor(request)
    if not has_perm(actor, "participation.manage"):
        raise PermissionDenied
    assert actor.tenant is not None
    policy = deadlines.policy_for(actor.tenant)
    initial = {name: getattr(policy, name) for name in deadlines.POLICY_FIELDS}
    form = DeadlinePolicyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        deadlines.policy_save(actor=actor, values=form.cleaned_data)
        messages.success(request, _("Tenggat penanganan disimpan."))
        return redirect("participation:deadline-policy")
    return render(request, "participation/deadline_policy.html", {"form": form})


@require_GET
@login_required
def complaint_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Served only to those who may see the report (404 other tenant, 403 not allowed)."""
    complaint = svc.get_complaint_for_actor(_actor(request), pk)
    attachment = complaint.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return attachment_response(attachment)
