"""Pohon Kinerja pages: the tree of a year, sasaran with their indikator, and the
Perjanjian Kinerja of each unit (view, edit items with htmx, sign)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.confirm import irreversible, require_confirmed
from pamong.core.permissions import has_perm
from pamong.core.web import first_error, is_fragment_request, run_service, vary_on_htmx
from pamong.core.web import tenant_actor as actor_of
from pamong.kinerja_org import selectors as sel
from pamong.kinerja_org import services as svc
from pamong.kinerja_org.forms import (
    IndikatorForm,
    PkItemForm,
    SasaranCreateForm,
    SasaranForm,
    target_kwargs,
)
from pamong.kinerja_org.models import PerjanjianKinerja
from pamong.kinerja_org.rules import MANAGE, can_manage_pk, can_manage_sasaran
from pamong.kinerja_org.tree import RhkReader, build_tree


def year_of(request: HttpRequest, actor: Actor) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    try:
        year = int(raw)
    except ValueError:
        return clock.today(actor.tenant).year
    return year if 2000 <= year <= 2100 else clock.today(actor.tenant).year


def _reader(request: HttpRequest) -> Actor:
    actor = actor_of(request)
    if not sel.may_read(actor):
        raise PermissionDenied
    return actor


def _tree_url(year: int) -> str:
    return f"{reverse('kinerja_org:tree')}?{urlencode({'year': year})}"


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    year = year_of(request, actor)
    units = list(sel.sasaran_units(actor)) if actor.employee_id or has_perm(actor, MANAGE) else []
    pemda = has_perm(actor, MANAGE)
    context = {
        "year": year,
        "tree": build_tree(actor, year),
        "sasaran_form": SasaranCreateForm(units=units, pemda=pemda) if units or pemda else None,
    }
    return render(request, "kinerja_org/tree.html", context)


@login_required
@require_POST
def sasaran_create(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    year = year_of(request, actor)
    pemda = has_perm(actor, MANAGE)
    form = SasaranCreateForm(request.POST, units=list(sel.sasaran_units(actor)), pemda=pemda)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(_tree_url(year))
    created = []
    run_service(
        request,
        lambda: created.append(
            svc.sasaran_create(
                actor=actor,
                year=year,
                code=form.cleaned_data["code"],
                statement=form.cleaned_data["statement"],
                unit=form.selected_unit(),
            )
        ),
        _("Sasaran strategis ditambahkan."),
    )
    return redirect("kinerja_org:sasaran", created[0].pk) if created else redirect(_tree_url(year))


@login_required
@require_http_methods(["GET", "POST"])
def sasaran_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    sasaran = sel.get_sasaran_for_actor(actor, pk, write=request.method == "POST")
    if request.method == "POST":
        form = SasaranForm(request.POST)
        if not form.is_valid():
            messages.error(request, first_error(form))
        else:
            run_service(
                request,
                lambda: svc.sasaran_update(actor=actor, sasaran=sasaran, **form.cleaned_data),
                _("Sasaran strategis disimpan."),
            )
        return redirect("kinerja_org:sasaran", sasaran.pk)
    can_edit = can_manage_sasaran(actor, sasaran.unit)
    rows = [
        (
            ind,
            IndikatorForm(
                initial={
                    f: getattr(ind, f)
                    for f in ("code", "statement", "target_value", "target_unit", "target_text")
                },
                prefix=f"ind{ind.pk}",
            ),
        )
        for ind in sasaran.indikator.order_by("order", "id")
    ]
    context = {
        "sasaran": sasaran,
        "rows": rows,
        "can_edit": can_edit,
        "form": SasaranForm(initial={"code": sasaran.code, "statement": sasaran.statement}),
        "new_form": IndikatorForm(prefix="new"),
    }
    return render(request, "kinerja_org/sasaran.html", context)


@login_required
@require_POST
def indikator_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    sasaran = sel.get_sasaran_for_actor(actor, pk, write=True)
    form = IndikatorForm(request.POST, prefix="new")
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        data = form.cleaned_data
        run_service(
            request,
            lambda: svc.indikator_create(
                actor=actor,
                sasaran=sasaran,
                code=data["code"],
                statement=data["statement"],
                **target_kwargs(form),
            ),
            _("Indikator ditambahkan."),
        )
    return redirect("kinerja_org:sasaran", sasaran.pk)


@login_required
@require_POST
def indikator_save(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    indikator = sel.get_indikator_for_actor(actor, pk, write=True)
    form = IndikatorForm(request.POST, prefix=f"ind{indikator.pk}")
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        data = form.cleaned_data
        run_service(
            request,
            lambda: svc.indikator_update(
                actor=actor,
                indikator=indikator,
                code=data["code"] or indikator.code,
                statement=data["statement"],
                **target_kwargs(form),
            ),
            _("Indikator disimpan."),
        )
    return redirect("kinerja_org:sasaran", indikator.sasaran_id)


# --- Perjanjian Kinerja ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def unit_pk(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """The unit's PK of the year: open it, or offer to draft it."""
    actor = actor_of(request)
    unit = sel.get_unit_for_actor(actor, unit_pk)
    year = year_of(request, actor)
    perjanjian = sel.pk_for_unit(unit, year)
    if perjanjian is not None:
        return redirect("kinerja_org:pk", perjanjian.pk)
    can_create = can_manage_pk(actor, unit)
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        created: list[PerjanjianKinerja] = []
        run_service(
            request,
            lambda: created.append(svc.pk_create(actor=actor, unit=unit, year=year)),
            _("Perjanjian Kinerja dibuat."),
        )
        if created:
            return redirect("kinerja_org:pk", created[0].pk)
    context = {"unit": unit, "year": year, "can_create": can_create}
    return render(request, "kinerja_org/unit_pk.html", context)


