"""Password rules: length, similarity, Django's common list and the Indonesian one."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from pamong.accounts.twofactor import qr_svg
from pamong.accounts.validators import LIST_FILE, IndonesianCommonPasswordValidator


@pytest.mark.parametrize("password", ["assalamualaikum", "BHINNEKATUNGGALIKA", "Pnsindonesia"])
def test_common_indonesian_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        IndonesianCommonPasswordValidator().validate(password)


def test_the_list_file_is_lower_case_and_has_no_duplicates():
    words = LIST_FILE.read_text(encoding="utf-8").split("\n")
    words = [w for w in words if w]
    assert len(words) > 50
    assert words == [w.lower() for w in words]
    assert len(set(words)) == len(words)


def test_the_configured_validators(world):
    user = world.employee_user
    with pytest.raises(ValidationError):
        validate_password("Pendek-1", user)  # too short
    with pytest.raises(ValidationError):
        validate_password(user.username, user)  # the NIP itself
    with pytest.raises(ValidationError):
        validate_password("bismillah", user)
    validate_password("Tenun-Ikat-Sikka-77", user)


def test_the_qr_code_is_inline_svg_without_scripts():
    svg = qr_svg("otpauth://totp/Pamong:admin?secret=JBSWY3DPEHPK3PXP")
    assert svg.lstrip().startswith("<") and "<svg" in svg
    assert "<script" not in svg and "<image" not in svg


def test_the_security_page_in_english(world):
    client = world.client_for(world.employee_user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("accounts:security"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Sign out everywhere" in body and "Keluar dari semua perangkat" not in body
