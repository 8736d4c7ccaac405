"""TPP policy pages (published text, versions, editing) and the what-if simulation."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pamong.core import clock
from pamong.core.errors import InputErrors
from pamong.core.permissions import has_perm
from pamong.imports.tabular import parse_month
from pamong.tpp.models import TppPolicy
from pamong.tpp.policy import parse_policy, policy_to_yaml
from pamong.tpp.policy_fields import FieldProblem, field_problems
from pamong.tpp.policy_text import describe_policy
from pamong.tpp.services import policy_in_force, policy_of, policy_versions, tpp_policy_load
from pamong.tpp.simulate import tpp_simulate
from pamong.tpp.views import _actor

MAX_POLICY_BYTES = 256 * 1024


def _posted_policy(request: HttpRequest) -> str:
    """An uploaded tpp-policy.yaml wins over the text area (both forms offer both)."""
    upload = request.FILES.get("policy_file")
    if upload is None:
        return request.POST.get("policy", "")
    if upload.size is not None and upload.size > MAX_POLICY_BYTES:
        return ""  # validation then reports the missing fields
    return upload.read(MAX_POLICY_BYTES).decode("utf-8-sig", errors="replace")


@login_required
@require_http_methods(["GET", "POST"])
def simulate(request: HttpRequest) -> HttpResponse:
    """What-if: a month computed with a pasted policy, next to the month's run (finance)."""
    actor = _actor(request)
    if not has_perm(actor, "tpp.budget"):
        raise PermissionDenied
    context: dict[str, object] = {
        "period": request.POST.get("period", clock.today(actor.tenant).strftime("%Y-%m")),
        "policy_text": _posted_policy(request),
    }
    if request.method == "GET":
        row = policy_in_force(actor.tenant, clock.today(actor.tenant))  # type: ignore[arg-type]
        context["policy_text"] = policy_to_yaml(policy_of(row)) if row is not None else ""
    else:
        try:
            period = parse_month(str(context["period"]).strip())
            context["result"] = tpp_simulate(
                actor=actor, period=period, policy_text=str(context["policy_text"])
            )
        except ValueError as exc:
            context["problems"] = [str(exc)]
        except InputErrors as exc:
            context["problems"] = exc.lines()
    return render(request, "tpp/simulate.html", context)


@login_required
@require_GET
def policy(request: HttpRequest) -> HttpResponse:
    """The policy in force on a date, in plain Indonesian, with every version (published)."""
    actor = _actor(request)
    try:
        day = dt.date.fromisoformat(request.GET["tanggal"])
    except (KeyError, ValueError):
        day = clock.today(actor.tenant)
    assert actor.tenant is not None
    row = policy_in_force(actor.tenant, day)
    context = {
        "row": row,
        "day": day,
        "text": describe_policy(policy_of(row)) if row is not None else None,
        "versions": policy_versions(actor.tenant),
        "can_edit": has_perm(actor, "tpp.manage_policy"),
    }
    return render(request, "tpp/policy.html", context)


@login_required
@require_GET
def policy_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    """One version as tpp-policy.yaml (the policy is published to every employee)."""
    actor = _actor(request)
    row = TppPolicy.objects.filter(tenant=actor.tenant, pk=pk).first()
    if row is None:
        raise Http404
    response = HttpResponse(
        policy_to_yaml(policy_of(row)), content_type="application/yaml; charset=utf-8"
    )
    name = f"tpp-policy-{row.effective_from.isoformat()}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest) -> HttpResponse:
    """Edit a copy of a version and save it: a new effective_from keeps the old version."""
    actor = _actor(request)
    if not has_perm(actor, "tpp.manage_policy"):
        raise PermissionDenied
    assert actor.tenant is not None
    problems: list[FieldProblem] = []
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        # Validate and show the plain-language text, saving nothing.
        text = _posted_policy(request)
        try:
            preview = describe_policy(parse_policy(text, source="tpp-policy.yaml"))
        except InputErrors as exc:
            problems = field_problems(exc)
    elif request.method == "POST":
        text = _posted_policy(request)
        try:
            row, created = tpp_policy_load(
                actor=actor, data=text.encode("utf-8"), source="tpp-policy.yaml"
            )
        except InputErrors as exc:
            problems = field_problems(exc)
        else:
            messages.success(
                request,
                (_("Versi baru disimpan.") if created else _("Versi diganti."))
                + " "
                + _("Berlaku mulai %(d)s.") % {"d": row.effective_from.isoformat()},
            )
            url = reverse("tpp:policy") + f"?tanggal={row.effective_from.isoformat()}"
            return redirect(url)
    else:
        wanted = request.GET.get("dari", "")
        start = TppPolicy.objects.filter(
            tenant=actor.tenant, pk=int(wanted) if wanted.isdigit() else 0
        ).first() or policy_in_force(actor.tenant, clock.today(actor.tenant))
        text = policy_to_yaml(policy_of(start)) if start is not None else ""
        # The reading of the version being edited, next to its YAML.
        preview = describe_policy(policy_of(start)) if start is not None else None
    context = {"policy_text": text, "problems": problems, "preview": preview}
    return render(request, "tpp/policy_edit.html", context, status=400 if problems else 200)
