"""Employee and supervisor pages: my JP, the catalogue, applying, the approval inbox,
enrolment details, external certificates. All writes go through services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core import clock
from pamong.core.confirm import irreversible, require_confirmed
from pamong.core.errors import InputErrors
from pamong.core.web import actor_of, tenant_view
from pamong.org.selectors import get_employee_by_nip_for_actor

from . import services, uploads
from .forms import ApplyForm, CertificateForm, CompleteForm, DecisionForm, NominateForm
from .models import Enrolment, ExternalCertificate, JpEntry, Programme
from .rules import threshold_for
from .selectors import (
    can_consider,
    can_decide,
    can_manage,
    can_see_dashboard,
    can_view_all,
    certificates_visible_to,
    get_certificate_for_actor,
    get_enrolment_for_actor,
    get_programme_for_actor,
    inbox,
    programmes_open_to,
    settings_of,
)

PAGE_SIZE = 50


def _year(request: HttpRequest, default: int) -> int:
    try:
        year = int(request.GET.get("tahun", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


@require_GET
@tenant_view()
def index(request: HttpRequest) -> HttpResponse:
    """My JP this year, my applications and certificates."""
    actor = actor_of(request)
    if actor.employee_id is None:
        if can_see_dashboard(actor):
            return redirect("competence:dashboard")
        raise PermissionDenied
    assert actor.tenant is not None
    year = _year(request, clock.today(actor.tenant).year)
    entries = JpEntry.objects.filter(
        tenant=actor.tenant, employee_id=actor.employee_id, year=year
    ).order_by("-completed_on", "-id")
    total = entries.aggregate(total=Sum("jp"))["total"] or 0
    pns_min, pppk_max, _rules = settings_of(actor.tenant.pk)
    from pamong.org.models import Employee

    employee_type = Employee.objects.filter(pk=actor.employee_id).values_list(
        "employee_type", flat=True
    )[0]
    target = threshold_for(employee_type, pns_min, pppk_max)
    mine = (
        Enrolment.objects.filter(tenant=actor.tenant, employee_id=actor.employee_id)
        .select_related("programme")
        .order_by("-programme__start", "-id")[:50]
    )
    context = {
        "year": year,
        "entries": entries,
        "total": total,
        "target": target,
        "is_pppk": employee_type == "PPPK",
        "pct": min(100, round(100 * total / target)) if target else 100,
        "enrolments": mine,
        "certificates": certificates_visible_to(actor).filter(employee_id=actor.employee_id)[:50],
        "can_inbox": actor.is_supervisor or can_manage(actor),
        "is_supervisor": actor.is_supervisor,
        "can_dashboard": can_see_dashboard(actor),
        "can_manage": can_manage(actor),
    }
    return render(request, "competence/index.html", context)


@require_GET
@tenant_view()
def catalogue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    programmes = programmes_open_to(actor).order_by("-start", "title")
    kind = request.GET.get("bentuk", "")
    if kind:
        programmes = programmes.filter(kind=kind)
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "can_manage": can_manage(actor)}
    return render(request, "competence/catalogue.html", context)


@require_GET
@tenant_view()
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    programme = get_programme_for_actor(actor, pk)
    mine = None
    if actor.employee_id is not None:
        mine = Enrolment.objects.filter(
            tenant=actor.tenant, programme=programme, employee_id=actor.employee_id
        ).first()
    participants = None
    if can_view_all(actor):
        participants = (
            Enrolment.objects.filter(tenant=actor.tenant, programme=programme)
            .select_related("employee", "employee__unit")
            .order_by("employee__name")
        )
    seats = Enrolment.objects.filter(
        tenant=actor.tenant, programme=programme, status__in=Enrolment.SEATED
    ).count()
    context = {
        "programme": programme,
        "mine": mine,
        "participants": participants,
        "seats": seats,
        "apply_form": ApplyForm(),
        "nominate_form": NominateForm(),
        "can_apply": actor.employee_id is not None
        and programme.status == Programme.Status.OPEN
        and (mine is None or mine.status == Enrolment.Status.CANCELLED),
        "can_manage": can_manage(actor),
    }
    return render(request, "competence/programme_detail.html", context)


@require_POST
@tenant_view()
def programme_apply(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    programme = get_programme_for_actor(actor, pk)
    form = ApplyForm(request.POST)
    motivation = form.cleaned_data["motivation"] if form.is_valid() else ""
    try:
        enrolment = services.enrolment_apply(
            actor=actor, programme=programme, motivation=motivation
        )
    except InputErrors as exc:
        for error in exc.errors:
            messages.error(request, error.message)
        return redirect("competence:programme", pk=pk)
    messages.success(request, _("Pendaftaran dikirim."))
    return redirect("competence:enrolment", pk=enrolment.pk)


@require_POST
@tenant_view(perms=("competence.manage",))
def programme_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    programme = get_programme_for_actor(actor, pk, write=True)
    form = NominateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("NIP wajib diisi."))
        return redirect("competence:programme", pk=pk)
    try:
        employee = get_employee_by_nip_for_actor(actor, form.cleaned_data["nip"].strip())
    except Http404:
        messages.error(request, _("Pegawai dengan NIP ini tidak ditemukan."))
        return redirect("competence:programme", pk=pk)
    try:
        services.enrolment_nominate(
            actor=actor, programme=programme, employee=employee, note=form.cleaned_data["note"]
        )
    except InputErrors as exc:
        for error in exc.errors:
            messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s ditunjuk sebagai peserta.") % {"name": employee.name})
    return redirect("competence:programme", pk=pk)


@require_GET
@tenant_view()
def inbox_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not (actor.is_supervisor or can_manage(actor)):
        raise PermissionDenied
    consider, decide = inbox(actor)
    context = {"consider": consider[:200], "decide": decide[:200], "form": DecisionForm()}
    return render(request, "competence/inbox.html", context)


@require_GET
@tenant_view()
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    enrolment = get_enrolment_for_actor(actor, pk)
    context = _enrolment_context(actor, enrolment)
    return render(request, "competence/enrolment_detail.html", context)


def _enrolment_context(actor: Any, enrolment: Enrolment, **extra: Any) -> dict[str, Any]:
    own = enrolment.employee_id == actor.employee_id
    open_states = (
        Enrolment.Status.SUBMITTED,
        Enrolment.Status.SUPERVISOR_APPROVED,
        Enrolment.Status.APPROVED,
    )
    context = {
        "enrolment": enrolment,
        "programme": enrolment.programme,
        "can_consider": can_consider(actor, enrolment),
        "can_decide": can_decide(actor, enrolment),
        "can_complete": can_manage(actor) and enrolment.status == Enrolment.Status.APPROVED,
        "can_cancel": (own or can_manage(actor)) and enrolment.status in open_states,
        "decision_form": DecisionForm(),
        "complete_form": CompleteForm(),
    }
    context.update(extra)
    return context


@require_POST
@tenant_view()
def enrolment_consider(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(request, pk, services.enrolment_consider, _("Pertimbangan atasan disimpan."))


@require_POST
@tenant_view(perms=("competence.manage",))
@irreversible
def enrolment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(
        request, pk, services.enrolment_decide, _("Keputusan BKPSDM disimpan."), confirm=True
    )


def _decision(
    request: HttpRequest, pk: int, service: Any, done: str, confirm: bool = False
) -> HttpResponse:
    actor = actor_of(request)
    enrolment = get_enrolment_for_actor(actor, pk)
    if confirm:
        require_confirmed(request)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih keputusan."))
        return redirect("competence:enrolment", pk=pk)
    try:
        service(
            actor=actor,
            enrolment=enrolment,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    except InputErrors as exc:
        for error in exc.errors:
            messages.error(request, error.message)
    else:
        messages.success(request, done)
    target = request.POST.get("next")
    return (
        redirect("competence:inbox")
        if target == "inbox"
        else redirect("competence:enrolment", pk=pk)
    )


@require_POST
@tenant_view()
def enrolment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    enrolment = get_enrolment_for_actor(actor, pk)
    try:
        services.enrolment_cancel(actor=actor, enrolment=enrolment)
    except InputErrors as exc:
        for error in exc.errors:
            messages.error(request, error.message)
    else:
        messages.success(request, _("Pendaftaran dibatalkan."))
    return redirect("competence:enrolment", pk=pk)


@require_POST
@tenant_view(perms=("competence.manage",))
def enrolment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    enrolment = get_enrolment_for_actor(actor, pk)
    form = CompleteForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.enrolment_complete(
                actor=actor, enrolment=enrolment, completed=data["outcome"] == "completed",
                attended_pct=data["attended_pct"], completed_on=data["completed_on"],
                certificate_number=data["certificate_number"],
                certificate_date=data["certificate_date"], certificate=data["certificate"],
                sessions=data["sessions"] or 0, minutes=data["minutes"] or 0,
            )  # fmt: skip
        except InputErrors as exc:
            form.add_input_errors(exc)
        else:
            messages.success(request, _("Hasil kegiatan dicatat."))
            return redirect("competence:enrolment", pk=pk)
    context = _enrolment_context(actor, enrolment, complete_form=form)
    return render(request, "competence/enrolment_detail.html", context, status=400)


@require_GET
@tenant_view()
def enrolment_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    enrolment = get_enrolment_for_actor(actor, pk)
    if not enrolment.certificate:
        raise Http404
    return uploads.file_response(
        enrolment.certificate, enrolment.certificate_type, f"sertifikat-{enrolment.pk}"
    )


# --- external certificates ----------------------------------------------------------------


@require_GET
@tenant_view()
def certificates(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor.employee_id is None and not can_view_all(actor):
        raise PermissionDenied
    qs = certificates_visible_to(actor).select_related("employee").order_by("-created_at", "-id")
    status = request.GET.get("status", "")
    if status in ExternalCertificate.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "status": status,
        "statuses": ExternalCertificate.Status.choices,
        "can_submit": actor.employee_id is not None,
    }
    return render(request, "competence/certificates.html", context)


@require_http_methods(["GET", "POST"])
@tenant_view()
def certificate_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor.employee_id is None:
        raise PermissionDenied
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cert = services.certificate_submit(
                actor=actor, title=data["title"], kind=data["kind"], organiser=data["organiser"],
                jp=data["jp"], start=data["start"], end=data["end"],
                certificate_number=data["certificate_number"],
                certificate_date=data["certificate_date"], upload=data["file"],
                sessions=data["sessions"] or 0, minutes=data["minutes"] or 0,
            )  # fmt: skip
        except InputErrors as exc:
            form.add_input_errors(exc)
        else:
            messages.success(request, _("Sertifikat dikirim untuk diverifikasi."))
            return redirect("competence:certificate", pk=cert.pk)
    status = 400 if form.errors else 200
    return render(request, "competence/certificate_form.html", {"form": form}, status=status)


@require_GET
@tenant_view()
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    cert = get_certificate_for_actor(actor, pk)
    context = {
        "cert": cert,
        "can_verify": can_manage(actor)
        and cert.status == ExternalCertificate.Status.SUBMITTED
        and cert.employee_id != actor.employee_id,
        "form": DecisionForm(),
    }
    return render(request, "competence/certificate_detail.html", context)


@require_POST
@tenant_view(perms=("competence.manage",))
def certificate_verify(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    cert = get_certificate_for_actor(actor, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_verify(
                actor=actor,
                certificate=cert,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except InputErrors as exc:
            for error in exc.errors:
                messages.error(request, error.message)
        else:
            messages.success(request, _("Verifikasi disimpan."))
    return redirect("competence:certificate", pk=pk)


@require_GET
@tenant_view()
def certificate_file(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    cert = get_certificate_for_actor(actor, pk)
    return uploads.file_response(cert.file, cert.content_type, f"sertifikat-eksternal-{cert.pk}")
