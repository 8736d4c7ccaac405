"""Cuti tahunan: a PPPK's early leave before one year of service, and travel days to a
hard-to-reach destination (domain.md §4.2)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pamong.attendance.models import Leave
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.leave.config import rule_set
from pamong.leave.models import LeaveRequest
from pamong.leave.services import RequestDetails, balance_for
from tests.factories import EmployeeFactory, make_nip
from tests.leave.conftest import actor, approve_fully, d, submit

pytestmark = pytest.mark.django_db
FAMILY = RequestDetails(reason_category="darurat_keluarga")
WEDDING = RequestDetails(reason_category="pernikahan_pertama")


def messages(exc: pytest.ExceptionInfo[InputErrors]) -> str:
    return " | ".join(f"{e.column}: {e.message}" for e in exc.value.errors)


def newcomer(cuti, employee_type: str = "PPPK", tmt: str = "202603"):
    """Appointed in 2026: less than one year of service in November 2026."""
    return EmployeeFactory(
        tenant=cuti.tenant,
        unit=cuti.bidang,
        position=cuti.employee.position,
        employee_type=employee_type,
        golongan="IX" if employee_type == "PPPK" else "III/a",
        nip=make_nip(dt.date(1998, 1, 1), "L", tmt=tmt, employee_type=employee_type),
        birth_date=dt.date(1998, 1, 1),
        supervisor=cuti.supervisor,
    )


def file_for(cuti, person, start: str, end: str, details: RequestDetails | None = None):
    return submit(
        cuti, employee=person, user=cuti.admin_user, start=start, end=end, details=details
    )


# --- PPPK before one year of service -------------------------------------------------


def test_pppk_may_take_exactly_six_days_for_a_family_emergency(cuti):
    pppk = newcomer(cuti)
    # Mon 2 .. Mon 9 Nov 2026: 6 working days.
    request = file_for(cuti, pppk, "2026-11-02", "2026-11-09", FAMILY)
    assert (request.working_days, request.reason_category) == (6, "darurat_keluarga")
    approve_fully(cuti, request)
    # No annual right before one year of service: the six early days are the whole of it.
    balance = balance_for(actor(cuti.admin_user), pppk, 2026)
    assert (balance.hak_total, balance.terpakai, balance.sisa) == (6, 6, 0)


def test_pppk_is_refused_a_seventh_day(cuti):
    pppk = newcomer(cuti)
    with pytest.raises(InputErrors) as exc:
        file_for(cuti, pppk, "2026-11-02", "2026-11-10", WEDDING)  # 7 working days
    text = messages(exc)
    assert "end: PPPK dengan masa kerja kurang dari 1 tahun paling banyak 6 hari kerja" in text
    assert "diminta 7, sudah diajukan atau dipakai 0" in text
    assert not LeaveRequest.objects.filter(employee=pppk).exists()


def test_pppk_early_leave_needs_an_allowed_reason(cuti):
    pppk = newcomer(cuti)
    with pytest.raises(InputErrors) as exc:
        file_for(cuti, pppk, "2026-11-02", "2026-11-03")
    text = messages(exc)
    assert "reason_category: PPPK dengan masa kerja kurang dari 1 tahun hanya dapat" in text
    assert "keadaan darurat keluarga, pernikahan pertama" in text


def test_pppk_early_days_add_up_across_requests(cuti):
    pppk = newcomer(cuti)
    file_for(cuti, pppk, "2026-11-02", "2026-11-05", WEDDING)  # 4 days
    with pytest.raises(InputErrors) as exc:
        file_for(cuti, pppk, "2026-11-16", "2026-11-18", FAMILY)  # 3 more: 7
    assert "diminta 3, sudah diajukan atau dipakai 4" in messages(exc)
    assert file_for(cuti, pppk, "2026-11-16", "2026-11-17", FAMILY).working_days == 2


@pytest.mark.parametrize("employee_type", ["PNS", "CPNS"])
def test_pns_and_cpns_before_one_year_stay_ineligible(cuti, employee_type):
    person = newcomer(cuti, employee_type=employee_type, tmt="202602")
    with pytest.raises(InputErrors) as exc:
        file_for(cuti, person, "2026-11-02", "2026-11-02", FAMILY)
    assert "kind: belum berhak" in messages(exc)


def test_pppk_after_one_year_needs_no_reason_category(cuti):
    pppk = newcomer(cuti, tmt="202403")
    assert file_for(cuti, pppk, "2026-11-02", "2026-11-10").working_days == 7


def test_early_limit_and_reasons_are_configurable_per_tenant_and_opd(cuti):
    pppk = newcomer(cuti)
    admin = actor(cuti.admin_user)
    rule_set(actor=admin, kind="tahunan", early_days=3, early_reasons=["pernikahan_pertama"])
    with pytest.raises(InputErrors) as exc:
        file_for(cuti, pppk, "2026-11-02", "2026-11-04", FAMILY)
    assert "hanya dapat mengambil cuti tahunan karena: pernikahan pertama" in messages(exc)
    with pytest.raises(InputErrors) as exc:
        file_for(cuti, pppk, "2026-11-02", "2026-11-05", WEDDING)
    assert "paling banyak 3 hari kerja" in messages(exc)
    file_for(cuti, pppk, "2026-11-02", "2026-11-04", WEDDING)
    # The OPD switches early leave off altogether: back to "not yet eligible".
    rule_set(actor=admin, kind="tahunan", unit=cuti.opd, early_days=0)
    with pytest.raises(InputErrors) as exc:
        file_for(cuti, pppk, "2026-11-16", "2026-11-16", WEDDING)
    assert "kind: belum berhak" in messages(exc)


def test_early_leave_letter_names_the_reason(cuti):
    pppk = newcomer(cuti)
    request = approve_fully(cuti, file_for(cuti, pppk, "2026-11-02", "2026-11-03", WEDDING))
    text = _letter_text(cuti, request, cuti.admin_user)
    assert "Kategori alasan: pernikahan pertama" in text


# --- Travel days to a hard-to-reach destination --------------------------------------


def remote(days: int, destination: str = "Pulau Gebe") -> RequestDetails:
    return RequestDetails(hard_to_reach=True, destination=destination, travel_days=days)


def test_twelve_travel_days_extend_the_range_but_not_the_balance(cuti):
    # Mon 2 .. Fri 6 Nov: 5 working days, then 12 calendar days of travel to 18 Nov.
    request = submit(cuti, start="2026-11-02", end="2026-11-06", details=remote(12))
    assert (request.working_days, request.travel_days) == (5, 12)
    assert request.range_end == d("2026-11-18")
    request = approve_fully(cuti, request)
    leave = Leave.objects.get(employee=cuti.employee)
    assert (leave.start, leave.end) == (d("2026-11-02"), d("2026-11-18"))  # away all along
    balance = balance_for(actor(cuti.employee_user), cuti.employee, 2026)
    assert (balance.terpakai, balance.sisa) == (5, 7)  # not 5 + 8 working days of travel
    audit = AuditLog.objects.get(action="leave.request.submitted")
    assert audit.data["travel_days"] == 12 and audit.data["range_end"] == "2026-11-18"


def test_thirteen_travel_days_are_refused(cuti):
    with pytest.raises(InputErrors) as exc:
        submit(cuti, start="2026-11-02", end="2026-11-06", details=remote(13))
    text = messages(exc)
    assert "travel_days: waktu perjalanan ke tujuan yang sulit dijangkau 1 sampai 12" in text
    assert "(diisi 13)" in text
    assert not LeaveRequest.objects.exists()


def test_travel_needs_the_flag_a_destination_and_annual_leave(cuti):
    with pytest.raises(InputErrors) as exc:
        submit(cuti, details=RequestDetails(travel_days=3))
    assert "travel_days: hari perjalanan hanya untuk tujuan yang sulit dijangkau" in messages(exc)
    with pytest.raises(InputErrors) as exc:
        submit(cuti, details=remote(3, destination=" "))
    assert "destination: tujuan wajib diisi" in messages(exc)
    with pytest.raises(InputErrors) as exc:
        submit(cuti, kind="sakit", start="2026-11-02", end="2026-11-02", details=remote(3))
    assert "hard_to_reach: tambahan waktu perjalanan hanya berlaku untuk cuti tahunan" in (
        messages(exc)
    )


def test_travel_days_count_for_overlap(cuti):
    submit(cuti, start="2026-11-02", end="2026-11-06", details=remote(6))  # away to 12 Nov
    with pytest.raises(InputErrors) as exc:
        submit(cuti, kind="sakit", start="2026-11-12", end="2026-11-12")
    assert "start: tumpang tindih" in messages(exc) and "2026-11-12" in messages(exc)
    assert submit(cuti, kind="sakit", start="2026-11-13", end="2026-11-13").working_days == 1


def test_travel_days_fit_even_when_the_balance_is_nearly_spent(cuti):
    approve_fully(cuti, submit(cuti, start="2026-03-02", end="2026-03-13"))  # 10 days
    request = submit(cuti, start="2026-11-02", end="2026-11-03", details=remote(12))
    approve_fully(cuti, request)  # the approval re-checks the balance the same way
    balance = balance_for(actor(cuti.employee_user), cuti.employee, 2026)
    assert (balance.terpakai, balance.sisa) == (12, 0)


def test_letter_and_detail_show_the_whole_range_and_the_balance(cuti):
    request = approve_fully(
        cuti, submit(cuti, start="2026-11-02", end="2026-11-06", details=remote(12))
    )
    text = _letter_text(cuti, request, cuti.employee_user)
    assert "ditambah waktu perjalanan 12 hari kalender ke" in text and "Pulau Gebe" in text
    assert "seluruhnya sampai" in text and "18 November 2026" in text
    assert "mengurangi hak cuti tahunan sebanyak 5 hari kerja" in text
    assert "perjalanan 12 hari kalender tidak mengurangi hak cuti tahunan" in text
    html = (
        cuti.client_for(cuti.employee_user)
        .get(reverse("leave:request-detail", args=[request.pk]))
        .content.decode()
    )
    assert "Ditambah 12 hari kalender waktu perjalanan ke Pulau Gebe" in html
    assert "seluruhnya 2 Nov 2026 – 18 Nov 2026" in html
    assert "Mengurangi saldo cuti tahunan 5 hari kerja." in html
    assert "Terpakai: 5 · Sedang diajukan: 0 · Sisa: 7" in html


def test_the_form_files_travel_days(cuti):
    client = cuti.client_for(cuti.employee_user)
    response = client.post(
        reverse("leave:request-new"),
        {
            "kind": "tahunan",
            "start": "2026-11-02",
            "end": "2026-11-06",
            "reason": "pulang kampung",
            "hard_to_reach": "on",
            "destination": "Pulau Gebe",
            "travel_days": "13",
        },
    )
    assert response.status_code == 400
    assert "1 sampai 12 hari kalender" in response.content.decode()
    response = client.post(
        reverse("leave:request-new"),
        {
            "kind": "tahunan",
            "start": "2026-11-02",
            "end": "2026-11-06",
            "reason": "pulang kampung",
            "hard_to_reach": "on",
            "destination": "Pulau Gebe",
            "travel_days": "12",
        },
    )
    assert response.status_code == 302
    assert LeaveRequest.objects.get().range_end == d("2026-11-18")


def _letter_text(cuti, request, user) -> str:
    pdf = cuti.client_for(user).get(reverse("leave:request-letter", args=[request.pk]))
    assert pdf.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    return " ".join(text.split())  # lines wrap anywhere


def test_team_calendar_shows_the_travel_days_of_an_open_request(cuti):
    submit(cuti, start="2026-11-02", end="2026-11-06", details=remote(12))
    html = (
        cuti.client_for(cuti.supervisor_user)
        .get(reverse("leave:team") + "?month=2026-11")
        .content.decode()
    )
    assert "2 Nov–18 Nov (menunggu persetujuan)" in html
