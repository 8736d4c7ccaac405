"""TPP pages: runs, run detail with lifecycle, slips, and the published policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pamong.core import clock, jobs
from pamong.core.actor import Actor
from pamong.core.confirm import irreversible, require_confirmed
from pamong.core.errors import InputErrors
from pamong.core.models import BackgroundJob
from pamong.core.pdf import Signatory, pdf_response
from pamong.core.permissions import has_perm
from pamong.imports.tabular import parse_month
from pamong.org.models import Unit
from pamong.tpp import pdf
from pamong.tpp import runs as run_services
from pamong.tpp.engine import MONEY_COLUMNS
from pamong.tpp.export import bank_transfer_csv, export_csv, export_xlsx
from pamong.tpp.forms import SettingsForm
from pamong.tpp.inputs import changes
from pamong.tpp.models import TppRun, TppSlip
from pamong.tpp.selectors import (
    get_run_for_actor,
    get_run_slip_for_actor,
    get_slip_for_actor,
    own_slips,
    run_slips_for_actor,
    runs_visible_to,
    settled_before,
    slip_opds,
    totals_per_opd,
)
from pamong.tpp.services import tpp_settings_save
from pamong.tpp.slipdoc import build_breakdown, kind_labels
from pamong.tpp.tasks import JOB_KIND, job_key, run_tpp_job

SLIPS_PER_PAGE = 50
# Verifying and returning can be undone (a run goes back to draft); approving and paying not.
IRREVERSIBLE_STEPS = ("approve", "pay")
STEPS = {
    "verify": (run_services.tpp_run_verify, "tpp.verify"),
    "approve": (run_services.tpp_run_approve, "tpp.approve"),
    "pay": (run_services.tpp_run_mark_paid, "tpp.pay"),
}


def _actor(request: HttpRequest) -> Actor:
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None or actor.tenant is None:
        raise Http404
    return actor


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    can_view = has_perm(actor, "tpp.view_all")
    if not can_view and actor.employee_id is None:
        raise PermissionDenied
    context = {
        "runs": list(runs_visible_to(actor)[:60]) if can_view else [],
        "can_view": can_view,
        "can_run": has_perm(actor, "tpp.run"),
        "can_simulate": has_perm(actor, "tpp.budget"),
        "my_slips": list(own_slips(actor)[:36]),
        "default_period": _default_period(actor),
        "settings_form": SettingsForm(actor) if has_perm(actor, "tpp.manage_policy") else None,
    }
    return render(request, "tpp/index.html", context)


def _default_period(actor: Actor) -> str:
    """The last month that is over (computing the current one needs an explicit choice)."""
    first = clock.this_month(actor.tenant)
    return (first - dt.timedelta(days=1)).strftime("%Y-%m")


@login_required
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not has_perm(actor, "tpp.run"):
        raise PermissionDenied
    try:
        period = parse_month(request.POST.get("period", "").strip())
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("tpp:index")
    assert actor.tenant is not None
    job = BackgroundJob.objects.create(
        tenant=actor.tenant,
        kind=JOB_KIND,
        key=job_key(period),
        created_by=actor.user,
        result={
            "period": period.isoformat(),
            "adjustment": bool(request.POST.get("adjustment")),
            # The month is not over: computed only when the user ticked "sementara".
            "partial": bool(request.POST.get("partial")),
        },
    )
    _enqueue(job, actor)
    return redirect("tpp:job", pk=job.pk)


def _enqueue(job: BackgroundJob, actor: Actor) -> None:
    assert actor.tenant is not None and actor.user is not None
    job_id, tenant_id, user_id = job.pk, actor.tenant.pk, actor.user.pk
    transaction.on_commit(lambda: run_tpp_job.delay(job_id, tenant_id, user_id))


@login_required
@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """A web-started run: progress while it runs, then its run or its problems."""
    actor = _actor(request)
    jobs.expire_stale(actor.tenant)  # a dead worker's job shows as failed, with a retry
    item = _job_for(request, actor, pk)
    if item.state == BackgroundJob.State.DONE and "run_id" in item.result:
        messages.success(request, _("Perhitungan TPP selesai."))
        return redirect("tpp:run-detail", pk=item.result["run_id"])
    can_retry = jobs.can_retry(item) and has_perm(actor, "tpp.run")
    return render(request, "tpp/job.html", {"job": item, "can_retry": can_retry})


def _job_for(request: HttpRequest, actor: Actor, pk: int) -> BackgroundJob:
    item = BackgroundJob.objects.filter(tenant=actor.tenant, pk=pk, kind=JOB_KIND).first()
    if item is None:
        raise Http404
    if item.created_by_id != request.user.pk and not has_perm(actor, "tpp.view_all"):
        raise PermissionDenied
    return item


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a failed run job again as a new job (the failed one stays as it was)."""
    actor = _actor(request)
    item = _job_for(request, actor, pk)
    if not has_perm(actor, "tpp.run"):
        raise PermissionDenied
    if not jobs.can_retry(item):
        return redirect("tpp:job", pk=item.pk)
    new = jobs.retry(item)
    _enqueue(new, actor)
    return redirect("tpp:job", pk=new.pk)


