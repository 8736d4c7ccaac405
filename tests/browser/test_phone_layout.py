"""Every page at 390 px: the menu reaches every module, nothing scrolls sideways, first
pages stay light.

The crawl signs in as each role of a demo tenant (realistic names, units, TPP runs, SKPs,
complaints), follows same-origin GET links breadth-first from the role's home page, and
fails naming every page whose document is wider than the phone. It is bounded (pages per
role, pages per URL shape) to run in about two minutes.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from io import StringIO
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command

from pamong.demo.logins import DEMO_PASSWORD
from tests.browser.conftest import login

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
PAGES_PER_ROLE = 36
LAPTOP_PAGES = 6
PER_SHAPE = 2  # /skp/12/ and /skp/13/ have the same shape: two of them are enough
SKIP = re.compile(
    r"(/keluar|/logout|/unduh|/download|/ekspor|/export|/pdf|/xlsx|/csv|/static/|/media/"
    r"|\.(pdf|xlsx|csv|zip|json|yaml|txt|png|jpe?g)$)",
    re.I,
)
PUBLIC_FORM_BUDGET = 60 * 1024
FIRST_PAGE_BUDGET = 150 * 1024

# Bytes that came over the network for the document and every resource it loaded.
TRANSFERRED = """() => [...performance.getEntriesByType('navigation'),
                        ...performance.getEntriesByType('resource')]
                       .reduce((sum, e) => sum + e.transferSize, 0)"""
WIDTHS = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def _demo_logins() -> dict[str, str]:
    out = StringIO()
    call_command(
        "demo", "--tenant-slug", "kupang", "--employees", "120", "--months", "2", stdout=out
    )
    logins = {}
    for line in out.getvalue().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "kupang":
            logins[parts[1]] = parts[2]
    return logins


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(path).path)


def _crawl(page: Any, base: str) -> tuple[list[str], list[str]]:
    """(pages wider than the viewport as 'path (N px)', the HTML pages visited)."""
    too_wide: list[str] = []
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    queue = deque(["/"])
    visited: list[str] = []
    while queue and len(visited) < PAGES_PER_ROLE:
        path = queue.popleft()
        try:
            response = page.goto(base + path, wait_until="domcontentloaded")
        except Exception as exc:  # a link that turns out to be a download
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(path)
        scroll_width, inner_width = page.evaluate(WIDTHS)
        if scroll_width > inner_width:
            too_wide.append(f"{path} ({scroll_width} px)")
        hrefs = page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(a => a.getAttribute('href'))"
        )
        for href in hrefs:
            url = urldefrag(urljoin(base + path, href)).url
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}" != base or SKIP.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen or shapes[_shape(target)] >= PER_SHAPE:
                continue
            seen.add(target)
            shapes[_shape(target)] += 1
            queue.append(target)
    return too_wide, visited


def _first_page(browser: Any, state: dict[str, Any], url: str) -> tuple[int, int]:
    """(transferred bytes, document width) of one page opened at 390 px with an empty cache
    (signed in by `state`)."""
    context = browser.new_context(locale="id-ID", viewport=PHONE, storage_state=state)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        return int(page.evaluate(TRANSFERRED)), int(page.evaluate(WIDTHS)[0])
    finally:
        context.close()


def test_every_page_of_every_role_fits_a_phone_and_first_pages_are_light(
    browser: Any, live_server: Any
) -> None:
    logins = _demo_logins()
    assert {"bkpsdm_admin", "finance", "employee", "supervisor", "opd_head"} <= set(logins)
    base = live_server.url
    too_wide: list[str] = []
    heavy: list[str] = []
    for role, username in logins.items():
        context = browser.new_context(locale="id-ID", viewport=PHONE)
        context.set_default_timeout(15000)
        try:
            page = context.new_page()
            login(page, live_server, username, DEMO_PASSWORD)
            page.wait_for_url(f"{base}/")
            weight, _ = _first_page(browser, context.storage_state(), f"{base}/")
            if weight > FIRST_PAGE_BUDGET:
                heavy.append(f"{role}: home page {weight} bytes")
            wide, visited = _crawl(page, base)
            assert len(visited) >= 5, f"{role} reached only {visited}"
            too_wide += [f"{role}: {entry}" for entry in wide]
            # The same role's first pages on a laptop.
            page.set_viewport_size(DESKTOP)
            for path in visited[:LAPTOP_PAGES]:
                page.goto(base + path, wait_until="domcontentloaded")
                scroll_width, inner_width = page.evaluate(WIDTHS)
                if scroll_width > inner_width:
                    too_wide.append(f"{role}: {path} ({scroll_width} px at 1366 px)")
        finally:
            context.close()

    public, width = _first_page(
        browser, {"cookies": [], "origins": []}, f"{base}/publik/kupang/lapor/"
    )
    assert 0 < public <= PUBLIC_FORM_BUDGET, f"public complaint form: {public} bytes"
    assert width <= PHONE["width"], f"public complaint form: {width} px"
    assert heavy == [], heavy
    assert too_wide == [], "wider than a 390 px phone:\n" + "\n".join(too_wide)


@pytest.fixture
def phone_without_js(browser: Any) -> Any:
    context = browser.new_context(locale="id-ID", viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


MODULES = ["Presensi", "Cuti", "SKP", "TPP", "Pengaduan & SKM"]


def test_the_menu_opens_on_a_phone_without_javascript(
    phone_without_js: Any, browser: Any, live_server: Any, world: Any
) -> None:
    page = phone_without_js
    login(page, live_server, world.admin_user.username)
    page.wait_for_url(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    assert not nav.get_by_role("link", name="Cuti", exact=True).is_visible()
    nav.locator("summary").click()  # <summary>: a button to assistive technology
    for name in MODULES:
        link = nav.get_by_role("link", name=name, exact=True)
        assert link.is_visible(), name
        box = link.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], name
    nav.get_by_role("link", name="Cuti", exact=True).click()
    page.wait_for_load_state()
    assert "/cuti/" in page.url, page.url
    # The closed menu names the section the person is in.
    assert "Cuti" in nav.locator("summary").inner_text()
    assert page.evaluate(WIDTHS)[0] <= PHONE["width"]

    # On a wide screen the whole menu is there without a click.
    context = browser.new_context(locale="id-ID", viewport=DESKTOP, java_script_enabled=False)
    try:
        wide = context.new_page()
        login(wide, live_server, world.admin_user.username)
        wide.wait_for_url(f"{live_server.url}/")
        wide_nav = wide.get_by_role("navigation", name="Navigasi utama")
        assert not wide_nav.locator("summary").is_visible()
        for name in MODULES:
            assert wide_nav.get_by_role("link", name=name, exact=True).is_visible(), name
    finally:
        context.close()
