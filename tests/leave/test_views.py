"""Leave pages: the journey, htmx fragments, permissions, tenant isolation, methods, queries."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from pamong.attendance.models import Leave
from pamong.leave.models import LeaveRequest
from tests.leave.conftest import approve_fully, submit

pytestmark = pytest.mark.django_db
INDEX = reverse("leave:index")
NEW = reverse("leave:request-new")
INBOX = reverse("leave:inbox")
TEAM = reverse("leave:team")
BALANCES = reverse("leave:balances")


def url(name: str, pk: int) -> str:
    return reverse(f"leave:{name}", args=[pk])


def test_employee_files_a_request_through_the_form(cuti):
    client = cuti.client_for(cuti.employee_user)
    page = client.get(NEW)
    assert page.status_code == 200 and "Ajukan cuti" in page.content.decode()
    response = client.post(
        NEW,
        {
            "kind": "tahunan",
            "start": "2026-11-02",
            "end": "2026-11-06",
            "reason": "menikahkan adik",
            "address": "Ternate",
        },
    )
    request = LeaveRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == url("request-detail", request.pk)
    assert request.working_days == 5 and request.employee == cuti.employee
    html = client.get(INDEX).content.decode()
    assert "cuti tahunan" in html and "menunggu pertimbangan atasan" in html


def test_form_shows_the_services_message(cuti):
    client = cuti.client_for(cuti.employee_user)
    response = client.post(
        NEW, {"kind": "sakit", "start": "2026-11-02", "end": "2026-11-04", "reason": "demam"}
    )
    assert response.status_code == 400
    assert "lampiran wajib" in response.content.decode()
    assert not LeaveRequest.objects.exists()
    upload = SimpleUploadedFile("dokter.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(
        NEW,
        {
            "kind": "sakit",
            "start": "2026-11-02",
            "end": "2026-11-04",
            "reason": "demam",
            "attachment": upload,
        },
    )
    assert response.status_code == 302
    request = LeaveRequest.objects.get()
    download = client.get(url("request-attachment", request.pk))
    assert download.status_code == 200 and download.content == b"%PDF-1.4"
    assert (
        cuti.client_for(cuti.finance_user).get(url("request-attachment", request.pk)).status_code
        == 403
    )


def test_balance_is_shown_on_my_page(cuti, clock):
    clock.set(2026, 11, 16)  # the page shows this year's balance
    approve_fully(cuti, submit(cuti, start="2026-11-02", end="2026-11-04"))
    html = cuti.client_for(cuti.employee_user).get(INDEX).content.decode()
    assert "Terpakai: 3" in html and '<span class="stat">9</span>' in html


def test_supervisor_then_head_approve_in_the_inbox_with_htmx(cuti):
    request = submit(cuti)
    supervisor = cuti.client_for(cuti.supervisor_user)
    inbox = supervisor.get(INBOX).content.decode()
    assert cuti.employee.name in inbox and "Setuju, teruskan" in inbox
    response = supervisor.post(
        url("request-consider", request.pk), {"decision": "approve"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'id="req-{request.pk}"' in response.content.decode()
    assert "menunggu keputusan pejabat" in response.content.decode()
    head = cuti.client_for(cuti.head_user)
    assert cuti.employee.name in head.get(INBOX).content.decode()
    refused = head.post(url("request-decide", request.pk), {"decision": "approve"})
    assert refused.status_code == 400 and not Leave.objects.filter(employee=cuti.employee)
    approve = {"decision": "approve", "confirmed": "1"}
    response = head.post(url("request-decide", request.pk), approve)
    assert response.status_code == 302
    assert Leave.objects.filter(employee=cuti.employee).count() == 1
    pdf = cuti.client_for(cuti.employee_user).get(url("request-letter", request.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "SURAT IZIN CUTI TAHUNAN" in text and cuti.employee.nip in text
    assert cuti.head.name in text and f"NIP {cuti.head.nip}" in text  # the signing official
    assert "3 hari kerja" in text


def test_htmx_action_leaves_no_stale_message(cuti):
    request = submit(cuti)
    supervisor = cuti.client_for(cuti.supervisor_user)
    supervisor.post(
        url("request-consider", request.pk), {"decision": "approve"}, HTTP_HX_REQUEST="true"
    )
    assert "Status permohonan" not in supervisor.get(TEAM).content.decode()


def test_reject_without_reason_shows_the_error_in_the_fragment(cuti):
    request = submit(cuti)
    response = cuti.client_for(cuti.supervisor_user).post(
        url("request-consider", request.pk), {"decision": "reject"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400 and "alasan wajib diisi" in response.content.decode()
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.SUBMITTED


def test_wrong_people_get_403(cuti):
    request = submit(cuti)
    for user in (cuti.head_user, cuti.admin_user):  # not the direct supervisor
        response = cuti.client_for(user).post(
            url("request-consider", request.pk), {"decision": "approve"}
        )
        assert response.status_code == 403
    # The finance officer may not even see it.
    assert (
        cuti.client_for(cuti.finance_user).get(url("request-detail", request.pk)).status_code == 403
    )
    assert cuti.client_for(cuti.finance_user).get(INBOX).status_code == 403
    assert cuti.client_for(cuti.employee_user).get(BALANCES).status_code == 403
    assert cuti.client_for(cuti.employee_user).get(TEAM).status_code == 403


def test_other_tenant_gets_404(cuti):
    request = submit(cuti)
    other = cuti.client_for(cuti.other_admin_user)
    for name in ("request-detail", "request-letter", "request-attachment"):
        assert other.get(url(name, request.pk)).status_code == 404
    assert other.post(url("request-decide", request.pk), {"decision": "approve"}).status_code == 404


def test_wrong_methods(cuti):
    request = submit(cuti)
    client = cuti.client_for(cuti.supervisor_user)
    assert client.get(url("request-consider", request.pk)).status_code == 405
    assert client.post(INBOX).status_code == 405
    assert client.post(url("request-detail", request.pk)).status_code == 405
    assert cuti.client_for(cuti.employee_user).delete(NEW).status_code == 405


def test_employee_cancels_own_request(cuti):
    request = submit(cuti)
    response = cuti.client_for(cuti.employee_user).post(url("request-cancel", request.pk))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.CANCELLED


def test_letter_only_for_approved(cuti):
    request = submit(cuti)
    assert (
        cuti.client_for(cuti.employee_user).get(url("request-letter", request.pk)).status_code
        == 404
    )


def test_team_calendar_shows_who_is_away(cuti, django_assert_max_num_queries):
    approve_fully(cuti, submit(cuti, start="2026-11-02", end="2026-11-04"))
    submit(
        cuti,
        kind="sakit",
        employee=cuti.peer,
        user=cuti.admin_user,
        start="2026-11-10",
        end="2026-11-10",
    )
    Leave.objects.create(
        tenant=cuti.tenant,
        employee=cuti.outsider,
        kind="sakit",
        start="2026-11-02",
        end="2026-11-02",
    )
    client = cuti.client_for(cuti.supervisor_user)
    with django_assert_max_num_queries(12):
        html = client.get(TEAM + "?month=2026-11").content.decode()
    assert cuti.employee.name in html and cuti.peer.name in html
    assert "menunggu persetujuan" in html  # the peer's open request
    assert cuti.outsider.name not in html  # another OPD, not the supervisor's team
    head_html = cuti.client_for(cuti.head_user).get(TEAM + "?month=2026-11").content.decode()
    assert cuti.employee.name in head_html and cuti.outsider.name not in head_html


def test_inbox_and_index_query_counts_do_not_grow(cuti, django_assert_max_num_queries):
    from tests.factories import EmployeeFactory

    for day in (2, 3, 4, 5, 6, 9, 10, 11):
        e = EmployeeFactory(
            tenant=cuti.tenant,
            unit=cuti.bidang,
            position=cuti.employee.position,
            supervisor=cuti.supervisor,
        )
        submit(
            cuti,
            employee=e,
            user=cuti.admin_user,
            kind="sakit",
            start=f"2026-11-{day:02d}",
            end=f"2026-11-{day:02d}",
        )
    client = cuti.client_for(cuti.supervisor_user)
    with django_assert_max_num_queries(14):
        response = client.get(INBOX)
    assert response.content.decode().count('class="leave-card"') == 8
    for i in range(5):
        submit(cuti, kind="sakit", start=f"2026-10-{5 + i:02d}", end=f"2026-10-{5 + i:02d}")
    own = cuti.client_for(cuti.employee_user)
    with django_assert_max_num_queries(18):
        assert own.get(INDEX).status_code == 200


def test_balances_page_and_export_for_bkpsdm(cuti, django_assert_max_num_queries):
    approve_fully(cuti, submit(cuti, start="2026-11-02", end="2026-11-04"))
    client = cuti.client_for(cuti.admin_user)
    with django_assert_max_num_queries(14):
        html = client.get(BALANCES + "?year=2026").content.decode()
    assert cuti.employee.nip in html and cuti.foreigner.nip not in html
    assert reverse("leave:settings") in html
    csv_text = client.get(BALANCES + "?year=2026&format=csv").content.decode()
    assert (
        csv_text.splitlines()[0] == "nip,nama,hak_tahun_ini,sisa_tahun_lalu,hak_total,terpakai,sisa"
    )
    assert f"{cuti.employee.nip},{cuti.employee.name},12,0,12,3,9" in csv_text


def test_nav_has_cuti_for_employees(cuti):
    html = cuti.client_for(cuti.employee_user).get(INDEX).content.decode()
    assert f'href="{INDEX}"' in html


def test_without_a_calendar_the_form_says_so(world):
    client = world.client_for(world.employee_user)
    response = client.post(
        NEW, {"kind": "sakit", "start": "2026-11-02", "end": "2026-11-02", "reason": "demam"}
    )
    assert (
        response.status_code == 400 and "kalender kerja belum dimuat" in response.content.decode()
    )
    assert "kalender kerja belum dimuat" in client.get(INDEX).content.decode()


def test_a_second_click_on_approve_shows_the_current_state(cuti):
    """Issue 18 defect 7: the double click lands on the request, not on a 403 page."""
    request = submit(cuti)
    supervisor = cuti.client_for(cuti.supervisor_user)
    supervisor.post(url("request-consider", request.pk), {"decision": "approve"})
    head = cuti.client_for(cuti.head_user)
    approve = {"decision": "approve", "confirmed": "1"}
    assert head.post(url("request-decide", request.pk), approve).status_code == 302
    again = head.post(url("request-decide", request.pk), approve, follow=True)
    assert again.status_code == 200
    assert "sudah diproses" in again.content.decode() and "disetujui" in again.content.decode()
    card = head.post(
        url("request-decide", request.pk),
        {"decision": "approve", "confirmed": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert card.status_code == 200 and "sudah diproses" in card.content.decode()
    assert Leave.objects.filter(employee=cuti.employee).count() == 1
    # Someone who never had the step still gets 403.
    stranger = cuti.client_for(cuti.supervisor_user)
    assert stranger.post(url("request-decide", request.pk), approve).status_code == 403
