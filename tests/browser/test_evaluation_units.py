"""The unit drill-down of the evaluation report on a phone: from an OPD row to its units,
another indicator picked, and a unit's value opened down to its rows; nothing wider than
390 px."""

from __future__ import annotations

import re
from typing import Any

from pamong.core.actor import actor_for_user
from pamong.evaluation import services as svc
from tests.browser.conftest import login
from tests.evaluation.fixtures import build
from tests.evaluation.unit_fixtures import Units

WIDTHS = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def test_units_drill_down_at_390_px(
    browser: Any, page: Any, live_server: Any, world: Any, clock: Any
) -> None:
    clock.set(2026, 12, 1)
    units = Units(world, build(world))
    admin = actor_for_user(world.admin_user)
    started = svc.report_start(actor=admin, period="2026-S1")
    report = svc.report_generate(actor=admin, report=started)

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, world.head_user.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/evaluasi/laporan/{report.pk}/")
    page.locator("#ind-leave_days summary").click()
    page.locator("#ind-leave_days a.unit-link").first.click()
    page.wait_for_url(re.compile(rf"/opd/{units.opd1.pk}/unit/\?ind=leave_days$"))
    assert "1.25" in page.locator(f"#unit-{units.bidang.pk}").inner_text()  # (3 + 2) / 4
    scroll, inner = page.evaluate(WIDTHS)
    assert scroll <= inner

    page.get_by_label("Indikator").select_option("forum_items_done")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url(re.compile(r"\?ind=forum_items_done$"))
    page.locator(f"#unit-{units.bidang.pk} a").click()
    page.wait_for_url(re.compile(rf"/jejak/forum_items/\?unit={units.bidang.pk}$"))
    assert page.locator("#trace tbody tr").count() == 3  # the bidang's three items
    scroll, inner = page.evaluate(WIDTHS)
    assert scroll <= inner
