"""Every computed indicator against figures counted by hand from fixtures.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pamong.core.errors import InputErrors
from pamong.evaluation.indicators import REGISTRY, Context, as_value, compute
from pamong.evaluation.periods import Period, parse_period
from tests.conftest import World
from tests.evaluation.fixtures import Data, build

pytestmark = pytest.mark.django_db

S1 = Period(2026, 1)

# code: (opd1 value, opd2 value, tenant value); None = no figure for that OPD.
EXPECTED: dict[str, tuple[str | None, str | None, str | None]] = {
    "skp_on_time": ("20.00", "100.00", "33.33"),  # 1/5, 1/1, 2/6
    "rating_on_time": ("20.00", "100.00", "33.33"),  # Jul 10 ok, Jul 20 late; 1/5, 1/1
    "predikat_sb_share": ("75.00", "0.00", "60.00"),  # 3/4, 0/1, 3/5
    "predikat_rule_breaks": ("1.00", None, "1.00"),  # org "baik" with no BP/K
    "objections_filed": ("100.00", "0.00", "66.67"),  # 2/2, 0/1, 2/3
    "objections_upheld": ("100.00", None, "100.00"),  # 1 upheld of 1 decided
    # bruto*12 / (pagu*6): 14.2M*12/(24M*6), 3M*12/(10M*6), 17.2M*12/(34M*6)
    "tpp_spent": ("118.33", "60.00", "101.18"),
    "tpp_discipline_deduction": ("1.13", "0.00", "0.90"),  # 4.5/4, 0/1, 4.5/5
    "tpp_sanction_deduction": ("100000.00", "0.00", "100000.00"),
    "tpp_kinerja_sb_vs_baik": ("157.50", None, "157.50"),  # (6.3M/2)/(4M/2); (6.3M/2)/(6M/3)
    "late_in_rate": ("3.75", "20.00", "7.00"),  # 3/80, 4/20, 7/100
    "early_out_rate": ("1.25", "0.00", "1.00"),
    "absent_rate": ("2.50", "0.00", "2.00"),
    "corrections_approved": ("66.67", None, "66.67"),  # 2 of 3 decided
    "leave_days": ("1.00", "0.00", "0.83"),  # (3 + 2 clipped)/5, 0/1, 5/6
    "leave_days_tahunan": ("0.60", "0.00", "0.50"),  # 3/5, 0/1, 3/6
    "leave_days_sakit": ("0.40", "0.00", "0.33"),  # 2/5 (clipped), 0/1, 2/6
    "leave_days_besar": ("0.00", "0.00", "0.00"),
    "leave_days_melahirkan": ("0.00", "0.00", "0.00"),
    "leave_days_alasan_penting": ("0.00", "0.00", "0.00"),
    "leave_days_cltn": ("0.00", "0.00", "0.00"),
    "complaints_received": ("4.00", None, "4.00"),
    "complaint_first_response": ("66.67", None, "66.67"),  # A, C of A, B, C
    "complaint_resolution": ("50.00", None, "50.00"),  # A of A, B
    "reporter_satisfaction": ("3.50", None, "3.50"),  # (5 + 2)/2
    "ikm": ("100.00", None, "100.00"),
    "forum_items_done": ("33.33", None, "33.33"),  # 1 of 3 due
    "idp_realisation": ("50.00", "0.00", "33.33"),  # 1/2, 0/1, 1/3 (fixtures_idp.py)
}


@pytest.fixture
def data(world: World) -> Data:
    return build(world)


def _figures(world: World, data: Data, period: Period = S1) -> dict[str, Any]:
    ctx = Context(world.tenant, period, [data.opd1.pk, data.opd2.pk, data.empty.pk])
    return {code: compute(ind, ctx) for code, ind in REGISTRY.items() if ind.available}


def test_every_available_indicator_has_a_hand_computed_case() -> None:
    available = {code for code, ind in REGISTRY.items() if ind.available}
    assert available == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_indicator_against_hand_computed_fixture(world: World, data: Data, code: str) -> None:
    figures = _figures(world, data)[code]
    opd1, opd2, total = EXPECTED[code]
    assert figures["opds"].get(str(data.opd1.pk), {}).get("value") == opd1
    assert figures["opds"].get(str(data.opd2.pk), {}).get("value") == opd2
    assert figures["total"]["value"] == total
    # The OPD without employees or rows has no figure at all (not a zero).
    assert str(data.empty.pk) not in figures["opds"]


def test_employees_joined_or_left_mid_period(world: World, data: Data) -> None:
    now = Context(world.tenant, S1, [data.opd1.pk]).employees
    before = Context(world.tenant, S1.previous(), [data.opd1.pk]).employees
    # 2026-S1: the joiner (from March) counts, the leaver (until 2025-12-31) does not.
    assert now[data.opd1.pk] == 5
    # 2025-S2: the leaver counts, the joiner had not joined yet.
    assert before[data.opd1.pk] == 5
    assert data.empty.pk not in now


def test_previous_period_figures(world: World, data: Data) -> None:
    figures = _figures(world, data, S1.previous())
    assert figures["ikm"]["opds"][str(data.opd1.pk)]["value"] == "75.00"  # all answers 3
    assert figures["complaints_received"]["opds"][str(data.opd2.pk)]["value"] == "1.00"
    assert figures["skp_on_time"]["total"]["value"] == "0.00"  # no SKP 2025 at all


def test_other_tenant_rows_never_count(world: World, data: Data) -> None:
    ctx = Context(world.other_tenant, S1, [world.other_opd.pk])
    figures = {c: compute(i, ctx) for c, i in REGISTRY.items() if i.available}
    assert all(f["opds"] == {} or all(v["num"] in ("0", "0.00") for v in f["opds"].values())
               for f in figures.values())  # fmt: skip
    assert figures["complaints_received"]["total"]["value"] == "0.00"


def test_as_value_rounds_half_up_and_handles_empty() -> None:
    assert as_value(1, 8, 1) == Decimal("0.13")  # 0.125
    assert as_value(0, 0, 100) is None
    assert as_value(7, None, 100) == Decimal("7.00")


@pytest.mark.parametrize(
    ("raw", "code", "start", "end", "previous"),
    [
        ("2026-S1", "2026-S1", "2026-01-01", "2026-06-30", "2025-S2"),
        ("2026-S2", "2026-S2", "2026-07-01", "2026-12-31", "2026-S1"),
        (" 2026 ", "2026", "2026-01-01", "2026-12-31", "2025"),
    ],
)
def test_parse_period(raw: str, code: str, start: str, end: str, previous: str) -> None:
    p = parse_period(raw)
    assert (p.code, p.start.isoformat(), p.end.isoformat(), p.previous().code) == (
        code, start, end, previous,
    )  # fmt: skip


@pytest.mark.parametrize("raw", ["2026-S3", "2026-Q1", "26-S1", "", "2026-07", "1999"])
def test_parse_period_rejects(raw: str) -> None:
    with pytest.raises(InputErrors) as exc:
        parse_period(raw)
    assert exc.value.errors[0].column == "period"


def test_unit_created_and_dissolved_mid_period(world: World, data: Data) -> None:
    """An OPD created in March has figures from its own rows; once dissolved into another
    OPD (re-parented), its rows count for that OPD and the tenant total does not move."""
    import datetime as dt

    from pamong.participation.models import Complaint
    from tests.evaluation.fixtures import at
    from tests.factories import UnitFactory

    new = UnitFactory(tenant=world.tenant, code="1.07", name="Badan Baru")
    Complaint.objects.create(
        tenant=world.tenant, code="N" * 20, category="pengaduan", unit=new, description="d",
        identity="anonymous", state="closed", submitted_at=at(2026, 4, 1),
        first_response_due=dt.date(2026, 4, 3), resolution_due=dt.date(2026, 4, 8),
        first_response_at=at(2026, 4, 2), closed_at=at(2026, 4, 7),
    )  # fmt: skip
    ids = [data.opd1.pk, data.opd2.pk, new.pk]
    ctx = Context(world.tenant, S1, ids)
    before = compute(REGISTRY["complaints_received"], ctx)
    assert before["opds"][str(new.pk)]["value"] == "1.00"
    assert before["total"]["value"] == "5.00"  # A-D of opd1 + the new OPD's report
    # Dissolved into opd2 in June: the unit becomes a child of opd2.
    type(new).objects.filter(pk=new.pk).update(parent=data.opd2, opd=data.opd2)
    after = compute(REGISTRY["complaints_received"], Context(world.tenant, S1, ids))
    assert str(new.pk) not in after["opds"]
    assert after["opds"][str(data.opd2.pk)]["value"] == "1.00"
    assert after["total"]["value"] == "5.00"
