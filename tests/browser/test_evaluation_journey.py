"""Policy evaluation journey: BKPSDM generates the semester report, the OPD head writes the
OPD's explanation, BKPSDM signs, and the downloaded PDF holds the figures and the signer."""

from __future__ import annotations

import re
from typing import Any

from pypdf import PdfReader

from pamong.evaluation.models import Report
from tests.browser.conftest import login
from tests.evaluation.fixtures import build


def test_generate_explain_sign_download(
    browser: Any, page: Any, live_server: Any, world: Any, clock: Any, tmp_path: Any
) -> None:
    clock.set(2026, 12, 1)
    data = build(world)

    login(page, live_server, world.admin_user.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/evaluasi/")
    page.get_by_label("Periode").select_option("2026-S1")
    page.get_by_role("button", name="Susun laporan").click()
    page.wait_for_url(re.compile(r"/evaluasi/laporan/\d+/$"))
    report = Report.objects.get(tenant=world.tenant, period="2026-S1")
    assert page.locator("#report-state").inner_text() == "Draf"
    assert page.get_by_text("Penyelesaian laporan tepat waktu").first.is_visible()

    page.context.clear_cookies()
    login(page, live_server, world.head_user.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/evaluasi/laporan/{report.pk}/")
    assert data.opd2.name not in page.content()  # another OPD's figures stay hidden
    page.get_by_label("Penjelasan", exact=True).fill("Petugas pengaduan bertambah cuti.")
    page.get_by_label("Rencana tindak lanjut").fill("Tambah satu petugas piket.")
    page.get_by_role("button", name="Simpan penjelasan").click()
    page.wait_for_url(f"{live_server.url}/evaluasi/laporan/{report.pk}/")
    assert page.get_by_text("Penjelasan disimpan.").is_visible()

    page.context.clear_cookies()
    login(page, live_server, world.admin_user.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/evaluasi/laporan/{report.pk}/")
    assert page.get_by_text("Petugas pengaduan bertambah cuti.").is_visible()
    page.get_by_label("Nama penandatangan").fill("Drs. Kepala Badan")
    page.once("dialog", lambda dialog: dialog.accept())  # asks first
    page.get_by_role("button", name="Tandatangani dan bekukan").click()
    page.wait_for_url(f"{live_server.url}/evaluasi/laporan/{report.pk}/")
    assert page.locator("#report-state").inner_text() == "Ditandatangani"

    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh PDF").click()
    path = tmp_path / "evaluasi.pdf"
    info.value.save_as(path)
    reader = PdfReader(str(path))
    text = "".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) >= 3
    assert "66,67%" in text  # first response on time, 2 of 3 reports
    assert "Drs. Kepala Badan" in text and "Tambah satu petugas piket." in text
