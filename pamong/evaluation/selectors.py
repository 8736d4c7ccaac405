"""Permission-checked reads of the evaluation: 404 for another tenant, 403 without a right.

BKPSDM, the auditor and the regional head / Sekda (evaluation.view_all) see every OPD; an
OPD head sees the tenant totals and their own OPD's figures only.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pamong.core.actor import Actor
from pamong.core.models import Tenant
from pamong.core.permissions import has_perm, opds_in_view
from pamong.evaluation.models import EvaluationSettings, Policy, PolicyIndicator, Report
from pamong.evaluation.units import cut_for_opds
from pamong.org.models import Unit

VIEW_ALL = "evaluation.view_all"


def may_read(actor: Actor) -> bool:
    return actor.tenant is not None and (has_perm(actor, VIEW_ALL) or actor.is_opd_head)


def _reader(actor: Actor) -> None:
    if actor.tenant is None:
        raise Http404
    if not may_read(actor):
        raise PermissionDenied


def reports_visible_to(actor: Actor) -> QuerySet[Report]:
    if not may_read(actor):
        return Report.objects.none()
    return Report.objects.filter(tenant=actor.tenant).select_related("job")


def get_report_for_actor(actor: Actor, pk: int) -> Report:
    if actor.tenant is None:
        raise Http404
    report = (
        Report.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("job")
        .defer("unit_data")  # large; read by the unit pages only (unit_data_for)
        .first()
    )
    if report is None:
        raise Http404
    _reader(actor)
    return report


def get_policy_indicator_for_actor(actor: Actor, pk: int) -> PolicyIndicator:
    if actor.tenant is None:
        raise Http404
    pi = (
        PolicyIndicator.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("policy", "owner")
        .first()
    )
    if pi is None:
        raise Http404
    _reader(actor)
    return pi


def policies_visible_to(actor: Actor) -> QuerySet[Policy]:
    if not may_read(actor):
        return Policy.objects.none()
    return Policy.objects.filter(tenant=actor.tenant).select_related("owner")


def visible_opd_ids(actor: Actor) -> set[int] | None:
    """None: every OPD; else the OPDs whose figures the actor may see."""
    opds = opds_in_view(actor, VIEW_ALL)
    return None if opds is None else set(opds)


def data_for(actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """The report data cut to what the actor may see (other OPDs removed for an OPD head)."""
    allowed = visible_opd_ids(actor)
    if allowed is None:
        return data
    keep = {str(o) for o in allowed}
    cut = copy.deepcopy(data)
    cut["opds"] = [o for o in cut.get("opds", []) if str(o["id"]) in keep]
    for row in cut.get("indicators", []):
        if "opds" in row:
            row["opds"] = {o: f for o, f in row["opds"].items() if o in keep}
    cut["findings"] = [f for f in cut.get("findings", []) if f.get("opd") in keep]
    cut["explanations"] = {o: e for o, e in cut.get("explanations", {}).items() if o in keep}
    cut["employees"] = {o: n for o, n in cut.get("employees", {}).items() if o in keep}
    return cut


def unit_data_for(actor: Actor, report: Report, opd_id: int | None = None) -> dict[str, Any]:
    """The report's unit figures the actor may see: of one OPD (404 for an OPD not in the
    tenant, 403 for one the actor may not see), or of every visible OPD when opd_id is None.
    An OPD head sees their own OPD's units only."""
    allowed = visible_opd_ids(actor)
    if opd_id is None:
        return cut_for_opds(report.unit_data or {}, allowed)
    if not Unit.objects.filter(tenant=actor.tenant, pk=opd_id, parent=None).exists():
        raise Http404
    if allowed is not None and opd_id not in allowed:
        raise PermissionDenied
    return cut_for_opds(report.unit_data or {}, {opd_id})


def public_summary_enabled(tenant_id: int) -> bool:
    return EvaluationSettings.objects.filter(tenant_id=tenant_id, public_summary=True).exists()


def public_summary_link(tenant: Tenant) -> tuple[Any, str] | None:
    """The transparency page's link to the public summary, when the Pemda publishes it and
    a signed report exists (the summary shows the latest signed report)."""
    if not public_summary_enabled(tenant.pk) or latest_signed(tenant.pk) is None:
        return None
    return _("Evaluasi kebijakan kepegawaian"), reverse("evaluation:public", args=[tenant.slug])


def latest_signed(tenant_id: int) -> Report | None:
    return (
        Report.objects.filter(tenant_id=tenant_id, state=Report.State.SIGNED)
        .order_by("-signed_at", "-id")
        .first()
    )
