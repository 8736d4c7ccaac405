"""SKP journey: the employee drafts an SKP (autosave), the supervisor approves it, the employee
records a realisation, the supervisor rates, the predikat is shown, and the head of the OPD
calibrates and finalises the month."""

from __future__ import annotations

import re
from typing import Any

from pamong.appraisal.models import Evaluation, Skp
from pamong.core import clock
from pamong.core.actor import system_actor
from pamong.performance.models import Rating
from pamong.performance.services import unit_predikat_set
from tests.browser.conftest import login


def test_skp_from_draft_to_predikat(browser: Any, page: Any, live_server: Any, world: Any) -> None:
    login(page, live_server, world.employee.nip)
    page.wait_for_url(f"{live_server.url}/")
    # The SKP of the year the last month belongs to: realisation and rating default to the
    # last month, so on the first days of January this is last year's (late) SKP.
    year = clock.previous_month(world.tenant)[:4]
    page.goto(f"{live_server.url}/skp/?year={year}")
    page.get_by_role("button", name="Susun SKP").click()
    page.wait_for_url(re.compile(r"/skp/\d+/$"))
    page.locator("#id_new-text").fill("Data mutasi pegawai mutakhir")
    page.get_by_role("button", name="Tambah RHK").click()
    page.get_by_text("Tambah indikator", exact=True).first.click()
    page.get_by_label("Aspek").select_option("kuantitas")
    page.get_by_label("Indikator kinerja individu").fill("Jumlah berkas mutasi diproses")
    page.locator("input[id$='-target']").fill("120 berkas")
    page.get_by_role("button", name="Tambah indikator").click()
    assert page.get_by_role("cell", name="120 berkas").is_visible()

    # Autosave: typing in the RHK text posts after a second, without pressing a button.
    skp = Skp.objects.get(employee=world.employee)
    rhk = skp.rhks.get()
    page.locator(f"#id_rhk{rhk.pk}-text").fill("Data mutasi pegawai mutakhir dan valid")
    page.locator(f"#id_rhk{rhk.pk}-text").press("End")
    page.locator(f"#save-{rhk.pk}").get_by_text("Tersimpan").wait_for()
    rhk.refresh_from_db()
    assert rhk.text == "Data mutasi pegawai mutakhir dan valid"

    page.get_by_role("button", name="Ajukan SKP ke atasan").click()
    assert page.locator("#skp-status").inner_text() == "diajukan"

    boss_context = browser.new_context(locale="id-ID")
    boss = boss_context.new_page()
    login(boss, live_server, world.supervisor.nip)
    boss.wait_for_url(f"{live_server.url}/")
    boss.goto(f"{live_server.url}/skp/")
    # The inbox, not the reminders: from December the annual-rating reminder names the
    # same employee.
    inbox = boss.get_by_role("region", name="SKP menunggu persetujuan Anda")
    inbox.get_by_role("link", name=re.compile("Arnoldus Seran")).click()
    boss.once("dialog", lambda dialog: dialog.accept())  # asks first
    boss.get_by_role("button", name="Setujui SKP").click()
    assert boss.locator("#skp-status").inner_text() == "disetujui"

    page.reload()
    page.get_by_text("Catat realisasi").click()
    page.locator("input[id$='-value']").fill("30 berkas")
    page.get_by_role("button", name="Simpan realisasi").click()
    assert "30 berkas" in page.get_by_role("table").first.inner_text()

    boss.goto(f"{live_server.url}/skp/nilai/{world.employee.pk}/")
    boss.locator("input[name=hasil_kerja][value=di_atas]").check()
    boss.locator("input[name=perilaku_kerja][value=di_atas]").check()
    boss.get_by_label("Alasan").fill("Target triwulan terlampaui")
    boss.get_by_role("button", name="Simpan penilaian").click()
    boss.wait_for_url(re.compile(r"/skp/penilaian/\d+/$"))
    assert boss.locator("#predikat").inner_text() == "Sangat Baik"
    boss_context.close()

    evaluation = Evaluation.objects.get(employee=world.employee)
    page.goto(f"{live_server.url}/skp/penilaian/{evaluation.pk}/")
    assert page.locator("#predikat").inner_text() == "Sangat Baik"
    page.get_by_role("button", name="Saya telah menerima penilaian ini").click()
    assert Rating.objects.get(employee=world.employee).predikat == "sangat_baik"

    # Rapat evaluasi: BKPSDM set the OPD's predikat; the head of the OPD sees the
    # distribution against its pattern and finalises the month with a recorded reason.
    unit_predikat_set(
        actor=system_actor(world.tenant),
        unit=world.opd,
        period=evaluation.period,
        predikat="istimewa",
    )
    head_context = browser.new_context(locale="id-ID")
    head = head_context.new_page()
    login(head, live_server, world.head.nip)
    head.wait_for_url(f"{live_server.url}/")
    head.goto(f"{live_server.url}/skp/kalibrasi/?opd={world.opd.pk}&period={evaluation.period}")
    assert "Istimewa" in head.locator("#org-predikat").inner_text()
    assert "maksimal 70%" in head.locator("#violations").inner_text()
    head.get_by_label("Alasan penetapan menyimpang dari pola").fill("Satu pegawai dinilai")
    head.once("dialog", lambda dialog: dialog.accept())  # asks first
    head.get_by_role("button", name="Tetapkan dan kunci periode").click()
    head.locator("#calibration-locked").wait_for()
    head_context.close()
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.FINALIZED
    assert Rating.objects.get(employee=world.employee).finalized
