"""Official duty (dinas luar) recorded by the unit: service, classification, pages, API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from pamong.api.services import api_token_create
from pamong.attendance.classify import classify_range
from pamong.attendance.duties import delete_duty, record_duty
from pamong.attendance.models import Duty
from pamong.core.actor import actor_for_user, system_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from tests.attendance.helpers import leave, set_calendar

PAGE = reverse("attendance:duties")
API = reverse("api:attendance:duties")
NOV2, NOV4 = dt.date(2026, 11, 2), dt.date(2026, 11, 4)


@pytest.fixture
def cal(world):
    set_calendar(world.tenant)
    set_calendar(world.other_tenant)
    return world


def record(world, user, employee=None, start=NOV2, end=NOV4, letter="800/ST/12/2026"):
    return record_duty(
        actor=actor_for_user(user), employee=employee or world.employee, start=start, end=end,
        letter_number=letter,
    )  # fmt: skip


def test_duty_days_count_as_present_but_leave_wins(cal):
    record(cal, cal.supervisor_user)
    leave(cal.employee, "sakit", "2026-11-04", "2026-11-04")
    result = classify_range(
        tenant=cal.tenant, first=NOV2, last=NOV4, employee_ids=[cal.employee.pk]
    )
    kinds = [d.kind for d in result.employees[cal.employee.pk].days]
    assert kinds == ["duty", "duty", "leave"]


@pytest.mark.parametrize("user", ["admin_user", "head_user", "supervisor_user"])
def test_who_may_record(cal, user):
    duty = record(cal, getattr(cal, user))
    assert duty.letter_number == "800/ST/12/2026"
    log = AuditLog.objects.get(action="attendance.duty.recorded")
    assert log.after["start"] == "2026-11-02"


def test_who_may_not_record(cal):
    for user in (cal.employee_user, cal.auditor_user, cal.other_admin_user):
        with pytest.raises(PermissionDenied):
            record(cal, user)
    with pytest.raises(PermissionDenied):  # the supervisor has no right over another OPD
        record(cal, cal.supervisor_user, employee=cal.outsider)


def test_bad_input_is_named(cal):
    with pytest.raises(InputErrors) as err:
        record(cal, cal.admin_user, start=NOV4, end=NOV2, letter=" ")
    assert {e.column for e in err.value.errors} == {"nomor_surat", "selesai"}
    with pytest.raises(InputErrors) as err:
        record(cal, cal.admin_user, start=dt.date(2026, 11, 7), end=dt.date(2026, 11, 8))
    assert "tanpa hari kerja" in err.value.errors[0].message
    record(cal, cal.admin_user)
    with pytest.raises(InputErrors) as err:
        record(cal, cal.admin_user, start=NOV4, end=dt.date(2026, 11, 6))
    assert "tumpang tindih" in err.value.errors[0].message
    assert Duty.objects.count() == 1


def test_delete_is_audited_and_checked(cal):
    duty = record(cal, cal.admin_user)
    with pytest.raises(PermissionDenied):
        delete_duty(actor=actor_for_user(cal.employee_user), duty=duty)
    delete_duty(actor=actor_for_user(cal.head_user), duty=duty)
    assert not Duty.objects.exists()
    log = AuditLog.objects.get(action="attendance.duty.deleted")
    assert log.before["letter_number"] == "800/ST/12/2026"


def test_pages(cal, django_assert_max_num_queries):
    head = cal.client_for(cal.head_user)
    response = head.post(
        PAGE, {"nip": cal.employee.nip, "start": "2026-11-02", "end": "2026-11-03",
               "letter_number": "ST-1", "note": "rapat provinsi"},
    )  # fmt: skip
    assert response.status_code == 302
    bad = head.post(
        PAGE, {"nip": "000", "start": "2026-11-02", "end": "2026-11-03", "letter_number": "x"}
    )  # noqa: E501
    assert bad.status_code == 400 and "tidak dikenal" in bad.content.decode()
    for i in range(10):
        record(
            cal,
            cal.admin_user,
            employee=cal.peer,
            start=NOV2 + dt.timedelta(days=7 * i),
            end=NOV2 + dt.timedelta(days=7 * i),
        )  # noqa: E501
    with django_assert_max_num_queries(12):
        html = head.get(PAGE + "?month=2026-11").content.decode()
    assert "ST-1" in html and "rapat provinsi" in html and html.count(cal.peer.nip) == 5
    own = cal.client_for(cal.employee_user)
    own_html = own.get(PAGE).content.decode()
    assert "ST-1" in own_html and cal.peer.nip not in own_html
    assert 'name="letter_number"' not in own_html  # no form for a plain employee
    assert own.post(PAGE, {}).status_code == 403
    duty = Duty.objects.get(letter_number="ST-1")
    delete = reverse("attendance:duty-delete", args=[duty.pk])
    assert cal.client_for(cal.other_admin_user).post(delete).status_code == 404
    assert cal.client_for(cal.finance_user).post(delete).status_code == 403
    assert head.get(delete).status_code == 405
    assert head.post(delete).status_code == 302


def api(user) -> APIClient:
    _token, key = api_token_create(actor=system_actor(user.tenant), user=user, name="t")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_api(cal):
    client = api(cal.supervisor_user)
    body = {"nip": cal.employee.nip, "mulai": "2026-11-02", "selesai": "2026-11-03",
            "nomor_surat": "ST-9"}  # fmt: skip
    created = client.post(API, body, format="json")
    assert created.status_code == 201 and created.json()["nomor_surat"] == "ST-9"
    again = client.post(API, body, format="json")
    assert again.status_code == 400 and again.json()["errors"][0]["field"] == "mulai"
    assert client.post(API, {**body, "mulai": "kemarin"}, format="json").status_code == 400
    foreign = client.post(API, {**body, "nip": cal.foreigner.nip}, format="json")
    assert foreign.status_code == 400
    assert (
        api(cal.employee_user)
        .post(API, {**body, "mulai": "2026-11-05", "selesai": "2026-11-05"}, format="json")
        .status_code
        == 403
    )  # noqa: E501
    listed = client.get(API + "?month=2026-11").json()
    assert [d["nomor_surat"] for d in listed["results"]] == ["ST-9"]
    assert client.get(API + "?month=11-2026").status_code == 400
    pk = created.json()["id"]
    detail = reverse("api:attendance:duty", args=[pk])
    assert api(cal.other_admin_user).get(detail).status_code == 404
    assert api(cal.finance_user).get(detail).status_code == 403
    assert client.put(detail, {}).status_code == 405
    assert client.delete(detail).status_code == 204
    assert not Duty.objects.exists()
