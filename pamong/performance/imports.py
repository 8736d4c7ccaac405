"""Import kinerja.csv: performance ratings per period from e-Kinerja (formats.md)."""

from __future__ import annotations

import re
from typing import IO

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.permissions import require
from pamong.imports.tabular import RowErrors, read_table
from pamong.org.models import Employee
from pamong.performance.models import Rating
from pamong.performance.predikat import Expectation, Predikat, predikat_for

BATCH = 2000
# YYYY-MM, YYYY-Q1..Q4, YYYY-S1/S2 or YYYY
PERIOD_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-S[12])?$")


NIP_LIST_MAX = 2000


def ratings_import(
    *,
    actor: Actor,
    data: bytes | IO[bytes],
    source: str,
    ignore_unknown_columns: bool = False,
) -> dict[str, int]:
    """Key nip + periode; all-or-nothing, idempotent, set-based; rows get source=import."""
    require(actor, "performance.manage")
    table = read_table(
        data,
        source=source,
        required=("nip", "periode", "hasil_kerja", "perilaku_kerja"),
        optional=("predikat",),
        ignore_unknown_columns=ignore_unknown_columns,
    )
    errors = RowErrors(source)
    nips = {values["nip"] for _row, values in table.rows}
    tenant_employees = Employee.objects.filter(tenant=actor.tenant)
    # A whole-tenant file: reading every NIP of the tenant is cheaper than sending 100,000
    # bind parameters (2 s of a 100,000-row import); unknown NIPs are still reported.
    if len(nips) <= NIP_LIST_MAX:
        tenant_employees = tenant_employees.filter(nip__in=nips)
    employees = dict(tenant_employees.values_list("nip", "id"))
    expectations = set(Expectation.values)
    parsed: dict[tuple[int, str], dict[str, str]] = {}
    for row, values in table.rows:
        employee_id = employees.get(values["nip"])
        if employee_id is None:
            errors.add(row, "nip", _("pegawai dengan NIP ini tidak ada"))
        period = values["periode"]
        if not PERIOD_RE.match(period):
            errors.add(row, "periode", _("harus YYYY-MM, YYYY-Q1…Q4, YYYY-S1/S2 atau YYYY"))
        ok = True
        for column in ("hasil_kerja", "perilaku_kerja"):
            if values[column] not in expectations:
                errors.add(row, column, _("harus di_atas, sesuai atau di_bawah"))
                ok = False
        if not ok:
            continue
        predikat = predikat_for(values["hasil_kerja"], values["perilaku_kerja"])
        given = values.get("predikat", "")
        if given and given != predikat:
            if given not in Predikat.values:
                errors.add(row, "predikat", _("predikat tidak dikenal"))
            else:
                errors.add(
                    row,
                    "predikat",
                    _("tidak sesuai matriks: hasil kerja dan perilaku kerja ini memberi %(p)s")
                    % {"p": predikat},
                )
        if employee_id is None:
            continue
        if (employee_id, period) in parsed:
            errors.add(row, "periode", _("NIP dan periode ini sudah ada di baris lain"))
        parsed[(employee_id, period)] = {
            "hasil_kerja": values["hasil_kerja"],
            "perilaku_kerja": values["perilaku_kerja"],
            "predikat": predikat,
        }
    errors.raise_if_any()
    return _write(actor, parsed, source, table.sha256)


@transaction.atomic
def _write(
    actor: Actor, parsed: dict[tuple[int, str], dict[str, str]], source: str, sha256: str
) -> dict[str, int]:
    periods = {period for _employee_id, period in parsed}
    # Plain tuples of the periods' ratings: a whole-tenant file (100,000 rows) would make
    # an IN list of every employee and as many model instances.
    existing = {
        (employee_id, period): (pk, (hasil, perilaku, predikat))
        for pk, employee_id, period, hasil, perilaku, predikat in Rating.objects.filter(
            tenant=actor.tenant, period__in=periods
        ).values_list("pk", "employee_id", "period", "hasil_kerja", "perilaku_kerja", "predikat")
    }
    creates: list[tuple[int, str, str, str, str]] = []
    groups: dict[tuple[str, str, str], list[int]] = {}
    unchanged = 0
    for (employee_id, period), fields in parsed.items():
        values = (fields["hasil_kerja"], fields["perilaku_kerja"], fields["predikat"])
        current = existing.get((employee_id, period))
        if current is None:
            creates.append((employee_id, period, *values))
        elif current[1] != values:
            groups.setdefault(values, []).append(current[0])
        else:
            unchanged += 1
    _insert(actor, creates)
    # One UPDATE per (hasil, perilaku) pair instead of bulk_update's CASE per row, which
    # PostgreSQL evaluates row by row (20,000 changed rows: ~80 s -> under a second).
    for (hasil, perilaku, predikat), ids in groups.items():
        for i in range(0, len(ids), BATCH * 5):
            Rating.objects.filter(tenant=actor.tenant, pk__in=ids[i : i + BATCH * 5]).update(
                hasil_kerja=hasil,
                perilaku_kerja=perilaku,
                predikat=predikat,
                source=Rating.Source.IMPORT,
            )
    updated = sum(len(ids) for ids in groups.values())
    counts = {"created": len(creates), "updated": updated, "unchanged": unchanged}
    audit(
        actor=actor,
        action="performance.ratings.imported",
        data={"file": source, "sha256": sha256, **counts},
    )
    return counts


def _insert(actor: Actor, creates: list[tuple[int, str, str, str, str]]) -> None:
    """New ratings; on PostgreSQL one INSERT ... SELECT FROM unnest per 20,000 rows (building
    100,000 model instances for bulk_create costs more than the database work)."""
    assert actor.tenant is not None
    user_id = actor.user.pk if actor.user is not None else None
    if connection.vendor != "postgresql":
        Rating.objects.bulk_create(
            [
                Rating(
                    tenant=actor.tenant, employee_id=e, period=period, hasil_kerja=hasil,
                    perilaku_kerja=perilaku, predikat=predikat, source=Rating.Source.IMPORT,
                    rated_by_id=user_id,
                )
                for e, period, hasil, perilaku, predikat in creates
            ],
            batch_size=BATCH,
        )  # fmt: skip
        return
    sql = """INSERT INTO performance_rating (tenant_id, employee_id, period, hasil_kerja,
        perilaku_kerja, predikat, source, rated_by_id, finalized, updated_at)
        SELECT %s, e, p, h, k, d, %s, %s, false, %s
        FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[])
            AS t(e, p, h, k, d)"""
    now = timezone.now()
    with connection.cursor() as cursor:
        for i in range(0, len(creates), BATCH * 10):
            chunk = creates[i : i + BATCH * 10]
            columns = [list(c) for c in zip(*chunk, strict=True)]
            cursor.execute(sql, [actor.tenant.pk, Rating.Source.IMPORT, user_id, now, *columns])
