"""Indicator figures per unit below the OPD, against figures counted by hand.

Built on fixtures.py plus two units of opd1: an empty seksi, and an old bidang dissolved in
February (its January TPP slip keeps its code; the employee now sits in the Bidang Mutasi).
Units of opd1: the OPD itself (head), Bidang Mutasi (supervisor, employee, peer, joiner),
the dissolved bidang (nobody now) and the empty seksi. opd2: the outsider.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.evaluation.units import UNIT_CODES, build_unit_data, unit_indicators
from tests.conftest import World
from tests.evaluation.fixtures import build
from tests.evaluation.unit_fixtures import Units
from tests.factories import EmployeeFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(world: World) -> Units:
    return Units(world, build(world))


# code: {unit attribute: value}; a unit left out has no figure at all.
EXPECTED: dict[str, dict[str, str]] = {
    # employees: opd1 itself 1 (head), bidang 4 (leaver out, joiner in), opd2 1
    "skp_on_time": {"opd1": "100.00", "bidang": "0.00", "opd2": "100.00"},  # head; 0/4; 1/1
    "rating_on_time": {"opd1": "0.00", "bidang": "25.00", "opd2": "100.00"},  # employee 1/4
    "predikat_sb_share": {"opd1": "100.00", "bidang": "66.67", "opd2": "0.00"},  # 2 SB of 3
    "objections_filed": {"bidang": "100.00", "opd2": "0.00"},  # 2 of 2 evaluations; 0/1
    "objections_upheld": {"bidang": "100.00"},  # 1 upheld of 1 decided
    # slips: dissolved = employee Jan (3.00%, lines 3/1/2 of 20 days); bidang = peer Jan,
    # employee Feb (1.50%, hukdis 100,000), peer Feb: 60 days; opd2 = outsider Jan (4 late)
    "tpp_discipline_deduction": {"dissolved": "3.00", "bidang": "0.50", "opd2": "0.00"},
    "tpp_sanction_deduction": {"dissolved": "0.00", "bidang": "100000.00", "opd2": "0.00"},
    "tpp_kinerja_sb_vs_baik": {"bidang": "165.00"},  # (3.3M/1) / (4M/2)
    "late_in_rate": {"dissolved": "15.00", "bidang": "0.00", "opd2": "20.00"},
    "early_out_rate": {"dissolved": "5.00", "bidang": "0.00", "opd2": "0.00"},
    "absent_rate": {"dissolved": "10.00", "bidang": "0.00", "opd2": "0.00"},
    "corrections_approved": {"bidang": "66.67"},  # 2 approved of 3 decided
    "leave_days": {"opd1": "0.00", "bidang": "1.25", "opd2": "0.00"},  # (3 + 2)/4
    "leave_days_tahunan": {"opd1": "0.00", "bidang": "0.75", "opd2": "0.00"},
    "leave_days_sakit": {"opd1": "0.00", "bidang": "0.50", "opd2": "0.00"},
    **{
        f"leave_days_{kind}": {"opd1": "0.00", "bidang": "0.00", "opd2": "0.00"}
        for kind in ("besar", "melahirkan", "alasan_penting", "cltn")
    },
    # the four reports were addressed to opd1 itself and not dispatched
    "complaints_received": {"opd1": "4.00"},
    "complaint_first_response": {"opd1": "66.67"},
    "complaint_resolution": {"opd1": "50.00"},
    "reporter_satisfaction": {"opd1": "3.50"},
    "forum_items_done": {"bidang": "33.33"},  # the bidang is responsible for all three
}


def _values(world: World, units: Units, code: str) -> dict[str, str | None]:
    figures = build_unit_data(world.tenant, "2026-S1")["indicators"][code]
    names = {str(getattr(units, n).pk): n for n in ("opd1", "bidang", "opd2", "empty", "dissolved")}
    return {names[u]: f["value"] for u, f in figures.items()}


def test_every_unit_indicator_has_a_hand_computed_case() -> None:
    assert {i.code for i in unit_indicators()} == set(EXPECTED) == set(UNIT_CODES)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_unit_figure_against_hand_computed_fixture(world: World, units: Units, code: str) -> None:
    values = _values(world, units, code)
    assert values == EXPECTED[code]
    # The empty unit never has a figure (not a zero).
    assert "empty" not in values


def test_dissolved_unit_keeps_its_slips_but_no_employee_figures(world: World, units: Units) -> None:
    data = build_unit_data(world.tenant, "2026-S1")
    dissolved = str(units.dissolved.pk)
    has = {code for code, figs in data["indicators"].items() if dissolved in figs}
    assert has == {"tpp_discipline_deduction", "tpp_sanction_deduction", "late_in_rate",
                   "early_out_rate", "absent_rate"}  # fmt: skip
    listed = {u["id"]: u for u in data["units"]}
    assert listed[units.dissolved.pk]["opd_id"] == units.opd1.pk
    assert listed[units.opd1.pk]["opd_id"] == units.opd1.pk  # the OPD is its own unit


def test_rank_within_the_opd_change_and_target_status(world: World, units: Units) -> None:
    policies = [{"indicators": [{"code": "late_in_rate", "manual": False, "target": "10"}]}]
    data = build_unit_data(world.tenant, "2026-S1", policies)
    late = data["indicators"]["late_in_rate"]
    bidang, dissolved = late[str(units.bidang.pk)], late[str(units.dissolved.pk)]
    opd2 = late[str(units.opd2.pk)]
    # Lower is better; ranked among opd1's units only: bidang 0.00 first, the old bidang 2nd.
    assert (bidang["rank"], dissolved["rank"], opd2["rank"]) == (1, 2, 1)
    assert (bidang["achieved"], dissolved["achieved"], opd2["achieved"]) == (True, False, False)
    assert bidang["target"] == "10"
    # No settled TPP run in 2025-S2: no previous value, no change.
    assert (bidang["previous"], bidang["change"]) == (None, None)
    # Leave 2025-S2: the sick leave's 30-31 Dec among 4 (supervisor, employee, peer, leaver).
    leave = data["indicators"]["leave_days"][str(units.bidang.pk)]
    assert (leave["previous"], leave["change"], leave["achieved"]) == ("0.50", "0.75", None)


def test_other_tenant_units_never_appear(world: World, units: Units) -> None:
    data = build_unit_data(world.other_tenant, "2026-S1")
    assert [u["id"] for u in data["units"]] == [world.other_opd.pk]
    mine = {str(u.pk) for u in (units.opd1, units.bidang, units.dissolved, units.opd2)}
    assert not any(mine & set(figs) for figs in data["indicators"].values())


def _queries(world: World) -> int:
    with CaptureQueriesContext(connection) as ctx:
        build_unit_data(world.tenant, "2026-S1")
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_units(world: World, units: Units) -> None:
    few = _queries(world)
    for i in range(12):
        unit = UnitFactory(
            tenant=world.tenant, code=f"1.01.1{i:02d}", name=f"Seksi {i}", kind="seksi",
            parent=units.opd1,
        )  # fmt: skip
        EmployeeFactory(tenant=world.tenant, unit=unit, position=world.employee.position)
    assert _queries(world) == few
    assert few <= 40  # one grouped query per source and period, plus the unit list
