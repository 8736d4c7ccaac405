"""Two-factor sign-in: mandatory for BKPSDM admins, finance, TPP approvers and the superadmin."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.core.models import AuditLog
from tests.factories import login_fully, otp_verify

HOME = reverse("ui:home")
VERIFY = reverse("accounts:verify")
ENROL = reverse("accounts:enrol")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _password_only(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "persona", ["admin_user", "finance_user", "approver_user", "superadmin_user"]
)
def test_mandatory_roles_must_enrol_before_any_page(world, persona):
    client = _password_only(getattr(world, persona))
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    # The verification page sends a user without a device to enrolment.
    response = client.get(response["Location"])
    assert response["Location"].startswith(ENROL)
    assert client.get(reverse("ui:employees")).status_code == 302


@pytest.mark.parametrize("persona", ["employee_user", "auditor_user", "head_user"])
def test_other_roles_may_sign_in_without_it(world, persona):
    assert _password_only(getattr(world, persona)).get(HOME).status_code == 200


@override_settings(PAMONG_REQUIRE_2FA=False)
def test_the_demo_setting_turns_the_obligation_off(world):
    assert _password_only(world.admin_user).get(HOME).status_code == 200


def test_a_session_api_call_before_the_second_step_is_refused(world):
    client = _password_only(world.finance_user)
    response = client.get(reverse("api:employees"))
    assert response.status_code == 403


def test_enrolment_with_a_real_code_then_verification_at_next_sign_in(world):
    admin = world.admin_user
    client = _password_only(admin)
    page = client.get(ENROL)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    response = client.post(ENROL, {"token": _code(device), "next": HOME})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert client.get(HOME).status_code == 200
    assert AuditLog.objects.filter(action="accounts.2fa.enabled", object_id=str(admin.pk)).exists()

    # A new sign-in asks for a code; a recovery code works once.
    second = _password_only(admin)
    assert second.get(HOME)["Location"].startswith(VERIFY)
    assert second.post(VERIFY, {"token": codes[0], "next": HOME})["Location"] == HOME
    assert second.get(HOME).status_code == 200
    third = _password_only(admin)
    assert third.post(VERIFY, {"token": codes[0]}).status_code == 400


def test_an_optional_user_who_enrolled_must_also_verify(world):
    user = world.employee_user
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = _password_only(user)
    assert client.get(HOME)["Location"].startswith(VERIFY)
    otp_verify(client, user)
    assert client.get(HOME).status_code == 200


def test_the_test_helper_logs_in_fully_only_where_needed(world):
    assert login_fully(Client(), world.admin_user).get(HOME).status_code == 200
    login_fully(Client(), world.employee_user)
    assert not TOTPDevice.objects.filter(user=world.employee_user).exists()


def test_admins_cannot_turn_it_off_but_others_can(world):
    admin = login_fully(Client(), world.admin_user)
    assert admin.post(reverse("accounts:2fa-off")).status_code == 302
    assert TOTPDevice.objects.filter(user=world.admin_user).exists()
    user = world.employee_user
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    client.force_login(user)
    otp_verify(client, user)
    client.post(reverse("accounts:2fa-off"))
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_wrong_code_does_not_enrol(world):
    client = _password_only(world.approver_user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=world.approver_user, confirmed=False)
    wrong = "111111" if _code(device) != "111111" else "222222"
    assert client.post(ENROL, {"token": wrong}).status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(HOME).status_code == 302
