"""The policy register: policies, their indicators with baseline and targets, manual values."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.permissions import has_perm
from pamong.evaluation import selectors as sel
from pamong.evaluation import services as svc
from pamong.evaluation.indicators import GROUPS, REGISTRY
from pamong.evaluation.models import ManualValue
from pamong.evaluation.views import _run, reader
from pamong.org.models import Unit


def _owner(actor: Actor, raw: str) -> Unit | None:
    if not raw:
        return None
    try:
        return Unit.objects.get(tenant=actor.tenant, pk=int(raw), parent=None)
    except (ValueError, Unit.DoesNotExist) as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
@reader
def policies(request: HttpRequest, actor: Actor) -> HttpResponse:
    if request.method == "POST":
        if not has_perm(actor, svc.MANAGE):
            raise PermissionDenied
        p = request.POST
        _run(
            request,
            lambda: svc.policy_save(
                actor=actor,
                code=p.get("code", "").strip(),
                name=p.get("name", "").strip(),
                legal_basis=p.get("legal_basis", "").strip(),
                goal=p.get("goal", "").strip(),
                owner=_owner(actor, p.get("owner", "")),
            ),
            _("Kebijakan disimpan."),
        )
        return redirect("evaluation:policies")
    assert actor.tenant is not None
    items = list(sel.policies_visible_to(actor).prefetch_related("indicators__owner"))
    year = clock.today(actor.tenant).year
    context = {
        "policies": items,
        "registry": [(str(GROUPS[i.group]), i) for i in REGISTRY.values()],
        "opds": Unit.objects.filter(tenant=actor.tenant, parent=None).order_by("code"),
        "target_periods": [f"{year}-S1", f"{year}-S2", str(year)],
        "can_manage": has_perm(actor, svc.MANAGE),
        "my_opds": actor.opd_ids,
    }
    return render(request, "evaluation/policies.html", context)


@require_POST
@reader
def indicator_add(request: HttpRequest, actor: Actor, policy_pk: int) -> HttpResponse:
    if not has_perm(actor, svc.MANAGE):
        raise PermissionDenied
    policy = sel.policies_visible_to(actor).filter(pk=policy_pk).first()
    if policy is None:
        raise Http404
    p = request.POST
    manual = p.get("manual") == "on"
    targets = {
        key.removeprefix("target_"): p.get(key, "")
        for key in p
        if key.startswith("target_") and p.get(key, "").strip()
    }
    _run(
        request,
        lambda: svc.indicator_save(
            actor=actor,
            policy=policy,
            code=p.get("code", "").strip(),
            targets=targets,
            baseline=p.get("baseline", ""),
            owner=_owner(actor, p.get("owner", "")),
            manual=manual,
            label=p.get("label", "").strip(),
            unit_label=p.get("unit_label", "").strip(),
            higher_is_better=p.get("lower_is_better") != "on",
        ),
        _("Indikator disimpan."),
    )
    return redirect("evaluation:policies")


@require_http_methods(["GET", "POST"])
@reader
def manual_value(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """The owner of a manual indicator enters its value for a period with evidence."""
    pi = sel.get_policy_indicator_for_actor(actor, pk)
    if not pi.manual:
        raise Http404
    if not svc.may_enter(actor, pi):
        raise PermissionDenied
    if request.method == "POST":
        ok = _run(
            request,
            lambda: svc.manual_value_enter(
                actor=actor,
                indicator=pi,
                period=request.POST.get("period", ""),
                value=request.POST.get("value", ""),
                evidence=request.POST.get("evidence", ""),
            ),
            _("Nilai disimpan."),
        )
        if ok:
            return redirect("evaluation:policies")
    values = ManualValue.objects.filter(tenant=actor.tenant, indicator=pi).order_by("-period")
    return render(request, "evaluation/manual_value.html", {"pi": pi, "values": values})
