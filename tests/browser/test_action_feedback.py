"""Browser: an htmx action refused with an error page shows a readable message next to its
form, and the card stays (issue 12, section 3; pamong.core.feedback and actions.js)."""

from __future__ import annotations

from typing import Any

import pytest

from pamong.leave.models import LeaveRequest
from tests.browser.conftest import login
from tests.leave.conftest import cuti, submit  # noqa: F401 - the leave fixture

pytestmark = pytest.mark.browser


def test_a_refused_htmx_action_explains_itself_in_place(
    page: Any,
    live_server: Any,
    cuti: Any,  # noqa: F811
) -> None:
    request = submit(cuti)
    login(page, live_server, cuti.supervisor.nip)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/cuti/persetujuan/")
    card = page.locator(f"#req-{request.pk}")
    card.wait_for()
    # The session's CSRF cookie is gone (expired, another tab signed out): Django answers
    # 403 with a whole error page, which htmx alone would silently drop.
    host = live_server.url.split("//", 1)[1].split(":", 1)[0]
    page.context.add_cookies(
        [{"name": "csrftoken", "value": "x" * 32, "domain": host, "path": "/"}]
    )
    card.get_by_role("button", name="Setuju, teruskan").click()
    alert = page.locator("[data-action-error][role=alert]")
    alert.wait_for()
    assert "sesi Anda sudah berakhir" in alert.inner_text()
    assert card.is_visible()  # the card is still there, not replaced by an error page
    assert "Akses ditolak" not in page.locator("main").inner_text()
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.SUBMITTED
