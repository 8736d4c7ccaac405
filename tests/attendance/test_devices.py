"""Devices: token management pages/services and the device push endpoint."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from pamong.attendance.devices import device_create, device_deactivate, device_rotate
from pamong.attendance.models import Device, Punch
from pamong.core.actor import actor_for_user
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog

PUSH = reverse("api:attendance:device-punches")
DEVICES = reverse("attendance:devices")


@pytest.fixture
def device(world):
    return device_create(actor=actor_for_user(world.admin_user), name="FP Lobi", code="FP-01")


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Device {key}")
    return client


def items(world, *extra, waktu="2026-11-02 07:40:05"):
    return {"punches": [{"nip": world.employee.nip, "waktu": waktu}, *extra]}


def test_push_stores_tenant_local_time_and_is_idempotent(world, device):
    dev, key = device
    client = client_with(key)
    first = client.post(PUSH, items(world), format="json")
    assert first.status_code == 201, first.content
    assert first.json() == {"created": 1, "updated": 0, "unchanged": 0, "skipped": []}
    again = client.post(PUSH, items(world), format="json")
    assert again.status_code == 200 and again.json()["unchanged"] == 1
    stored = Punch.objects.get()
    local = stored.at.astimezone(ZoneInfo("Asia/Jayapura"))
    assert (local.date(), local.time()) == (dt.date(2026, 11, 2), dt.time(7, 40, 5))
    assert (stored.device, stored.source, stored.tenant_id) == ("FP-01", "device", world.tenant.pk)
    dev.refresh_from_db()
    assert dev.last_used_at is not None
    log = AuditLog.objects.filter(action="attendance.punches.imported").last()
    assert log is not None and log.actor_label == "device:FP-01"


def test_push_accepts_iso_offsets_as_the_same_instant(world, device):
    _dev, key = device
    client = client_with(key)
    client.post(PUSH, items(world, waktu="2026-11-02T05:40:05+07:00"), format="json")
    # 05:40:05 WIB is 07:40:05 WIT: the same punch, not a second one
    response = client.post(PUSH, items(world), format="json")
    assert response.json()["unchanged"] == 1 and Punch.objects.count() == 1


def test_push_refuses_malformed_time_and_unknown_nip_all_or_nothing(world, device):
    client = client_with(device[1])
    bad = client.post(
        PUSH, items(world, {"nip": world.employee.nip, "waktu": "02/11/2026 7:40"}), format="json"
    )  # noqa: E501
    assert bad.status_code == 400
    error = bad.json()["errors"][0]
    assert (error["item"], error["field"]) == (2, "waktu")
    assert "YYYY-MM-DD" in error["message"]
    naive_iso = client.post(PUSH, items(world, waktu="2026-11-02T07:40:05.5"), format="json")
    assert naive_iso.status_code == 400
    foreign = {"nip": world.foreigner.nip, "waktu": "2026-11-02 07:00"}
    unknown = client.post(PUSH, items(world, foreign), format="json")
    assert unknown.status_code == 400
    assert world.foreigner.nip in unknown.json()["errors"][0]["message"]
    assert not Punch.objects.exists()
    skipped = client.post(PUSH, {**items(world, foreign), "skip_unknown": True}, format="json")
    assert skipped.status_code == 201
    assert skipped.json()["skipped"] == [{"item": 2, "nip": world.foreigner.nip}]
    assert Punch.objects.count() == 1 and not Punch.objects.filter(tenant=world.other_tenant)


def test_push_refuses_future_and_bad_shapes(world, device):
    client = client_with(device[1])
    future = (dt.datetime.now(ZoneInfo("Asia/Jayapura")) + dt.timedelta(days=1)).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    response = client.post(PUSH, items(world, waktu=future), format="json")
    assert response.status_code == 400 and "masa depan" in response.json()["errors"][0]["message"]
    assert client.post(PUSH, {"punches": []}, format="json").status_code == 400
    assert client.post(PUSH, {"punches": ["x"]}, format="json").status_code == 400
    assert client.post(PUSH, [1, 2], format="json").status_code == 400
    assert client.get(PUSH).status_code == 405


def test_push_auth(world, device):
    dev, key = device
    assert APIClient().post(PUSH, items(world), format="json").status_code == 401
    assert client_with("nope").post(PUSH, items(world), format="json").status_code == 401
    # a user API token is not a device token
    user_client = APIClient()
    user_client.force_authenticate(world.admin_user)
    assert user_client.post(PUSH, items(world), format="json").status_code in (401, 403)
    new_key = device_rotate(actor=actor_for_user(world.admin_user), device=dev)
    assert client_with(key).post(PUSH, items(world), format="json").status_code == 401
    assert client_with(new_key).post(PUSH, items(world), format="json").status_code == 201
    device_deactivate(actor=actor_for_user(world.admin_user), device=dev)
    assert client_with(new_key).post(PUSH, items(world), format="json").status_code == 401


def test_device_token_only_for_its_tenant(world):
    _dev, key = device_create(actor=actor_for_user(world.other_admin_user), name="K", code="FP-01")
    response = client_with(key).post(PUSH, items(world), format="json")
    assert response.status_code == 400  # a Sofifi NIP is unknown in Kupang
    assert not Punch.objects.exists()


def test_device_create_rules(world, device):
    admin = actor_for_user(world.admin_user)
    with pytest.raises(InputErrors) as err:
        device_create(actor=admin, name="", code="FP 01!")
    assert {e.column for e in err.value.errors} == {"nama", "kode"}
    with pytest.raises(InputErrors, match="1 problem"):
        device_create(actor=admin, name="Lain", code="FP-01")
    with pytest.raises(PermissionDenied):
        device_create(actor=actor_for_user(world.head_user), name="X", code="X")
    dev = Device.objects.get()
    assert len(dev.token_hash) == 64 and device[1] not in str(AuditLog.objects.values())


def test_device_pages(world, device):
    dev, _key = device
    admin = world.client_for(world.admin_user)
    page = admin.get(DEVICES)
    assert page.status_code == 200 and "FP Lobi" in page.content.decode()
    created = admin.post(DEVICES, {"name": "FP Dinkes", "code": "FP-02"})
    assert created.status_code == 200
    token = created.content.decode().split('id="device-token">')[1].split("<")[0]
    assert client_with(token).post(PUSH, items(world), format="json").status_code == 201
    assert admin.post(DEVICES, {"name": "Dup", "code": "FP-02"}).status_code == 400
    deactivate = reverse("attendance:device-deactivate", args=[dev.pk])
    assert admin.get(deactivate).status_code == 405
    assert admin.post(deactivate).status_code == 302
    dev.refresh_from_db()
    assert not dev.active
    assert world.client_for(world.supervisor_user).get(DEVICES).status_code == 403
    assert world.client_for(world.auditor_user).post(deactivate).status_code == 403
    other = world.client_for(world.other_admin_user)
    assert other.post(deactivate).status_code == 404
    assert "FP Lobi" not in other.get(DEVICES).content.decode()


def test_cli_registers_a_device_and_prints_its_token(world):
    import io

    from django.core.management import CommandError, call_command

    out, err = io.StringIO(), io.StringIO()
    call_command(
        "attendance_device_create", tenant="sofifi", name="FP", code="FP-9", stdout=out, stderr=err
    )  # noqa: E501
    key = out.getvalue().strip()
    assert client_with(key).post(PUSH, items(world), format="json").status_code == 201
    assert Punch.objects.get().device == "FP-9"
    with pytest.raises(CommandError):
        call_command(
            "attendance_device_create",
            tenant="sofifi",
            name="FP",
            code="FP-9",
            stdout=out,
            stderr=err,
        )  # noqa: E501
    assert "sudah dipakai" in err.getvalue()
