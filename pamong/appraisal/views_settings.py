"""The tenant's SKP settings (BKPSDM): e-mail reminders on or off; a user's own opt-out."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from pamong.appraisal import digest
from pamong.appraisal.models import ReminderDigest
from pamong.appraisal.reminders import (
    annual_rating_deadline,
    rating_deadline,
    skp_deadline,
)
from pamong.appraisal.services import tenant_today
from pamong.core.web import actor_of, tenant_view
from pamong.org.models import Employee
from pamong.org.selectors import sekda_of
from pamong.org.services import sekda_set


class AppraisalSettingsForm(forms.Form):
    email_reminders = forms.BooleanField(
        label=gettext_lazy("Kirim pengingat kinerja lewat e-mail"),
        required=False,
        help_text=gettext_lazy(
            "Setiap pegawai yang masih punya tugas SKP menerima paling banyak satu e-mail sehari."
        ),
    )


@require_http_methods(["GET", "POST"])
@tenant_view(perms=(digest.MANAGE,))
def settings_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    assert actor.tenant is not None
    tenant = actor.tenant
    form = AppraisalSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"email_reminders": digest.email_reminders_enabled(tenant)},
    )
    if request.method == "POST" and form.is_valid():
        digest.appraisal_settings_update(
            actor=actor, email_reminders=form.cleaned_data["email_reminders"]
        )
        messages.success(request, _("Pengaturan SKP disimpan."))
        return redirect("appraisal:settings")
    today = tenant_today(actor)
    last = (
        ReminderDigest.objects.filter(tenant=tenant)
        .values("date")
        .annotate(n=Count("id"))
        .order_by("-date")
        .values_list("date", "n")
        .first()
    )
    context = {
        "form": form,
        "recipients": digest.recipient_count(tenant),
        "last_digest": last,
        "skp_deadline": skp_deadline(today.year),
        "rating_deadline_day": rating_deadline(f"{today.year}-01").day,
        "annual_deadline": annual_rating_deadline(today.year - 1),
        "sekda": sekda_of(tenant),
    }
    return render(request, "appraisal/settings.html", context)


class ReminderEmailsForm(forms.Form):
    reminder_emails = forms.BooleanField(required=False)


@require_POST
@tenant_view()
def reminder_emails(request: HttpRequest) -> HttpResponse:
    """The user's own opt-out of the reminder e-mails, from their profile page."""
    actor = actor_of(request)
    form = ReminderEmailsForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    enabled = bool(form.cleaned_data.get("reminder_emails"))
    digest.reminder_emails_set(actor=actor, enabled=enabled)
    messages.success(
        request,
        _("Anda akan menerima ringkasan pengingat lewat e-mail.")
        if enabled
        else _("Anda tidak akan menerima ringkasan pengingat lewat e-mail lagi."),
    )
    return redirect("ui:me" if actor.employee_id is not None else "appraisal:index")


@require_POST
@tenant_view(perms=("org.change",))
def sekda(request: HttpRequest) -> HttpResponse:
    """Set the tenant's Sekda by NIP (empty: none); the heads of OPD are rated by them."""
    actor = actor_of(request)
    nip = request.POST.get("nip", "").strip()
    employee = None
    if nip:
        employee = Employee.objects.filter(tenant=actor.tenant, nip=nip).first()
        if employee is None:
            messages.error(request, _("Tidak ada pegawai dengan NIP %(nip)s.") % {"nip": nip})
            return redirect("appraisal:settings")
    try:
        sekda_set(actor=actor, sekda=employee)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("Sekda pemda disimpan."))
    return redirect("appraisal:settings")
