"""SKP pages: my SKP and inboxes, SKP detail with RHK editing (htmx autosave), cascade tree."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pamong.appraisal import selectors as sel
from pamong.appraisal import services as svc
from pamong.appraisal.berakhlak import CoreValue
from pamong.appraisal.development import development_panel
from pamong.appraisal.forms import (
    ExpectationsForm,
    FeedbackForm,
    IndicatorForm,
    LampiranForm,
    RealisationForm,
    ReturnForm,
    RhkForm,
)
from pamong.appraisal.models import Evaluation, Skp
from pamong.appraisal.reminders import reminders_for
from pamong.appraisal.services.common import is_annual
from pamong.appraisal.services.skp import KEEP
from pamong.core.confirm import irreversible, require_confirmed
from pamong.core.permissions import has_perm
from pamong.core.web import first_error, previous_month, run_service
from pamong.core.web import tenant_actor as actor_of
from pamong.org.models import Employee


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    today = svc.tenant_today(actor)
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    # One query for all my SKPs: the year shown and the years that have one.
    my_skps = (
        list(Skp.objects.filter(tenant=actor.tenant, employee_id=actor.employee_id))
        if actor.employee_id is not None
        else []
    )
    # The years offered: this one, next year from December, and those with an SKP.
    offered = {today.year, *(s.year for s in my_skps)}
    if today.month == 12:
        offered.add(today.year + 1)
    my_skp = next((s for s in my_skps if s.year == year), None)
    my_evaluations: list[Evaluation] = []
    if actor.employee_id is not None:
        my_evaluations = list(
            Evaluation.objects.filter(tenant=actor.tenant, employee_id=actor.employee_id)
            .select_related("penilai")
            .order_by("-period")[:24]
        )
    period = request.GET.get("period") or previous_month(actor)
    subordinates = list(sel.subordinates_of(actor))
    annual = is_annual(period)
    if svc.PERIOD_RE.match(period) or annual:
        known = {e.pk for e in subordinates}
        subordinates += [e for e in svc.acting_subordinates(actor, period) if e.pk not in known]
    rated = {
        e.employee_id: e
        for e in Evaluation.objects.filter(
            tenant=actor.tenant, employee__in=subordinates, period=period
        )
    }
    # BKPSDM records the kepala daerah's rating of the Sekda.
    for_kepala_daerah = []
    sekda = sel.sekda_rated_by_kepala_daerah(actor, period)
    if sekda is not None:
        rating = Evaluation.objects.filter(tenant=actor.tenant, employee=sekda, period=period)
        for_kepala_daerah.append((sekda, rating.first()))
    inbox = list(sel.submitted_to(actor))
    peer_inbox = list(sel.peer_inbox(actor))
    to_finalize = list(sel.evaluations_to_finalize(actor)[:100])
    objections = list(sel.objections_to_decide(actor))
    reminders = reminders_for(
        actor,
        peer_inbox=peer_inbox,
        skp_inbox=inbox,
        to_finalize=to_finalize,
        objections=objections,
    )
    context = {
        "year": year,
        "skp_years": sorted(offered | {year}, reverse=True),
        "can_draft_year": svc.skp_year_problem(year, today) is None,
        "next_year_from": today.year + 1 if today.month != 12 else None,
        "period": period,
        "annual": annual,
        # The annual evaluation of last year until December, then of this year.
        "annual_year": today.year if today.month == 12 else today.year - 1,
        "my_skp": my_skp,
        "my_evaluations": my_evaluations,
        "inbox": inbox,
        "subordinates": [(e, rated.get(e.pk)) for e in subordinates],
        "for_kepala_daerah": for_kepala_daerah,
        "to_finalize": to_finalize,
        "objections": objections,
        "peer_inbox": peer_inbox,
        "reminders": reminders,
        "can_calibrate": bool(actor.opd_ids) or has_perm(actor, sel.VIEW_ALL),
    }
    return render(request, "appraisal/index.html", context)


@login_required
@require_POST
def skp_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("Tahun SKP tidak sah."))
        return redirect("appraisal:index")
    created: list[Skp] = []
    run_service(
        request,
        lambda: created.append(svc.skp_create(actor=actor, year=year)),
        _("SKP dibuat."),
    )
    return (
        redirect("appraisal:skp-detail", created[0].pk) if created else redirect("appraisal:index")
    )


@login_required
@require_GET
def skp_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    skp = sel.get_skp_for_actor(actor, pk)
    rhks = sel.skp_with_rhks(skp)
    parents = list(sel.supervisor_rhks(skp))
    pk_items = sel.pk_item_choices(skp)
    is_owner = skp.employee_id == actor.employee_id
    period = previous_month(actor)
    rows = [
        {
            "rhk": rhk,
            "form": RhkForm(
                initial={
                    "text": rhk.text,
                    "kind": rhk.kind,
                    "parent_rhk": rhk.parent_rhk_id,
                    "pk_item": rhk.pk_item_id,
                },
                parents=parents,
                pk_items=pk_items,
                prefix=f"rhk{rhk.pk}",
            ),
            "indicator_form": IndicatorForm(prefix=f"ind{rhk.pk}"),
            "feedback_form": FeedbackForm(prefix=f"fb{rhk.pk}"),
            "indicators": [
                (ind, RealisationForm(initial={"period": period}, prefix=f"real{ind.pk}"))
                for ind in rhk.indicators.all()
            ],
        }
        for rhk in rhks
    ]
    context = {
        "skp": skp,
        "rows": rows,
        "new_rhk_form": RhkForm(parents=parents, pk_items=pk_items, prefix="new"),
        "return_form": ReturnForm(),
        "is_owner": is_owner,
        "can_edit": is_owner and skp.editable,
        "can_decide": (
            not is_owner
            and skp.status == Skp.Status.SUBMITTED
            and (
                (
                    skp.employee.supervisor_id is not None
                    and skp.employee.supervisor_id == actor.employee_id
                )
                or svc.on_behalf_of_kepala_daerah(actor, skp)
            )
        ),
        "for_kepala_daerah": svc.on_behalf_of_kepala_daerah(actor, skp),
        "can_feedback": is_owner or skp.employee.supervisor_id == actor.employee_id,
        "versions": list(skp.versions.all()[:10]),
        "development": development_panel(actor, skp),
        "lampiran_form": LampiranForm(
            initial={f: getattr(skp, f) for f in ("resources", "accountability", "consequences")}
        ),
        "expectations_form": ExpectationsForm(initial=skp.special_expectations),
        "expectation_rows": [
            (label, skp.special_expectations.get(value, "")) for value, label in CoreValue.choices
        ],
        "can_expect": not is_owner
        and skp.status != Skp.Status.APPROVED
        and skp.employee.supervisor_id == actor.employee_id,
    }
    return render(request, "appraisal/skp_detail.html", context)


def _rhk_form(request: HttpRequest, skp: Skp, prefix: str) -> RhkForm:
    return RhkForm(
        request.POST,
        parents=list(sel.supervisor_rhks(skp)),
        pk_items=sel.pk_item_choices(skp),
        prefix=prefix,
    )


@login_required
@require_POST
def rhk_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    skp = sel.get_skp_for_actor(actor, pk)
    form = _rhk_form(request, skp, "new")
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        run_service(
            request,
            lambda: svc.rhk_add(
                actor=actor,
                skp=skp,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                parent_rhk=form.parent(),
                pk_item=form.pk_item(),
            ),
            _("RHK ditambahkan."),
        )
    return redirect("appraisal:skp-detail", skp.pk)


@login_required
@require_POST
def rhk_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave target (htmx) and the no-JS save button share this endpoint."""
    actor = actor_of(request)
    rhk = sel.get_rhk_for_actor(actor, pk)
    form = _rhk_form(request, rhk.skp, f"rhk{rhk.pk}")
    htmx = request.headers.get("HX-Request") == "true"
    error = ""
    if not form.is_valid():
        error = first_error(form)
    else:
        try:
            svc.rhk_update(
                actor=actor,
                rhk=rhk,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                parent_rhk=form.parent(),
                pk_item=form.pk_item() if form.has_pk_item else KEEP,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if htmx:
        return render(
            request, "appraisal/_save_status.html", {"error": error}, status=422 if error else 200
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("RHK disimpan."))
    return redirect("appraisal:skp-detail", rhk.skp_id)


@login_required
@require_POST
def rhk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    rhk = sel.get_rhk_for_actor(actor, pk)
    run_service(request, lambda: svc.rhk_delete(actor=actor, rhk=rhk), _("RHK dihapus."))
    return redirect("appraisal:skp-detail", rhk.skp_id)


@login_required
@require_POST
def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    rhk = sel.get_rhk_for_actor(actor, pk)
    form = IndicatorForm(request.POST, prefix=f"ind{rhk.pk}")
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        run_service(
            request,
            lambda: svc.indicator_add(actor=actor, rhk=rhk, **form.cleaned_data),
            _("Indikator ditambahkan."),
        )
    return redirect("appraisal:skp-detail", rhk.skp_id)


@login_required
@require_POST
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    indicator = sel.get_indicator_for_actor(actor, pk)
    run_service(
        request,
        lambda: svc.indicator_delete(actor=actor, indicator=indicator),
        _("Indikator dihapus."),
    )
    return redirect("appraisal:skp-detail", indicator.rhk.skp_id)


@login_required
@require_POST
def skp_submit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    skp = sel.get_skp_for_actor(actor, pk)
    run_service(request, lambda: svc.skp_submit(actor=actor, skp=skp), _("SKP diajukan."))
    return redirect("appraisal:skp-detail", skp.pk)


@login_required
@require_POST
@irreversible
def skp_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    skp = sel.get_skp_for_actor(actor, pk)
    if request.POST.get("action") == "approve":  # returning it to its author asks nothing
        require_confirmed(request)
        run_service(request, lambda: svc.skp_approve(actor=actor, skp=skp), _("SKP disetujui."))
    else:
        comment = request.POST.get("comment", "")
        run_service(
            request,
            lambda: svc.skp_return(actor=actor, skp=skp, comment=comment),
            _("SKP dikembalikan."),
        )
    return redirect("appraisal:skp-detail", skp.pk)


@login_required
@require_POST
def realisation_record(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    indicator = sel.get_indicator_for_actor(actor, pk)
    form = RealisationForm(request.POST, request.FILES, prefix=f"real{indicator.pk}")
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        data = form.cleaned_data
        run_service(
            request,
            lambda: svc.realisation_record(
                actor=actor,
                indicator=indicator,
                period=data["period"],
                value=data["value"],
                evidence_url=data["evidence_url"],
                evidence_file=data["evidence_file"],
                note=data["note"],
            ),
            _("Realisasi dicatat."),
        )
    return redirect("appraisal:skp-detail", indicator.rhk.skp_id)


@login_required
@require_POST
def feedback_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    rhk = sel.get_rhk_for_actor(actor, pk)
    text = request.POST.get(f"fb{rhk.pk}-text", "")
    run_service(
        request,
        lambda: svc.feedback_add(actor=actor, rhk=rhk, text=text),
        _("Umpan balik disimpan."),
    )
    return redirect("appraisal:skp-detail", rhk.skp_id)


@login_required
@require_GET
def cascade(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    skp = sel.get_skp_for_actor(actor, pk)
    nodes = sel.cascade_for(skp)
    linked = {child.skp.employee_id for node in nodes for child in node.supporting}
    context = {
        "skp": skp,
        "nodes": nodes,
        "uncovered": [node.rhk for node in nodes if not node.covered],
        # Direct reports none of whose RHK intervene this SKP (yet).
        "unlinked": list(
            Employee.objects.filter(tenant=skp.tenant, supervisor_id=skp.employee_id)
            .exclude(pk__in=linked)
            .order_by("name")
        ),
    }
    return render(request, "appraisal/cascade.html", context)
