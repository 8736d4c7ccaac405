"""What the actor needs to know about an employee: the OPDs they head and their direct
subordinates. Registered with pamong.core.actor when the app is ready."""

from __future__ import annotations

from django.db import connection

from pamong.core.models import Tenant

# Both facts in one statement, written out: it runs on every signed-in request, and
# compiling the equivalent ORM union cost more CPU than the database spent answering it
# (issue 13, quiz submissions). The tables of Unit and Employee (asserted in
# tests/org/test_actor_facts.py).
_FACTS_SQL = (
    "SELECT 0, id FROM org_unit WHERE tenant_id = %s AND head_id = %s AND parent_id IS NULL "
    "UNION ALL "
    "SELECT 1, id FROM org_employee WHERE tenant_id = %s AND supervisor_id = %s"
)


def employee_facts(tenant: Tenant, employee_id: int) -> tuple[set[int], set[int]]:
    headed_opds: set[int] = set()
    subordinates: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(_FACTS_SQL, [tenant.pk, employee_id, tenant.pk, employee_id])
        for fact, pk in cursor.fetchall():
            (headed_opds if fact == 0 else subordinates).add(pk)
    return headed_opds, subordinates
