"""Lampiran SKP (employee) and ekspektasi khusus pimpinan (supervisor)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pamong.appraisal import selectors as sel
from pamong.appraisal import services as svc
from pamong.appraisal.forms import ExpectationsForm, LampiranForm
from pamong.appraisal.views import actor_of, run_service


@login_required
@require_POST
def lampiran(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    skp = sel.get_skp_for_actor(actor, pk)
    form = LampiranForm(request.POST)
    form.is_valid()  # every field is optional free text
    run_service(
        request,
        lambda: svc.skp_lampiran_update(actor=actor, skp=skp, **form.cleaned_data),
        _("Lampiran SKP disimpan."),
    )
    return redirect("appraisal:skp-detail", skp.pk)


@login_required
@require_POST
def expectations(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    skp = sel.get_skp_for_actor(actor, pk)
    form = ExpectationsForm(request.POST)
    form.is_valid()
    run_service(
        request,
        lambda: svc.skp_expectations_set(actor=actor, skp=skp, expectations=form.cleaned_data),
        _("Ekspektasi khusus pimpinan disimpan."),
    )
    return redirect("appraisal:skp-detail", skp.pk)
