"""Browser journey at phone width: a supervisor starts mentoring with an assigned mentor,
records a session in place (htmx), the JP reach the ledger, and the plan closes with its
outcome."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from pamong.competence.models import JpEntry
from pamong.core import clock
from pamong.performance.models import CoachingPlan
from tests.browser.conftest import login

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _fits(pg: Any) -> None:
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (pg.url, width)


def test_supervisor_runs_mentoring_on_a_phone(browser: Any, live_server: Any, world: Any) -> None:
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    context.set_default_timeout(15000)
    try:
        pg = context.new_page()
        login(pg, live_server, world.supervisor.nip)
        pg.wait_for_url(f"{live_server.url}/")
        today = clock.today(world.tenant)
        pg.goto(f"{live_server.url}/kinerja/pembinaan/")
        _fits(pg)
        pg.get_by_role("link", name="Mulai coaching atau mentoring").click()
        pg.get_by_label("NIP pegawai").fill(world.employee.nip)
        pg.get_by_label("Jenis pembinaan").select_option("mentoring")
        pg.get_by_label("NIP mentor").fill(world.outsider.nip)
        pg.get_by_label("Tujuan pembinaan").fill("Menguasai analisis jabatan")
        pg.get_by_label("Langkah pembinaan").fill("Dua sesi per bulan")
        pg.get_by_label("Tanggal tindak lanjut").fill((today + dt.timedelta(days=30)).isoformat())
        _fits(pg)
        pg.get_by_role("button", name="Mulai pembinaan").click()
        pg.wait_for_url(re.compile(r"/kinerja/pembinaan/\d+/$"))
        _fits(pg)
        plan = CoachingPlan.objects.get(employee=world.employee)
        assert plan.mentor_id == world.outsider.pk

        pg.get_by_label("Tanggal sesi").fill(today.isoformat())
        pg.get_by_label("Durasi (menit)").fill("90")
        pg.get_by_label("Catatan sesi").fill("Membahas uraian tugas")
        pg.get_by_role("button", name="Catat sesi").click()
        pg.get_by_text("Sesi pembinaan dicatat.").wait_for()
        assert "Membahas uraian tugas" in pg.locator("#session-list").inner_text()
        assert pg.url.endswith(f"/kinerja/pembinaan/{plan.pk}/")  # stayed in place
        _fits(pg)
        assert JpEntry.objects.get(employee=world.employee).jp == 2  # default: 2 JP a session

        pg.get_by_label("Hasil pembinaan").fill("Uraian tugas tersusun")
        pg.get_by_role("button", name="Tutup pembinaan dengan hasil ini").click()
        pg.get_by_text("Pembinaan ditutup.").wait_for()
        assert pg.locator("#plan-status").inner_text() == "selesai"
        _fits(pg)
    finally:
        context.close()
