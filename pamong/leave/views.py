"""Leave pages: my requests and balance, the request form, the approver inbox (htmx), the
team calendar, the balances list and the surat izin cuti PDF. All writes go through services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.attendance.models import LeaveType
from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.bulk import missing_results, run_each, selected_ids
from pamong.core.confirm import irreversible, require_confirmed
from pamong.core.errors import InputErrors
from pamong.core.models import Tenant
from pamong.core.pdf import pdf_response
from pamong.core.permissions import has_perm
from pamong.core.uploads import download_response
from pamong.core.web import actor_of, bulk_results, is_fragment_request, tenant_view, vary_on_htmx
from pamong.imports.tabular import parse_month
from pamong.org.selectors import get_employee_for_actor

from . import config, services
from .balance_io import balances_csv, balances_xlsx, import_openings, tenant_balances
from .forms import DecisionForm, FirstYearForm, OpeningForm, RequestForm, RuleForm
from .letter import surat_izin_cuti
from .models import LeaveRequest, LeaveSettings
from .selectors import (
    can_consider,
    can_decide,
    can_use_inbox,
    can_use_team,
    get_request_for_actor,
    inbox,
    is_official_for,
)
from .team import team_month

PAGE_SIZE = 50


def local_today(tenant: Tenant) -> dt.date:
    return clock.today(tenant)


def _tenant(actor: Actor) -> Tenant:
    assert actor.tenant is not None
    return actor.tenant


def _balance(actor: Actor, year: int) -> Any:
    if actor.employee_id is None:
        return None
    employee = get_employee_for_actor(actor, actor.employee_id)
    try:
        return services.balance_for(actor, employee, year)
    except InputErrors:
        return None  # no calendar loaded yet


@require_GET
@tenant_view()
def index(request: HttpRequest) -> HttpResponse:
    """My requests and my annual balance; others go to the inbox or the team calendar."""
    actor = actor_of(request)
    if actor.employee_id is None:
        if can_use_inbox(actor):
            return redirect("leave:inbox")
        if has_perm(actor, "leave.view_all"):
            return redirect("leave:balances")
        raise PermissionDenied
    today = local_today(_tenant(actor))
    mine = LeaveRequest.objects.filter(tenant=actor.tenant, employee_id=actor.employee_id).order_by(
        "-start", "-id"
    )
    page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "balance": _balance(actor, today.year),
        "year": today.year,
        "can_inbox": can_use_inbox(actor),
        "can_team": can_use_team(actor),
        "can_manage": has_perm(actor, "leave.manage"),
    }
    return render(request, "leave/index.html", context)


@require_http_methods(["GET", "POST"])
@tenant_view()
def request_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor.employee_id is None:
        raise PermissionDenied
    employee = get_employee_for_actor(actor, actor.employee_id)
    form = RequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            leave_request = services.request_submit(
                actor=actor, employee=employee, kind=data["kind"], start=data["start"],
                end=data["end"], reason=data["reason"], address=data["address"],
                attachment=data["attachment"], tpk_attachment=data["tpk_attachment"],
                details=services.RequestDetails(**form.details()),
            )  # fmt: skip
        except InputErrors as exc:
            form.add_input_errors(exc)
        else:
            messages.success(request, _("Permohonan cuti dikirim."))
            return redirect("leave:request-detail", pk=leave_request.pk)
    today = local_today(_tenant(actor))
    context = {"form": form, "balance": _balance(actor, today.year), "year": today.year}
    return render(request, "leave/request_form.html", context, status=400 if form.errors else 200)


def _card_context(actor: Actor, leave_request: LeaveRequest, **extra: Any) -> dict[str, Any]:
    today = local_today(_tenant(actor))
    return {
        "r": leave_request,
        "can_consider": can_consider(actor, leave_request),
        "can_decide": can_decide(actor, leave_request),
        "can_cancel": services.can_cancel(actor, leave_request, today),
        "kinds_deferrable": [LeaveType.TAHUNAN],
        **extra,
    }


@require_GET
@tenant_view()
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    leave_request = get_request_for_actor(actor, pk)
    balance = None
    if leave_request.kind == LeaveType.TAHUNAN:
        try:  # the year's balance: travel days are not in it (balances.py)
            balance = services.balance_for(actor, leave_request.employee, leave_request.start.year)
        except InputErrors:
            balance = None  # no calendar loaded yet
    context = _card_context(actor, leave_request, balance=balance)
    return render(request, "leave/request_detail.html", context)


def _after_action(
    request: HttpRequest, actor: Actor, leave_request: LeaveRequest, error: str = ""
) -> HttpResponse:
    if is_fragment_request(request):
        context = _card_context(actor, leave_request, error=error, in_inbox=True)
        response = render(request, "leave/_card.html", context, status=400 if error else 200)
        return vary_on_htmx(response)
    if error:
        messages.error(request, error)
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("leave:request-detail", pk=leave_request.pk)


def _already_handled(actor: Actor, leave_request: LeaveRequest, step: str) -> bool:
    """The actor had this step to take, and the request has since moved past it."""
    status = leave_request.status
    if step == "decide":
        return is_official_for(actor, leave_request) and status not in LeaveRequest.OPEN
    if step == "consider":
        mine = actor.employee_id is not None and leave_request.supervisor_id == actor.employee_id
        return mine and status != LeaveRequest.Status.SUBMITTED
    return (
        leave_request.employee_id == actor.employee_id and status == LeaveRequest.Status.CANCELLED
    )


def _act(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    actor = actor_of(request)
    leave_request = get_request_for_actor(actor, pk)  # 404 other tenant, 403 not visible
    if step == "decide":
        require_confirmed(request)
    form = DecisionForm(request.POST)
    try:
        if step == "cancel":
            leave_request = services.request_cancel(
                actor=actor, request=leave_request, today=local_today(_tenant(actor)),
                note=request.POST.get("note", ""),
            )  # fmt: skip
        elif not form.is_valid():
            raise InputErrors([])
        elif step == "consider":
            leave_request = services.request_consider(
                actor=actor, request=leave_request, decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )  # fmt: skip
        else:
            leave_request = services.request_decide(
                actor=actor, request=leave_request, decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"], letter_number=form.cleaned_data["letter_number"],
            )  # fmt: skip
    except InputErrors as exc:
        error = "; ".join(e.message for e in exc.errors) or _("keputusan tidak dikenal")
        leave_request.refresh_from_db()
        return _after_action(request, actor, leave_request, error)
    except PermissionDenied:
        # A double click: the first one already moved the request on. Show where it is.
        leave_request.refresh_from_db()
        if not _already_handled(actor, leave_request, step):
            raise
        note = _("Permohonan ini sudah diproses; statusnya sekarang: %(s)s") % {
            "s": leave_request.get_status_display()
        }
        if is_fragment_request(request):
            context = _card_context(actor, leave_request, error=note, in_inbox=True)
            return vary_on_htmx(render(request, "leave/_card.html", context))
        messages.info(request, note)
        return redirect("leave:request-detail", pk=leave_request.pk)
    # A swapped card carries the message out of band (pamong.core.feedback).
    status_text = leave_request.get_status_display()
    messages.success(request, _("Status permohonan: %(s)s") % {"s": status_text})
    return _after_action(request, actor, leave_request)


@require_POST
@tenant_view()
def request_consider(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "consider")


@require_POST
@tenant_view()
@irreversible
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "decide")


@require_POST
@tenant_view()
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "cancel")


@require_POST
@tenant_view()
@irreversible
def decide_bulk(request: HttpRequest) -> HttpResponse:
    """Consider or decide the checked requests of the inbox at once; a result per item."""
    actor = actor_of(request)
    if not can_use_inbox(actor):
        raise PermissionDenied
    require_confirmed(request)
    decision = request.POST.get("decision", "")
    note = request.POST.get("note", "")
    wanted = selected_ids(request.POST.getlist("ids"))
    consider, decide = inbox(actor)
    to_consider = list(consider.filter(pk__in=wanted))
    to_decide = list(decide.filter(pk__in=wanted))

    def act(r: LeaveRequest) -> object:
        if r in to_consider:
            return services.request_consider(actor=actor, request=r, decision=decision, note=note)
        return services.request_decide(actor=actor, request=r, decision=decision, note=note)

    items = to_consider + to_decide
    done = _("disetujui") if decision == "approve" else _("diproses")
    results = run_each(
        items, lambda r: f"{r.employee.name} {r.start:%Y-%m-%d}", act, done
    ) + missing_results(wanted, (r.pk for r in items))
    return bulk_results(request, _("Persetujuan cuti"), results, reverse("leave:inbox"))


@require_GET
@tenant_view()
def inbox_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not can_use_inbox(actor):
        raise PermissionDenied
    consider, decide = inbox(actor)
    context = {
        "consider": [_card_context(actor, r, in_inbox=True) for r in consider[:PAGE_SIZE]],
        "decide": [_card_context(actor, r, in_inbox=True) for r in decide[:PAGE_SIZE]],
        "can_balances": has_perm(actor, "leave.view_all"),
        "can_manage": has_perm(actor, "leave.manage"),
    }
    return render(request, "leave/inbox.html", context)


@require_GET
@tenant_view()
def team(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not can_use_team(actor):
        raise PermissionDenied
    tenant = _tenant(actor)
    try:
        first = parse_month(request.GET.get("month", ""))
    except ValueError:
        first = local_today(tenant).replace(day=1)
    return render(request, "leave/team.html", team_month(actor, first))


@require_GET
@tenant_view(perms=("leave.view_all",))
def balances(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    today = local_today(_tenant(actor))
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = year if 2000 <= year <= 2100 else today.year
    try:
        rows = tenant_balances(actor, year)
    except InputErrors:
        return render(request, "leave/balances.html", {"year": year, "no_calendar": True})
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        data = balances_csv(rows) if fmt == "csv" else balances_xlsx(rows, year)
        response = HttpResponse(
            data,
            content_type="text/csv; charset=utf-8"
            if fmt == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="saldo-cuti-{year}.{fmt}"'
        return response
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    context = {"year": year, "page_obj": page, "can_manage": has_perm(actor, "leave.manage")}
    return render(request, "leave/balances.html", context)


@require_GET
@tenant_view()
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    leave_request = get_request_for_actor(actor, pk)
    if leave_request.status != LeaveRequest.Status.APPROVED:
        raise Http404
    tenant = _tenant(actor)
    place = tenant.name.removeprefix("Kota ").removeprefix("Kabupaten ")
    content = surat_izin_cuti(leave_request, tenant.name, place)
    return pdf_response(content, f"surat-izin-cuti-{leave_request.pk}.pdf")


@require_GET
@tenant_view()
def attachment(request: HttpRequest, pk: int, which: str = "attachment") -> HttpResponse:
    """An attachment (`which`: the main one or the Tim Penguji Kesehatan letter), only to
    those who may see the request (never a public media URL)."""
    actor = actor_of(request)
    leave_request = get_request_for_actor(actor, pk)
    file = leave_request.tpk_attachment if which == "tpk" else leave_request.attachment
    if not file:
        raise Http404
    stem = f"lampiran-tpk-{pk}" if which == "tpk" else f"lampiran-{pk}"
    return download_response(file, stem)  # forced download, nosniff, sandbox


def _settings_context(actor: Actor, **forms_: Any) -> dict[str, Any]:
    settings = LeaveSettings.objects.filter(tenant=actor.tenant).first()
    return {
        "rules": config.effective_rules(actor),
        "first_year": settings.first_year if settings else None,
        "year_form": forms_.get("year_form") or FirstYearForm(prefix="y"),
        "opening_form": forms_.get("opening_form") or OpeningForm(prefix="o"),
        "rule_form": forms_.get("rule_form") or RuleForm(prefix="r"),
    }


def _settings_post(request: HttpRequest, actor: Actor) -> dict[str, Any] | None:
    """Run the posted form; None on success (redirect), else the forms to show again."""
    action = request.POST.get("action")
    if action == "year":
        form: Any = FirstYearForm(request.POST, prefix="y")
        if form.is_valid():
            config.settings_update(actor=actor, first_year=form.cleaned_data["first_year"])
            return None
        return {"year_form": form}
    if action == "opening":
        form = OpeningForm(request.POST, request.FILES, prefix="o")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = import_openings(actor=actor, table_or_file=upload.read(), source=upload.name)
            messages.success(request, result.summary())
            return None
        return {"opening_form": form}
    form = RuleForm(request.POST, prefix="r")
    if form.is_valid():
        data = dict(form.cleaned_data)
        kind = data.pop("kind")
        config.rule_set(
            actor=actor, kind=kind, **{k: v for k, v in data.items() if v not in ("", None)}
        )
        return None
    return {"rule_form": form}


@require_http_methods(["GET", "POST"])
@tenant_view(perms=("leave.manage",))
def settings_page(request: HttpRequest) -> HttpResponse:
    """Leave settings: first tracked year, opening balances, per-type rules (leave.manage)."""
    actor = actor_of(request)
    if request.method == "POST":
        try:
            again = _settings_post(request, actor)
        except InputErrors as exc:
            for line in exc.lines():
                messages.error(request, line)
            return redirect("leave:settings")
        if again is None:
            messages.success(request, _("Pengaturan cuti disimpan."))
            return redirect("leave:settings")
        return render(request, "leave/settings.html", _settings_context(actor, **again), status=400)
    return render(request, "leave/settings.html", _settings_context(actor))
