"""/api/v1/leave/: the same rules as the pages, tokens, 403/404/405, query counts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from pamong.attendance.models import Leave
from pamong.leave.models import LeaveRequest
from tests.factories import EmployeeFactory, UserFactory, make_nip
from tests.leave.conftest import approve_fully, submit

pytestmark = pytest.mark.django_db
BASE = "/api/v1/leave/"


def test_employee_files_and_the_chain_approves_over_the_api(cuti, api_for):
    employee = api_for(cuti.employee_user)
    response = employee.post(
        BASE + "requests/",
        {"jenis": "tahunan", "mulai": "2026-11-02", "selesai": "2026-11-04", "alasan": "libur"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["nip"], body["hari_kerja"], body["status"]) == (cuti.employee.nip, 3, "submitted")
    pk = body["id"]
    r = api_for(cuti.supervisor_user).post(
        f"{BASE}requests/{pk}/consider/", {"decision": "approve"}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "considered"
    r = api_for(cuti.head_user).post(
        f"{BASE}requests/{pk}/decide/",
        {"decision": "approve", "nomor_surat": "851/77"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["nomor_surat"] == "851/77"
    assert Leave.objects.get(employee=cuti.employee).letter_number == "851/77"
    balances = employee.get(BASE + "balances/?year=2026").json()
    assert balances["results"] == [
        {
            "nip": cuti.employee.nip,
            "nama": cuti.employee.name,
            "tahun": 2026,
            "hak_tahun_ini": 12,
            "sisa_tahun_lalu": 0,
            "hak_total": 12,
            "terpakai": 3,
            "sisa": 9,
            "diajukan": 0,
        }
    ]


def test_bad_input_is_400_with_field_names(cuti, api_for):
    client = api_for(cuti.employee_user)
    r = client.post(
        BASE + "requests/",
        {"jenis": "sakit", "mulai": "2026-11-02", "selesai": "2026-11-04", "alasan": "demam"},
        format="json",
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "lampiran"
    r = client.post(
        BASE + "requests/",
        {"jenis": "tahunan", "mulai": "2026-11-21", "selesai": "2026-11-22", "alasan": "x"},
        format="json",
    )
    assert r.status_code == 400 and "hari kerja" in r.json()["errors"][0]["message"]
    r = client.post(BASE + "requests/", {"jenis": "liburan"}, format="json")
    assert r.status_code == 400 and "jenis" in r.json()
    assert not LeaveRequest.objects.exists()


def test_multipart_with_attachment(cuti, api_for):
    upload = SimpleUploadedFile("dokter.pdf", b"%PDF-1.4", content_type="application/pdf")
    r = api_for(cuti.employee_user).post(
        BASE + "requests/",
        {
            "jenis": "sakit",
            "mulai": "2026-11-02",
            "selesai": "2026-11-04",
            "alasan": "demam",
            "lampiran": upload,
        },
        format="multipart",
    )
    assert r.status_code == 201 and r.json()["ada_lampiran"] is True


def test_permissions_and_tenant_isolation(cuti, api_for):
    request = submit(cuti)
    url = f"{BASE}requests/{request.pk}/"
    assert api_for(cuti.other_admin_user).get(url).status_code == 404
    assert (
        api_for(cuti.other_admin_user)
        .post(url + "decide/", {"decision": "approve"}, format="json")
        .status_code
        == 404
    )
    assert api_for(cuti.finance_user).get(url).status_code == 403
    assert (
        api_for(cuti.head_user)
        .post(url + "consider/", {"decision": "approve"}, format="json")
        .status_code
        == 403
    )
    assert api_for(cuti.admin_user).post(BASE + "requests/", {}, format="json").status_code == 403
    other = api_for(cuti.other_admin_user).get(BASE + "requests/").json()
    assert other["count"] == 0
    assert cuti.employee.nip not in str(
        api_for(cuti.other_admin_user).get(BASE + "balances/").json()
    )


def test_wrong_methods_and_anonymous(cuti, api_for, client):
    request = submit(cuti)
    api = api_for(cuti.supervisor_user)
    assert api.get(f"{BASE}requests/{request.pk}/consider/").status_code == 405
    assert api.delete(f"{BASE}requests/{request.pk}/").status_code == 405
    assert api.post(BASE + "balances/").status_code == 405
    assert client.get(BASE + "requests/").status_code in (401, 403)


def test_cancel_and_defer_over_the_api(cuti, api_for):
    request = submit(cuti)
    r = api_for(cuti.supervisor_user).post(
        f"{BASE}requests/{request.pk}/consider/", {"decision": "defer"}, format="json"
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "catatan"
    r = api_for(cuti.employee_user).post(f"{BASE}requests/{request.pk}/cancel/", {}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"


def test_lists_use_few_queries(cuti, api_for, django_assert_max_num_queries):
    for day in ("02", "03", "04", "05", "06"):
        approve_fully(
            cuti, submit(cuti, kind="sakit", start=f"2026-11-{day}", end=f"2026-11-{day}")
        )
    admin = api_for(cuti.admin_user)
    with django_assert_max_num_queries(12):
        r = admin.get(BASE + "requests/")
    assert r.json()["count"] == 5
    with django_assert_max_num_queries(16):
        r = admin.get(BASE + "balances/?year=2026")
    assert r.json()["count"] == 5  # the tenant's employees, not the other tenant's
    mine = api_for(cuti.employee_user).get(BASE + "requests/?mine=1&status=approved").json()
    assert mine["count"] == 5


def test_schema_lists_leave_paths(world, client):
    client.force_login(world.employee_user)  # the schema needs a login (issue 11 §5)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/leave/requests/" in schema["paths"]
    assert "/api/v1/leave/balances/" in schema["paths"]


def test_type_specific_fields_in_and_out(cuti, api_for):
    client = api_for(cuti.employee_user)
    payload = {
        "jenis": "tahunan",
        "mulai": "2026-11-02",
        "selesai": "2026-11-06",
        "alasan": "pulang kampung",
        "tujuan_sulit_dijangkau": True,
        "tujuan": "Pulau Gebe",
        "hari_perjalanan": 13,
    }
    r = client.post(BASE + "requests/", payload, format="json")
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "hari_perjalanan"
    assert "12 hari kalender" in r.json()["errors"][0]["message"]
    r = client.post(BASE + "requests/", {**payload, "hari_perjalanan": 12}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["hari_kerja"], body["hari_perjalanan"], body["tujuan"]) == (5, 12, "Pulau Gebe")
    assert body["tujuan_sulit_dijangkau"] is True
    assert (body["selesai"], body["selesai_termasuk_perjalanan"]) == ("2026-11-06", "2026-11-18")
    assert body["kategori_alasan"] == "" and body["perpanjangan_tpk"] is False
    assert client.get(f"{BASE}requests/{body['id']}/").json()["hari_perjalanan"] == 12


def test_sick_leave_fields_over_multipart(cuti, api_for):
    client = api_for(cuti.employee_user)

    def upload(name: str) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, b"%PDF-1.4", content_type="application/pdf")

    data = {"jenis": "sakit", "mulai": "2026-01-05", "selesai": "2027-01-05", "alasan": "rawat"}
    r = client.post(
        BASE + "requests/",
        {**data, "lampiran": upload("dokter.pdf"), "jenis_lampiran": "dokter"},
        format="multipart",
    )
    assert r.status_code == 400
    fields = {e["field"] for e in r.json()["errors"]}
    assert fields == {"selesai", "jenis_lampiran"}
    r = client.post(
        BASE + "requests/",
        {
            **data,
            "lampiran": upload("dokter.pdf"),
            "jenis_lampiran": "dokter_pemerintah",
            "perpanjangan_tpk": "true",
            "lampiran_tpk": upload("tpk.pdf"),
        },
        format="multipart",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["jenis_lampiran"] == "dokter_pemerintah" and body["perpanjangan_tpk"] is True
    assert body["ada_lampiran_tpk"] is True and body["subjenis_sakit"] == ""


def test_pppk_reason_category_over_the_api(cuti, api_for):
    pppk = EmployeeFactory(
        tenant=cuti.tenant,
        unit=cuti.bidang,
        position=cuti.employee.position,
        employee_type="PPPK",
        golongan="IX",
        nip=make_nip(dt.date(1999, 1, 1), "P", tmt="202603", employee_type="PPPK"),
        supervisor=cuti.supervisor,
    )
    user = UserFactory(username=pppk.nip, tenant=cuti.tenant, employee=pppk)
    client = api_for(user)
    data = {"jenis": "tahunan", "mulai": "2026-11-02", "selesai": "2026-11-10", "alasan": "nikah"}
    r = client.post(BASE + "requests/", data, format="json")
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"kategori_alasan", "selesai"}
    r = client.post(
        BASE + "requests/",
        {**data, "selesai": "2026-11-09", "kategori_alasan": "pernikahan_pertama"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["kategori_alasan"] == "pernikahan_pertama"


def test_the_schema_lists_the_new_fields(cuti):
    schema = json.loads(_schema_client(cuti).get("/api/schema/", {"format": "json"}).content)
    components = schema["components"]["schemas"]
    inputs = set(components["RequestInput"]["properties"])
    assert {
        "kategori_alasan",
        "tujuan_sulit_dijangkau",
        "tujuan",
        "hari_perjalanan",
        "subjenis_sakit",
        "jenis_lampiran",
        "perpanjangan_tpk",
        "lampiran_tpk",
    } <= inputs
    outputs = set(components["RequestOutput"]["properties"])
    assert {"hari_perjalanan", "selesai_termasuk_perjalanan", "ada_lampiran_tpk"} <= outputs


def _schema_client(cuti) -> APIClient:
    """The schema needs a login (issue 11 §5)."""
    client = APIClient()
    client.force_login(cuti.employee_user)
    return client
