import pytest
from django_scopes import scope
from django_scopes.exceptions import ScopeError

from pamong.cli import resolve_command
from pamong.core.actor import actor_for_user
from pamong.org.models import Employee
from pamong.org.selectors import employees_visible_to


def test_it_maps_multiword_commands() -> None:
    known = {"import_units", "tpp_policy_load", "tpp_run", "migrate"}
    assert resolve_command(["import", "units", "f.csv"], known) == ["import_units", "f.csv"]
    assert resolve_command(["tpp", "policy", "load", "x"], known) == ["tpp_policy_load", "x"]
    assert resolve_command(["migrate", "-v", "0"], known) == ["migrate", "-v", "0"]


@pytest.mark.django_db
def test_queries_outside_a_scope_raise() -> None:
    with scope(), pytest.raises(ScopeError):
        list(Employee.objects.all())


def test_it_resolves_supervisors_from_the_unit_tree(world) -> None:
    assert world.employee.supervisor_id == world.supervisor.pk
    assert world.supervisor.supervisor_id == world.head.pk
    assert world.head.supervisor_id is None
    assert world.outsider.supervisor_id is None


def test_visibility_per_persona(world) -> None:
    def visible(user):
        return set(employees_visible_to(actor_for_user(user)).values_list("pk", flat=True))

    assert visible(world.employee_user) == {world.employee.pk}
    assert visible(world.supervisor_user) == {world.supervisor.pk, world.employee.pk, world.peer.pk}
    assert world.outsider.pk not in visible(world.head_user)
    assert world.employee.pk in visible(world.head_user)
    assert world.foreigner.pk not in visible(world.admin_user)
    assert world.outsider.pk in visible(world.auditor_user)
