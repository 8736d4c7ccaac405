"""The per-address limit of the public form is a setting read from the environment."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from pamong.env import env_rate
from pamong.participation.models import Complaint
from pamong.participation.public import DEFAULT_RATE_LIMIT
from tests.conftest import World
from tests.participation.test_complaints_public import LAPOR, report_data


def test_the_default_is_five_reports_per_ten_minutes() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PAMONG_PUBLIC_RATE_LIMIT"}
    code = "import pamong.settings as s; print(s.PAMONG_PUBLIC_RATE_LIMIT)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "(5, 600)"
    assert DEFAULT_RATE_LIMIT == (5, 600)


def test_environment_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAMONG_PUBLIC_RATE_LIMIT", " 1000/60 ")
    assert env_rate("PAMONG_PUBLIC_RATE_LIMIT", (5, 600)) == (1000, 60)
    monkeypatch.setenv("PAMONG_PUBLIC_RATE_LIMIT", "")
    assert env_rate("PAMONG_PUBLIC_RATE_LIMIT", (5, 600)) == (5, 600)


@pytest.mark.parametrize("raw", ["5", "0/600", "5/0", "-1/600", "a/b", "5/600/1", "5 per 600"])
def test_invalid_environment_value_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("PAMONG_PUBLIC_RATE_LIMIT", raw)
    with pytest.raises(ImproperlyConfigured, match="PAMONG_PUBLIC_RATE_LIMIT"):
        env_rate("PAMONG_PUBLIC_RATE_LIMIT", (5, 600))


@override_settings(PAMONG_PUBLIC_RATE_LIMIT=(2, 600))
def test_the_form_follows_the_setting(world: World) -> None:
    client = Client(REMOTE_ADDR="192.0.2.7")
    assert client.post(LAPOR, report_data(world)).status_code == 302
    assert client.post(LAPOR, report_data(world)).status_code == 302
    assert client.post(LAPOR, report_data(world)).status_code == 429
    assert Complaint.objects.count() == 2
