"""The actor's employee facts (headed OPDs, direct subordinates) are read in one written-out
statement on every signed-in request; it must say what the models say, per tenant."""

from __future__ import annotations

from django_scopes import scopes_disabled

from pamong.core.actor import actor_for_user
from pamong.org.actors import employee_facts
from pamong.org.models import Employee, Unit
from tests.conftest import World


def test_the_statement_names_the_models_tables() -> None:
    assert Unit._meta.db_table == "org_unit" and Employee._meta.db_table == "org_employee"


def test_facts_match_the_orm_and_stay_in_the_tenant(world: World) -> None:
    with scopes_disabled():
        for person in (world.head, world.supervisor, world.employee, world.foreigner):
            headed = set(
                Unit.objects.filter(
                    tenant=person.tenant, head=person, parent__isnull=True
                ).values_list("pk", flat=True)
            )
            subs = set(
                Employee.objects.filter(tenant=person.tenant, supervisor=person).values_list(
                    "pk", flat=True
                )
            )
            assert employee_facts(person.tenant, person.pk) == (headed, subs)
        assert world.opd.pk in employee_facts(world.tenant, world.head.pk)[0]
        assert world.employee.pk in employee_facts(world.tenant, world.supervisor.pk)[1]
        # The same employee id asked for under the other tenant finds nothing.
        assert employee_facts(world.other_tenant, world.supervisor.pk) == (set(), set())
    actor = actor_for_user(world.supervisor_user)
    assert actor.is_supervisor and world.employee.pk in actor.subordinate_ids
    assert actor_for_user(world.head_user).is_opd_head
