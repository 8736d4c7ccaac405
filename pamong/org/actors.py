"""What the actor needs to know about an employee: the OPDs they head and their direct
subordinates. Registered with pamong.core.actor when the app is ready."""

from __future__ import annotations

from pamong.core.models import Tenant
from pamong.org.models import Employee, Unit


def employee_facts(tenant: Tenant, employee_id: int) -> tuple[set[int], set[int]]:
    headed_opds = set(
        Unit.objects.filter(tenant=tenant, head_id=employee_id, parent__isnull=True).values_list(
            "id", flat=True
        )
    )
    subordinates = set(
        Employee.objects.filter(tenant=tenant, supervisor_id=employee_id).values_list(
            "id", flat=True
        )
    )
    return headed_opds, subordinates
