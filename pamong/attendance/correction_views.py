"""Correction pages: list, request, detail with decision, cancel, evidence download."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.bulk import missing_results, run_each, selected_ids
from pamong.core.confirm import irreversible, require_confirmed
from pamong.core.errors import InputErrors
from pamong.core.web import actor_of, bulk_results, tenant_view

from .corrections import (
    can_decide,
    cancel_correction,
    corrections_visible_to,
    decide_correction,
    get_correction_for_actor,
    pending_for,
    request_correction,
)
from .forms import CorrectionForm, DecisionForm, add_input_errors
from .models import CorrectionStatus

PAGE_SIZE = 50


@require_GET
@tenant_view()
def correction_list(request: HttpRequest) -> HttpResponse:
    """My requests, the ones waiting for my decision, and (view_all) everybody's."""
    actor = actor_of(request)
    status = request.GET.get("status", "")
    qs = corrections_visible_to(actor).select_related("employee", "employee__unit")
    if status in CorrectionStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-day", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    to_decide = list(
        pending_for(actor).select_related("employee").order_by("day", "pk")[:PAGE_SIZE]
    )
    return render(
        request,
        "attendance/corrections.html",
        {
            "page_obj": page,
            "to_decide": to_decide,
            "status": status,
            "statuses": CorrectionStatus.choices,
            "can_request": actor.employee_id is not None,
        },
    )


@require_http_methods(["GET", "POST"])
@tenant_view()
def correction_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor.employee_id is None:
        raise PermissionDenied
    if request.method == "POST":
        form = CorrectionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                correction = request_correction(
                    actor=actor,
                    day=data["day"],
                    check_in=data["check_in"],
                    check_out=data["check_out"],
                    reason=data["reason"],
                    evidence=data["evidence"],
                )
            except InputErrors as exc:
                add_input_errors(form, exc, CorrectionForm.error_fields)
            else:
                messages.success(request, _("Koreksi presensi diajukan ke atasan."))
                return redirect("attendance:correction", pk=correction.pk)
        status = 400
    else:
        form = CorrectionForm(initial={"day": request.GET.get("date")})
        status = 200
    return render(request, "attendance/correction_new.html", {"form": form}, status=status)


@require_GET
@tenant_view()
def correction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    correction = get_correction_for_actor(actor, pk)
    pending = correction.status == CorrectionStatus.PENDING
    return render(
        request,
        "attendance/correction.html",
        {
            "correction": correction,
            "tz": actor.tenant.timezone if actor.tenant else "",
            "can_decide": pending and can_decide(actor, correction.employee),
            "can_cancel": pending and correction.employee_id == actor.employee_id,
            "form": DecisionForm(),
        },
    )


@require_POST
@tenant_view()
@irreversible
def correction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    correction = get_correction_for_actor(actor, pk)
    require_confirmed(request)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Keputusan tidak sah."))
        return redirect("attendance:correction", pk=pk)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        decide_correction(
            actor=actor, correction=correction, approve=approve, note=form.cleaned_data["note"]
        )
    except InputErrors as exc:
        for error in exc.errors:
            messages.error(request, error.message)
    else:
        messages.success(request, _("Koreksi disetujui.") if approve else _("Koreksi ditolak."))
    return redirect("attendance:correction", pk=pk)


@require_POST
@tenant_view()
def correction_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    correction = get_correction_for_actor(actor, pk)
    try:
        cancel_correction(actor=actor, correction=correction)
    except InputErrors as exc:
        for error in exc.errors:
            messages.error(request, error.message)
    else:
        messages.success(request, _("Pengajuan koreksi dibatalkan."))
    return redirect("attendance:correction", pk=pk)


@require_GET
@tenant_view()
def correction_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence file, only for those who may see the correction (never a public URL)."""
    correction = get_correction_for_actor(actor_of(request), pk)
    if not correction.evidence:
        raise Http404
    with correction.evidence.open("rb") as handle:  # at most EVIDENCE_MAX_BYTES
        content = handle.read()
    name = correction.evidence_name or (correction.evidence.name or "").rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@tenant_view()
@irreversible
def correction_approve_bulk(request: HttpRequest) -> HttpResponse:
    """Approve the checked corrections waiting for the actor; a result per item."""
    actor = actor_of(request)
    require_confirmed(request)
    wanted = selected_ids(request.POST.getlist("ids"))
    items = list(pending_for(actor).filter(pk__in=wanted).select_related("employee"))
    results = run_each(
        items,
        lambda c: f"{c.employee.name} {c.day:%Y-%m-%d}",
        lambda c: decide_correction(actor=actor, correction=c, approve=True),
        _("disetujui"),
    ) + missing_results(wanted, (c.pk for c in items))
    return bulk_results(
        request, _("Persetujuan koreksi presensi"), results, reverse("attendance:corrections")
    )
