"""Pages of the policy evaluation: reports (generate, read, explain, conclude, sign, export),
tracing a number to its rows, the leaders' dashboard and the public summary."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_scopes import scope, scopes_disabled

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.confirm import irreversible, require_confirmed
from pamong.core.errors import InputErrors
from pamong.core.models import Tenant
from pamong.core.pdf import pdf_response
from pamong.core.permissions import has_perm, perm_opds
from pamong.evaluation import selectors as sel
from pamong.evaluation import services as svc
from pamong.evaluation.exports import STATUS_LABELS, report_pdf, report_xlsx
from pamong.evaluation.models import Policy, Recommendation, Report
from pamong.evaluation.periods import parse_period
from pamong.evaluation.tasks import generate_report_job
from pamong.evaluation.trace import SOURCES, trace_rows
from pamong.evaluation.units import UNIT_CODES, unit_trace_rows
from pamong.org.models import Unit

View = Callable[..., HttpResponse]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def reader(view: View) -> View:
    """Login, a tenant, and evaluation.view_all or being an OPD head; else 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor: Actor | None = getattr(request, "actor", None)
        if actor is None or actor.tenant is None or not sel.may_read(actor):
            raise PermissionDenied
        return view(request, actor, *args, **kwargs)

    return login_required(wrapper)


