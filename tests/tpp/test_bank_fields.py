"""Employees' bank fields (where TPP is transferred) are validated by the one write path."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pamong.core.actor import actor_for_user
from pamong.org.services import bank_problems, employee_update
from tests.conftest import World
from tests.ui.test_employee_pages import edit_data


@pytest.mark.parametrize(
    ("bank", "account", "fields"),
    [
        ("", "", set()),
        ("Bank NTT", "0012345678", set()),
        ("Bank NTT", "12-345-678", {"bank_account"}),  # separators
        ("Bank NTT", "12345", {"bank_account"}),  # too short
        ("Bank NTT", "1" * 21, {"bank_account"}),  # too long
        ("", "0012345678", {"bank_name"}),  # an account needs its bank
        ("Bank NTT", "", {"bank_account"}),  # a bank needs an account
    ],
)
def test_bank_problems(bank: str, account: str, fields: set[str]) -> None:
    assert set(bank_problems(bank, account)) == fields


def test_employee_update_refuses_a_bad_account(world: World) -> None:
    actor = actor_for_user(world.admin_user)
    with pytest.raises(ValidationError) as info:
        employee_update(actor=actor, employee=world.employee, bank_name="", bank_account="001")
    assert {"bank_name", "bank_account"} <= set(info.value.message_dict)
    world.employee.refresh_from_db()
    assert world.employee.bank_account == ""
    employee_update(
        actor=actor, employee=world.employee, bank_name="Bank BRI", bank_account="001201000123"
    )
    world.employee.refresh_from_db()
    assert (world.employee.bank_name, world.employee.bank_account) == ("Bank BRI", "001201000123")


def test_edit_form_names_the_bank_fields(world: World) -> None:
    client = world.client_for(world.admin_user)
    url = reverse("ui:employee-edit", args=[world.employee.pk])
    data = edit_data(world.employee, bank_name="Bank BRI", bank_account="123")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "6 sampai 20 angka" in str(response.context["form"].errors["bank_account"])
    world.employee.refresh_from_db()
    assert world.employee.bank_name == ""
