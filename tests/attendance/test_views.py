"""Attendance pages: content, permissions, tenant isolation, methods, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.attendance.helpers import duty, leave, punch, set_calendar

INDEX = reverse("attendance:index")
RECAP = reverse("attendance:recap")


def month_url(pk: int) -> str:
    return reverse("attendance:employee-month", args=[pk]) + "?month=2026-11"


@pytest.fixture
def data(world):
    set_calendar(world.tenant, holidays=[{"date": "2026-11-04", "name": "Hari jadi Sofifi"}])
    punch(world.employee, "2026-11-02 07:45:00")
    punch(world.employee, "2026-11-02 16:10:00")
    punch(world.employee, "2026-11-03 07:00:00")
    leave(world.peer, "sakit", "2026-11-02", "2026-11-03")
    duty(world.supervisor, "2026-11-02", "2026-11-02")
    punch(world.outsider, "2026-11-02 07:00:00")
    punch(world.outsider, "2026-11-02 16:00:00")
    return world


def test_my_month_shows_statuses_in_local_time(data, django_assert_max_num_queries):
    client = data.client_for(data.employee_user)
    with django_assert_max_num_queries(16):
        response = client.get(INDEX + "?month=2026-11")
    assert response.status_code == 200
    html = response.content.decode()
    assert "terlambat 15 menit" in html
    assert "07:45" in html and "16:10" in html  # WIT, not the server's WIB
    assert "tidak absen pulang" in html  # 3 Nov: one morning punch
    assert "Hari jadi Sofifi" in html
    assert "tanpa keterangan" in html
    assert data.employee.nip in html


def test_my_month_without_calendar(world):
    response = world.client_for(world.employee_user).get(INDEX)
    assert response.status_code == 200
    assert "Kalender kerja belum dimuat" in response.content.decode()


def test_bad_month_falls_back_to_current(data):
    response = data.client_for(data.employee_user).get(INDEX + "?month=2026-13")
    assert response.status_code == 200


def test_index_requires_login(client, world):
    response = client.get(INDEX)
    assert response.status_code == 302 and "next=/presensi/" in response["Location"]


@pytest.mark.parametrize("url", [INDEX, RECAP])
def test_post_is_not_allowed(world, url):
    assert world.client_for(world.admin_user).post(url).status_code == 405


def test_admin_without_employee_goes_to_recap(world):
    response = world.client_for(world.admin_user).get(INDEX)
    assert response.status_code == 302 and response["Location"] == RECAP


def test_finance_without_employee_gets_403(world):
    assert world.client_for(world.finance_user).get(INDEX).status_code == 403


@pytest.mark.parametrize(
    ("user", "target", "code"),
    [
        ("supervisor_user", "employee", 200),
        ("head_user", "employee", 200),
        ("admin_user", "employee", 200),
        ("auditor_user", "peer", 200),
        ("employee_user", "employee", 200),
        ("employee_user", "peer", 403),
        ("supervisor_user", "outsider", 403),
        ("other_admin_user", "employee", 404),
        ("admin_user", "foreigner", 404),
    ],
)
def test_employee_month_permissions(data, user, target, code):
    client = data.client_for(getattr(data, user))
    response = client.get(month_url(getattr(data, target).pk))
    assert response.status_code == code


def test_employee_month_content(data):
    html = data.client_for(data.supervisor_user).get(month_url(data.peer.pk)).content.decode()
    assert "cuti sakit" in html and data.peer.name in html


def test_recap_forbidden_for_plain_employee_and_finance(data):
    assert data.client_for(data.employee_user).get(RECAP).status_code == 403
    assert data.client_for(data.finance_user).get(RECAP).status_code == 403


def names(response) -> str:
    return response.content.decode()


def test_recap_supervisor_sees_subordinates_only(data, django_assert_max_num_queries):
    client = data.client_for(data.supervisor_user)
    with django_assert_max_num_queries(16):
        response = client.get(RECAP + "?date=2026-11-02")
    html = names(response)
    assert data.employee.name in html and data.peer.name in html
    assert "terlambat 15 menit" in html and "cuti sakit" in html
    assert data.outsider.name not in html and data.head.name not in html


def test_recap_head_sees_own_opd(data):
    html = names(data.client_for(data.head_user).get(RECAP + "?date=2026-11-02"))
    assert data.supervisor.name in html and "dinas luar" in html
    assert data.outsider.name not in html


def test_recap_admin_sees_all_and_filters(data, django_assert_max_num_queries):
    client = data.client_for(data.admin_user)
    with django_assert_max_num_queries(16):
        html = names(client.get(RECAP + "?date=2026-11-02"))
    assert data.outsider.name in html and data.employee.name in html
    assert data.foreigner.name not in html
    by_unit = names(client.get(f"{RECAP}?date=2026-11-02&unit={data.bidang.pk}"))
    assert data.employee.name in by_unit and data.outsider.name not in by_unit
    late = names(client.get(RECAP + "?date=2026-11-02&status=late"))
    assert data.employee.name in late and data.peer.name not in late


def test_recap_unit_of_other_tenant_is_ignored(data):
    client = data.client_for(data.admin_user)
    html = names(client.get(f"{RECAP}?date=2026-11-02&unit={data.other_opd.pk}"))
    assert data.outsider.name in html  # no filter applied


def test_recap_other_tenant_admin_sees_none_of_ours(data):
    set_calendar(data.other_tenant)
    html = names(data.client_for(data.other_admin_user).get(RECAP + "?date=2026-11-02"))
    assert data.employee.name not in html and data.foreigner.name in html


def test_recap_on_holiday(data):
    html = names(data.client_for(data.admin_user).get(RECAP + "?date=2026-11-04"))
    assert "Hari jadi Sofifi" in html


def test_recap_csv(data):
    response = data.client_for(data.supervisor_user).get(RECAP + "?date=2026-11-02&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    # For people: headers and statuses in words, not the API's codes.
    assert lines[0].startswith("Tanggal,NIP,Nama,Kode unit,Status,Jam masuk")
    row = next(line for line in lines if data.employee.nip in line)
    assert ",terlambat,07:45:00,16:10:00,15,0," in row
    assert len(lines) == 3


def test_recap_xlsx_keeps_nip_text_and_filters(data):
    import io

    from openpyxl import load_workbook

    client = data.client_for(data.admin_user)
    response = client.get(RECAP + "?date=2026-11-02&format=xlsx&status=late")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="rekap-presensi-2026-11-02.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Tanggal", "NIP", "Nama", "Kode unit", "Status")
    assert rows[1][1] == data.employee.nip and rows[1][4] == "terlambat" and rows[1][7] == 15
    assert len(rows) == 2


def test_recap_query_count_does_not_grow_with_people(data, django_assert_max_num_queries):
    import datetime as dt

    from tests.factories import EmployeeFactory

    for i in range(40):
        # Own birth dates: the factory's NIP serial wraps at 1000 in a long session.
        born = dt.date(1991, 1, 1) + dt.timedelta(days=i)
        person = EmployeeFactory(
            tenant=data.tenant, unit=data.bidang, name=f"Pegawai {i:02d}", birth_date=born
        )
        punch(person, "2026-11-02 07:20:00")
        if i % 3 == 0:
            leave(person, "tahunan", "2026-11-02", "2026-11-02")
        elif i % 3 == 1:
            duty(person, "2026-11-02", "2026-11-02")
    client = data.client_for(data.admin_user)
    for fmt in ("", "&format=csv", "&format=xlsx"):
        with django_assert_max_num_queries(16):
            response = client.get(RECAP + "?date=2026-11-02" + fmt)
        assert response.status_code == 200
    with django_assert_max_num_queries(16):
        month = client.get(month_url(data.employee.pk))
    assert month.status_code == 200


def test_recap_search_by_name_or_nip(data):
    client = data.client_for(data.admin_user)
    html = names(client.get(RECAP + "?date=2026-11-02&q=arnoldus"))
    assert data.employee.name in html and data.peer.name not in html
    by_nip = names(client.get(f"{RECAP}?date=2026-11-02&q={data.peer.nip}&format=csv"))
    assert data.peer.nip in by_nip and data.employee.nip not in by_nip
