"""SKM pages: the public questionnaire (no login) and the IKM report for staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from pamong.core.actor import Actor
from pamong.core.models import Tenant
from pamong.core.pdf import pdf_response
from pamong.core.permissions import has_perm
from pamong.org.models import Unit
from pamong.participation.complaint_forms import UnitChoiceField
from pamong.participation.public import (
    HONEYPOT_FIELD,
    count_submission,
    is_rate_limited,
    public_view,
)
from pamong.participation.services import (
    get_skm_service,
    get_skm_service_for_actor,
    skm_demographics,
    skm_response_submit,
    skm_service_save,
    skm_services,
    tenant_today,
)
from pamong.participation.skm import report_bytes, skm_report
from pamong.participation.skm_forms import PEKERJAAN, SEX_LABELS, SkmForm
from pamong.participation.skm_pdf import poster_pdf, report_pdf

RATE_BUCKET_SKM = "skm"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def staff_actor(request: HttpRequest, perm: str) -> Actor:
    """The logged-in actor of a tenant holding `perm` (else 403)."""
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None or actor.tenant is None or not has_perm(actor, perm):
        raise PermissionDenied
    return actor


@require_GET
@public_view
def skm_service_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return render(
        request,
        "participation/skm_services.html",
        {"tenant": tenant, "services": list(skm_services(tenant))},
    )


@require_http_methods(["GET", "POST"])
@public_view
def skm_form(request: HttpRequest, tenant: Tenant, service_id: int) -> HttpResponse:
    service = get_skm_service(tenant, service_id)
    context = {"tenant": tenant, "service": service, "honeypot": HONEYPOT_FIELD}
    if request.method == "POST":
        form = SkmForm(request.POST)
        if is_rate_limited(request, RATE_BUCKET_SKM):
            return _refused(request, context, form)
        if form.is_valid():
            if not count_submission(request, RATE_BUCKET_SKM):  # a burst got past the check
                return _refused(request, context, form)
            # A filled honeypot looks like success to the bot but stores nothing.
            if not form.cleaned_data[HONEYPOT_FIELD]:
                skm_response_submit(tenant=tenant, service=service, answers=form.cleaned_data)
            return redirect(
                "participation:skm-thanks", tenant_slug=tenant.slug, service_id=service.pk
            )
    else:
        form = SkmForm()
    context["form"] = form
    return render(request, "participation/skm_form.html", context)


def _refused(request: HttpRequest, context: dict[str, Any], form: SkmForm) -> HttpResponse:
    """Too many answers from this address: the form again with every answer kept, 429."""
    form.is_valid()
    context |= {"form": form, "rate_limited": True}
    return render(request, "participation/skm_form.html", context, status=429)


@require_GET
@public_view
def skm_thanks(request: HttpRequest, tenant: Tenant, service_id: int) -> HttpResponse:
    service = get_skm_service(tenant, service_id)
    return render(request, "participation/skm_thanks.html", {"tenant": tenant, "service": service})


# <input type="date"> only accepts ISO values, whatever the active locale formats dates as.
ISO_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PeriodForm(forms.Form):
    dari = forms.DateField(label=_("Dari tanggal"), widget=ISO_DATE)
    sampai = forms.DateField(label=_("Sampai tanggal"), widget=ISO_DATE)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("dari"), data.get("sampai")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return data


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """IKM per unit and service for a date range (participation.view)."""
    actor: Actor | None = getattr(request, "actor", None)
    if actor is not None and actor.opd_ids and not has_perm(actor, "participation.view"):
        # An OPD head handles the reports sent to the OPD but sees no tenant-wide IKM.
        return redirect("participation:complaints")
    actor = staff_actor(request, "participation.view")
    assert actor.tenant is not None
    today = tenant_today(actor.tenant)
    initial = {"dari": today.replace(month=1, day=1), "sampai": today}
    form = PeriodForm(request.GET if "dari" in request.GET else initial)
    rows = []
    demographics = {}
    if form.is_valid():
        period = {"date_from": form.cleaned_data["dari"], "date_to": form.cleaned_data["sampai"]}
        rows = skm_report(actor=actor, **period)
        demographics = skm_demographics(actor=actor, **period)
        # Stored values as the words of the survey form (L -> Laki-laki, in English too).
        for key, words in (("jenis_kelamin", SEX_LABELS), ("pekerjaan", dict(PEKERJAAN))):
            demographics[key] = [(str(words.get(v, v)), n) for v, n in demographics[key]]
    return render(
        request,
        "participation/index.html",
        {
            "form": form,
            "rows": rows,
            "demographics": demographics,
            "services": list(skm_services(actor.tenant)),
            "tenant": actor.tenant,
            "can_manage": has_perm(actor, "participation.manage"),
        },
    )


class ServiceForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit layanan"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("Nama layanan"), max_length=200)
    yearly_users = forms.IntegerField(
        label=_("Jumlah pengguna per tahun"),
        required=False,
        min_value=0,
        help_text=_("Untuk menghitung sampel minimum (Krejcie dan Morgan)."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def service_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create (pk None) or change a surveyed service (participation.manage)."""
    actor = staff_actor(request, "participation.view")
    assert actor.tenant is not None
    service = None if pk is None else get_skm_service_for_actor(actor, pk, write=True)
    if service is None and not has_perm(actor, "participation.manage"):
        raise PermissionDenied
    initial = {}
    if service is not None:
        initial = {"unit": service.unit, "name": service.name, "yearly_users": service.yearly_users}
    form = ServiceForm(request.POST if request.method == "POST" else None, initial=initial)
    unit_field = form.fields["unit"]
    assert isinstance(unit_field, forms.ModelChoiceField)
    unit_field.queryset = Unit.objects.filter(tenant=actor.tenant).order_by("path")
    if request.method == "POST" and form.is_valid():
        try:
            skm_service_save(
                actor=actor,
                service=service,
                unit=form.cleaned_data["unit"],
                name=form.cleaned_data["name"],
                yearly_users=form.cleaned_data["yearly_users"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("participation:index")
    return render(request, "participation/service_form.html", {"form": form, "service": service})


@require_GET
@login_required
def report_download(request: HttpRequest) -> HttpResponse:
    """The `pamong skm report` file for the chosen range, as CSV or XLSX."""
    actor = staff_actor(request, "participation.view")
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(str(e) for e in form.errors.values()))
    start, end = form.cleaned_data["dari"], form.cleaned_data["sampai"]
    fmt = request.GET.get("format", "csv")
    fmt = fmt if fmt in ("xlsx", "pdf") else "csv"
    rows = skm_report(actor=actor, date_from=start, date_to=end)
    if fmt == "pdf":
        assert actor.tenant is not None
        content = report_pdf(rows, actor.tenant.name, start, end)
    else:
        content = report_bytes(rows, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"ikm-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def service_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable QR-code poster of a service, for its service counter."""
    actor = staff_actor(request, "participation.view")
    service = get_skm_service_for_actor(actor, pk)
    assert actor.tenant is not None
    url = request.build_absolute_uri(
        reverse("participation:skm-form", args=[actor.tenant.slug, service.pk])
    )
    return pdf_response(poster_pdf(service, url, actor.tenant.name), f"poster-skm-{service.pk}.pdf")
