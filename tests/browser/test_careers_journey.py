"""KP journey: BKPSDM opens the KP list of a period, checks a candidate's file document by
document, verifies, records the SK; the employee's golongan and TPP tax group follow."""

from __future__ import annotations

import re
from typing import Any

from pamong.careers import rules
from pamong.careers import services as svc
from pamong.careers.models import KpProposal
from pamong.core import clock
from pamong.org.models import Employee, EmployeeHistory
from pamong.tpp.engine import tax_group
from tests.browser.conftest import login
from tests.careers.conftest import act, rate, set_facts


def test_bkpsdm_checks_file_and_records_decision(page: Any, live_server: Any, world: Any) -> None:
    # Since October 2025 the 1st of every month is a KP period: use this month's, so the
    # TMT has come and the decision applies at once (no clock travel with a live browser).
    period = clock.this_month(world.tenant)
    set_facts(
        world.employee, golongan="II/d", education="S1", tmt_pangkat=rules.add_years(period, -4)
    )
    for year in rules.predikat_years(period):
        rate(world.employee, year)
    head = act(world.head_user)
    proposal = svc.kp_proposal_create(actor=head, employee=world.employee, period=period)
    for doc in proposal.documents.all():
        svc.kp_document_attach(actor=head, document=doc, link=f"https://arsip.example/{doc.code}")
    svc.kp_proposal_submit(actor=head, proposal=proposal)

    login(page, live_server, world.admin_user.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/karier/?period={period:%Y-%m}")
    assert page.get_by_role("heading", name=re.compile("Kenaikan pangkat periode")).is_visible()
    page.get_by_text("Aturan yang dipakai").click()
    assert page.get_by_text("Perban BKN 4/2025").first.is_visible()
    documents_group = page.get_by_test_id("kp-documents")
    assert world.employee.name in documents_group.inner_text()
    documents_group.get_by_role("link", name="diajukan ke BKPSDM").click()
    page.wait_for_url(re.compile(r"/karier/kp/usulan/\d+/$"))
    assert page.locator("#tax-group").inner_text() == "II → III"

    for i in range(proposal.documents.count()):
        with page.expect_navigation():
            page.get_by_role("button", name="Sesuai", exact=True).nth(i).click()
    assert page.get_by_test_id("doc-ok").count() == proposal.documents.count()
    page.get_by_role("button", name="Verifikasi usulan").click()
    page.wait_for_url(re.compile(r"/karier/kp/usulan/\d+/$"))
    assert page.locator("#kp-status").inner_text() == "diverifikasi BKPSDM"

    page.get_by_label("Nomor SK", exact=True).fill("800/KP/2026/014")
    page.get_by_label("Tanggal SK", exact=True).fill(f"{period:%Y-%m-%d}")
    page.get_by_label("Golongan baru", exact=True).select_option("III/a")
    page.get_by_label("TMT golongan baru").fill(f"{period:%Y-%m-%d}")
    page.get_by_role("button", name="Catat keputusan").click()
    page.wait_for_url(re.compile(r"/karier/kp/usulan/\d+/$"))
    assert page.locator("#kp-status").inner_text() == "ditetapkan"
    assert "800/KP/2026/014" in page.locator("#kp-sk").inner_text()

    employee = Employee.objects.get(pk=world.employee.pk)
    assert (employee.golongan, employee.tmt_pangkat) == ("III/a", period)
    assert tax_group(employee.employee_type, employee.golongan) == "III"
    current = EmployeeHistory.objects.get(employee=employee, kind="golongan", valid_to=None)
    assert current.valid_from == period
    assert KpProposal.objects.get(pk=proposal.pk).applied

    page.goto(f"{live_server.url}/pegawai/{employee.pk}/")
    assert "III/a" in page.locator("dl.props").inner_text()
