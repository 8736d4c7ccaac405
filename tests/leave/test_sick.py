"""Cuti sakit (domain.md §4.2): a doctor's letter past one day, a government doctor's letter
past 14 days, at most one year (+6 months via the Tim Penguji Kesehatan), miscarriage."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from pamong.attendance.models import Leave
from pamong.core.errors import InputErrors
from pamong.leave.models import LeaveRequest
from pamong.leave.services import RequestDetails
from tests.leave.conftest import approve_fully, d, submit

pytestmark = pytest.mark.django_db
GOVERNMENT = RequestDetails(attachment_kind="dokter_pemerintah")
DOCTOR = RequestDetails(attachment_kind="dokter")


def messages(exc: pytest.ExceptionInfo[InputErrors]) -> str:
    return " | ".join(f"{e.column}: {e.message}" for e in exc.value.errors)


def letter(name: str = "surat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 dokter", content_type="application/pdf")


def sick(cuti, start: str, end: str, details: RequestDetails | None = None, **kw):
    return submit(cuti, kind="sakit", start=start, end=end, details=details, **kw)


def test_fourteen_days_need_only_a_doctors_letter(cuti):
    # Mon 2 .. Sun 15 Nov 2026: 14 calendar days.
    request = sick(cuti, "2026-11-02", "2026-11-15", DOCTOR, attachment=letter())
    assert request.attachment_kind == "dokter"


def test_fifteen_days_need_a_government_doctor(cuti):
    with pytest.raises(InputErrors) as exc:
        sick(cuti, "2026-11-02", "2026-11-16", DOCTOR, attachment=letter())
    assert messages(exc) == (
        "attachment_kind: cuti sakit lebih dari 14 hari (15 hari kalender) memerlukan surat "
        "keterangan dokter pemerintah: pilih jenis lampiran itu"
    )
    with pytest.raises(InputErrors) as exc:
        sick(cuti, "2026-11-02", "2026-11-16")
    # One message for the attachment, naming the government doctor, not two.
    assert messages(exc) == (
        "attachment: lampiran wajib: cuti sakit lebih dari 14 hari (15 hari kalender) "
        "memerlukan surat keterangan dokter pemerintah"
    )
    request = sick(cuti, "2026-11-02", "2026-11-16", GOVERNMENT, attachment=letter())
    request = approve_fully(cuti, request)  # the approval re-checks with the stored letter
    assert request.status == LeaveRequest.Status.APPROVED


def test_sick_leave_that_continues_counts_the_whole_spell(cuti):
    Leave.objects.create(
        tenant=cuti.tenant,
        employee=cuti.employee,
        kind="sakit",
        start=d("2026-11-02"),
        end=d("2026-11-11"),
    )
    with pytest.raises(InputErrors) as exc:  # 10 + 5 days without a break
        sick(cuti, "2026-11-12", "2026-11-16", DOCTOR, attachment=letter())
    assert "attachment_kind:" in messages(exc) and "15 hari kalender" in messages(exc)
    # After a break of a day the spell starts again.
    assert sick(cuti, "2026-11-13", "2026-11-16", DOCTOR, attachment=letter()).working_days == 2


def test_one_year_is_the_limit(cuti):
    # 5 Jan 2026 .. 4 Jan 2027 is exactly one year.
    with pytest.raises(InputErrors) as exc:
        sick(cuti, "2026-01-05", "2027-01-05", GOVERNMENT, attachment=letter())  # + 1 day
    text = messages(exc)
    assert "end: cuti sakit paling lama 12 bulan (sampai 2027-01-04)" in text
    assert "perpanjangan paling lama 6 bulan atas keterangan Tim Penguji Kesehatan" in text
    request = sick(cuti, "2026-01-05", "2027-01-04", GOVERNMENT, attachment=letter())
    assert request.end == d("2027-01-04")


def test_the_tim_penguji_kesehatan_extends_by_six_months_with_its_letter(cuti):
    extended = RequestDetails(attachment_kind="dokter_pemerintah", tpk_extension=True)
    with pytest.raises(InputErrors) as exc:
        sick(cuti, "2026-01-05", "2027-01-05", extended, attachment=letter())
    assert messages(exc) == (
        "tpk_attachment: perpanjangan cuti sakit memerlukan surat keterangan Tim Penguji Kesehatan"
    )
    with pytest.raises(InputErrors) as exc:  # 18 months + 1 day
        sick(
            cuti,
            "2026-01-05",
            "2027-07-05",
            extended,
            attachment=letter(),
            tpk_attachment=letter("tpk.pdf"),
        )
    assert "end: cuti sakit paling lama 18 bulan termasuk perpanjangan" in messages(exc)
    assert "(sampai 2027-07-04)" in messages(exc)
    request = sick(
        cuti,
        "2026-01-05",
        "2027-07-04",
        extended,
        attachment=letter(),
        tpk_attachment=letter("tpk.pdf"),
    )
    assert request.tpk_extension and request.tpk_attachment.name.endswith(".pdf")
    client = cuti.client_for(cuti.employee_user)
    html = client.get(reverse("leave:request-detail", args=[request.pk])).content.decode()
    assert "Perpanjangan atas keterangan Tim Penguji Kesehatan" in html
    assert "(surat keterangan dokter pemerintah)" in html
    download = client.get(reverse("leave:request-tpk-attachment", args=[request.pk]))
    assert download.status_code == 200
    assert download.content == b"%PDF-1.4 dokter"
    other = cuti.client_for(cuti.other_admin_user)
    assert other.get(reverse("leave:request-tpk-attachment", args=[request.pk])).status_code == 404


def test_a_chained_request_cannot_pass_the_year(cuti):
    Leave.objects.create(
        tenant=cuti.tenant,
        employee=cuti.employee,
        kind="sakit",
        start=d("2026-01-05"),
        end=d("2026-12-31"),
    )
    with pytest.raises(InputErrors) as exc:
        sick(cuti, "2027-01-01", "2027-01-08", GOVERNMENT, attachment=letter())
    text = messages(exc)
    assert "paling lama 12 bulan (sampai 2027-01-04)" in text
    assert "dihitung sejak 2026-01-05" in text


MISCARRIAGE = RequestDetails(sick_subtype="keguguran", attachment_kind="bidan")


def test_miscarriage_up_to_one_and_a_half_months(cuti):
    mother = cuti.peer  # gender P
    with pytest.raises(InputErrors) as exc:  # 2 Nov .. 17 Dec: one day too many
        sick(
            cuti,
            "2026-11-02",
            "2026-12-17",
            MISCARRIAGE,
            employee=mother,
            user=cuti.admin_user,
            attachment=letter(),
        )
    assert messages(exc) == (
        "end: cuti sakit karena gugur kandungan paling lama 1,5 bulan (sampai 2026-12-16)"
    )
    with pytest.raises(InputErrors) as exc:
        sick(cuti, "2026-11-02", "2026-11-03", MISCARRIAGE, employee=mother, user=cuti.admin_user)
    assert "attachment: lampiran wajib untuk cuti sakit karena gugur kandungan" in messages(exc)
    # 45 calendar days: no government doctor needed, a midwife's letter will do.
    request = sick(
        cuti,
        "2026-11-02",
        "2026-12-16",
        MISCARRIAGE,
        employee=mother,
        user=cuti.admin_user,
        attachment=letter(),
    )
    request = approve_fully(cuti, request)
    pdf = cuti.client_for(cuti.admin_user).get(reverse("leave:request-letter", args=[request.pk]))
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages).split()
    )
    assert "Jenis cuti sakit: gugur kandungan (keguguran)" in text
    assert "Berdasarkan: surat keterangan bidan" in text


def test_miscarriage_only_for_women_and_without_extension(cuti):
    with pytest.raises(InputErrors) as exc:
        sick(
            cuti,
            "2026-11-02",
            "2026-11-03",
            RequestDetails(sick_subtype="keguguran", tpk_extension=True),
            attachment=letter(),
        )
    text = messages(exc)
    assert "sick_subtype: cuti sakit karena gugur kandungan hanya untuk pegawai perempuan" in text
    assert "tpk_extension: perpanjangan Tim Penguji Kesehatan tidak berlaku" in text


def test_fields_of_another_type_are_refused(cuti):
    with pytest.raises(InputErrors) as exc:
        submit(cuti, details=RequestDetails(sick_subtype="keguguran", tpk_extension=True))
    text = messages(exc)
    assert "sick_subtype: jenis cuti sakit hanya untuk cuti sakit" in text
    assert "tpk_extension: perpanjangan Tim Penguji Kesehatan hanya untuk cuti sakit" in text
    with pytest.raises(InputErrors) as exc:
        sick(cuti, "2026-11-02", "2026-11-02", RequestDetails(reason_category="darurat_keluarga"))
    assert "reason_category: kategori alasan hanya untuk cuti tahunan" in messages(exc)
    with pytest.raises(InputErrors) as exc:
        sick(cuti, "2026-11-02", "2026-11-02", RequestDetails(attachment_kind="kuitansi"))
    assert "attachment_kind: jenis lampiran tidak dikenal" in messages(exc)


def test_the_form_shows_the_government_doctor_message_at_the_field(cuti):
    response = cuti.client_for(cuti.employee_user).post(
        reverse("leave:request-new"),
        {
            "kind": "sakit",
            "start": "2026-11-02",
            "end": "2026-11-16",
            "reason": "rawat inap",
            "attachment": letter(),
            "attachment_kind": "dokter",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_attachment_kind_error"' in html and "dokter pemerintah" in html
