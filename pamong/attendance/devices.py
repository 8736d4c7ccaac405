"""Punch devices: one token per device (managed by BKPSDM), and the push service.

A device authenticates with `Authorization: Device <token>`; only the token's SHA-256 is
stored. Pushed punches go through the same validation and idempotent insert as
`pamong import attendance` (key nip + waktu), so resending a batch is a no-op.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import has_perm, require
from pamong.imports.tabular import Table

from .imports import PunchImportResult, store_punch_table
from .models import Device

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")
MAX_PUNCHES = 10000
# A device clock a little ahead of the server is tolerated; more is refused.
CLOCK_SKEW = dt.timedelta(minutes=10)


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def devices_visible_to(actor: Actor) -> QuerySet[Device]:
    if actor.tenant is None or not has_perm(actor, "attendance.manage"):
        return Device.objects.none()
    return Device.objects.filter(tenant=actor.tenant)


def get_device_for_actor(actor: Actor, pk: int) -> Device:
    """404 outside the tenant, 403 inside it without attendance.manage."""
    if actor.tenant is None:
        raise Http404
    device = Device.objects.filter(tenant=actor.tenant, pk=pk).first()
    if device is None:
        raise Http404
    require(actor, "attendance.manage")
    return device


def _new_token(device: Device) -> str:
    key = secrets.token_urlsafe(32)
    device.prefix = key[:8]
    device.token_hash = hash_token(key)
    return key


@transaction.atomic
def device_create(*, actor: Actor, name: str, code: str) -> tuple[Device, str]:
    """Register a device; returns it and its token (shown once, never stored in clear)."""
    require(actor, "attendance.manage")
    assert actor.tenant is not None
    errors: list[InputError] = []
    name, code = name.strip(), code.strip()
    if not name:
        errors.append(InputError(_("wajib diisi"), column="nama", source="perangkat"))
    elif len(name) > 100:
        errors.append(InputError(_("terlalu panjang (maksimum 100 karakter)"), column="nama"))
    if not CODE_RE.match(code):
        errors.append(
            InputError(
                _("kode perangkat: 1–60 huruf, angka, titik, garis bawah atau tanda hubung"),
                column="kode",
                source="perangkat",
            )
        )
    elif Device.objects.filter(tenant=actor.tenant, code=code).exists():
        errors.append(InputError(_("kode %(code)s sudah dipakai") % {"code": code}, column="kode"))
    if errors:
        raise InputErrors(errors)
    device = Device(tenant=actor.tenant, name=name, code=code)
    key = _new_token(device)
    try:
        with transaction.atomic():
            device.save()
    except IntegrityError as exc:
        raise InputErrors(
            [InputError(_("kode %(code)s sudah dipakai") % {"code": code}, column="kode")]
        ) from exc
    audit(
        actor=actor,
        action="attendance.device.created",
        obj=device,
        data={"name": name, "code": code, "prefix": device.prefix},
    )
    return device, key


@transaction.atomic
def device_rotate(*, actor: Actor, device: Device) -> str:
    """A new token for the device; the old one stops working at once."""
    require(actor, "attendance.manage")
    key = _new_token(device)
    device.active = True
    device.save(update_fields=["prefix", "token_hash", "active"])
    audit(
        actor=actor, action="attendance.device.rotated", obj=device, data={"prefix": device.prefix}
    )  # noqa: E501
    return key


@transaction.atomic
def device_deactivate(*, actor: Actor, device: Device) -> Device:
    require(actor, "attendance.manage")
    if device.active:
        device.active = False
        device.save(update_fields=["active"])
        audit(
            actor=actor,
            action="attendance.device.deactivated",
            obj=device,
            before={"active": True},
            after={"active": False},
        )
    return device


def device_actor(device: Device) -> Actor:
    """The actor a pushing device acts as: its tenant, no roles, labelled with its code."""
    return Actor(tenant=device.tenant, label=f"device:{device.code}")


def _text(item: dict[str, Any], key: str) -> str:
    return str(item.get(key) or "").strip()


def _item_errors(items: Any) -> list[InputError]:
    if not isinstance(items, list) or not items:
        return [InputError(_("daftar punches wajib diisi"), column="punches", source="api")]
    if len(items) > MAX_PUNCHES:
        return [
            InputError(
                _("maksimum %(n)s punch per kiriman") % {"n": MAX_PUNCHES},
                column="punches",
                source="api",
            )
        ]
    return [
        InputError(_("harus berupa objek dengan nip dan waktu"), row=i, column="punches")
        for i, item in enumerate(items, start=1)
        if not isinstance(item, dict)
    ]


@transaction.atomic
def push_punches(*, device: Device, items: Any, skip_unknown: bool = False) -> PunchImportResult:
    """Store punches sent by a device (all-or-nothing, idempotent, audited).

    Each item is {"nip", "waktu"}; `waktu` is local `YYYY-MM-DD HH:MM[:SS]` in the tenant's
    zone or ISO 8601 with an offset. Unknown NIPs are refused unless `skip_unknown`.
    """
    if not device.active:
        raise PermissionDenied(_("perangkat tidak aktif"))
    errors = _item_errors(items)
    if errors:
        raise InputErrors(errors)
    rows = [
        (i, {"nip": _text(item, "nip"), "waktu": _text(item, "waktu"), "perangkat": device.code})
        for i, item in enumerate(items, start=1)
    ]
    raw = json.dumps(items, sort_keys=True, default=str).encode()
    table = Table(f"device:{device.code}", hashlib.sha256(raw).hexdigest(), ["nip", "waktu"], rows)
    result = store_punch_table(
        device_actor(device),
        table,
        skip_unknown=skip_unknown,
        origin="device",
        latest=timezone.now() + CLOCK_SKEW,
    )
    Device.objects.filter(pk=device.pk).update(last_used_at=timezone.now())
    return result
