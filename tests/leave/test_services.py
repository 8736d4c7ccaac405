"""Leave request rules: eligibility, limits, attachments, overlap, balance, approval chain."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from pamong.attendance.models import Leave
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.leave.models import LeaveRequest, LeaveRule
from pamong.leave.services import request_cancel, request_consider, request_decide
from tests.factories import EmployeeFactory, make_nip
from tests.leave.conftest import actor, approve_fully, d, submit

pytestmark = pytest.mark.django_db


def messages(exc: pytest.ExceptionInfo[InputErrors]) -> str:
    return " | ".join(f"{e.column}: {e.message}" for e in exc.value.errors)


def letter() -> SimpleUploadedFile:
    return SimpleUploadedFile("surat.pdf", b"%PDF-1.4 dokter", content_type="application/pdf")


def test_it_counts_working_days_and_runs_the_chain_into_attendance(cuti):
    # Fri 20 Nov .. Tue 24 Nov 2026: the weekend does not count.
    request = submit(cuti, start="2026-11-20", end="2026-11-24")
    assert request.working_days == 3
    assert request.status == LeaveRequest.Status.SUBMITTED
    assert request.supervisor_id == cuti.supervisor.pk and request.approver == "opd_head"
    request = request_consider(
        actor=actor(cuti.supervisor_user), request=request, decision="approve", note="setuju"
    )
    assert request.status == LeaveRequest.Status.CONSIDERED
    assert not Leave.objects.filter(employee=cuti.employee).exists()
    request = request_decide(actor=actor(cuti.head_user), request=request, decision="approve")
    assert request.status == LeaveRequest.Status.APPROVED
    leave = Leave.objects.get(employee=cuti.employee)
    assert (leave.kind, leave.start, leave.end) == ("tahunan", d("2026-11-20"), d("2026-11-24"))
    assert leave.letter_number == request.letter_number != ""
    assert (request.official_name, request.official_nip) == (cuti.head.name, cuti.head.nip)
    actions = list(
        AuditLog.objects.filter(object_type="leave.leaverequest", object_id=str(request.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "leave.request.submitted",
        "leave.request.considered.approve",
        "leave.request.decided.approve",
    ]


def test_it_refuses_a_range_without_working_days(cuti):
    with pytest.raises(InputErrors) as exc:
        submit(cuti, start="2026-11-21", end="2026-11-22")  # Saturday, Sunday
    assert "tidak memuat satu pun hari kerja" in messages(exc)
    with pytest.raises(InputErrors) as exc:
        submit(cuti, start="2026-12-25", end="2026-12-25")  # holiday
    assert "hari kerja" in messages(exc)
    assert not LeaveRequest.objects.exists()


def test_it_refuses_end_before_start_and_missing_reason(cuti):
    with pytest.raises(InputErrors) as exc:
        submit(cuti, start="2026-11-05", end="2026-11-04", reason=" ")
    text = messages(exc)
    assert "end: tanggal selesai sebelum tanggal mulai" in text and "reason: alasan wajib" in text


def test_it_refuses_overlap_with_requests_and_recorded_leave(cuti):
    submit(cuti, start="2026-11-02", end="2026-11-04")
    with pytest.raises(InputErrors) as exc:
        submit(cuti, kind="sakit", start="2026-11-04", end="2026-11-04")
    assert "tumpang tindih" in messages(exc) and "start:" in messages(exc)
    Leave.objects.create(
        tenant=cuti.tenant,
        employee=cuti.employee,
        kind="sakit",
        start=d("2026-11-10"),
        end=d("2026-11-11"),
    )
    with pytest.raises(InputErrors) as exc:
        submit(cuti, start="2026-11-09", end="2026-11-10")
    assert "cuti tercatat" in messages(exc)


def test_cancelled_and_rejected_requests_do_not_block(cuti):
    first = submit(cuti)
    request_cancel(actor=actor(cuti.employee_user), request=first, today=d("2026-10-01"))
    second = submit(cuti)
    request_consider(
        actor=actor(cuti.supervisor_user), request=second, decision="reject", note="sedang audit"
    )
    assert submit(cuti).status == LeaveRequest.Status.SUBMITTED


def test_it_refuses_annual_leave_beyond_the_balance(cuti):
    # 12 days: 2..17 Nov 2026 holds exactly 12 working days.
    request = submit(cuti, start="2026-11-02", end="2026-11-17")
    assert request.working_days == 12
    with pytest.raises(InputErrors) as exc:
        submit(cuti, start="2026-11-18", end="2026-11-18")
    # The 12 days are still pending: say they are held, not that nothing is left.
    assert (
        "sisa cuti tahunan 2026 tidak cukup: diminta 1 hari kerja; sisa 12 hari, 12 hari di "
        "antaranya tertahan oleh permohonan yang belum diputuskan, bebas 0 hari"
    ) in messages(exc)
    with pytest.raises(InputErrors) as exc:
        submit(cuti, start="2026-11-02", end="2026-11-18")
    assert "tidak cukup" in messages(exc) or "tumpang tindih" in messages(exc)


def test_annual_leave_needs_one_year_of_service(cuti):
    newcomer = EmployeeFactory(
        tenant=cuti.tenant,
        unit=cuti.bidang,
        position=cuti.employee.position,
        nip=make_nip(dt.date(1998, 1, 1), "L", tmt="202602"),
        birth_date=dt.date(1998, 1, 1),
        supervisor=cuti.supervisor,
    )
    with pytest.raises(InputErrors) as exc:
        submit(cuti, employee=newcomer, user=cuti.admin_user, start="2026-11-02", end="2026-11-02")
    assert "kind: belum berhak" in messages(exc) and "1 tahun" in messages(exc)
    # Sick leave has no service requirement.
    assert (
        submit(
            cuti,
            kind="sakit",
            employee=newcomer,
            user=cuti.admin_user,
            start="2026-11-02",
            end="2026-11-02",
        ).working_days
        == 1
    )


def test_cuti_besar_and_cltn_need_five_years(cuti):
    junior = EmployeeFactory(
        tenant=cuti.tenant,
        unit=cuti.bidang,
        position=cuti.employee.position,
        nip=make_nip(dt.date(1995, 1, 1), "L", tmt="202201"),
        birth_date=dt.date(1995, 1, 1),
    )
    for kind in ("besar", "cltn"):
        with pytest.raises(InputErrors) as exc:
            submit(cuti, kind=kind, employee=junior, user=cuti.admin_user, attachment=letter())
        assert "5 tahun" in messages(exc) and "4 tahun" in messages(exc)
    request = submit(cuti, kind="besar", start="2026-11-02", end="2027-02-01")
    assert request.approver == "bkpsdm"  # Sekda/PPK, not the OPD head


def test_duration_limits_in_months(cuti):
    with pytest.raises(InputErrors) as exc:
        submit(cuti, kind="besar", start="2026-11-02", end="2027-02-02")
    assert "paling lama 3 bulan" in messages(exc) and "2027-02-01" in messages(exc)
    with pytest.raises(InputErrors) as exc:
        submit(
            cuti, kind="alasan_penting", start="2026-11-02", end="2026-12-02", attachment=letter()
        )
    assert "paling lama 1 bulan" in messages(exc)


def test_sick_leave_over_one_day_needs_a_doctors_letter(cuti):
    assert submit(cuti, kind="sakit", start="2026-11-02", end="2026-11-02").attachment == ""
    with pytest.raises(InputErrors) as exc:
        submit(cuti, kind="sakit", start="2026-11-03", end="2026-11-04")
    assert "attachment: lampiran wajib" in messages(exc) and "dokter" in messages(exc)
    request = submit(cuti, kind="sakit", start="2026-11-03", end="2026-11-04", attachment=letter())
    assert request.attachment.name.endswith(".pdf")


def test_attachment_rule_is_configurable_per_tenant_and_opd(cuti):
    LeaveRule.objects.create(tenant=cuti.tenant, kind="sakit", attachment_over_days=3)
    submit(cuti, kind="sakit", start="2026-11-02", end="2026-11-04")  # 3 days: fine now
    LeaveRule.objects.create(
        tenant=cuti.tenant, kind="sakit", unit=cuti.opd, attachment_over_days=0
    )
    with pytest.raises(InputErrors):
        submit(cuti, kind="sakit", start="2026-11-09", end="2026-11-09")


def test_approver_is_configurable(cuti):
    LeaveRule.objects.create(tenant=cuti.tenant, kind="tahunan", approver="bkpsdm")
    assert submit(cuti).approver == "bkpsdm"


def test_melahirkan_only_for_the_first_three_children(cuti):
    mother = cuti.peer  # gender P
    for year in (2019, 2021, 2023):
        Leave.objects.create(
            tenant=cuti.tenant,
            employee=mother,
            kind="melahirkan",
            start=dt.date(year, 1, 2),
            end=dt.date(year, 3, 31),
        )
    with pytest.raises(InputErrors) as exc:
        submit(
            cuti,
            kind="melahirkan",
            employee=mother,
            user=cuti.admin_user,
            start="2026-11-02",
            end="2027-01-29",
            attachment=letter(),
        )
    assert "anak pertama sampai ketiga" in messages(exc) and "cuti besar" in messages(exc)
    with pytest.raises(InputErrors) as exc:
        submit(cuti, kind="melahirkan", start="2026-11-02", end="2026-11-30", attachment=letter())
    assert "perempuan" in messages(exc)


def test_third_birth_is_still_allowed(cuti):
    mother = cuti.peer
    Leave.objects.create(
        tenant=cuti.tenant,
        employee=mother,
        kind="melahirkan",
        start=d("2020-01-02"),
        end=d("2020-03-31"),
    )
    submit(
        cuti,
        kind="melahirkan",
        employee=mother,
        user=cuti.admin_user,
        start="2026-11-02",
        end="2027-01-29",
        attachment=letter(),
    )
    # The open request counts too: a further one would be the third and still be fine,
    # but two open ones plus one recorded reach the limit.
    assert LeaveRequest.objects.filter(employee=mother).count() == 1


def test_pppk_may_not_take_cuti_besar(cuti):
    pppk = EmployeeFactory(
        tenant=cuti.tenant,
        unit=cuti.bidang,
        position=cuti.employee.position,
        employee_type="PPPK",
        golongan="IX",
    )
    with pytest.raises(InputErrors) as exc:
        submit(cuti, kind="besar", employee=pppk, user=cuti.admin_user)
    assert "PPPK" in messages(exc)


def test_only_the_direct_supervisor_considers_and_only_the_official_decides(cuti):
    request = submit(cuti)
    for user in (cuti.head_user, cuti.employee_user, cuti.admin_user):
        with pytest.raises(PermissionDenied):
            request_consider(actor=actor(user), request=request, decision="approve")
    with pytest.raises(PermissionDenied):  # not yet considered
        request_decide(actor=actor(cuti.head_user), request=request, decision="approve")
    request_consider(actor=actor(cuti.supervisor_user), request=request, decision="approve")
    for user in (cuti.supervisor_user, cuti.admin_user, cuti.employee_user):
        with pytest.raises(PermissionDenied):
            request_decide(actor=actor(user), request=request, decision="approve")


def test_bkpsdm_decides_cuti_besar(cuti):
    request = submit(cuti, kind="besar", start="2026-11-02", end="2027-01-29")
    request_consider(actor=actor(cuti.supervisor_user), request=request, decision="approve")
    with pytest.raises(PermissionDenied):
        request_decide(actor=actor(cuti.head_user), request=request, decision="approve")
    request = request_decide(
        actor=actor(cuti.admin_user),
        request=request,
        decision="approve",
        letter_number="800/123/BKPSDM",
    )
    assert Leave.objects.get(employee=cuti.employee).letter_number == "800/123/BKPSDM"


def test_reject_and_defer_need_a_reason_and_defer_only_annual(cuti):
    request = submit(cuti)
    with pytest.raises(InputErrors) as exc:
        request_consider(actor=actor(cuti.supervisor_user), request=request, decision="reject")
    assert "alasan wajib" in messages(exc)
    request_consider(actor=actor(cuti.supervisor_user), request=request, decision="approve")
    request = request_decide(
        actor=actor(cuti.head_user), request=request, decision="defer", note="kebutuhan dinas"
    )
    assert request.status == LeaveRequest.Status.DEFERRED and not Leave.objects.exists()
    sick = submit(cuti, kind="sakit", start="2026-11-09", end="2026-11-09")
    with pytest.raises(InputErrors) as exc:
        request_consider(
            actor=actor(cuti.supervisor_user), request=sick, decision="defer", note="x"
        )
    assert "penangguhan hanya berlaku untuk cuti tahunan" in messages(exc)


def test_cancel_of_approved_leave_removes_the_attendance_row(cuti):
    request = approve_fully(cuti, submit(cuti))
    with pytest.raises(PermissionDenied):  # already started for the employee
        request_cancel(actor=actor(cuti.employee_user), request=request, today=d("2026-11-03"))
    request = request_cancel(
        actor=actor(cuti.employee_user), request=request, today=d("2026-10-30")
    )
    assert request.status == LeaveRequest.Status.CANCELLED and not Leave.objects.exists()
    assert AuditLog.objects.filter(action="leave.request.cancelled").count() == 1


def test_official_can_revoke_and_others_cannot_cancel(cuti):
    request = approve_fully(cuti, submit(cuti))
    with pytest.raises(PermissionDenied):
        request_cancel(
            actor=actor(cuti.peer_user if hasattr(cuti, "peer_user") else cuti.finance_user),
            request=request,
            today=d("2026-10-01"),
        )
    request_cancel(actor=actor(cuti.head_user), request=request, today=d("2026-11-10"))
    assert not Leave.objects.exists()


def test_employee_without_supervisor_goes_to_the_official(cuti):
    cuti.head.refresh_from_db()
    request = submit(cuti, employee=cuti.head, user=cuti.head_user)
    # The OPD head's own leave: straight to the official, and that is BKPSDM, not themself.
    assert request.status == LeaveRequest.Status.CONSIDERED and request.approver == "bkpsdm"
    with pytest.raises(PermissionDenied):
        request_decide(actor=actor(cuti.head_user), request=request, decision="approve")
    request_decide(actor=actor(cuti.admin_user), request=request, decision="approve")


def test_approval_rechecks_the_balance(cuti):
    first = submit(cuti, start="2026-11-02", end="2026-11-10")  # 7 days
    first = request_consider(actor=actor(cuti.supervisor_user), request=first, decision="approve")
    # Imported leave arrives meanwhile and uses 6 days.
    Leave.objects.create(
        tenant=cuti.tenant,
        employee=cuti.employee,
        kind="tahunan",
        start=d("2026-03-02"),
        end=d("2026-03-09"),
    )
    with pytest.raises(InputErrors) as exc:
        request_decide(actor=actor(cuti.head_user), request=first, decision="approve")
    assert "tidak cukup" in messages(exc)
    first.refresh_from_db()
    assert first.status == LeaveRequest.Status.CONSIDERED
