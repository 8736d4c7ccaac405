"""Real-browser journeys: Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("PAMONG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in this thread; the ORM calls in test set-up are
# still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _close_stray_connections(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    yield
    # Request threads of the live server are daemons and may still hold a connection;
    # PostgreSQL refuses to drop a test database that someone is using.
    from django.db import connection, connections

    connections.close_all()
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        connection.close()


@pytest.fixture(scope="session", autouse=True)
def _server_stops_before_database(_close_stray_connections: None, live_server: Any) -> None:
    """Set up after the test database, so the live server is torn down first."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (the CI installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()


def totp_code(username: str) -> str:
    """The current code of the user's authenticator app, as the phone would show it.

    Users whose roles make two-factor sign-in mandatory get a confirmed device here, as if
    they had enrolled before the journey starts.
    """
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pamong.core.models import User

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="browser", confirmed=True)
    # A code is accepted once (django-otp remembers the last time step used). A second
    # sign-in within the same 30 s takes the next step's code, which the device's tolerance
    # of one step accepts, as a phone would show a moment later.
    import time

    device.refresh_from_db()
    now_step = int((time.time() - device.t0) // device.step)
    drift = max(0, device.last_t + 1 - now_step)
    if drift > device.tolerance:
        time.sleep(device.step)
        drift -= 1
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:06d}"


def login(page: Any, live_server: Any, username: str, password: str = "rahasia-123") -> None:
    from pamong.accounts.twofactor import two_factor_mandatory
    from pamong.core.actor import actor_for_user
    from pamong.core.models import User

    code = None
    if two_factor_mandatory(actor_for_user(User.objects.get(username=username))):
        code = totp_code(username)
    page.goto(f"{live_server.url}/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    if code is not None:
        # The second step: the code from the authenticator app.
        page.wait_for_url("**/akun/masuk/verifikasi/**")
        page.fill("input[name=token]", code)
        page.click("main button[type=submit]")
