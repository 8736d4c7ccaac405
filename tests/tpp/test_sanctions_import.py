"""sanctions.csv import: validation, key nip + mulai, idempotence, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pamong.core.actor import cli_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.tpp.models import Sanction
from pamong.tpp.services import sanctions_import
from tests.conftest import World

HEADER = "nip,jenis,potongan_persen,mulai,bulan\n"


def _import(world: World, body: str) -> dict[str, int]:
    return sanctions_import(
        actor=cli_actor(world.tenant), data=(HEADER + body).encode(), source="s.csv"
    )


def test_import_and_reimport(world: World) -> None:
    row = f"{world.employee.nip},hukuman disiplin sedang,25,2026-08,6\n"
    assert _import(world, row) == {"created": 1, "updated": 0, "unchanged": 0}
    assert _import(world, row) == {"created": 0, "updated": 0, "unchanged": 1}
    changed = f"{world.employee.nip},hukuman disiplin sedang,12.5,2026-08,9\n"
    assert _import(world, changed)["updated"] == 1
    sanction = Sanction.objects.get()
    assert sanction.percent == Decimal("12.5") and sanction.months == 9
    assert sanction.start == dt.date(2026, 8, 1)
    assert AuditLog.objects.filter(action="tpp.sanctions.imported").count() == 3


def test_invalid_rows_are_all_reported(world: World) -> None:
    body = f"{world.employee.nip},,101,2026-8,0\n{world.foreigner.nip},teguran,10.125,2026-08,abc\n"
    with pytest.raises(InputErrors) as info:
        _import(world, body)
    columns = {(e.row, e.column) for e in info.value.errors}
    assert {(2, "jenis"), (2, "potongan_persen"), (2, "mulai")} <= columns
    assert {(3, "nip"), (3, "potongan_persen"), (3, "bulan")} <= columns
    assert not Sanction.objects.exists()