@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    run = get_run_for_actor(actor, pk)
    query = request.GET.get("q", "").strip()
    slips = run_slips_for_actor(actor, run)
    if query:
        slips = slips.filter(Q(nip__startswith=query) | Q(name__icontains=query))
    page = Paginator(slips.order_by("nip"), SLIPS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    if run.kind == TppRun.Kind.ADJUSTMENT:
        # Each row: what was settled, what it is now, the difference paid (or recovered).
        before = settled_before(run, [s.employee_id for s in shown])
        for s in shown:
            settled = before.get(s.employee_id, {}).get("netto") or 0
            setattr(s, "netto_before", settled)  # noqa: B010 - template-only attributes
            setattr(s, "netto_after", settled + s.netto)  # noqa: B010
    open_run = run.status in (TppRun.Status.DRAFT, TppRun.Status.VERIFIED)
    limited = slip_opds(actor)
    opd_totals = totals_per_opd(run, limited)
    context = {
        "run": run,
        "opds": opd_totals,
        # An OPD-limited viewer sees the sums of their OPDs only, not the run's totals.
        "totals": (
            {**run.totals, "employees": run.employee_count}
            if limited is None
            else _sums(opd_totals)
        ),
        "slips": shown,
        "page": page,
        "q": query,
        # The run's warnings and input changes name employees of every OPD: they are for
        # the tenant-wide officers.
        "changes": changes(run, actor.tenant) if open_run and limited is None else [],
        "warnings": run.warnings if limited is None else [],
        "can_bank": has_perm(actor, "tpp.pay") and run.is_locked,
        "can_return": run_services.can_return(actor, run),
        "steps": [
            (name, label, question)
            for name, label, question in _step_buttons(run)
            if has_perm(actor, STEPS[name][1]) and _step_allowed(run, name)
        ],
    }
    return render(request, "tpp/run_detail.html", context)


def _step_buttons(run: TppRun) -> list[tuple[str, str, str]]:
    """Each step's button says what it does; the irreversible ones ask first."""
    period = run.period.strftime("%Y-%m")
    return [
        ("verify", _("Verifikasi dan teruskan untuk persetujuan"), ""),
        (
            "approve",
            _("Setujui perhitungan"),
            _("Setujui perhitungan TPP %(p)s? Setelah disetujui, angka tidak dapat diubah lagi.")
            % {"p": period},
        ),
        (
            "pay",
            _("Tandai sudah dibayar"),
            _("Tandai TPP %(p)s sudah dibayar? Langkah ini tidak dapat dibatalkan.")
            % {"p": period},
        ),
    ]


def _step_done(run: TppRun, step: str) -> str:
    period = run.period.strftime("%Y-%m")
    texts = {
        "verify": _("Perhitungan TPP %(p)s diverifikasi dan diteruskan untuk persetujuan."),
        "approve": _("Perhitungan TPP %(p)s disetujui. File transfer bank siap diunduh."),
        "pay": _("TPP %(p)s ditandai sudah dibayar."),
        "return": _("Perhitungan TPP %(p)s dikembalikan ke draf."),
    }
    return texts[step] % {"p": period}


def _sums(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {c: sum(r.get(c) or 0 for r in rows) for c in [*MONEY_COLUMNS, "employees"]}


def _step_allowed(run: TppRun, step: str) -> bool:
    need = {"verify": "draft", "approve": "verified", "pay": "approved"}[step]
    return run.status == need and not (step == "verify" and run.provisional)


def _revision(request: HttpRequest) -> int:
    """The revision the page showed; a form without one is refused (never verified unseen)."""
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1


@login_required
@require_POST
@irreversible
def run_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    actor = _actor(request)
    if step not in STEPS and step != "return":
        raise Http404
    run = get_run_for_actor(actor, pk)
    if step in IRREVERSIBLE_STEPS:
        require_confirmed(request)
    try:
        if step == "return":
            run_services.tpp_run_return(
                actor=actor,
                run=run,
                reason=request.POST.get("reason", ""),
                revision=_revision(request),
            )
        else:
            service, _capability = STEPS[step]
            service(actor=actor, run=run, revision=_revision(request))
    except InputErrors as exc:
        for line in exc.lines():
            messages.error(request, line)
    else:
        messages.success(request, _step_done(run, step))
    return redirect("tpp:run-detail", pk=run.pk)


@login_required
@require_POST
def settings_save(request: HttpRequest) -> HttpResponse:
    """BKPSDM chooses from which run status employees see their own slip."""
    actor = _actor(request)
    if not has_perm(actor, "tpp.manage_policy"):
        raise PermissionDenied
    form = SettingsForm(actor, request.POST)
    if form.is_valid():
        tpp_settings_save(actor=actor, slip_visible_from=form.cleaned_data["slip_visible_from"])
        messages.success(request, _("Pengaturan TPP disimpan."))
    else:
        messages.error(request, _("Pilihan tidak dikenal."))
    return redirect("tpp:index")


@login_required
@require_GET
def run_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    actor = _actor(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    run = get_run_for_actor(actor, pk)
    provisional = "-sementara" if run.provisional else ""
    name = f"tpp-{run.period:%Y-%m}-{run.kind}{provisional}-{run.pk}.{fmt}"
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(export_xlsx(run, slip_opds(actor)), content_type=content_type)
    else:
        content = export_csv(run, slip_opds(actor))
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def run_bank(request: HttpRequest, pk: int) -> HttpResponse:
    """The bank transfer file: finance only, and only once the run is approved."""
    actor = _actor(request)
    run = get_run_for_actor(actor, pk)
    if not has_perm(actor, "tpp.pay"):
        raise PermissionDenied
    if not run.is_locked:
        messages.error(request, _("File transfer bank hanya untuk perhitungan yang disetujui."))
        return redirect("tpp:run-detail", pk=run.pk)
    response = HttpResponse(bank_transfer_csv(run), content_type="text/csv; charset=utf-8")
    name = f"transfer-tpp-{run.period:%Y-%m}-{run.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def slip(request: HttpRequest, pk: int) -> HttpResponse:
    return _slip_page(request, get_slip_for_actor(_actor(request), pk))


@login_required
@require_GET
def run_slip(request: HttpRequest, pk: int, employee: int) -> HttpResponse:
    """The slip of an employee in a run: the same address after the draft is recomputed."""
    return _slip_page(request, get_run_slip_for_actor(_actor(request), pk, employee))


def _slip_page(request: HttpRequest, item: TppSlip) -> HttpResponse:
    breakdown = build_breakdown(item)
    context = {"slip": breakdown.slip, "b": breakdown, "kind_labels": kind_labels()}
    return render(request, "tpp/slip.html", context)


@login_required
@require_GET
def slip_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same explanation as the slip page, as a PDF (same visibility)."""
    actor = _actor(request)
    return _slip_pdf(actor, get_slip_for_actor(actor, pk))


@login_required
@require_GET
def run_slip_pdf(request: HttpRequest, pk: int, employee: int) -> HttpResponse:
    actor = _actor(request)
    return _slip_pdf(actor, get_run_slip_for_actor(actor, pk, employee))


def _slip_pdf(actor: Actor, item: TppSlip) -> HttpResponse:
    breakdown = build_breakdown(item)
    assert actor.tenant is not None
    content = pdf.slip_pdf(breakdown, actor.tenant.name)
    s = breakdown.slip
    return pdf_response(content, f"slip-tpp-{s.run.period:%Y-%m}-{s.nip}-{s.run_id}.pdf")


@login_required
@require_GET
def payroll_pdf(request: HttpRequest, pk: int, opd: int) -> HttpResponse:
    """The OPD's payroll list; the bendahara's name and NIP may be given as parameters."""
    actor = _actor(request)
    run = get_run_for_actor(actor, pk)
    unit = Unit.objects.filter(tenant=actor.tenant, pk=opd, parent__isnull=True).first()
    if unit is None:
        raise Http404
    allowed = slip_opds(actor)
    if allowed is not None and unit.pk not in allowed:
        raise PermissionDenied
    bendahara = Signatory(
        _("Bendahara Pengeluaran"),
        request.GET.get("bendahara", "").strip()[:200] or pdf.BLANK_NAME,
        request.GET.get("nip_bendahara", "").strip()[:18],
    )
    assert actor.tenant is not None
    content = pdf.payroll_pdf(run, unit, bendahara, actor.tenant.name)
    return pdf_response(content, f"daftar-tpp-{run.period:%Y-%m}-{run.pk}-{unit.code}.pdf")
