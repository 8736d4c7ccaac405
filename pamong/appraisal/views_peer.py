"""Peer feedback pages: the supervisor picks peers, peers answer, the summary is aggregated."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pamong.appraisal import selectors as sel
from pamong.appraisal import services as svc
from pamong.appraisal.forms import PeerAnswerForm, PeerRequestForm
from pamong.appraisal.models import PeerAssignment
from pamong.appraisal.services.common import PERIOD_RE
from pamong.appraisal.views import actor_of, previous_month


@login_required
@require_http_methods(["GET", "POST"])
def peer_feedback(request: HttpRequest, employee_pk: int) -> HttpResponse:
    actor = actor_of(request)
    employee = sel.get_employee_for_appraisal(actor, employee_pk)
    is_supervisor = employee.supervisor_id == actor.employee_id and employee.pk != actor.employee_id
    period = request.GET.get("period") or previous_month(actor)
    if not PERIOD_RE.match(period):
        period = previous_month(actor)
    form = None
    if is_supervisor:
        candidates = list(sel.peer_candidates(employee, actor)[:300])
        form = PeerRequestForm(
            request.POST or None, candidates=candidates, initial={"period": period}
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            period = form.cleaned_data["period"]
            try:
                svc.peer_request(actor=actor, employee=employee, period=period, peers=form.chosen())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Rekan penilai dipilih."))
                url = redirect("appraisal:peer", employee.pk).url
                return redirect(f"{url}?{urlencode({'period': period})}")
    chosen = []
    if is_supervisor:
        # Only the supervisor, who chose them, sees the names; never who has answered.
        chosen = list(
            PeerAssignment.objects.filter(tenant=actor.tenant, employee=employee, period=period)
            .select_related("peer")
            .order_by("peer__name")
        )
    context = {
        "employee": employee,
        "period": period,
        "summary": svc.peer_summary(employee, period),
        "minimum": svc.MIN_PEER_ANSWERS,
        "form": form,
        "chosen": chosen,
    }
    return render(request, "appraisal/peer.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def peer_answer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    assignment = sel.get_peer_assignment_for_actor(actor, pk)
    form = PeerAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.peer_answer(
                actor=actor,
                assignment=assignment,
                ratings=form.ratings(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Terima kasih, umpan balik Anda disimpan tanpa nama."))
            return redirect("appraisal:index")
    context = {"assignment": assignment, "form": form}
    return render(request, "appraisal/peer_answer.html", context)
