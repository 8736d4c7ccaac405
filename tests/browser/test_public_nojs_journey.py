"""The public pages in a real browser with JavaScript switched off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from pamong.participation.models import Complaint, SkmResponse, SkmService
from tests.browser.conftest import login
from tests.conftest import World


@pytest.fixture
def nojs_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="id-ID", java_script_enabled=False)
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def test_citizen_answers_the_survey_and_files_a_report_without_javascript(
    nojs_page: Any, live_server: Any, world: World
) -> None:
    service = SkmService.objects.create(tenant=world.tenant, unit=world.opd, name="Layanan Mutasi")
    page = nojs_page
    page.goto(f"{live_server.url}/publik/sofifi/skm/")
    page.get_by_role("link", name="Layanan Mutasi").click()
    for n, label in enumerate(["Sangat sesuai", "Mudah", "Cepat", "Gratis"], start=1):
        page.get_by_role("group", name=re.compile(rf"^{n}\.")).get_by_label(
            label, exact=True
        ).check()
    for n in range(5, 10):
        page.get_by_role("group", name=re.compile(rf"^{n}\.")).get_by_role("radio").nth(3).check()
    page.get_by_label("Usia (tahun)").fill("35")
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_url(re.compile(r"/terima-kasih/$"))
    stored = SkmResponse.objects.get(service=service)
    assert (stored.u1, stored.u2, stored.u4, stored.u9, stored.usia) == (4, 3, 4, 4, 35)

    page.goto(f"{live_server.url}/publik/sofifi/lapor/")
    page.get_by_label("Aspirasi").check()
    page.get_by_label("Unit/OPD yang dilaporkan").select_option(label=world.opd.name)
    page.get_by_label("Uraian laporan").fill("Mohon jam layanan diperpanjang pada hari Sabtu.")
    page.get_by_label("Anonim (identitas tidak dicatat)").check()
    page.get_by_role("button", name="Kirim laporan").click()
    page.wait_for_url(re.compile(r"/publik/sofifi/tiket/SOF(-[0-9A-HJKMNP-TV-Z]{4}){3}/$"))
    assert "Belum terverifikasi" in page.content()
    assert Complaint.objects.get().identity == "anonymous"


def _staff_page(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    login(page, live_server, username)
    page.wait_for_url(f"{live_server.url}/")
    return page


def _act(
    page: Any, heading: str, button: str, fill: dict[str, str] | None = None, confirm: bool = False
) -> None:
    section = page.locator("section.action").filter(has=page.get_by_role("heading", name=heading))
    for label, value in (fill or {}).items():
        section.get_by_label(label).fill(value)
    if confirm:  # an irreversible step asks first (issue 12, section 3)
        page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        section.get_by_role("button", name=button).click()
    page.locator("#messages li.success").wait_for()  # and confirms what it did


def test_complaint_from_citizen_to_unit_and_back(
    browser: Any, nojs_page: Any, live_server: Any, world: World
) -> None:
    citizen = nojs_page
    citizen.goto(f"{live_server.url}/publik/sofifi/lapor/")
    citizen.get_by_label("Pengaduan", exact=True).check()
    citizen.get_by_label("Unit/OPD yang dilaporkan").select_option(label=world.opd.name)
    citizen.get_by_label("Uraian laporan").fill("Loket mutasi tutup sebelum jam layanan berakhir.")
    citizen.get_by_label("Nama Anda").fill("Yakobus Nahak")
    citizen.get_by_label("Email").fill("yakobus@example.org")
    citizen.get_by_role("button", name="Kirim laporan").click()
    citizen.wait_for_url(re.compile(r"/publik/sofifi/tiket/SOF(-[0-9A-HJKMNP-TV-Z]{4}){3}/$"))
    ticket_url = citizen.url
    complaint = Complaint.objects.get()
    detail = f"{live_server.url}/publik/pengaduan/{complaint.pk}/"

    staff = _staff_page(browser, live_server, world.admin_user.username)
    staff.goto(detail)
    _act(staff, "Verifikasi", "Verifikasi laporan")
    _act(staff, "Teruskan ke unit", "Teruskan ke unit")
    complaint.refresh_from_db()
    assert (complaint.state, complaint.handling_unit_id) == ("dispatched", world.opd.pk)

    unit = _staff_page(browser, live_server, world.head.nip)
    unit.goto(detail)
    assert "yakobus@example.org" not in unit.content()  # contact: verifying staff only
    _act(
        unit,
        "Tanggapi",
        "Kirim tanggapan unit",
        {"Tanggapan unit": "Jam loket kami sesuaikan mulai pekan depan."},
    )
    staff.goto(detail)
    _act(
        staff,
        "Tutup laporan",
        "Tutup laporan",
        {"Tindak lanjut": "Petugas loket sudah dibina."},
        confirm=True,
    )
    complaint.refresh_from_db()
    assert complaint.state == "closed"

    citizen.goto(ticket_url)
    assert "Selesai" in citizen.content()
    assert "Petugas loket sudah dibina." in citizen.content()
    citizen.get_by_label("Puas", exact=True).check()
    citizen.get_by_role("button", name="Kirim penilaian").click()
    citizen.wait_for_url(ticket_url)
    complaint.refresh_from_db()
    assert complaint.rating == 4
    assert "4/5" in citizen.content()