def _run(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    try:
        call()
    except InputErrors as exc:
        for error in exc.errors:
            messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


@require_http_methods(["GET", "POST"])
@reader
def index(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Reports by period; BKPSDM starts the generation of a period's report here."""
    if request.method == "POST":
        if not has_perm(actor, svc.MANAGE):
            raise PermissionDenied
        try:
            with transaction.atomic():
                report = svc.report_start(actor=actor, period=request.POST.get("period", ""))
        except InputErrors as exc:
            for error in exc.errors:
                messages.error(request, error.message)
            return redirect("evaluation:index")
        assert report.job is not None and actor.tenant is not None
        user_id = actor.user.pk if actor.user else None
        generate_report_job.delay(report.job.pk, report.pk, actor.tenant.pk, user_id)
        return redirect("evaluation:report", pk=report.pk)
    assert actor.tenant is not None
    year = clock.today(actor.tenant).year
    context = {
        "reports": sel.reports_visible_to(actor).order_by("-period", "-version")[:50],
        "periods": svc.period_choices(year),
        "can_manage": has_perm(actor, svc.MANAGE),
    }
    return render(request, "evaluation/index.html", context)


def _opd_names(data: dict[str, Any]) -> dict[str, str]:
    return {str(o["id"]): o["name"] for o in data.get("opds", [])}


def _recommendations(obj: Report, data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(policy, decision, note) from the draft, or from the snapshot once signed."""
    saved = data.get("recommendations", {}) if obj.is_signed else obj.recommendations
    names = {p["code"]: p["name"] for p in data.get("policies", [])}
    labels = dict(Recommendation.choices)
    return [
        (names.get(code, code), str(labels.get(r["decision"], r["decision"])), r.get("note", ""))
        for code, r in saved.items()
    ]


@require_GET
@reader
def report(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    obj = sel.get_report_for_actor(actor, pk)
    data = sel.data_for(actor, obj.data) if obj.data else {}
    names = _opd_names(data)
    explanations: dict[str, Any] = (
        data.get("explanations", {})
        if obj.is_signed
        else {
            str(e.opd_id): {"explanation": e.explanation, "follow_up": e.follow_up}
            for e in obj.explanations.all()
            if (seen := sel.visible_opd_ids(actor)) is None or e.opd_id in seen
        }
    )
    rows = [
        {
            **row,
            "opd_rows": sorted(
                ((names.get(o, o), o, f) for o, f in row.get("opds", {}).items()),
                key=lambda t: (t[2].get("rank") or 10**6, t[0]),
            ),
        }
        for row in data.get("indicators", [])
    ]
    my_opds = [u for u in Unit.objects.filter(tenant=actor.tenant, pk__in=actor.opd_ids)]
    context = {
        "report": obj,
        "data": data,
        "rows": rows,
        "names": names,
        "explanations": [(names.get(o, o), o, e) for o, e in explanations.items()],
        "my_opds": my_opds,
        "can_manage": has_perm(actor, svc.MANAGE),
        "view_all": sel.visible_opd_ids(actor) is None,
        "status_labels": STATUS_LABELS,
        "decisions": Recommendation.choices,
        "recommendations": _recommendations(obj, data),
        # Once signed, what is shown is the frozen copy in the snapshot.
        "conclusions": obj.data.get("conclusions") if obj.is_signed else obj.conclusions,
        "running": obj.job is not None and obj.job.state in ("queued", "running"),
        "unit_codes": UNIT_CODES,
    }
    return render(request, "evaluation/report.html", context)


@require_GET
@reader
def job_status(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    obj = sel.get_report_for_actor(actor, pk)
    return render(request, "evaluation/_job_status.html", {"report": obj, "job": obj.job})


@require_POST
@reader
def explain(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    obj = sel.get_report_for_actor(actor, pk)
    try:
        opd = Unit.objects.get(tenant=actor.tenant, pk=int(request.POST.get("opd", "0")))
    except (ValueError, Unit.DoesNotExist) as exc:
        raise Http404 from exc
    if not svc.may_explain(actor, opd.pk):
        raise PermissionDenied
    _run(
        request,
        lambda: svc.explanation_save(
            actor=actor,
            report=obj,
            opd=opd,
            explanation=request.POST.get("explanation", ""),
            follow_up=request.POST.get("follow_up", ""),
        ),
        _("Penjelasan disimpan."),
    )
    return redirect("evaluation:report", pk=obj.pk)


@require_POST
@reader
def conclude(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    obj = sel.get_report_for_actor(actor, pk)
    if not has_perm(actor, svc.MANAGE):
        raise PermissionDenied
    codes = Policy.objects.filter(tenant=actor.tenant).values_list("code", flat=True)
    recommendations = {
        code: {
            "decision": request.POST.get(f"decision_{code}", ""),
            "note": request.POST.get(f"note_{code}", ""),
        }
        for code in codes
    }
    _run(
        request,
        lambda: svc.conclusions_save(
            actor=actor,
            report=obj,
            conclusions=request.POST.get("conclusions", ""),
            recommendations=recommendations,
        ),
        _("Kesimpulan dan rekomendasi disimpan."),
    )
    return redirect("evaluation:report", pk=obj.pk)


@require_POST
@reader
@irreversible
def sign(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    obj = sel.get_report_for_actor(actor, pk)
    if not has_perm(actor, svc.MANAGE):
        raise PermissionDenied
    require_confirmed(request)
    _run(
        request,
        lambda: svc.report_sign(
            actor=actor,
            report=obj,
            signer_name=request.POST.get("signer_name", ""),
            signer_nip=request.POST.get("signer_nip", ""),
        ),
        _("Laporan ditandatangani; angkanya kini dibekukan."),
    )
    return redirect("evaluation:report", pk=obj.pk)


def _export_data(actor: Actor, obj: Report) -> dict[str, Any]:
    if not obj.data:
        raise Http404
    return sel.data_for(actor, obj.data)


@require_GET
@reader
def export_pdf(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    obj = sel.get_report_for_actor(actor, pk)
    content = report_pdf(
        _export_data(actor, obj),
        version=obj.version,
        state=obj.state,
        unit_data=sel.unit_data_for(actor, obj),
    )
    return pdf_response(content, f"evaluasi-{obj.period}-v{obj.version}.pdf", inline=False)


@require_GET
@reader
def export_xlsx(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    obj = sel.get_report_for_actor(actor, pk)
    trace = request.build_absolute_uri(
        reverse("evaluation:trace", args=[obj.pk, "SOURCE"])
    ).replace("SOURCE", "{source}")
    content = report_xlsx(_export_data(actor, obj), trace, sel.unit_data_for(actor, obj))
    response = HttpResponse(content, content_type=XLSX)
    name = f"evaluasi-{obj.period}-v{obj.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _trace_unit(actor: Actor, raw: str) -> Unit | None:
    if not raw:
        return None
    try:
        return Unit.objects.get(tenant=actor.tenant, pk=int(raw))
    except (ValueError, Unit.DoesNotExist) as exc:
        raise Http404 from exc


@require_GET
@reader
def trace(request: HttpRequest, actor: Actor, pk: int, source: str) -> HttpResponse:
    """The live rows behind a number (one OPD or unit, or the tenant), within the viewer's
    rights; a unit is judged by its OPD."""
    obj = sel.get_report_for_actor(actor, pk)
    found = SOURCES.get(source)
    if found is None:
        raise Http404
    opd_id: int | None = None
    unit = _trace_unit(actor, request.GET.get("unit", ""))
    if unit is not None:
        opd_id = unit.opd_id or unit.pk
    elif request.GET.get("opd"):
        try:
            opd_id = int(request.GET["opd"])
        except ValueError as exc:
            raise Http404 from exc
        if not Unit.objects.filter(tenant=actor.tenant, pk=opd_id, parent=None).exists():
            raise Http404
    own = opd_id is not None and opd_id in actor.opd_ids and found.opd_head
    scope = perm_opds(actor, found.capability)  # None: the tenant; else OPD-limited grants
    if not (scope is None or (opd_id is not None and opd_id in scope) or own):
        raise PermissionDenied
    assert actor.tenant is not None
    period = parse_period(obj.period)
    if unit is not None:
        unit_rows = unit_trace_rows(source, found, actor.tenant, period, unit)
        if unit_rows is None:
            raise Http404
        rows = unit_rows
    else:
        rows = trace_rows(found, actor.tenant, period, opd_id)
    context = {
        "report": obj,
        "source": found,
        "rows": rows,
        "unit": unit,
        "opd": Unit.objects.filter(pk=opd_id).first() if opd_id else None,
        "limit": len(rows),
    }
    return render(request, "evaluation/trace.html", context)


@require_GET
@reader
def dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    """One page for the regional head and the Sekda: the latest report's policy status and
    the OPDs needing attention (those with findings)."""
    report_obj = (
        sel.reports_visible_to(actor)
        .exclude(generated_at=None)
        .order_by("-period", "-version")
        .first()
    )
    data = sel.data_for(actor, report_obj.data) if report_obj else {}
    names = _opd_names(data)
    attention: dict[str, list[str]] = {}
    for finding in data.get("findings", []):
        attention.setdefault(names.get(finding.get("opd"), "-"), []).append(finding["message"])
    context = {
        "report": report_obj,
        "data": data,
        "attention": sorted(attention.items(), key=lambda kv: -len(kv[1])),
        "status_labels": STATUS_LABELS,
    }
    return render(request, "evaluation/dashboard.html", context)


@require_POST
@reader
def settings_view(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not has_perm(actor, svc.MANAGE):
        raise PermissionDenied
    svc.settings_save(actor=actor, public_summary=request.POST.get("public_summary") == "on")
    messages.success(request, _("Pengaturan disimpan."))
    return redirect("evaluation:index")


@require_GET
def public_summary(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    """The latest signed report's policy status, without personal data (tenant's choice)."""
    with scopes_disabled():
        tenant = Tenant.objects.filter(slug=tenant_slug, is_active=True).first()
    if tenant is None:
        raise Http404
    with scope(tenant=tenant):
        if not sel.public_summary_enabled(tenant.pk):
            raise Http404
        latest = sel.latest_signed(tenant.pk)
        data = latest.data if latest else {}
        context = {
            "tenant": tenant,
            "data": data,
            "policies": data.get("policies", []),
            "indicators": [r for r in data.get("indicators", []) if r.get("available")],
            "status_labels": STATUS_LABELS,
        }
        return render(request, "evaluation/public.html", context)
