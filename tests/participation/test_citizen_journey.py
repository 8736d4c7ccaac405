"""The citizen's side (issue 12 §5): "Belum tahu", a refused form keeps its text, the
ticket's history, and charts people can read."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from pamong.core.models import AuditLog
from pamong.participation.charts import chart_figure
from pamong.participation.complaint_forms import UNKNOWN_UNIT
from pamong.participation.models import Complaint
from tests.conftest import Clock, World
from tests.participation.test_complaints_public import LAPOR, report_data

State = Complaint.State


def submit_unknown(world: World) -> Complaint:
    response = Client().post(LAPOR, report_data(world, unit=UNKNOWN_UNIT))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Complaint.objects.latest("id")


def verify_url(complaint: Complaint) -> str:
    return reverse("participation:complaint-verify", args=[complaint.pk])


def test_public_form_offers_belum_tahu_and_stays_light(world: World) -> None:
    response = Client().get(LAPOR)
    html = response.content.decode()
    assert f'value="{UNKNOWN_UNIT}"' in html
    assert "Belum tahu" in html
    assert len(response.content) <= 60 * 1024


def test_belum_tahu_report_is_routed_by_the_verifier(world: World) -> None:
    complaint = submit_unknown(world)
    assert complaint.unit is None
    admin = world.client_for(world.admin_user)
    page = admin.get(reverse("participation:complaint", args=[complaint.pk])).content.decode()
    assert "Belum tahu" in page
    assert 'name="unit"' in page  # the verify form asks for the OPD
    # Verifying without naming the OPD is refused with a message, and changes nothing.
    response = admin.post(verify_url(complaint), {"note": ""}, follow=True)
    assert "pilih OPD yang bertanggung jawab" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.state == State.NEW
    assert admin.post(verify_url(complaint), {"unit": world.opd.pk}).status_code == 302
    complaint.refresh_from_db()
    assert (complaint.state, complaint.unit) == (State.VERIFIED, world.opd)
    entry = AuditLog.objects.get(action="participation.complaint.verify")
    assert entry.before["unit"] is None and entry.after["unit"] == world.opd.pk
    assert entry.actor_user == world.admin_user


def test_routing_needs_the_manage_permission_and_a_unit_of_the_tenant(world: World) -> None:
    complaint = submit_unknown(world)
    for user in (world.auditor_user, world.head_user, world.employee_user):
        world.client_for(user).post(verify_url(complaint), {"unit": world.opd.pk})
    complaint.refresh_from_db()
    assert complaint.state == State.NEW and complaint.unit is None
    other_admin = world.client_for(world.other_admin_user)
    assert other_admin.post(verify_url(complaint), {"unit": world.other_opd.pk}).status_code == 404
    admin = world.client_for(world.admin_user)
    admin.post(verify_url(complaint), {"unit": world.other_opd.pk})  # Kupang's OPD
    admin.post(verify_url(complaint), {"unit": world.bidang.pk})  # not an OPD
    complaint.refresh_from_db()
    assert complaint.state == State.NEW and complaint.unit is None


def test_a_report_that_names_its_opd_keeps_it_when_verified(world: World) -> None:
    Client().post(LAPOR, report_data(world))
    complaint = Complaint.objects.get()
    admin = world.client_for(world.admin_user)
    page = admin.get(reverse("participation:complaint", args=[complaint.pk])).content.decode()
    assert 'id="id_verify_unit"' not in page
    admin.post(verify_url(complaint), {"unit": world.outsider.opd.pk})
    complaint.refresh_from_db()
    assert (complaint.state, complaint.unit) == (State.VERIFIED, world.opd)


def test_unknown_unit_reports_count_in_totals_and_do_not_break_pages(world: World) -> None:
    complaint = submit_unknown(world)
    ticket = Client().get(reverse("participation:ticket", args=["sofifi", complaint.code]))
    assert "Belum tahu" in ticket.content.decode()
    admin = world.client_for(world.admin_user)
    assert "Belum tahu" in admin.get(reverse("participation:complaints")).content.decode()
    assert admin.get(reverse("participation:dashboard")).status_code == 200
    transparency = Client().get(reverse("participation:transparency", args=["sofifi"]))
    assert transparency.status_code == 200


@override_settings(PAMONG_PUBLIC_RATE_LIMIT=(1, 600))
def test_a_report_refused_by_the_rate_limit_keeps_everything_typed(world: World) -> None:
    client = Client(REMOTE_ADDR="192.0.2.50")
    assert client.post(LAPOR, report_data(world)).status_code == 302
    typed = report_data(
        world,
        description="Jalan menuju puskesmas rusak berat, mohon segera diperbaiki oleh dinas.",
        place="Desa Oesao",
        reporter_name="Maria Lete",
        reporter_phone="081234567890",
        category="aspirasi",
    )
    refused = client.post(LAPOR, typed)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "terlalu banyak kiriman" in html
    assert "Jalan menuju puskesmas rusak berat" in html
    assert 'value="Desa Oesao"' in html
    assert 'value="Maria Lete"' in html
    assert 'value="081234567890"' in html
    assert 'value="aspirasi" required id="id_category_1" checked' in html
    assert f'<option value="{world.opd.pk}" selected>' in html
    assert Complaint.objects.count() == 1


def test_a_report_refused_by_validation_keeps_everything_typed(world: World) -> None:
    response = Client().post(
        LAPOR, report_data(world, description="terlalu pendek", place="Pasar Lama")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "terlalu pendek" in html and 'value="Pasar Lama"' in html
    assert 'value="Siti Aminah"' in html
    assert Complaint.objects.count() == 0
    unknown = Client().post(LAPOR, report_data(world, unit=UNKNOWN_UNIT, description="pendek"))
    assert f'<option value="{UNKNOWN_UNIT}" selected>' in unknown.content.decode()


def test_ticket_page_shows_the_history_with_dates_and_replies(world: World, clock: Clock) -> None:
    clock.set(2026, 11, 2, 9)
    complaint = submit_unknown(world)

    def admin() -> Client:  # signed in anew: the clock jumps past the idle timeout
        return world.client_for(world.admin_user)

    def head() -> Client:
        return world.client_for(world.head_user)

    clock.set(2026, 11, 3, 10)
    admin().post(verify_url(complaint), {"unit": world.opd.pk, "note": "catatan internal staf"})
    clock.set(2026, 11, 4, 10)
    admin().post(
        reverse("participation:complaint-dispatch", args=[complaint.pk]), {"unit": world.opd.pk}
    )
    respond = reverse("participation:complaint-respond", args=[complaint.pk])
    clock.set(2026, 11, 5, 10)
    head().post(respond, {"text": "Kami sedang memeriksa loket."})
    clock.set(2026, 11, 6, 10)
    head().post(respond, {"text": "Petugas loket sudah dipanggil."})
    clock.set(2026, 11, 9, 10)
    admin().post(
        reverse("participation:complaint-close", args=[complaint.pk]),
        {"text": "Pungutan dihentikan.", "confirmed": "1"},
    )
    html = (
        Client()
        .get(reverse("participation:ticket", args=["sofifi", complaint.code]))
        .content.decode()
    )
    history = html[html.index('id="riwayat"') :]
    expected = [
        "Laporan diterima",
        "Diverifikasi; OPD yang bertanggung jawab: Badan Kepegawaian",
        "Diteruskan ke Badan Kepegawaian",
        "Kami sedang memeriksa loket.",  # both replies, in order
        "Petugas loket sudah dipanggil.",
        "Pungutan dihentikan.",
    ]
    positions = [history.index(text) for text in expected]
    assert positions == sorted(positions)
    for day in ("2026-11-02", "2026-11-03", "2026-11-05", "2026-11-06", "2026-11-09"):
        assert day in history
    assert "catatan internal staf" not in html
    assert world.admin_user.username not in html


def test_history_of_a_report_stays_with_its_tenant(world: World) -> None:
    complaint = submit_unknown(world)
    url = reverse("participation:ticket", args=["kupang", complaint.code])
    assert Client().get(url).status_code == 404


@pytest.mark.parametrize("ident", ["grafik-jumlah", "grafik-tepat-waktu"])
def test_transparency_charts_have_visible_titles_and_text(world: World, ident: str) -> None:
    Client().post(LAPOR, report_data(world))
    html = Client().get(reverse("participation:transparency", args=["sofifi"])).content.decode()
    figure = html[html.index(f'<figure class="chart-figure" id="{ident}">') :]
    figure = figure[: figure.index("</figure>")]
    assert "<figcaption><strong>" in figure
    assert f'aria-labelledby="{ident}-title {ident}-desc"' in figure
    assert f'<desc id="{ident}-desc">' in figure
    assert "<details><summary>" in figure and '<th scope="row">' in figure


def test_chart_text_alternative_lists_every_value_escaped() -> None:
    html = str(chart_figure("Judul", [("<b>Jan</b>", 3), ("Feb", 12.5)], ident="x", suffix="%"))
    assert "&lt;b&gt;Jan&lt;/b&gt;: 3%; Feb: 12.5%" in html
    assert "<b>Jan</b>" not in html
    assert "<figcaption><strong>Judul</strong></figcaption>" in html


def test_history_costs_the_same_queries_however_long_it_is(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    short = submit_unknown(world)
    long = submit_unknown(world)
    admin = world.client_for(world.admin_user)
    for complaint in (short, long):
        admin.post(verify_url(complaint), {"unit": world.opd.pk})
    dispatch = reverse("participation:complaint-dispatch", args=[long.pk])
    admin.post(dispatch, {"unit": world.opd.pk})
    admin.post(dispatch, {"unit": world.outsider.opd.pk})
    counts = []
    for complaint in (short, long):
        url = reverse("participation:ticket", args=["sofifi", complaint.code])
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
