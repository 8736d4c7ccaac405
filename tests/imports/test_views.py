from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from pamong.core.models import AuditLog, BackgroundJob
from pamong.org.models import Employee, Unit
from tests.conftest import World
from tests.imports.helpers import EMPLOYEE_HEADER, example_bytes, example_employees, to_csv

INDEX = "/impor/"


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


def _post(world: World, kind: str, data: bytes, name: str = "data.csv", user: object = None):  # type: ignore[no-untyped-def]
    client = world.client_for(user or world.admin_user)  # type: ignore[arg-type]
    return client.post(INDEX, {"kind": kind, "file": SimpleUploadedFile(name, data)})


def test_url_names() -> None:
    assert reverse("imports:index") == INDEX
    assert reverse("imports:job-status", args=[3]) == "/impor/tugas/3/status/"


def test_admin_sees_form(world: World, django_assert_max_num_queries: object) -> None:
    client = world.client_for(world.admin_user)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(INDEX)
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


def test_admin_imports_units_then_employees(world: World, tmp_path: Path) -> None:
    response = _post(world, "units", example_bytes("units.csv"), "units.csv")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Impor berhasil" in body
    assert Unit.objects.filter(tenant=world.tenant, code="1.02.05").exists()
    # The world already has heads of 1.01 and 1.01.01: import the puskesmas staff only.
    rows = [r for r in example_employees() if r["kode_unit"] == "1.02.05"]
    response = _post(world, "employees", to_csv(rows, EMPLOYEE_HEADER), "employees.csv")
    assert response.status_code == 200
    assert response.context["result"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert Employee.objects.filter(tenant=world.tenant, nip="199001012019032004").exists()
    assert list((tmp_path / "media" / "imports" / "sofifi").iterdir())  # uploads are kept


def test_problems_are_listed_and_nothing_is_written(world: World) -> None:
    count = Employee.objects.count()
    rows = example_employees(**{"199507212026101001": {"kode_unit": "7.7"}})
    response = _post(world, "employees", to_csv(rows, EMPLOYEE_HEADER))
    assert response.status_code == 200
    # The world has no unit 1.02.05 either (rows 5 and 6).
    assert response.context["errors"][0] == {
        "row": 4, "column": "kode_unit", "message": "unit 7.7 tidak dikenal"
    }  # fmt: skip
    assert response.context["error_count"] == 3
    body = response.content.decode()
    assert "<td>4</td><td>kode_unit</td><td>unit 7.7 tidak dikenal</td>" in body
    assert Employee.objects.count() == count
    assert not AuditLog.objects.filter(action__startswith="imports.").exists()


def test_employee_gets_403(world: World) -> None:
    client = world.client_for(world.employee_user)
    assert client.get(INDEX).status_code == 403
    response = _post(world, "units", example_bytes("units.csv"), user=world.employee_user)
    assert response.status_code == 403
    assert not Unit.objects.filter(code="1.02.05").exists()


def test_anonymous_is_sent_to_login(client: object, db: None) -> None:
    response = client.get(INDEX)  # type: ignore[attr-defined]
    assert response.status_code == 302


def test_wrong_methods(world: World) -> None:
    client = world.client_for(world.admin_user)
    assert client.put(INDEX).status_code == 405
    job = BackgroundJob.objects.create(tenant=world.tenant, kind="imports.units")
    assert client.post(reverse("imports:job", args=[job.pk])).status_code == 405
    assert client.post(reverse("imports:job-status", args=[job.pk])).status_code == 405
    assert client.post(reverse("imports:export-employees")).status_code == 405


@override_settings(PAMONG_IMPORT_BACKGROUND_ROWS=2)
def test_big_file_runs_as_background_job(world: World) -> None:
    response = _post(world, "units", example_bytes("units.csv"), "units.csv")
    job = BackgroundJob.objects.get(kind="imports.units")
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    assert job.state == "done"
    assert (job.result["created"], job.result["file"]) == (1, "units.csv")
    client = world.client_for(world.admin_user)
    page = client.get(response["Location"]).content.decode()
    assert "hx-get" not in page  # finished: no more polling
    fragment = client.get(reverse("imports:job-status", args=[job.pk]))
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()


@override_settings(PAMONG_IMPORT_BACKGROUND_ROWS=2)
def test_background_job_with_problems(world: World) -> None:
    rows = example_employees(**{"199507212026101001": {"nip": "123"}})
    response = _post(world, "employees", to_csv(rows, EMPLOYEE_HEADER))
    job = BackgroundJob.objects.get(kind="imports.employees")
    assert job.state == "failed"
    assert job.result["errors"][0]["row"] == 4
    page = world.client_for(world.admin_user).get(response["Location"]).content.decode()
    assert "NIP harus 18 digit angka" in page
    assert not Employee.objects.filter(nip="199001012019032004").exists()


def test_running_job_page_polls(world: World) -> None:
    job = BackgroundJob.objects.create(
        tenant=world.tenant, kind="imports.employees", state="running", progress=5, total=10,
        result={"file": "big.csv"},
    )  # fmt: skip
    client = world.client_for(world.admin_user)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    status_url = reverse("imports:job-status", args=[job.pk])
    assert f'hx-get="{status_url}"' in page
    assert 'hx-trigger="every 1s"' in page
    assert 'http-equiv="refresh"' in page  # works without JavaScript too
    assert 'value="50"' in page


def test_other_tenant_job_is_404(world: World) -> None:
    job = BackgroundJob.objects.create(tenant=world.tenant, kind="imports.units")
    client = world.client_for(world.other_admin_user)
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("imports:job-status", args=[job.pk])).status_code == 404
    other_kind = BackgroundJob.objects.create(tenant=world.tenant, kind="tpp.run")
    own = world.client_for(world.admin_user)
    assert own.get(reverse("imports:job", args=[other_kind.pk])).status_code == 404


