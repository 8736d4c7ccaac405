"""Correction journey: an employee who forgot to punch out asks for a correction from the
month calendar with evidence; the supervisor approves it; the day is no longer missing."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

from pamong.attendance.models import Correction, Punch
from tests.attendance.helpers import set_calendar
from tests.browser.conftest import login

WIT = dt.timezone(dt.timedelta(hours=9))  # the world tenant is in Asia/Jayapura
SHOTS = os.environ.get("PAMONG_SHOTS")  # a folder to keep screenshots in, when set


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_request_and_approve_correction(
    browser: Any, page: Any, live_server: Any, world: Any, tmp_path: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    set_calendar(world.tenant)
    Punch.objects.create(
        tenant=world.tenant, employee=world.employee, at=dt.datetime(2026, 11, 3, 7, 25, tzinfo=WIT)
    )
    evidence = tmp_path / "surat-keterangan.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% surat\n")

    login(page, live_server, world.employee_user.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/presensi/?month=2026-11")
    cell = page.locator(".att-grid td", has_text="tidak absen pulang").first
    assert cell.is_visible()
    shot(page, "attendance-month-before")
    cell.get_by_role("link", name="koreksi").click()
    page.wait_for_url(re.compile(r"/presensi/koreksi/baru/\?date=2026-11-03$"))
    assert page.get_by_label("Tanggal").input_value() == "2026-11-03"
    page.get_by_label("Jam pulang").fill("16:02:00")
    page.get_by_label("Alasan").fill("Lupa absen pulang, rapat sampai sore.")
    page.get_by_label(re.compile("^Bukti")).set_input_files(str(evidence))
    shot(page, "attendance-correction-form")
    page.get_by_role("button", name="Ajukan").click()
    page.wait_for_url(re.compile(r"/presensi/koreksi/\d+/$"))
    assert page.get_by_text("menunggu persetujuan").is_visible()
    correction = Correction.objects.get()

    page.context.clear_cookies()
    login(page, live_server, world.supervisor_user.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/presensi/koreksi/")
    assert page.get_by_role("heading", name="Menunggu keputusan Anda").is_visible()
    page.get_by_role("link", name="2026-11-03").first.click()
    page.wait_for_url(f"{live_server.url}/presensi/koreksi/{correction.pk}/")
    assert page.get_by_role("link", name="surat-keterangan.pdf").is_visible()
    shot(page, "attendance-correction-decide")
    page.once("dialog", lambda dialog: dialog.accept())  # asks first
    page.get_by_role("button", name="Setujui koreksi").click()
    page.wait_for_url(f"{live_server.url}/presensi/koreksi/{correction.pk}/")
    assert page.get_by_text("Koreksi disetujui.").is_visible()

    page.goto(f"{live_server.url}/presensi/pegawai/{world.employee.pk}/?month=2026-11")
    day = page.locator(".att-grid td", has_text="dikoreksi").first
    assert "16:02" in day.inner_text() and "tidak absen pulang" not in day.inner_text()
    shot(page, "attendance-month-after")
    assert Punch.objects.count() == 1  # the raw punch stays as it was
