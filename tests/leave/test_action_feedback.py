"""Every htmx answer shows its result in place (issue 12, section 3; pamong.core.feedback)."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.urls import reverse

from pamong.leave.models import LeaveRequest
from tests.leave.conftest import submit

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, pk: int) -> str:
    return reverse(f"leave:{name}", args=[pk])


def test_base_page_loads_the_action_script_and_the_message_region(cuti):
    html = cuti.client_for(cuti.employee_user).get(reverse("leave:index")).content.decode()
    assert "pamong/actions.js" in html
    assert '<div id="messages"' in html and 'aria-live="polite"' in html


def test_rejection_without_note_swaps_the_card_with_its_message(cuti):
    request = submit(cuti)
    response = cuti.client_for(cuti.supervisor_user).post(
        url("request-consider", request.pk), {"decision": "reject"}, **HX
    )
    body = response.content.decode()
    # A fragment: actions.js swaps it although it is a 400 (no X-Pamong-Message header).
    assert response.status_code == 400 and "X-Pamong-Message" not in response
    assert f'id="req-{request.pk}"' in body
    assert 'role="alert"' in body and "alasan wajib diisi" in body
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.SUBMITTED


def test_htmx_success_confirms_out_of_band(cuti):
    request = submit(cuti)
    client = cuti.client_for(cuti.supervisor_user)
    response = client.post(url("request-consider", request.pk), {"decision": "approve"}, **HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<div id="messages"' in body and 'hx-swap-oob="true"' in body
    assert "Status permohonan: menunggu keputusan pejabat" in body
    # Shown once: the next page does not repeat it.
    assert "Status permohonan" not in client.get(reverse("leave:team")).content.decode()


def test_htmx_refusal_page_becomes_a_readable_message(cuti):
    request = submit(cuti)
    response = cuti.client_for(cuti.head_user).post(  # not the direct supervisor
        url("request-consider", request.pk), {"decision": "approve"}, **HX
    )
    assert response.status_code == 403
    message = unquote(response["X-Pamong-Message"])
    assert "tidak berwenang" in message
    body = response.content.decode()
    assert body.startswith('<p class="error" role="alert">') and "<html" not in body
    assert message in body


def test_htmx_missing_object_says_so(cuti):
    response = cuti.client_for(cuti.supervisor_user).post(
        url("request-consider", 999999), {"decision": "approve"}, **HX
    )
    assert response.status_code == 404
    assert "Data tidak ditemukan" in unquote(response["X-Pamong-Message"])


def test_htmx_csrf_failure_is_explained(cuti):
    from django.test import Client

    from tests.factories import login_fully

    request = submit(cuti)
    client = login_fully(Client(enforce_csrf_checks=True), cuti.supervisor_user)
    response = client.post(url("request-consider", request.pk), {"decision": "approve"}, **HX)
    assert response.status_code == 403
    assert "sesi Anda sudah berakhir" in unquote(response["X-Pamong-Message"])


def test_plain_requests_are_untouched(cuti):
    request = submit(cuti)
    response = cuti.client_for(cuti.head_user).post(
        url("request-consider", request.pk), {"decision": "approve"}
    )
    assert response.status_code == 403 and "X-Pamong-Message" not in response
    assert "<html" in response.content.decode()


def test_only_the_final_decision_asks_first(cuti):
    request = submit(cuti)
    html = cuti.client_for(cuti.supervisor_user).get(reverse("leave:inbox")).content.decode()
    card = html[html.index(f'id="req-{request.pk}"') :]
    card = card[: card.index("</article>")]
    assert "Setuju, teruskan</button>" in card and "Tidak setuju</button>" in card
    assert "hx-confirm" not in card  # the supervisor's consideration is not final

    cuti.client_for(cuti.supervisor_user).post(
        url("request-consider", request.pk), {"decision": "approve"}
    )
    html = cuti.client_for(cuti.head_user).get(reverse("leave:inbox")).content.decode()
    card = html[html.index(f'id="req-{request.pk}"') :]
    card = card[: card.index("</article>")]
    assert "Setujui cuti</button>" in card and "Tolak cuti</button>" in card
    question = "Keputusan pejabat atas cuti ini final dan tidak dapat diubah. Lanjutkan?"
    assert f'data-confirm="{question}" hx-confirm="{question}"' in card
    assert 'name="confirmed" value="1" required' in card