def test_job_page_needs_import_permission(world: World) -> None:
    job = BackgroundJob.objects.create(tenant=world.tenant, kind="imports.units")
    client = world.client_for(world.auditor_user)
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 403


def test_export_respects_visibility(world: World) -> None:
    url = reverse("imports:export-employees")
    admin = world.client_for(world.admin_user).get(url, {"format": "csv"})
    assert admin.status_code == 200
    assert admin["Content-Disposition"] == 'attachment; filename="pegawai-sofifi.csv"'
    nips = {line.split(",")[0] for line in admin.content.decode().splitlines()[1:]}
    assert world.outsider.nip in nips
    assert world.foreigner.nip not in nips
    assert len(nips) == 5
    own = world.client_for(world.employee_user).get(url).content.decode()
    assert [line.split(",")[0] for line in own.splitlines()[1:]] == [world.employee.nip]
    xlsx = world.client_for(world.admin_user).get(url, {"format": "xlsx"})
    assert xlsx.content.startswith(b"PK")
    assert world.client_for(world.admin_user).get(url, {"format": "pdf"}).status_code == 400


def test_export_list_query_count(world: World, django_assert_max_num_queries: object) -> None:
    client = world.client_for(world.admin_user)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("imports:export-employees")).status_code == 200


@override_settings(PAMONG_IMPORT_MAX_BYTES=50)
def test_too_big_upload(world: World) -> None:
    response = _post(world, "units", example_bytes("units.csv"))
    assert response.status_code == 400
    assert "berkas terlalu besar" in response.content.decode()


@override_settings(PAMONG_IMPORT_BACKGROUND_ROWS=2)
def test_an_older_import_redelivered_after_a_newer_one_never_applies(world: World) -> None:
    """Issue 18: import A is lost, corrected file B completes, A's message comes back."""
    from pamong.imports.tasks import run_import_job

    older = BackgroundJob.objects.create(  # its message is lost for now
        tenant=world.tenant, kind="imports.units", key="import:units",
        created_by=world.admin_user, result={"file": "old.csv", "kind": "units"},
    )  # fmt: skip
    _post(world, "units", example_bytes("units.csv"), "units.csv")
    newer = BackgroundJob.objects.exclude(pk=older.pk).get(kind="imports.units")
    assert newer.state == "done" and newer.key == older.key
    audits = AuditLog.objects.count()
    assert run_import_job(older.pk, world.tenant.pk, world.admin_user.pk, "units", "x") == "skipped"
    older.refresh_from_db()
    assert older.state == "failed" and "lebih baru" in older.result["problems"][0]
    assert AuditLog.objects.count() == audits  # nothing was imported


def test_a_job_whose_worker_died_is_failed_with_a_retry(world: World) -> None:
    import datetime as dt

    job = BackgroundJob.objects.create(
        tenant=world.tenant, kind="imports.units", state="running", key="import:units",
        lease_until=dt.datetime(2000, 1, 1, tzinfo=dt.UTC), token="dead",
        result={"file": "units.csv", "kind": "units", "path": "/nonexistent"},
    )  # fmt: skip
    client = world.client_for(world.admin_user)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.state == "failed" and "lease habis" in page
    assert reverse("imports:job-retry", args=[job.pk]) in page
    assert (
        world.client_for(world.employee_user)
        .post(reverse("imports:job-retry", args=[job.pk]))
        .status_code
        == 403
    )
