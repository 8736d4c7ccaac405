"""TPP journey: the finance officer runs a month, opens an employee's slip and sees the
day-by-day explanation, verifies; the approver approves; finance exports the bank file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pamong.attendance.models import Punch
from pamong.org.models import Employee
from pamong.tpp.models import TppRun
from tests.browser.conftest import login
from tests.tpp.conftest import setup_tenant

WIT = dt.timezone(dt.timedelta(hours=9))  # the world tenant is in Asia/Jayapura


def test_run_explain_verify_approve_pay(
    browser: Any, page: Any, live_server: Any, world: Any
) -> None:
    setup_tenant(world.tenant)
    Employee.objects.filter(pk=world.employee.pk).update(
        bank_name="Bank NTT", bank_account="0012345678"
    )
    for hour, minute in ((7, 45), (16, 5)):  # 15 minutes late on 13 October
        at = dt.datetime(2026, 10, 13, hour, minute, tzinfo=WIT)
        Punch.objects.create(tenant=world.tenant, employee=world.employee, at=at)

    login(page, live_server, world.finance_user.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/tpp/")
    page.get_by_label("Bulan (YYYY-MM)").fill("2026-10")
    page.get_by_role("button", name="Hitung", exact=True).click()
    page.wait_for_url(re.compile(r"/tpp/perhitungan/\d+/$"))
    run = TppRun.objects.get(tenant=world.tenant)
    assert page.get_by_role("heading", name="Total per OPD").is_visible()
    assert "1.01 Badan Kepegawaian" in page.locator("#per-opd").locator("..").inner_text()

    # The employee's slip: every working day, the late day with its punch times.
    page.get_by_role("link", name=world.employee.nip).click()
    page.wait_for_url(re.compile(r"/tpp/slip/perhitungan/\d+/pegawai/\d+/$"))
    days = page.locator("table").nth(1).inner_text()
    assert "Terlambat masuk" in days and "07:45:00" in days
    assert "Tanpa keterangan" in days  # the days without any punch
    assert page.get_by_role("link", name="Unduh slip (PDF)").is_visible()

    page.go_back()
    page.get_by_role("button", name="Verifikasi dan teruskan untuk persetujuan").click()
    page.wait_for_url(re.compile(r"/tpp/perhitungan/\d+/$"))
    run.refresh_from_db()
    assert run.status == "verified"
    assert "diverifikasi dan diteruskan untuk persetujuan" in page.locator("#messages").inner_text()

    boss_context = browser.new_context(locale="id-ID")
    boss = boss_context.new_page()
    login(boss, live_server, world.approver_user.username)
    boss.wait_for_url(f"{live_server.url}/")
    boss.goto(f"{live_server.url}/tpp/perhitungan/{run.pk}/")
    questions: list[str] = []
    boss.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    boss.get_by_role("button", name="Setujui perhitungan").click()  # asks first: cancelled
    assert questions and "tidak dapat diubah lagi" in questions[0]
    run.refresh_from_db()
    assert run.status == "verified"
    assert not boss.get_by_text("Saya yakin").is_visible()  # the no-JS checkbox is hidden
    boss.once("dialog", lambda dialog: dialog.accept())
    boss.get_by_role("button", name="Setujui perhitungan").click()
    boss.wait_for_url(re.compile(r"/tpp/perhitungan/\d+/$"))
    boss.get_by_text("disetujui. File transfer bank siap diunduh").wait_for()
    run.refresh_from_db()
    assert run.status == "approved"
    boss_context.close()

    page.reload()
    with page.expect_download() as info:
        page.get_by_role("link", name="File transfer bank (CSV)").click()
    content = Path(info.value.path()).read_text(encoding="utf-8")
    assert content.splitlines()[0] == "nip,nama,bank,nomor_rekening,jumlah,keterangan"
    assert f"{world.employee.nip},Arnoldus Seran,Bank NTT,0012345678," in content
