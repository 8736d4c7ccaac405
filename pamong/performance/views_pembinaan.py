"""Coaching and mentoring pages: the plans list, starting a plan, its sessions (htmx) and
closing it with an outcome. The plan page itself is views_followup.coaching_detail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.actor import Actor
from pamong.core.web import is_fragment_request, vary_on_htmx
from pamong.core.web import tenant_actor as actor_of
from pamong.org.models import Employee
from pamong.performance import followup as fu
from pamong.performance import pembinaan as pb
from pamong.performance.forms import CloseForm, PembinaanStartForm, SessionForm
from pamong.performance.models import CoachingPlan, CoachingSession

LIST_LIMIT = 300


@login_required
@require_GET
def plans(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    qs = pb.plans_visible_to(actor)
    kind = request.GET.get("kind", "")
    if kind in CoachingPlan.Kind.values:
        qs = qs.filter(kind=kind)
    status = request.GET.get("status", "open")
    if status in CoachingPlan.Status.values:
        qs = qs.filter(status=status)
    context = {
        "plans": list(qs[:LIST_LIMIT]),
        "limit": LIST_LIMIT,
        "kind": kind,
        "status": status,
        "kinds": CoachingPlan.Kind.choices,
        "statuses": CoachingPlan.Status.choices,
        "can_start": pb.may_start(actor),
    }
    return render(request, "performance/pembinaan_list.html", context)


def _employee_by_nip(actor: Actor, nip: str) -> Employee | None:
    return Employee.objects.filter(tenant=actor.tenant, nip=nip.strip()).first()


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not pb.may_start(actor):
        raise PermissionDenied
    initial = {"nip": request.GET.get("nip", ""), "kind": request.GET.get("kind", "coaching")}
    form = PembinaanStartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        employee = _employee_by_nip(actor, data.pop("nip"))
        mentor_nip = data.pop("mentor_nip")
        mentor = _employee_by_nip(actor, mentor_nip) if mentor_nip else None
        if employee is None or not fu.can_coach(actor, employee):
            form.add_error("nip", pb.not_yours_message())
        elif mentor_nip and mentor is None:
            form.add_error("mentor_nip", _("Mentor dengan NIP ini tidak ditemukan."))
        else:
            try:
                plan = pb.plan_start(actor=actor, employee=employee, mentor=mentor, **data)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
            else:
                messages.success(request, _("Pembinaan dimulai."))
                return redirect("performance:coaching", plan.pk)
    return render(request, "performance/pembinaan_start.html", {"form": form})


def _plan_to_run(actor: Actor, pk: int) -> CoachingPlan:
    """The plan, for those who record its sessions and close it (404 elsewhere, 403 for
    readers)."""
    plan = pb.get_plan(actor, pk)
    if not pb.can_run(actor, plan):
        raise PermissionDenied
    return plan


def _session_to_run(actor: Actor, pk: int) -> CoachingSession:
    session = pb.get_session(actor, pk)
    if not pb.can_run(actor, session.plan):
        raise PermissionDenied
    return session


def sessions_context(
    actor: Actor, plan: CoachingPlan, form: SessionForm | None = None, result: str = ""
) -> dict[str, Any]:
    runs = plan.status == CoachingPlan.Status.OPEN and pb.can_run(actor, plan)
    return {
        "plan": plan,
        "sessions": list(plan.sessions.select_related("recorded_by").order_by("-held_on", "-id")),
        "session_form": form or SessionForm(),
        "can_run": runs,
        "result": result,
    }


def _sessions_response(
    request: HttpRequest,
    actor: Actor,
    plan: CoachingPlan,
    *,
    result: str = "",
    error: str = "",
    form: SessionForm | None = None,
) -> HttpResponse:
    """htmx: the sessions block with the result (or the errors) in place; else the page."""
    if is_fragment_request(request):
        context = sessions_context(actor, plan, form, result)
        context["error"] = error
        return vary_on_htmx(render(request, "performance/_sessions.html", context))
    if result:
        messages.success(request, result)
    if error:
        messages.error(request, error)
    return redirect("performance:coaching", plan.pk)


@login_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    plan = _plan_to_run(actor, pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            pb.session_record(actor=actor, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _sessions_response(request, actor, plan, result=_("Sesi pembinaan dicatat."))
    error = " ".join(str(e) for errs in form.errors.values() for e in errs)
    return _sessions_response(request, actor, plan, error=error, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a session's date, length or notes (the JP follow, as on recording)."""
    actor = actor_of(request)
    session = _session_to_run(actor, pk)
    plan = session.plan
    if plan.status != CoachingPlan.Status.OPEN:
        messages.error(request, _("Pembinaan yang sudah selesai tidak dapat diubah."))
        return redirect("performance:coaching", plan.pk)
    initial = {
        "held_on": session.held_on,
        "minutes": session.minutes,
        "notes": session.notes,
        "agreed_actions": session.agreed_actions,
    }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pb.session_update(actor=actor, session=session, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Sesi pembinaan diperbarui."))
            return redirect("performance:coaching", plan.pk)
    context = {"form": form, "plan": plan, "session": session}
    return render(request, "performance/pembinaan_session_edit.html", context)


@login_required
@require_POST
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    session = _session_to_run(actor, pk)
    plan = session.plan
    try:
        pb.session_delete(actor=actor, session=session)
    except ValidationError as exc:
        return _sessions_response(request, actor, plan, error=" ".join(exc.messages))
    return _sessions_response(request, actor, plan, result=_("Sesi pembinaan dihapus."))


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    plan = _plan_to_run(actor, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            pb.plan_close(actor=actor, plan=plan, outcome=form.cleaned_data["outcome"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Pembinaan ditutup."))
    else:
        messages.error(request, _("Hasil pembinaan wajib diisi sebelum pembinaan ditutup."))
    return redirect("performance:coaching", plan.pk)
