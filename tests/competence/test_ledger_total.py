"""The yearly JP total a ledger write keeps (one written-out upsert) is the ledger's sum,
per employee and year, and agrees with the bulk refresh_totals."""

from __future__ import annotations

import datetime as dt

from pamong.competence import services
from pamong.competence.models import JpEntry, JpTotal
from tests.conftest import World


def test_the_statement_names_the_models_tables() -> None:
    assert JpEntry._meta.db_table == "competence_jpentry"
    assert JpTotal._meta.db_table == "competence_jptotal"


def test_each_ledger_write_keeps_the_yearly_total(world: World) -> None:
    def add(employee, year: int, jp: int, key: str) -> None:  # type: ignore[no-untyped-def]
        services.ledger_add(
            employee=employee, opd_id=world.opd.pk, year=year, jp=jp, source="import",
            activity_key=key, title="t", kind="seminar", completed_on=dt.date(year, 5, 1),
        )  # fmt: skip

    add(world.employee, 2025, 20, "a")
    add(world.employee, 2025, 4, "b")
    add(world.employee, 2026, 6, "c")
    add(world.employee, 2026, 6, "c")  # the same activity again: nothing changes
    add(world.supervisor, 2025, 3, "a")

    def totals() -> dict[tuple[int, int], int]:
        rows = JpTotal.objects.filter(tenant=world.tenant).values_list("employee_id", "year", "jp")
        return {(e, y): jp for e, y, jp in rows}

    kept = totals()
    assert kept == {
        (world.employee.pk, 2025): 24,
        (world.employee.pk, 2026): 6,
        (world.supervisor.pk, 2025): 3,
    }
    JpTotal.objects.all().delete()
    services.refresh_totals(world.tenant.pk, [world.employee.pk, world.supervisor.pk], [2025, 2026])
    assert totals() == kept
