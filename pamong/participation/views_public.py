"""The citizen's report pages: the form, the tracking page, replies, rating, files."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.models import Tenant
from pamong.org.models import Unit
from pamong.participation import complaints as svc
from pamong.participation import ticket_codes
from pamong.participation.attachments import attachment_response
from pamong.participation.complaint_forms import (
    UNKNOWN_UNIT,
    ComplaintForm,
    RatingForm,
    ReporterReplyForm,
    unknown_unit_label,
)
from pamong.participation.models import Complaint
from pamong.participation.public import (
    HONEYPOT_FIELD,
    count_failed_lookup,
    count_submission,
    count_ticket_write,
    is_lookup_limited,
    is_rate_limited,
    is_ticket_limited,
    public_view,
)
from pamong.participation.timeline import public_timeline

RATE_BUCKET_LAPOR = "lapor"
State = Complaint.State


@require_http_methods(["GET", "POST"])
@public_view
def lapor(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    units = svc.complaint_units(tenant)
    context: dict[str, Any] = {"tenant": tenant, "honeypot": HONEYPOT_FIELD}
    if request.method == "POST":
        if is_rate_limited(request, RATE_BUCKET_LAPOR):  # the files are not even read
            return _refused(request, context, ComplaintForm(request.POST, units=units))
        form = ComplaintForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            if not count_submission(request, RATE_BUCKET_LAPOR):  # a burst got past the check
                return _refused(request, context, form)
            if form.cleaned_data[HONEYPOT_FIELD]:
                return render(request, "participation/lapor_received.html", context)
            complaint = svc.complaint_submit(tenant=tenant, data=form.cleaned_data)
            return redirect("participation:ticket", tenant_slug=tenant.slug, code=complaint.code)
        context["form"] = form
    else:
        context["form_html"] = empty_form_html(units)
    return render(request, "participation/lapor_form.html", context)


def _refused(request: HttpRequest, context: dict[str, Any], form: ComplaintForm) -> HttpResponse:
    """Too many reports from this address: the form again, with everything typed in it
    (files cannot be kept by a browser and are named in the message), and status 429."""
    form.is_valid()  # the field errors help too when the person tries again later
    context |= {"form": form, "rate_limited": True}
    return render(request, "participation/lapor_form.html", context, status=429)


def empty_form_html(units: QuerySet[Unit]) -> SafeString:
    """The fields of the empty report form. Rendering its widgets (three dozen OPD options,
    radio buttons) is most of the page's time and their HTML only changes with the OPDs and
    the language, so it is kept per process keyed by both (the unit list is read each time,
    so a renamed or new OPD shows at once). The CSRF token is outside, in the page."""
    choices = tuple(units.values_list("pk", "name"))
    return _render_empty_form(translation.get_language(), choices)


@lru_cache(maxsize=128)
def _render_empty_form(language: str | None, choices: tuple[tuple[int, str], ...]) -> SafeString:
    form = ComplaintForm(units=Unit.objects.none())
    field = form.fields["unit"]
    assert isinstance(field, forms.ModelChoiceField)
    field.choices = [("", field.empty_label), (UNKNOWN_UNIT, unknown_unit_label()), *choices]
    return render_to_string(
        "participation/_lapor_fields.html", {"form": form, "honeypot": HONEYPOT_FIELD}
    )


class _LookupLimited(Exception):
    pass


def _ticket(request: HttpRequest, tenant: Tenant, code: str) -> Complaint | None:
    """The report with this code, None if unknown; counts misses per client address."""
    if is_lookup_limited(request):
        raise _LookupLimited
    try:
        return svc.get_complaint_by_code(tenant, code)
    except svc.TicketCodeTypo:
        raise  # caught by the check symbol, no report was looked at: not counted
    except Http404:
        count_failed_lookup(request)
        return None


def _ticket_or_404(request: HttpRequest, tenant: Tenant, code: str) -> Complaint:
    complaint = _ticket(request, tenant, code)
    if complaint is None:
        raise Http404
    return complaint


def _too_many(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return render(request, "participation/rate_limited.html", {"tenant": tenant}, status=429)


def _limited_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, tenant: Tenant, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, tenant, *args, **kwargs)
        except _LookupLimited:
            return _too_many(request, tenant)

    return wrapper


@require_GET
@public_view
@_limited_view
def ticket_lookup(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """A form where the reporter types the ticket code (works without JavaScript)."""
    code = request.GET.get("kode", "").strip()[:60]
    not_found = typo = False
    if code:
        try:
            found = _ticket(request, tenant, code)
        except svc.TicketCodeTypo:
            typo = True
        else:
            if found is None:
                not_found = True
            else:
                return redirect("participation:ticket", tenant_slug=tenant.slug, code=found.code)
    return render(
        request,
        "participation/ticket_lookup.html",
        {
            "tenant": tenant,
            "code": code,
            "not_found": not_found,
            "typo": typo,
            "example": ticket_codes.example_code(tenant.slug),
        },
        status=404 if (not_found or typo) else 200,
    )


def _ticket_page(
    request: HttpRequest,
    tenant: Tenant,
    complaint: Complaint,
    form: ReporterReplyForm,
    status: int,
    rating_form: RatingForm | None = None,
) -> HttpResponse:
    can_rate = complaint.state == State.CLOSED and complaint.rating is None
    context = {
        "tenant": tenant,
        "complaint": complaint,
        "reply_form": form if complaint.state in svc.REPLY_STATES else None,
        "rating_form": (rating_form or RatingForm()) if can_rate else None,
        "attachments": list(complaint.attachments.all()),
        "timeline": public_timeline(complaint),
        "honeypot": HONEYPOT_FIELD,
    }
    response = render(request, "participation/ticket.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@public_view
@_limited_view
def ticket(request: HttpRequest, tenant: Tenant, code: str) -> HttpResponse:
    complaint = _ticket_or_404(request, tenant, code)
    if complaint.code != code:  # typed in lower case, without dashes...: the one address
        return redirect("participation:ticket", tenant_slug=tenant.slug, code=complaint.code)
    return _ticket_page(request, tenant, complaint, ReporterReplyForm(), 200)


@require_GET
@public_view
@_limited_view
def ticket_attachment(request: HttpRequest, tenant: Tenant, code: str, pk: int) -> HttpResponse:
    complaint = _ticket_or_404(request, tenant, code)
    attachment = complaint.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment_response(attachment)


def _write_limited(request: HttpRequest, complaint: Complaint) -> bool:
    return is_rate_limited(request, RATE_BUCKET_LAPOR) or is_ticket_limited(complaint.code)


def _count_write(request: HttpRequest, complaint: Complaint) -> None:
    count_submission(request, RATE_BUCKET_LAPOR)
    count_ticket_write(complaint.code)


@require_POST
@public_view
@_limited_view
def ticket_rate(request: HttpRequest, tenant: Tenant, code: str) -> HttpResponse:
    complaint = _ticket_or_404(request, tenant, code)
    if _write_limited(request, complaint):
        return _too_many(request, tenant)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _ticket_page(request, tenant, complaint, ReporterReplyForm(), 200, form)
    _count_write(request, complaint)
    if not form.cleaned_data[HONEYPOT_FIELD]:
        try:
            svc.complaint_rate(
                tenant=tenant, complaint=complaint, rating=form.cleaned_data["rating"]
            )
        except svc.TransitionError:
            return _ticket_page(request, tenant, complaint, ReporterReplyForm(), 409)
    return redirect("participation:ticket", tenant_slug=tenant.slug, code=complaint.code)


@require_POST
@public_view
@_limited_view
def ticket_reply(request: HttpRequest, tenant: Tenant, code: str) -> HttpResponse:
    complaint = _ticket_or_404(request, tenant, code)
    if _write_limited(request, complaint):
        return _too_many(request, tenant)
    form = ReporterReplyForm(request.POST)
    if not form.is_valid():
        return _ticket_page(request, tenant, complaint, form, 200)
    _count_write(request, complaint)
    if not form.cleaned_data[HONEYPOT_FIELD]:
        try:
            svc.complaint_reporter_reply(
                tenant=tenant, complaint=complaint, text=form.cleaned_data["text"]
            )
        except svc.TransitionError:
            return _ticket_page(request, tenant, complaint, form, 409)
    return redirect("participation:ticket", tenant_slug=tenant.slug, code=complaint.code)
