"""BKPSDM pages around a selection: formasi planning (the ABK file and the year's proposal)
and onboarding (a passing candidate becomes a CPNS or PPPK employee; the checklist; the
CPNS → PNS decisions falling due)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.errors import InputErrors
from pamong.org.models import Position, Unit
from pamong.recruitment import onboarding as onb
from pamong.recruitment import selectors as sel
from pamong.recruitment.forms import NeedsUploadForm, OnboardForm
from pamong.recruitment.models import Onboarding, OnboardingItem
from pamong.recruitment.planning_services import (
    formasi_needs_load,
    formasi_proposal,
    proposal_csv,
)
from pamong.recruitment.views import _actor, _run


def _staff(request: HttpRequest) -> Actor:
    actor = _actor(request)
    if not sel.sees_personal_data(actor):
        raise PermissionDenied
    return actor


def _year(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


@login_required
@require_http_methods(["GET", "POST"])
def formasi(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    year = _year(request, clock.today(actor.tenant).year + 1)
    form = NeedsUploadForm(request.POST or None, request.FILES or None, initial={"year": year})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        year = form.cleaned_data["year"]
        try:
            created, updated, unchanged = formasi_needs_load(
                actor=actor, year=year, data=upload.read(), source=upload.name
            )
        except InputErrors as exc:
            problems = exc.lines()
        else:
            messages.success(
                request,
                _("ABK %(y)s dimuat: %(c)s baru, %(u)s berubah, %(n)s tetap.")
                % {"y": year, "c": created, "u": updated, "n": unchanged},
            )
            return redirect(f"{request.path}?year={year}")
    rows = formasi_proposal(actor=actor, year=year)
    if request.GET.get("format") == "csv":
        response = HttpResponse(proposal_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="usulan-formasi-{year}.csv"'
        return response
    context = {
        "year": year,
        "rows": rows,
        "total": sum(r.proposal for r in rows),
        "form": form,
        "problems": problems,
    }
    return render(request, "recruitment/formasi.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_list(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    today = clock.today(actor.tenant)
    if request.method == "POST":
        row = Onboarding.objects.filter(
            tenant=actor.tenant,
            pk=int(request.POST["pk"]) if request.POST.get("pk", "").isdigit() else 0,
        )
        found = row.select_related("employee").first()
        if found is None:
            raise Http404
        item = request.POST.get("item", "")
        label = dict(OnboardingItem.choices).get(item, item)
        if _run(
            request,
            lambda: onb.onboarding_check(actor=actor, onboarding=found, item=item, day=today),
            _("%(item)s: selesai dicatat untuk %(name)s.")
            % {"item": label, "name": found.employee.name},
        ):
            return redirect("recruitment:onboarding")
    assert actor.tenant is not None
    due = set(onb.decisions_due(actor.tenant.pk, today).values_list("pk", flat=True))
    labels = dict(OnboardingItem.choices)
    rows = [
        {
            "o": o,
            "items": [
                {"code": code, "label": labels[code], "done": o.done.get(code)}
                for code in onb.items_for(o.employee.employee_type)
            ],
            "decision_due": o.pk in due,
        }
        for o in Onboarding.objects.filter(tenant=actor.tenant).select_related("employee")
    ]
    # The CPNS -> PNS decisions falling due come first, then by due date.
    rows.sort(key=lambda r: (not r["decision_due"], r["o"].due_date))  # type: ignore[attr-defined]
    context = {"rows": rows, "today": today, "remind_days": onb.REMIND_DAYS}
    return render(request, "recruitment/onboarding.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def onboard(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _staff(request)
    candidate = sel.get_candidate_for_actor(actor, pk)
    line = candidate.filled_line or candidate.line
    form = OnboardForm(
        request.POST or None,
        positions=Position.objects.filter(tenant=actor.tenant),
        units=Unit.objects.filter(tenant=actor.tenant),
        initial={
            "tmt": clock.today(actor.tenant),
            "position": Position.objects.filter(tenant=actor.tenant, name=line.jabatan).first(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            lambda: onb.candidate_onboard(actor=actor, candidate=candidate, **data),
            _("%(name)s diangkat sebagai %(type)s; daftar periksa penerimaan dibuat.")
            % {"name": candidate.name, "type": data["employee_type"]},
        ):
            return redirect("recruitment:onboarding")
    return render(request, "recruitment/onboard.html", {"c": candidate, "form": form})
