"""Roles limited to an OPD (`pamong role grant --unit`): every role that can be limited sees
and acts on its OPD's records only, in the selectors used by pages, API and exports."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pamong.accounts.services import role_grant
from pamong.attendance.corrections import corrections_visible_to
from pamong.attendance.selectors import attendance_employees_visible_to
from pamong.core.actor import actor_for_user, cli_actor
from pamong.core.models import Role, User
from pamong.core.permissions import has_perm, perm_opds
from pamong.evaluation.selectors import visible_opd_ids
from pamong.leave.selectors import requests_visible_to, team_employees
from pamong.org.selectors import can_see_employee, employees_visible_to, units_visible_to
from tests.conftest import World
from tests.factories import UserFactory, grant


def _limited(world: World, role: str, name: str) -> User:
    user = UserFactory(username=f"{name}.opd", tenant=world.tenant)
    grant(user, role, unit=world.opd)
    return user


def _opd_nips(world: World) -> set[str]:
    return {e.nip for e in (world.head, world.supervisor, world.employee, world.peer)}


LIMITABLE = [Role.FINANCE, Role.APPROVER, Role.AUDITOR, Role.PIMPINAN, Role.BKPSDM_ADMIN]


@pytest.mark.parametrize("role", LIMITABLE)
def test_a_limited_role_sees_the_employees_of_its_opd_only(world: World, role: str) -> None:
    actor = actor_for_user(_limited(world, role, role))
    assert dict(actor.role_limits) == {role: frozenset({world.opd.pk})}
    seen = set(employees_visible_to(actor).values_list("nip", flat=True))
    assert seen == _opd_nips(world)
    assert not can_see_employee(actor, world.outsider)
    assert can_see_employee(actor, world.employee)
    assert {u.pk for u in units_visible_to(actor)} == {world.opd.pk, world.bidang.pk}
    # API and pages go through the same selectors.
    client = world.client_for(actor.user)  # type: ignore[arg-type]
    listed = client.get(reverse("api:employees")).json()["results"]
    assert {row["nip"] for row in listed} == _opd_nips(world)
    assert client.get(reverse("api:employee", args=[world.outsider.pk])).status_code == 403
    assert client.get(reverse("api:employee", args=[world.employee.pk])).status_code == 200


def test_unlimited_and_limited_grants_of_one_role_mean_the_whole_tenant(world: World) -> None:
    user = _limited(world, Role.AUDITOR, "both")
    grant(user, Role.AUDITOR)
    actor = actor_for_user(user)
    assert actor.role_limits == ()
    assert perm_opds(actor, "org.view_all") is None
    assert employees_visible_to(actor).count() == 5


def test_a_limited_role_keeps_only_the_capabilities_narrowed_to_an_opd(world: World) -> None:
    admin = actor_for_user(_limited(world, Role.BKPSDM_ADMIN, "admin"))
    assert has_perm(admin, "org.view_all") and has_perm(admin, "leave.view_all")
    # Tenant-wide actions need an unlimited grant.
    for perm in ("org.change", "accounts.manage", "audit.view", "tpp.manage_policy"):
        assert not has_perm(admin, perm), perm
    finance = actor_for_user(_limited(world, Role.FINANCE, "fin"))
    assert perm_opds(finance, "tpp.view_all") == {world.opd.pk}
    assert perm_opds(finance, "tpp.budget") == {world.opd.pk}
    for perm in ("tpp.run", "tpp.verify", "tpp.pay"):
        assert not has_perm(finance, perm), perm
    approver = actor_for_user(_limited(world, Role.APPROVER, "appr"))
    assert not has_perm(approver, "tpp.approve")
    assert perm_opds(actor_for_user(world.finance_user), "tpp.view_all") is None


def test_limited_auditor_attendance_leave_and_audit_log(world: World) -> None:
    user = _limited(world, Role.AUDITOR, "aud")
    actor = actor_for_user(user)
    assert set(attendance_employees_visible_to(actor).values_list("nip", flat=True)) == (
        _opd_nips(world)
    )
    assert set(team_employees(actor).values_list("nip", flat=True)) == _opd_nips(world)
    opd_ids = set(
        requests_visible_to(actor).values_list("employee__opd_id", flat=True).distinct()
    ) | set(corrections_visible_to(actor).values_list("employee__opd_id", flat=True))
    assert opd_ids <= {world.opd.pk}
    assert world.client_for(user).get(reverse("ui:audit")).status_code == 403
    assert world.client_for(world.auditor_user).get(reverse("ui:audit")).status_code == 200


def test_limited_regional_head_sees_its_opds_figures(world: World) -> None:
    actor = actor_for_user(_limited(world, Role.PIMPINAN, "bupati"))
    assert visible_opd_ids(actor) == {world.opd.pk}
    assert visible_opd_ids(actor_for_user(world.auditor_user)) is None


def test_a_role_is_limited_to_a_whole_opd_not_a_unit_below(world: World) -> None:
    user = UserFactory(username="sub.opd", tenant=world.tenant)
    with pytest.raises(ValidationError):
        role_grant(actor=cli_actor(world.tenant), user=user, role=Role.AUDITOR, unit=world.bidang)
    role_grant(actor=cli_actor(world.tenant), user=user, role=Role.AUDITOR, unit=world.opd)
