"""Talent mapping pages: the 9-box grid per OPD and job family (jenis jabatan) with
drill-down, assessment entry and talent-review moves."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pamong.careers import selectors as sel
from pamong.careers import services as svc
from pamong.careers import talent
from pamong.careers.forms import AssessmentForm, MoveForm
from pamong.careers.talent_selectors import nine_box
from pamong.careers.views import _opd_choices, _opd_of, _reader, predikat_label, run_service
from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.permissions import has_perm
from pamong.core.web import tenant_view
from pamong.org.models import Employee, PositionKind


def _year(request: HttpRequest, actor: Actor) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return clock.today(actor.tenant).year


@require_GET
@tenant_view(perms=(sel.VIEW,))
def grid(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    year = _year(request, actor)
    opd = _opd_of(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in PositionKind.values else ""
    box_raw = request.GET.get("box", "")
    box = int(box_raw) if box_raw.isdigit() and 1 <= int(box_raw) <= 9 else None
    result = nine_box(actor, year, opd_id=opd, position_kind=kind or None, box=box)
    for p in result.drill:
        p.predikat_labels = [predikat_label(v) for v in p.predikat]
    base: dict[str, Any] = {
        "year": year,
        **({"opd": opd} if opd else {}),
        **({"kind": kind} if kind else {}),
    }
    cells = [
        [
            {
                "box": b,
                "count": result.counts[b],
                "action": talent.BOX_ACTION[b],
                "url": "?" + urlencode({**base, "box": b}),
            }
            for b in row
        ]
        for row in talent.GRID_ROWS
    ]
    context = {
        "year": year,
        "grid": result,
        "cells": cells,
        "box": box,
        "box_action": talent.BOX_ACTION.get(box) if box else None,
        "drill": result.drill,
        "drill_total": result.counts.get(box, 0) if box else 0,
        "opds": _opd_choices(actor),
        "opd": opd,
        "kind": kind,
        "kinds": PositionKind.choices,
        "rule_list": [talent.NINE_BOX_RULE, talent.AXIS_RULE, talent.ACTION_RULE],
        "can_manage": has_perm(actor, sel.MANAGE),
        "assessment_form": AssessmentForm(),
        "back": "?" + urlencode(base),
    }
    return render(request, "careers/talent.html", context)


def _employee_by_nip(actor: Actor, nip: str) -> Employee | None:
    return Employee.objects.filter(tenant=actor.tenant, nip=nip).first()


@require_POST
@tenant_view(perms=(sel.MANAGE,))
def assessment_add(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        employee = _employee_by_nip(actor, data.pop("nip"))
        if employee is None:
            messages.error(request, _("NIP tidak ditemukan."))
        else:
            run_service(
                request,
                lambda: svc.assessment_record(actor=actor, employee=employee, **data),
                _("Hasil penilaian potensi disimpan."),
            )
    else:
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
    return redirect(reverse("careers:talent") + "?" + urlencode({"year": _year(request, actor)}))


@require_POST
@tenant_view(perms=(sel.MANAGE,))
def talent_move(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    employee = Employee.objects.filter(tenant=actor.tenant, pk=pk).first()
    if employee is None:
        raise Http404
    form = MoveForm(request.POST)
    year = _year(request, actor)
    if form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        run_service(
            request,
            lambda: svc.talent_move(actor=actor, employee=employee, year=year, **data),
            _("Pegawai dipindahkan; alasan tercatat di log audit."),
        )
    else:
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
    query: dict[str, Any] = {"year": year, "box": form.data.get("to_box", "")}
    return redirect(reverse("careers:talent") + "?" + urlencode(query))
