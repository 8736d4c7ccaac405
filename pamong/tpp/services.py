"""TPP policy loading and sanctions import (tpp.md §1, formats.md sanctions.csv)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.errors import InputError, InputErrors
from pamong.core.models import Tenant
from pamong.core.permissions import perm_opds, require
from pamong.imports.tabular import RowErrors, parse_month, read_table
from pamong.org.models import Employee
from pamong.tpp.models import Sanction, TppPolicy, TppRun, TppSettings
from pamong.tpp.policy import Policy, parse_policy, policy_from_json

BATCH = 2000
PERCENT_RE = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


@transaction.atomic
def tpp_policy_load(*, actor: Actor, data: bytes, source: str) -> tuple[TppPolicy, bool]:
    """Load a policy; one with the same `effective_from` is replaced. Returns (row, created)."""
    require(actor, "tpp.manage_policy")
    policy = parse_policy(data, source=source)
    digest = hashlib.sha256(data).hexdigest()
    existing = TppPolicy.objects.filter(
        tenant=actor.tenant, effective_from=policy.effective_from
    ).first()
    before = existing.document if existing else None
    if existing is not None:
        _refuse_if_used(existing, source)
    row, created = TppPolicy.objects.update_or_create(
        tenant=actor.tenant,
        effective_from=policy.effective_from,
        defaults={"name": policy.name, "document": policy.raw, "sha256": digest},
    )
    audit(
        actor=actor,
        action="tpp.policy.loaded" if created else "tpp.policy.replaced",
        obj=row,
        before={"document": before} if before is not None else None,
        after={"document": policy.raw},
        data={"file": source, "sha256": digest},
    )
    return row, created


def _refuse_if_used(existing: TppPolicy, source: str) -> None:
    """A version behind a verified, approved or paid run stays as it was (tpp.md §7a)."""
    used = (
        TppRun.objects.filter(tenant_id=existing.tenant_id, policy=existing)
        .exclude(status=TppRun.Status.DRAFT)
        .order_by("period")
        .first()
    )
    if used is not None:
        message = _(
            "effective_from: versi yang berlaku mulai %(d)s sudah dipakai perhitungan "
            "%(p)s (%(s)s) dan tidak dapat diganti; simpan sebagai versi baru dengan "
            "effective_from lain"
        ) % {
            "d": existing.effective_from.isoformat(),
            "p": used.period.strftime("%Y-%m"),
            "s": used.get_status_display(),
        }
        raise InputErrors([InputError(message=message, source=source)])


def policy_versions(tenant: Tenant) -> list[TppPolicy]:
    """Every version of the tenant's policy, newest first."""
    return list(
        TppPolicy.objects.filter(tenant=tenant)
        .order_by("-effective_from")
        .only("id", "tenant_id", "effective_from", "name", "loaded_at", "sha256")
    )


