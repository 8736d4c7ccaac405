"""The public report form and the tracking page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from pamong.core.models import AuditLog
from pamong.participation.complaints import first_response_due
from pamong.participation.models import Complaint
from tests.conftest import World

LAPOR = reverse("participation:lapor", args=["sofifi"])


def report_data(world: World, **extra: str) -> dict[str, str]:
    data = {
        "category": "pengaduan",
        "unit": str(world.opd.pk),
        "description": "Petugas loket meminta biaya tambahan untuk pengurusan berkas.",
        "incident_date": "2026-11-20",
        "place": "Loket 2",
        "identity": "named",
        "reporter_name": "Siti Aminah",
        "reporter_email": "siti@example.org",
        "reporter_phone": "",
    }
    data.update(extra)
    return data


def test_form_page_is_light_and_works_without_javascript(world: World) -> None:
    response = Client().get(LAPOR)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.content) < 60_000
    assert "<script" not in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="website"' in html
    assert world.opd.name in html
    assert world.other_opd.name not in html
    assert world.bidang.name not in html  # only OPDs are offered


def test_submission_gives_an_unguessable_ticket_and_tracking_page(world: World) -> None:
    response = Client().post(LAPOR, report_data(world))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert re.fullmatch(
        r"SOF-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", complaint.code
    )
    assert response["Location"] == reverse("participation:ticket", args=["sofifi", complaint.code])
    assert complaint.state == Complaint.State.NEW
    assert complaint.reporter_name == "Siti Aminah"
    page = Client().get(response["Location"])
    assert page.status_code == 200
    assert "Belum terverifikasi" in page.content.decode()
    assert "Siti Aminah" not in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    entry = AuditLog.objects.get(action="participation.complaint.submit")
    assert "Siti" not in str(entry.data)


def test_codes_differ_between_reports(world: World) -> None:
    client = Client()
    client.post(LAPOR, report_data(world))
    client.post(LAPOR, report_data(world))
    codes = set(Complaint.objects.values_list("code", flat=True))
    assert len(codes) == 2


def test_anonymous_report_stores_no_identity_even_if_typed(world: World) -> None:
    Client().post(LAPOR, report_data(world, identity="anonymous", reporter_phone="0812345678"))
    complaint = Complaint.objects.get()
    assert (complaint.reporter_name, complaint.reporter_email, complaint.reporter_phone) == (
        "", "", "",
    )  # fmt: skip


def test_named_report_needs_name_and_contact(world: World) -> None:
    response = Client().post(LAPOR, report_data(world, reporter_name="", reporter_email=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wajib diisi untuk laporan dengan identitas." in html
    assert "Isi email atau nomor telepon." in html
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("description", "x" * 4001),
        ("description", "terlalu pendek"),
        ("reporter_name", "n" * 101),
        ("officer_name", "o" * 101),
        ("place", "p" * 201),
        ("reporter_phone", "12<script>"),
        ("category", "spam"),
        ("identity", "public"),
    ],
)
def test_strict_field_rules(world: World, field: str, value: str) -> None:
    response = Client().post(LAPOR, report_data(world, **{field: value}))
    assert response.status_code == 200
    assert Complaint.objects.count() == 0


def test_unit_of_another_tenant_is_refused(world: World) -> None:
    response = Client().post(LAPOR, report_data(world, unit=str(world.other_opd.pk)))
    assert response.status_code == 200
    assert Complaint.objects.count() == 0


def test_script_payload_is_escaped_everywhere(world: World) -> None:
    payload = "<script>alert('x')</script> tolong ditindaklanjuti segera"
    response = Client().post(LAPOR, report_data(world, description=payload, place="<b>Loket</b>"))
    page = Client().get(response["Location"]).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    complaint = Complaint.objects.get()
    staff = world.client_for(world.admin_user).get(
        reverse("participation:complaint", args=[complaint.pk])
    )
    assert "<script>alert" not in staff.content.decode()
    assert "&lt;b&gt;Loket&lt;/b&gt;" in staff.content.decode()
    # The form echoes invalid input escaped too.
    echoed = Client().post(LAPOR, report_data(world, description=payload, category=""))
    assert "<script>alert" not in echoed.content.decode()


def test_honeypot_stores_nothing(world: World) -> None:
    response = Client().post(LAPOR, report_data(world, website="http://spam.example"))
    assert response.status_code == 200
    assert Complaint.objects.count() == 0


def test_rate_limit(world: World) -> None:
    client = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(5):
        assert client.post(LAPOR, report_data(world)).status_code == 302
    blocked = client.post(LAPOR, report_data(world))
    assert blocked.status_code == 429
    assert Complaint.objects.count() == 5
    assert Client(REMOTE_ADDR="192.0.2.2").post(LAPOR, report_data(world)).status_code == 302


def test_rate_limit_holds_for_a_burst_that_passed_the_check_together(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Concurrent requests all read the counter before any of them counted: the count taken
    # after validation still refuses everything over the limit, and stores nothing.
    from pamong.participation import views_public

    monkeypatch.setattr(views_public, "is_rate_limited", lambda request, bucket: False)
    client = Client(REMOTE_ADDR="192.0.2.9")
    statuses = [client.post(LAPOR, report_data(world)).status_code for _ in range(7)]
    assert statuses == [302] * 5 + [429] * 2
    assert Complaint.objects.count() == 5


def test_csrf_is_enforced(world: World) -> None:
    response = Client(enforce_csrf_checks=True).post(LAPOR, report_data(world))
    assert response.status_code == 403


def test_unknown_tenant_unknown_code_and_other_tenants_code(world: World) -> None:
    client = Client()
    assert client.get(reverse("participation:lapor", args=["tidak-ada"])).status_code == 404
    client.post(LAPOR, report_data(world))
    code = Complaint.objects.get().code
    assert client.get(reverse("participation:ticket", args=["sofifi", code])).status_code == 200
    assert client.get(reverse("participation:ticket", args=["kupang", code])).status_code == 404
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert client.get(reverse("participation:ticket", args=["sofifi", wrong])).status_code == 404
    assert client.post(reverse("participation:ticket", args=["sofifi", code])).status_code == 405
    assert client.put(LAPOR).status_code == 405


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        (dt.date(2026, 11, 16), dt.date(2026, 11, 19)),  # Mon -> Thu
        (dt.date(2026, 11, 19), dt.date(2026, 11, 24)),  # Thu -> Tue
        (dt.date(2026, 11, 20), dt.date(2026, 11, 25)),  # Fri -> Wed
        (dt.date(2026, 11, 22), dt.date(2026, 11, 25)),  # Sun -> Wed
    ],
)
def test_first_response_due_counts_working_days(
    world: World, submitted: dt.date, due: dt.date
) -> None:
    assert first_response_due(world.tenant, submitted) == due


def test_tracking_page_shows_times_in_the_tenants_zone(world: World) -> None:
    from django.utils import timezone

    Client().post(LAPOR, report_data(world))
    complaint = Complaint.objects.get()
    complaint.submitted_at = dt.datetime(2026, 11, 20, 0, 30, tzinfo=dt.UTC)
    complaint.save()
    page = Client().get(reverse("participation:ticket", args=["sofifi", complaint.code]))
    # Sofifi is on WIT (UTC+9).
    assert "2026-11-20 09:30" in page.content.decode()
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"


def test_ticket_lookup_form(world: World) -> None:
    Client().post(LAPOR, report_data(world))
    code = Complaint.objects.get().code
    lookup = reverse("participation:ticket-lookup", args=["sofifi"])
    assert Client().get(lookup).status_code == 200
    found = Client().get(lookup, {"kode": f" {code} "})
    assert found.status_code == 302
    assert found["Location"] == reverse("participation:ticket", args=["sofifi", code])
    missing = Client().get(lookup, {"kode": "<b>tidak-ada-kode-seperti-ini</b>"})
    assert missing.status_code == 404
    assert "Kode tiket tidak ditemukan." in missing.content.decode()
    assert "<b>tidak-ada" not in missing.content.decode()
    assert (
        Client()
        .get(reverse("participation:ticket-lookup", args=["kupang"]), {"kode": code})
        .status_code
        == 404
    )


def test_first_response_due_uses_the_loaded_work_calendar(world: World) -> None:
    from pamong.attendance.models import WorkCalendar

    week = {d: "07:30-16:00" for d in ("mon", "tue", "wed", "thu", "fri")}
    WorkCalendar.objects.create(
        tenant=world.tenant,
        schedule=week,
        national_holidays=False,
        holidays=[{"date": "2026-11-24", "name": "Libur daerah"}],
    )
    # Fri 20 Nov -> Mon 23, (Tue 24 holiday), Wed 25, Thu 26.
    assert first_response_due(world.tenant, dt.date(2026, 11, 20)) == dt.date(2026, 11, 26)
    # The other tenant has no calendar: Monday to Friday.
    assert first_response_due(world.other_tenant, dt.date(2026, 11, 20)) == dt.date(2026, 11, 25)
    assert first_response_due(world.other_tenant, dt.date(2026, 11, 23)) == dt.date(2026, 11, 26)
