"""Corrections (koreksi presensi): service rules, classification, pages, API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from pamong.api.services import api_token_create
from pamong.attendance.classify import classify_range
from pamong.attendance.corrections import (
    EVIDENCE_MAX_BYTES,
    cancel_correction,
    decide_correction,
    request_correction,
)
from pamong.attendance.models import Correction, CorrectionStatus, Punch
from pamong.core import clock
from pamong.core.actor import actor_for_user, system_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from tests.attendance.helpers import punch, set_calendar

DAY = dt.date(2026, 11, 3)  # a Tuesday
PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cal(world):
    set_calendar(world.tenant)
    set_calendar(world.other_tenant)
    return world


def ask(world, user=None, **kw):
    params = {"day": DAY, "check_in": None, "check_out": dt.time(16, 5), "reason": "lupa absen"}
    params.update(kw)
    return request_correction(actor=actor_for_user(user or world.employee_user), **params)


def facts_of(world, day=DAY):
    result = classify_range(
        tenant=world.tenant, first=day, last=day, employee_ids=[world.employee.pk]
    )
    return result.employees[world.employee.pk].days[0]


# --- classification -------------------------------------------------------------------


def test_approved_correction_counts_as_the_missing_punch(cal):
    punch(cal.employee, "2026-11-03 07:40:00")
    before = facts_of(cal)
    assert before.missing_out and not before.corrected
    correction = ask(cal)
    assert facts_of(cal).missing_out  # pending changes nothing
    decide_correction(
        actor=actor_for_user(cal.supervisor_user), correction=correction, approve=True
    )
    after = facts_of(cal)
    assert after.corrected and not after.missing_out and not after.missing_in
    assert after.minutes_late == 10 and after.minutes_early == 0
    assert f"{after.check_out:%H:%M:%S}" == "16:05:00"
    # the raw punch is untouched and no punch was added
    assert list(Punch.objects.values_list("at", flat=True)) == [before.check_in]
    assert after.punches == before.punches


def test_correction_of_an_absent_day_follows_tpp_rules(cal):
    correction = ask(cal, check_in=dt.time(7, 31, 0), check_out=None)
    decide_correction(
        actor=actor_for_user(cal.supervisor_user), correction=correction, approve=True
    )
    facts = facts_of(cal)
    assert facts.kind == "present" and facts.minutes_late == 1 and facts.missing_out


def test_correction_earlier_than_punch_becomes_check_in(cal):
    punch(cal.employee, "2026-11-03 09:00:00")  # after 07:30 start, before mid: check-in
    correction = ask(cal, check_in=dt.time(7, 25), check_out=None)
    decide_correction(
        actor=actor_for_user(cal.supervisor_user), correction=correction, approve=True
    )
    facts = facts_of(cal)
    assert f"{facts.check_in:%H:%M}" == "07:25" and f"{facts.check_out:%H:%M}" == "09:00"
    assert facts.minutes_late == 0 and facts.minutes_early == 420


def test_rejected_correction_changes_nothing(cal):
    correction = ask(cal)
    decide_correction(
        actor=actor_for_user(cal.supervisor_user), correction=correction, approve=False,
        note="tidak ada bukti",
    )  # fmt: skip
    assert facts_of(cal).kind == "absent"


# --- service rules --------------------------------------------------------------------


def test_request_validation_lists_every_problem(cal):
    with pytest.raises(InputErrors) as err:
        ask(cal, check_in=None, check_out=None, reason=" ")
    columns = {e.column for e in err.value.errors}
    assert columns == {"jam_masuk", "alasan"}
    with pytest.raises(InputErrors) as err:
        ask(cal, check_in=dt.time(16), check_out=dt.time(8))
    assert "jam pulang harus sesudah jam masuk" in err.value.errors[0].message
    with pytest.raises(InputErrors) as err:
        ask(cal, day=dt.date(2026, 11, 7))  # Saturday
    assert "bukan hari kerja" in err.value.errors[0].message
    with pytest.raises(InputErrors) as err:
        ask(cal, day=clock.today(cal.tenant) + dt.timedelta(days=3))
    assert "masa depan" in err.value.errors[0].message
    assert not Correction.objects.exists()


def test_one_live_correction_per_day(cal):
    first = ask(cal)
    with pytest.raises(InputErrors, match="1 problem"):
        ask(cal)
    cancel_correction(actor=actor_for_user(cal.employee_user), correction=first)
    ask(cal)  # a cancelled one no longer blocks
    assert Correction.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("surat.exe", b"MZ", "jenis berkas"),
        ("surat.pdf", b"GIF89a", "tidak sesuai"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * EVIDENCE_MAX_BYTES, "terlalu besar"),
    ],
)
def test_evidence_type_and_size(cal, name, content, message):
    with pytest.raises(InputErrors) as err:
        ask(cal, evidence=SimpleUploadedFile(name, content))
    assert message in err.value.errors[0].message
    assert not Correction.objects.exists()


def test_evidence_is_stored_under_a_random_name(cal):
    correction = ask(cal, evidence=SimpleUploadedFile("../../surat dokter.pdf", PDF))
    assert correction.evidence_name.endswith("surat dokter.pdf")
    assert correction.evidence.name.startswith(f"attendance/corrections/{cal.tenant.pk}/")
    assert ".." not in correction.evidence.name


def test_only_the_direct_supervisor_decides(cal):
    correction = ask(cal)
    for user in (cal.employee_user, cal.head_user, cal.admin_user, cal.other_admin_user):
        with pytest.raises(PermissionDenied):
            decide_correction(actor=actor_for_user(user), correction=correction, approve=True)
    decided = decide_correction(
        actor=actor_for_user(cal.supervisor_user), correction=correction, approve=True
    )
    assert decided.status == CorrectionStatus.APPROVED
    assert decided.decided_by == cal.supervisor_user
    with pytest.raises(InputErrors):  # decided once only
        decide_correction(
            actor=actor_for_user(cal.supervisor_user), correction=decided, approve=False, note="x"
        )  # noqa: E501


def test_admin_decides_for_employees_without_supervisor(cal):
    cal.head.supervisor = None
    cal.head.save()
    correction = ask(cal, user=cal.head_user)
    decided = decide_correction(
        actor=actor_for_user(cal.admin_user), correction=correction, approve=True
    )  # noqa: E501
    assert decided.status == CorrectionStatus.APPROVED


def test_reject_needs_a_reason_and_everything_is_audited(cal):
    correction = ask(cal)
    supervisor = actor_for_user(cal.supervisor_user)
    with pytest.raises(InputErrors, match="1 problem"):
        decide_correction(actor=supervisor, correction=correction, approve=False)
    decide_correction(actor=supervisor, correction=correction, approve=False, note="tidak hadir")
    actions = list(
        AuditLog.objects.filter(object_type="attendance.correction", object_id=str(correction.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["attendance.correction.requested", "attendance.correction.rejected"]
    rejected = AuditLog.objects.get(action="attendance.correction.rejected")
    assert rejected.before == {"status": "pending", "decision_note": ""}
    assert rejected.after["status"] == "rejected"


def test_cancel_only_by_requester_and_only_pending(cal):
    correction = ask(cal)
    with pytest.raises(PermissionDenied):
        cancel_correction(actor=actor_for_user(cal.supervisor_user), correction=correction)
    cancel_correction(actor=actor_for_user(cal.employee_user), correction=correction)
    with pytest.raises(InputErrors):
        cancel_correction(actor=actor_for_user(cal.employee_user), correction=correction)


def test_only_employees_ask(cal):
    with pytest.raises(PermissionDenied):
        ask(cal, user=cal.admin_user)
    with pytest.raises(PermissionDenied):
        request_correction(
            actor=system_actor(cal.tenant), day=DAY, check_in=dt.time(7), check_out=None,
            reason="x",
        )  # fmt: skip


# --- pages ----------------------------------------------------------------------------

LIST = reverse("attendance:corrections")
NEW = reverse("attendance:correction-new")


def test_page_request_flow_with_evidence(cal):
    client = cal.client_for(cal.employee_user)
    assert client.get(NEW + "?date=2026-11-03").status_code == 200
    response = client.post(
        NEW,
        {"day": "2026-11-03", "check_out": "16:05", "reason": "mesin rusak",
         "evidence": SimpleUploadedFile("surat.pdf", PDF)},
    )  # fmt: skip
    correction = Correction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("attendance:correction", args=[correction.pk])
    page = client.get(response["Location"]).content.decode()
    assert "mesin rusak" in page and "surat.pdf" in page
    evidence = client.get(reverse("attendance:correction-evidence", args=[correction.pk]))
    assert evidence.status_code == 200 and evidence.content == PDF
    assert 'filename="surat.pdf"' in evidence["Content-Disposition"]


def test_page_shows_service_errors_on_the_form(cal):
    response = cal.client_for(cal.employee_user).post(
        NEW, {"day": "2026-11-07", "check_in": "07:00", "reason": "x"}
    )
    assert response.status_code == 400
    assert "bukan hari kerja" in response.content.decode()
    assert not Correction.objects.exists()


def test_page_decision_by_supervisor(cal):
    correction = ask(cal)
    url = reverse("attendance:correction-decide", args=[correction.pk])
    head = cal.client_for(cal.head_user)  # sees the OPD, but is not the direct supervisor
    assert head.post(url, {"decision": "approve", "confirmed": "1"}).status_code == 403
    client = cal.client_for(cal.supervisor_user)
    listing = client.get(LIST).content.decode()
    assert "Menunggu keputusan Anda" in listing and cal.employee.name in listing
    assert client.get(url).status_code == 405
    refused = client.post(url, {"decision": "approve", "note": ""})
    assert refused.status_code == 400  # the form's "Saya yakin" was not sent
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING
    response = client.post(url, {"decision": "approve", "note": "", "confirmed": "1"})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.APPROVED
    month = (
        cal.client_for(cal.employee_user)
        .get(reverse("attendance:index") + "?month=2026-11")
        .content.decode()
    )
    assert "dikoreksi" in month


def test_pages_isolation_and_permissions(cal):
    correction = ask(cal)
    detail = reverse("attendance:correction", args=[correction.pk])
    assert cal.client_for(cal.other_admin_user).get(detail).status_code == 404
    assert cal.client_for(cal.finance_user).get(detail).status_code == 403
    assert cal.client_for(cal.head_user).get(detail).status_code == 200  # head of the OPD
    assert cal.client_for(cal.auditor_user).get(detail).status_code == 200  # view_all
    assert cal.client_for(cal.admin_user).get(NEW).status_code == 403  # no employee record
    other_list = cal.client_for(cal.other_admin_user).get(LIST).content.decode()
    assert cal.employee.name not in other_list
    cancel = reverse("attendance:correction-cancel", args=[correction.pk])
    assert cal.client_for(cal.supervisor_user).post(cancel).status_code == 403


def test_list_query_count(cal, django_assert_max_num_queries):
    for i in range(5):
        other_day = DAY - dt.timedelta(days=7 * i)
        ask(cal, day=other_day)
    client = cal.client_for(cal.supervisor_user)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert response.content.decode().count("lupa absen") == 5


# --- API ------------------------------------------------------------------------------

API_LIST = reverse("api:attendance:corrections")


def api(user) -> APIClient:
    _token, key = api_token_create(actor=system_actor(user.tenant), user=user, name="t")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_api_request_decide_and_list(cal):
    employee = api(cal.employee_user)
    created = employee.post(
        API_LIST, {"tanggal": "2026-11-03", "jam_masuk": "07:29", "alasan": "lupa"},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "pending" and created.json()["jam_masuk"] == "07:29:00"
    decision = reverse("api:attendance:correction-decision", args=[pk])
    assert employee.post(decision, {"keputusan": "setujui"}, format="json").status_code == 403
    supervisor = api(cal.supervisor_user)
    assert supervisor.post(decision, {"keputusan": "ya"}, format="json").status_code == 400
    done = supervisor.post(decision, {"keputusan": "setujui"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "approved"
    listed = supervisor.get(API_LIST + "?status=approved").json()
    assert [r["id"] for r in listed["results"]] == [pk]
    assert supervisor.get(API_LIST + "?status=bogus").status_code == 400


def test_api_bad_input_and_isolation(cal):
    employee = api(cal.employee_user)
    bad = employee.post(API_LIST, {"tanggal": "2026-11-07", "jam_masuk": "07:00", "alasan": "x"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "tanggal"
    assert employee.post(API_LIST, {"tanggal": "x"}).status_code == 400
    assert (
        employee.post(API_LIST, {"tanggal": "2026-11-03", "jam_masuk": "7 pagi"}).status_code == 400
    )  # noqa: E501
    correction = ask(cal)
    detail = reverse("api:attendance:correction", args=[correction.pk])
    assert api(cal.other_admin_user).get(detail).status_code == 404
    assert api(cal.finance_user).get(detail).status_code == 403
    assert employee.delete(detail).status_code == 405
    cancel = reverse("api:attendance:correction-cancel", args=[correction.pk])
    assert employee.post(cancel).json()["status"] == "cancelled"
    assert APIClient().get(API_LIST).status_code == 401


def test_api_evidence_upload(cal):
    response = api(cal.employee_user).post(
        API_LIST,
        {"tanggal": "2026-11-03", "jam_pulang": "16:00", "alasan": "lupa",
         "bukti": SimpleUploadedFile("x.png", b"not a png")},
        format="multipart",
    )  # fmt: skip
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "bukti"


def test_whole_tenant_classification_uses_corrections(cal):
    """The TPP engine classifies every employee at once (no id list): same result."""
    from pamong.attendance.classify import classify_month

    punch(cal.employee, "2026-11-03 07:40:00")
    correction = ask(cal)
    decide_correction(
        actor=actor_for_user(cal.supervisor_user), correction=correction, approve=True
    )
    result = classify_month(tenant=cal.tenant, year=2026, month=11)
    day = next(d for d in result.employees[cal.employee.pk].days if d.day == DAY)
    assert day.corrected and not day.missing_out
    peer_day = next(d for d in result.employees[cal.peer.pk].days if d.day == DAY)
    assert peer_day.kind == "absent" and not peer_day.corrected


def test_month_page_offers_correction_only_on_own_problem_days(cal):
    punch(cal.employee, "2026-11-02 07:20:00")
    punch(cal.employee, "2026-11-02 16:20:00")
    own = cal.client_for(cal.employee_user).get(reverse("attendance:index") + "?month=2026-11")
    html = own.content.decode()
    assert f"{NEW}?date=2026-11-03" in html  # absent day
    assert f"{NEW}?date=2026-11-02" not in html  # on time
    assert f"{NEW}?date=2026-11-07" not in html  # Saturday
    month = reverse("attendance:employee-month", args=[cal.employee.pk]) + "?month=2026-11"
    assert NEW not in cal.client_for(cal.supervisor_user).get(month).content.decode()


def test_only_exceptions_drops_the_days_a_correction_makes_clean(cal):
    """The TPP run classifies with only_exceptions: a day made whole and on time by an
    approved correction needs no explanation; every other day is as in the full result."""
    from pamong.attendance.classify import classify_month

    punch(cal.employee, "2026-11-03 07:20:00")  # on time, no check-out: fixed to 16:05
    punch(cal.employee, "2026-11-04 07:20:00")
    punch(cal.employee, "2026-11-04 16:05:00")  # on time, both punches
    punch(cal.employee, "2026-11-05 07:45:00")
    punch(cal.employee, "2026-11-05 16:05:00")  # late
    correction = ask(cal)
    decide_correction(
        actor=actor_for_user(cal.supervisor_user), correction=correction, approve=True
    )
    kw = {"tenant": cal.tenant, "year": 2026, "month": 11, "with_punches": False}
    full = classify_month(**kw).employees
    short = classify_month(**kw, only_exceptions=True).employees
    assert full.keys() == short.keys()
    for employee_id, month in full.items():
        kept = [
            d
            for d in month.days
            if d.kind != "present"
            or d.minutes_late or d.minutes_early or d.missing_in or d.missing_out
        ]  # fmt: skip
        other = short[employee_id]
        assert other.days == kept and other.paid_days == month.paid_days
    days = [d.day for d in short[cal.employee.pk].days]
    assert DAY not in days and dt.date(2026, 11, 4) not in days and dt.date(2026, 11, 5) in days
    assert DAY in full[cal.employee.pk].paid_days
