"""Links to pages the person may not open are hidden (issue 12, section 3): the same rule
as the page itself (`pamong.org.selectors.can_open_unit`)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pamong.core.actor import actor_for_user
from pamong.org.selectors import can_open_unit
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_employee_sees_their_unit_unlinked(world: World) -> None:
    unit_url = reverse("ui:unit-detail", args=[world.employee.unit.pk])
    client = world.client_for(world.employee_user)
    page = client.get(reverse("ui:employee-detail", args=[world.employee.pk]))
    assert page.status_code == 200
    assert world.employee.unit.name in page.text and unit_url not in page.text
    assert client.get(unit_url).status_code == 403  # what the link used to lead to


def test_those_who_may_open_the_unit_get_the_link(world: World) -> None:
    unit_url = reverse("ui:unit-detail", args=[world.employee.unit.pk])
    detail = reverse("ui:employee-detail", args=[world.employee.pk])
    for user in (world.admin_user, world.head_user):
        client = world.client_for(user)
        assert f'href="{unit_url}"' in client.get(detail).text
        assert client.get(unit_url).status_code == 200


def test_parent_unit_within_reach_is_linked(world: World) -> None:
    # The bidang's parent is the OPD its head may open (the rule test covers the rest).
    head = world.client_for(world.head_user)
    page = head.get(reverse("ui:unit-detail", args=[world.bidang.pk]))
    assert f'href="{reverse("ui:unit-detail", args=[world.opd.pk])}"' in page.text


def test_rule_matches_the_page_for_every_role(world: World) -> None:
    users = (
        world.employee_user,
        world.supervisor_user,
        world.head_user,
        world.admin_user,
        world.auditor_user,
        world.finance_user,
        world.other_admin_user,
    )
    units = (world.opd, world.bidang, world.other_opd, world.outsider.unit)
    for user in users:
        client = world.client_for(user)
        actor = actor_for_user(user)
        for unit in units:
            status = client.get(reverse("ui:unit-detail", args=[unit.pk])).status_code
            assert can_open_unit(actor, unit) == (status == 200), (user, unit, status)
