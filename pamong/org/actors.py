"""What the actor needs to know about an employee: the OPDs they head and their direct
subordinates. Registered with pamong.core.actor when the app is ready."""

from __future__ import annotations

from django.db.models import IntegerField, Value

from pamong.core.models import Tenant
from pamong.org.models import Employee, Unit


def employee_facts(tenant: Tenant, employee_id: int) -> tuple[set[int], set[int]]:
    """Both in one statement (UNION ALL): it runs on every signed-in request."""
    headed = (
        Unit.objects.filter(tenant=tenant, head_id=employee_id, parent__isnull=True)
        .order_by()
        .annotate(fact=Value(0, output_field=IntegerField()))
        .values_list("fact", "id")
    )
    supervised = (
        Employee.objects.filter(tenant=tenant, supervisor_id=employee_id)
        .order_by()
        .annotate(fact=Value(1, output_field=IntegerField()))
        .values_list("fact", "id")
    )
    headed_opds: set[int] = set()
    subordinates: set[int] = set()
    for fact, pk in headed.union(supervised, all=True):
        (headed_opds if fact == 0 else subordinates).add(pk)
    return headed_opds, subordinates