def policy_in_force(tenant: Tenant, day: dt.date) -> TppPolicy | None:
    return (
        TppPolicy.objects.filter(tenant=tenant, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def policy_of(row: TppPolicy) -> Policy:
    return policy_from_json(row.document)


def _parse_percent(value: str) -> Decimal:
    if not PERCENT_RE.match(value):
        raise ValueError(_("harus angka 0 sampai 100 dengan paling banyak dua desimal"))
    try:
        percent = Decimal(value)
    except InvalidOperation as exc:  # pragma: no cover - the regex already refused it
        raise ValueError(_("harus berupa angka")) from exc
    if percent > 100:
        raise ValueError(_("harus angka 0 sampai 100 dengan paling banyak dua desimal"))
    return percent


@transaction.atomic
def sanctions_import(  # noqa: C901 - one check per column
    *,
    actor: Actor,
    data: bytes | IO[bytes],
    source: str,
    ignore_unknown_columns: bool = False,
) -> dict[str, int]:
    """Import sanctions.csv (key nip + mulai): all-or-nothing, idempotent, set-based."""
    require(actor, "tpp.manage_policy")
    table = read_table(
        data,
        source=source,
        required=("nip", "jenis", "potongan_persen", "mulai", "bulan"),
        ignore_unknown_columns=ignore_unknown_columns,
    )
    errors = RowErrors(source)
    nips = {values["nip"] for _row, values in table.rows}
    employees = dict(
        Employee.objects.filter(tenant=actor.tenant, nip__in=nips).values_list("nip", "id")
    )
    parsed: dict[tuple[int, dt.date], dict[str, object]] = {}
    for row, values in table.rows:
        employee_id = employees.get(values["nip"])
        if employee_id is None:
            errors.add(row, "nip", _("pegawai dengan NIP ini tidak ada"))
        jenis = values["jenis"]
        if not jenis or len(jenis) > 300:
            errors.add(row, "jenis", _("wajib diisi, paling panjang 300 karakter"))
        percent = Decimal(0)
        try:
            percent = _parse_percent(values["potongan_persen"])
        except ValueError as exc:
            errors.add(row, "potongan_persen", str(exc))
        try:
            start = parse_month(values["mulai"])
        except ValueError as exc:
            errors.add(row, "mulai", str(exc))
            continue
        months = int(values["bulan"]) if values["bulan"].isdigit() else 0
        if not 1 <= months <= 120:
            errors.add(row, "bulan", _("harus bilangan bulat 1 sampai 120"))
        if employee_id is None:
            continue
        key = (employee_id, start)
        if key in parsed:
            errors.add(row, "mulai", _("NIP dan bulan mulai ini sudah ada di baris lain"))
        parsed[key] = {"jenis": jenis, "percent": percent, "months": months}
    errors.raise_if_any()
    existing = {
        (s.employee_id, s.start): s
        for s in Sanction.objects.filter(tenant=actor.tenant, employee_id__in=employees.values())
    }
    creates, updates, unchanged = [], [], 0
    for (employee_id, start), fields in parsed.items():
        current = existing.get((employee_id, start))
        if current is None:
            creates.append(
                Sanction(tenant=actor.tenant, employee_id=employee_id, start=start, **fields)
            )
        elif any(getattr(current, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(current, k, v)
            updates.append(current)
        else:
            unchanged += 1
    Sanction.objects.bulk_create(creates, batch_size=BATCH)
    Sanction.objects.bulk_update(updates, ["jenis", "percent", "months"], batch_size=BATCH)
    counts = {"created": len(creates), "updated": len(updates), "unchanged": unchanged}
    audit(
        actor=actor,
        action="tpp.sanctions.imported",
        data={"file": source, "sha256": table.sha256, **counts},
    )
    return counts


@transaction.atomic
def budget_import(
    *, actor: Actor, data: bytes | IO[bytes], source: str, ignore_unknown_columns: bool = False
) -> dict[str, int]:
    """Import tpp-budget.csv (kode_unit, tahun, pagu; key kode_unit + tahun): OPD ceilings."""
    from pamong.org.models import Unit
    from pamong.tpp.models import TppBudget

    require(actor, "tpp.budget")
    if perm_opds(actor, "tpp.budget") is not None:
        raise PermissionDenied("tpp.budget")  # a file for every OPD: an unlimited grant only
    table = read_table(
        data,
        source=source,
        required=("kode_unit", "tahun", "pagu"),
        ignore_unknown_columns=ignore_unknown_columns,
    )
    errors = RowErrors(source)
    opds = dict(
        Unit.objects.filter(tenant=actor.tenant, parent__isnull=True).values_list("code", "id")
    )
    parsed: dict[tuple[int, int], int] = {}
    for row, values in table.rows:
        opd_id = opds.get(values["kode_unit"])
        if opd_id is None:
            errors.add(row, "kode_unit", _("bukan kode OPD (unit teratas) pemda ini"))
        year = int(values["tahun"]) if values["tahun"].isdigit() else 0
        if not 2000 <= year <= 2100:
            errors.add(row, "tahun", _("tahun harus YYYY"))
        if not values["pagu"].isdigit():
            errors.add(row, "pagu", _("pagu harus rupiah bulat tanpa pemisah"))
        if opd_id is None or not year or not values["pagu"].isdigit():
            continue
        if (opd_id, year) in parsed:
            errors.add(row, "kode_unit", _("OPD dan tahun ini sudah ada di baris lain"))
        parsed[(opd_id, year)] = int(values["pagu"])
    errors.raise_if_any()
    existing = {(b.opd_id, b.year): b for b in TppBudget.objects.filter(tenant=actor.tenant)}
    creates, updates, unchanged = [], [], 0
    for (opd_id, year), pagu in parsed.items():
        current = existing.get((opd_id, year))
        if current is None:
            creates.append(TppBudget(tenant=actor.tenant, opd_id=opd_id, year=year, pagu=pagu))
        elif current.pagu != pagu:
            current.pagu = pagu
            updates.append(current)
        else:
            unchanged += 1
    TppBudget.objects.bulk_create(creates, batch_size=BATCH)
    TppBudget.objects.bulk_update(updates, ["pagu"], batch_size=BATCH)
    counts = {"created": len(creates), "updated": len(updates), "unchanged": unchanged}
    audit(
        actor=actor,
        action="tpp.budget.imported",
        data={"file": source, "sha256": table.sha256, **counts},
    )
    return counts


@transaction.atomic
def tpp_settings_save(*, actor: Actor, slip_visible_from: str) -> TppSettings:
    """From which run status employees see their own slip (issue 10; default approved)."""
    require(actor, "tpp.manage_policy")
    assert actor.tenant is not None
    if slip_visible_from not in TppRun.Status.values:
        raise InputErrors([InputError(message=_("status tidak dikenal"), column="status")])
    row, _created = TppSettings.objects.select_for_update().get_or_create(tenant=actor.tenant)
    before = {"slip_visible_from": row.slip_visible_from}
    row.slip_visible_from = slip_visible_from
    row.save()
    audit(
        actor=actor,
        action="tpp.settings.updated",
        obj=row,
        before=before,
        after={"slip_visible_from": row.slip_visible_from},
    )
    return row
