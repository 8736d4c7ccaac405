"""Admin journey: log in, search the employee list (htmx), open a detail page."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.conftest import login


def test_admin_finds_an_employee_and_sees_the_supervisor_chain(
    page: Any, live_server: Any, world: Any
) -> None:
    login(page, live_server, "admin.sofifi")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Pegawai", exact=True
    ).click()
    page.wait_for_url(re.compile(r"/pegawai/$"))
    table = page.locator("#employee-table")
    assert table.get_by_role("link", name="Fransiska Lete").is_visible()

    page.get_by_label("Cari nama atau NIP").fill("Seran")
    # htmx swaps the table in place (no full page load) and pushes the filtered URL.
    page.wait_for_url(re.compile(r"q=Seran"))
    table.get_by_role("link", name="Fransiska Lete").wait_for(state="detached")
    assert table.get_by_role("link", name="Arnoldus Seran").is_visible()

    table.get_by_role("link", name="Arnoldus Seran").click()
    page.wait_for_url(re.compile(rf"/pegawai/{world.employee.pk}/$"))
    chain = page.get_by_test_id("supervisor-chain")
    assert chain.get_by_role("listitem").all_inner_texts()[0].startswith("Maria Bria")
    assert "Yohanis Lado" in chain.inner_text()