def _pk_context(actor: Actor, perjanjian: PerjanjianKinerja) -> dict[str, object]:
    can_edit = perjanjian.editable and can_manage_pk(actor, perjanjian.unit)
    items = sel.pk_items(perjanjian)
    # A head's RHK text only for those who may read that SKP (as on the tree page).
    reader = RhkReader(actor)
    for item in items:
        rhks = list(item.rhks.all())
        item.readable_rhks = [r for r in rhks if reader.may_read(r.skp.employee)]  # type: ignore[attr-defined]
        item.hidden_rhks = len(rhks) - len(item.readable_rhks)  # type: ignore[attr-defined]
    return {
        "perjanjian": perjanjian,
        "items": items,
        "can_edit": can_edit,
        "can_sign": can_edit and bool(items),
        "can_reopen": not perjanjian.editable and has_perm(actor, MANAGE),
        "item_form": (
            PkItemForm(choices=list(sel.indikator_choices(perjanjian)), prefix="item")
            if can_edit
            else None
        ),
    }


@login_required
@require_GET
def pk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    perjanjian = sel.get_pk_for_actor(actor, pk)
    return render(request, "kinerja_org/pk.html", _pk_context(actor, perjanjian))


def _after_item_change(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """htmx: the items section again (with the messages); otherwise back to the page."""
    if is_fragment_request(request):
        perjanjian = sel.get_pk_for_actor(actor, pk)
        context = _pk_context(actor, perjanjian)
        return vary_on_htmx(render(request, "kinerja_org/_pk_items.html", context))
    return vary_on_htmx(redirect("kinerja_org:pk", pk))


@login_required
@require_POST
def pk_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    perjanjian = sel.get_pk_for_actor(actor, pk, write=True)
    form = PkItemForm(request.POST, choices=list(sel.indikator_choices(perjanjian)), prefix="item")
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        run_service(
            request,
            lambda: svc.pk_item_add(
                actor=actor,
                perjanjian=perjanjian,
                indikator=form.selected_indikator(),
                **target_kwargs(form),
            ),
            _("Indikator ditambahkan ke Perjanjian Kinerja."),
        )
    return _after_item_change(request, actor, perjanjian.pk)


@login_required
@require_POST
def pk_item_save(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    item = sel.get_pk_item_for_actor(actor, pk, write=True)
    data = request.POST.copy()
    data[f"item{item.pk}-indikator"] = str(item.indikator_id)  # the indikator stays
    form = PkItemForm(data, choices=[item.indikator], prefix=f"item{item.pk}")
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        run_service(
            request,
            lambda: svc.pk_item_update(actor=actor, item=item, **target_kwargs(form)),
            _("Target disimpan."),
        )
    return _after_item_change(request, actor, item.perjanjian_id)


@login_required
@require_POST
def pk_item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    item = sel.get_pk_item_for_actor(actor, pk, write=True)
    run_service(
        request,
        lambda: svc.pk_item_remove(actor=actor, item=item),
        _("Indikator dihapus dari Perjanjian Kinerja."),
    )
    return _after_item_change(request, actor, item.perjanjian_id)


@login_required
@require_POST
@irreversible
def pk_sign(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    perjanjian = sel.get_pk_for_actor(actor, pk, write=True)
    require_confirmed(request)
    run_service(
        request,
        lambda: svc.pk_sign(actor=actor, perjanjian=perjanjian),
        _("Perjanjian Kinerja ditandatangani."),
    )
    return redirect("kinerja_org:pk", perjanjian.pk)


@login_required
@require_POST
def pk_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    perjanjian = sel.get_pk_for_actor(actor, pk, write=True)
    reason = request.POST.get("reason", "")
    run_service(
        request,
        lambda: svc.pk_reopen(actor=actor, perjanjian=perjanjian, reason=reason),
        _("Perjanjian Kinerja dibuka kembali sebagai draf perubahan."),
    )
    return redirect("kinerja_org:pk", perjanjian.pk)
