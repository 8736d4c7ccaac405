"""TPP run steps say what they do, ask before the irreversible ones and confirm what they
did (issue 12, section 3)."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from pamong.tpp.models import TppRun
from tests.tpp.conftest import TppWorld


def _form_of(html: str, action: str) -> str:
    match = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>.*?</form>', html, re.S)
    assert match, action
    return match.group(0)


def test_each_step_confirms_what_it_did(tpp: TppWorld) -> None:
    w = tpp.world

    def step(user: Any, name: str) -> str:
        url = reverse("tpp:run-step", args=[tpp.run.pk, name])
        response = w.client_for(user).post(
            url, {"revision": tpp.run.revision, "confirmed": "1"}, follow=True
        )
        assert response.status_code == 200
        return response.content.decode()

    assert "Perhitungan TPP 2026-10 diverifikasi dan diteruskan untuk persetujuan." in step(
        w.finance_user, "verify"
    )
    assert "Perhitungan TPP 2026-10 disetujui. File transfer bank siap diunduh." in step(
        w.approver_user, "approve"
    )
    assert "TPP 2026-10 ditandai sudah dibayar." in step(w.finance_user, "pay")
    assert TppRun.objects.get(pk=tpp.run.pk).status == "paid"


def test_a_refused_step_shows_the_reason_and_no_success(tpp: TppWorld) -> None:
    w = tpp.world
    url = reverse("tpp:run-step", args=[tpp.run.pk, "approve"])  # still a draft
    html = w.client_for(w.approver_user).post(url, {"revision": tpp.run.revision}, follow=True)
    page = html.content.decode()
    assert 'class="error"' in page and "disetujui. File transfer" not in page


def test_buttons_say_what_they_do_and_irreversible_steps_ask_first(tpp: TppWorld) -> None:
    w = tpp.world
    detail = reverse("tpp:run-detail", args=[tpp.run.pk])
    html = w.client_for(w.finance_user).get(detail).content.decode()
    verify = _form_of(html, reverse("tpp:run-step", args=[tpp.run.pk, "verify"]))
    assert "Verifikasi dan teruskan untuk persetujuan</button>" in verify
    assert "data-confirm" not in verify  # verification can be returned to draft

    TppRun.objects.filter(pk=tpp.run.pk).update(status="verified")
    html = w.client_for(w.approver_user).get(detail).content.decode()
    approve = _form_of(html, reverse("tpp:run-step", args=[tpp.run.pk, "approve"]))
    assert "Setujui perhitungan</button>" in approve
    assert 'data-confirm="Setujui perhitungan TPP 2026-10? Setelah disetujui' in approve
    # Without JavaScript the browser asks for the checkbox.
    assert 'name="confirmed" value="1" required' in approve

    TppRun.objects.filter(pk=tpp.run.pk).update(status="approved")
    html = w.client_for(w.finance_user).get(detail).content.decode()
    pay = _form_of(html, reverse("tpp:run-step", args=[tpp.run.pk, "pay"]))
    assert "Tandai sudah dibayar</button>" in pay
    assert 'data-confirm="Tandai TPP 2026-10 sudah dibayar?' in pay
    assert 'name="confirmed" value="1" required' in pay
