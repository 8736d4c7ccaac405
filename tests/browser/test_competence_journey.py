"""Browser journey at phone width: an employee takes an online course, passes the quiz, gets
the certificate, and the JP show in their ledger and on the OPD dashboard."""

from __future__ import annotations

import re
from typing import Any

import pytest

from pamong.competence.models import JpEntry
from pamong.competence.models_learning import Attempt, Question
from tests.browser.conftest import login
from tests.competence.test_learning import make_course

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _phone(browser: Any, live_server: Any, username: str, contexts: list[Any]) -> Any:
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    context.set_default_timeout(15000)
    contexts.append(context)
    pg = context.new_page()
    login(pg, live_server, username)
    pg.wait_for_url(f"{live_server.url}/")
    return pg


def _fits(pg: Any) -> None:
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (pg.url, width)


def test_employee_passes_a_course_and_the_jp_reach_the_dashboard(
    browser: Any, live_server: Any, world: Any
) -> None:
    contexts: list[Any] = []
    try:
        _journey(browser, live_server, world, contexts)
    finally:
        for context in contexts:
            context.close()


def _journey(browser: Any, live_server: Any, world: Any, contexts: list[Any]) -> None:
    course = make_course(world)
    me = _phone(browser, live_server, world.employee.nip, contexts)
    me.goto(f"{live_server.url}/kompetensi/kursus/")
    _fits(me)
    me.get_by_role("link", name="Etika ASN").click()
    me.get_by_role("link", name="Pengantar").click()
    _fits(me)
    me.get_by_role("button", name="Tandai selesai dan lanjut").click()
    me.get_by_role("heading", name="Bacaan").wait_for()
    me.get_by_role("button", name="Tandai selesai dan lanjut").click()
    me.get_by_role("button", name="Mulai kuis").click()
    me.wait_for_url(re.compile(r"/kompetensi/kuis/\d+/$"))
    _fits(me)
    attempt = Attempt.objects.get(employee=world.employee, course=course)
    correct = dict(Question.objects.filter(course=course).values_list("pk", "correct"))
    for question_id, order in attempt.layout:
        me.locator(
            f"input[name=q{question_id}][value='{order.index(correct[question_id])}']"
        ).check()
    me.get_by_role("button", name="Kirim jawaban").click()
    me.get_by_test_id("attempt-result").wait_for()
    assert "lulus" in me.get_by_test_id("attempt-result").inner_text()
    href = me.get_by_role("link", name="Unduh sertifikat (PDF)").get_attribute("href")
    pdf = me.request.get(f"{live_server.url}{href}")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    me.goto(f"{live_server.url}/kompetensi/")
    _fits(me)
    assert me.get_by_test_id("jp-total").inner_text() == "6 JP"
    assert "Etika ASN" in me.locator("table").first.inner_text()
    year = JpEntry.objects.get(employee=world.employee).year

    admin = _phone(browser, live_server, "admin.sofifi", contexts)
    admin.goto(f"{live_server.url}/kompetensi/dasbor/?tahun={year}")
    _fits(admin)
    admin.get_by_role("link", name=world.opd.name).click()
    admin.get_by_role("link", name="Tampilkan semua pegawai").click()
    assert admin.get_by_test_id(f"jp-{world.employee.pk}").inner_text() == "6"
