"""Complaint actions say what they do, ask before closing or archiving and confirm what
they did (issue 12, section 3)."""

from __future__ import annotations

import re

import pytest

from pamong.participation.models import Complaint
from tests.conftest import World
from tests.participation.test_complaints_staff import make_complaint, url

pytestmark = pytest.mark.django_db


def _section(html: str, action_url: str) -> str:
    match = re.search(rf'<form[^>]*action="{re.escape(action_url)}"[^>]*>.*?</form>', html, re.S)
    assert match, action_url
    return match.group(0)


def test_each_step_confirms_what_it_did(world: World) -> None:
    complaint = make_complaint(world)
    admin = world.client_for(world.admin_user)
    head = world.client_for(world.head_user)

    def act(client, name: str, data: dict[str, object]) -> str:
        response = client.post(url(name, complaint), data, follow=True)
        assert response.status_code == 200
        return response.content.decode()

    html = act(admin, "complaint-verify", {"note": "valid"})
    assert "Laporan diverifikasi. Langkah berikutnya: teruskan ke unit yang menangani." in html
    html = act(admin, "complaint-dispatch", {"unit": world.opd.pk})
    assert f"Laporan diteruskan ke {world.opd.name}." in html
    assert "Tanggapan unit disimpan." in act(head, "complaint-respond", {"text": "Kami periksa."})
    html = act(admin, "complaint-close", {"text": "Petugas ditegur.", "confirmed": "1"})
    assert "Laporan ditutup; pelapor diberi tahu tindak lanjutnya." in html
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.CLOSED


def test_a_refused_step_shows_its_reason_not_a_success(world: World) -> None:
    complaint = make_complaint(world)
    response = world.client_for(world.admin_user).post(
        url("complaint-close", complaint), {"text": "x", "confirmed": "1"}, follow=True
    )
    html = response.content.decode()
    assert '<li class="error">' in html and "Laporan ditutup" not in html


def test_buttons_say_what_they_do_and_closing_asks_first(world: World) -> None:
    complaint = make_complaint(world)
    admin = world.client_for(world.admin_user)
    html = admin.get(url("complaint", complaint)).content.decode()
    verify = _section(html, url("complaint-verify", complaint))
    assert "Verifikasi laporan</button>" in verify and "data-confirm" not in verify
    assert "Simpan</button>" not in html
    archive = _section(html, url("complaint-archive", complaint))
    assert 'data-confirm="Arsipkan laporan ini tanpa tindak lanjut?' in archive
    assert 'name="confirmed" value="1" required' in archive

    Complaint.objects.filter(pk=complaint.pk).update(state=Complaint.State.DISPATCHED)
    html = admin.get(url("complaint", complaint)).content.decode()
    close = _section(html, url("complaint-close", complaint))
    assert "Tutup laporan</button>" in close
    assert 'data-confirm="Tutup laporan ini? Pelapor diberi tahu' in close
    assert 'name="confirmed" value="1" required' in close


def test_closing_or_archiving_without_confirmation_is_refused_and_changes_nothing(
    world: World,
) -> None:
    admin = world.client_for(world.admin_user)
    new = make_complaint(world)
    archive = admin.post(url("complaint-archive", new), {"note": "ganda"}, HTTP_HX_REQUEST="true")
    assert archive.status_code == 400 and "Saya yakin" in archive.content.decode()
    new.refresh_from_db()
    assert new.state == Complaint.State.NEW
    assert (
        admin.post(url("complaint-archive", new), {"note": "ganda", "confirmed": "1"}).status_code
        == 302
    )
    new.refresh_from_db()
    assert new.state == Complaint.State.ARCHIVED

    handled = make_complaint(world)
    for name, data in (
        ("complaint-verify", {"note": "valid"}),
        ("complaint-dispatch", {"unit": world.opd.pk}),
    ):
        admin.post(url(name, handled), data)
    close = admin.post(url("complaint-close", handled), {"text": "Selesai."})
    assert close.status_code == 400 and "Tidak ada yang diubah" in close.content.decode()
    handled.refresh_from_db()
    assert handled.state == Complaint.State.DISPATCHED
    done = admin.post(url("complaint-close", handled), {"text": "Selesai.", "confirmed": "1"})
    assert done.status_code == 302
    handled.refresh_from_db()
    assert handled.state == Complaint.State.CLOSED
