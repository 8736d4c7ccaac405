"""The development panel of the SKP page: the IDP of the SKP's year against the JP ledger.

Registered with pamong.appraisal.development when the app is ready (apps.py); the SKP cycle
reads it without importing competence. Four queries whatever the size of the ledger."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.http import urlencode

from pamong.appraisal.development import DevelopmentPanel, DoneActivity, PlannedItem
from pamong.core.actor import Actor
from pamong.org.models import Employee

from .models import DevelopmentPlan, DevelopmentPlanItem, JpEntry

LATEST = 5  # completed activities listed; the rest are counted


class SkpDevelopment:
    def panel(self, actor: Actor, employee: Employee, year: int) -> DevelopmentPanel:
        out = DevelopmentPanel(year=year)
        plan = DevelopmentPlan.objects.filter(
            tenant_id=employee.tenant_id, employee_id=employee.pk, year=year
        ).first()
        if plan is not None:
            out.plan_status = plan.status
            out.goals = plan.goals
            out.items = [
                PlannedItem(activity=a, kind=k, jp=jp)
                for a, k, jp in DevelopmentPlanItem.objects.filter(
                    tenant_id=employee.tenant_id, plan=plan
                ).values_list("activity", "kind", "jp")
            ]
            out.planned_jp = sum(i.jp for i in out.items)
        ledger = JpEntry.objects.filter(
            tenant_id=employee.tenant_id, employee_id=employee.pk, year=year
        )
        totals = ledger.aggregate(jp=Sum("jp"), n=Count("pk"))
        out.achieved_jp, out.done_total = totals["jp"] or 0, totals["n"]
        out.done = [
            DoneActivity(title=t, kind=k, jp=jp, completed_on=on)
            for t, k, jp, on in ledger.order_by("-completed_on", "-id").values_list(
                "title", "kind", "jp", "completed_on"
            )[:LATEST]
        ]
        out.url = _plan_url(actor, employee, year)
        return out


def _plan_url(actor: Actor, employee: Employee, year: int) -> str:
    """The IDP page the actor may open: their own, or a subordinate's as the supervisor."""
    query = "?" + urlencode({"tahun": year})
    if actor.employee_id == employee.pk:
        return reverse("competence:plan") + query
    if actor.employee_id is not None and employee.supervisor_id == actor.employee_id:
        return reverse("competence:team-plan", args=[employee.pk]) + query
    return ""
