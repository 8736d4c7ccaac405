"""Browser journey: an employee requests annual leave, the supervisor considers, the OPD head
approves; the balance and the team calendar update and the attendance month shows the leave."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pamong.attendance.models import Leave
from pamong.core import clock
from tests.browser.conftest import login
from tests.leave.conftest import cuti  # noqa: F401 - the leave fixture

pytestmark = pytest.mark.browser


def _as(browser: Any, live_server: Any, username: str, contexts: list[Any]) -> Any:
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    context.set_default_timeout(15000)
    contexts.append(context)  # closed by the test: open keep-alive sockets outlive it otherwise
    pg = context.new_page()
    login(pg, live_server, username)
    pg.wait_for_url(f"{live_server.url}/")
    return pg


def test_annual_leave_from_request_to_attendance(
    browser: Any,
    page: Any,
    live_server: Any,
    cuti: Any,  # noqa: F811
) -> None:
    contexts: list[Any] = []
    try:
        _journey(browser, page, live_server, cuti, contexts)
    finally:
        for context in contexts:
            context.close()


def _journey(browser: Any, page: Any, live_server: Any, cuti: Any, contexts: list[Any]) -> None:  # noqa: F811, E501
    # Tuesday and Wednesday of the first full week of this month: the balance on the leave
    # page is this year's, whatever day the journey runs.
    first = clock.this_month(cuti.tenant)
    start = first + dt.timedelta(days=(1 - first.weekday()) % 7)
    end, month = start + dt.timedelta(days=1), start.strftime("%Y-%m")
    login(page, live_server, cuti.employee.nip)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/cuti/ajukan/")
    page.get_by_label("Jenis cuti").select_option("tahunan")
    page.fill("#id_start", start.isoformat())
    page.fill("#id_end", end.isoformat())
    page.get_by_label("Alasan").fill("Mengantar orang tua berobat")
    page.get_by_role("button", name="Kirim permohonan").click()
    page.get_by_text("menunggu pertimbangan atasan").wait_for()

    boss = _as(browser, live_server, cuti.supervisor.nip, contexts)
    boss.goto(f"{live_server.url}/cuti/persetujuan/")
    # A refusal without the required note: the 400 answer is shown in the card (issue 12).
    boss.get_by_role("button", name="Tidak setuju").click()
    alert = boss.locator(".leave-card [role=alert]")
    alert.wait_for()
    assert "alasan wajib diisi" in alert.inner_text()
    boss.get_by_role("button", name="Setuju, teruskan").click()  # htmx swaps the card
    boss.locator(".leave-card").get_by_text("menunggu keputusan pejabat").wait_for()
    assert "Status permohonan" in boss.locator("#messages").inner_text()  # out of band

    head = _as(browser, live_server, cuti.head.nip, contexts)
    head.goto(f"{live_server.url}/cuti/persetujuan/")
    head.once("dialog", lambda dialog: dialog.accept())  # asks first
    head.get_by_role("button", name="Setujui cuti").click()
    head.get_by_text("Surat izin cuti (PDF)").wait_for()
    leave = Leave.objects.get(employee=cuti.employee)
    assert (leave.kind, leave.start, leave.end) == ("tahunan", start, end)

    page.goto(f"{live_server.url}/cuti/")
    assert "Terpakai: 2" in page.content()
    boss.goto(f"{live_server.url}/cuti/tim/?month={month}")
    assert cuti.employee.name in boss.locator("table.team-grid").inner_text()
    page.goto(f"{live_server.url}/presensi/?month={month}")
    # Past days are classified as leave; days still ahead show the leave as planned.
    leave_days = page.locator("td.st-leave, td.st-planned", has_text="cuti tahunan")
    assert leave_days.count() == 2
