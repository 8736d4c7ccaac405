"""BKPSDM assigns a Plt. pejabat penilai for a range of months."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pamong.appraisal import services as svc
from pamong.appraisal.forms import ActingForm
from pamong.appraisal.models import ActingPenilai
from pamong.appraisal.services.common import FINALIZE_PERM
from pamong.appraisal.views import actor_of
from pamong.core.permissions import has_perm
from pamong.org.models import Employee


@login_required
@require_http_methods(["GET", "POST"])
def acting(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not has_perm(actor, FINALIZE_PERM):
        raise PermissionDenied
    form = ActingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = {
            e.nip: e
            for e in Employee.objects.filter(
                tenant=actor.tenant, nip__in=[data["employee_nip"], data["penilai_nip"]]
            )
        }
        employee, penilai = people.get(data["employee_nip"]), people.get(data["penilai_nip"])
        if employee is None:
            form.add_error("employee_nip", _("NIP tidak ditemukan."))
        if penilai is None:
            form.add_error("penilai_nip", _("NIP tidak ditemukan."))
        if employee is not None and penilai is not None:
            try:
                svc.acting_assign(
                    actor=actor,
                    employee=employee,
                    penilai=penilai,
                    period_from=data["period_from"],
                    period_to=data["period_to"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Plt. pejabat penilai ditetapkan."))
                return redirect("appraisal:acting")
    assignments = list(
        ActingPenilai.objects.filter(tenant=actor.tenant)
        .select_related("employee", "penilai")
        .order_by("-period_from", "-id")[:100]
    )
    return render(request, "appraisal/acting.html", {"form": form, "assignments": assignments})
