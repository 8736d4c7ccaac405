"""9-box placement (numbering of domain.md §6), weights, moves with reasons, pages."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pamong.careers import services as svc
from pamong.careers import talent
from pamong.careers.models import AssessmentResult
from pamong.careers.talent_selectors import nine_box
from pamong.core.models import AuditLog
from tests.careers.conftest import PLAN_QUERIES, act, rate
from tests.conftest import World
from tests.factories import EmployeeFactory


def test_numbering_matches_domain_table() -> None:
    # domain.md §6: rows potensi tinggi/menengah/rendah, columns kinerja bawah/sesuai/atas
    assert talent.GRID_ROWS == [[6, 8, 9], [3, 5, 7], [1, 2, 4]]
    for r, pot in enumerate((talent.HIGH, talent.MID, talent.LOW)):
        for c, perf in enumerate((talent.LOW, talent.MID, talent.HIGH)):
            assert talent.box_for(perf, pot) == talent.GRID_ROWS[r][c]
    assert sorted(talent.BOX.values()) == list(range(1, 10))


def test_performance_score_against_an_independent_mean() -> None:
    rnd = random.Random(3)
    points = talent.DEFAULT_PREDIKAT_POINTS
    for _ in range(200):
        weights = [rnd.randrange(0, 100) for _ in range(3)]
        pred = [rnd.choice([None, *points]) for _ in range(3)]
        pairs = [(points[p], w) for p, w in zip(pred, weights, strict=True) if p and w > 0]
        got = talent.performance_score(pred, weights, points)
        if not pairs:
            assert got is None
            continue
        expected = Decimal(sum(p * w for p, w in pairs)) / sum(w for _p, w in pairs)
        assert got == expected.quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    ("value", "level"),
    [("2.50", talent.HIGH), ("2.49", talent.MID), ("1.50", talent.MID), ("1.49", talent.LOW)],
)
def test_level_cut_offs(value: str, level: int) -> None:
    assert talent.level(Decimal(value), talent.DEFAULT_PERFORMANCE_CUTS) == level


def _assess(world: World, employee: Any, score: str, day: dt.date = dt.date(2026, 1, 10)) -> None:
    svc.assessment_record(
        actor=act(world.admin_user), employee=employee, kind="assessment_centre",
        score=score, assessed_on=day, source="UPT Penilaian Kompetensi",
    )  # fmt: skip


def test_grid_places_and_moves(careers: World, django_assert_num_queries: Any) -> None:
    admin = act(careers.admin_user)
    _assess(careers, careers.employee, "85")  # baik, baik -> sesuai (2.00) x tinggi = 8
    grid = nine_box(admin, 2026, box=8)
    assert grid.boxes[careers.employee.pk] == 8
    assert [p.employee_id for p in grid.drill] == [careers.employee.pk]
    assert grid.boxes[careers.peer.pk] is None and grid.unplaced == len(grid.boxes) - 1
    _assess(careers, careers.employee, "60", dt.date(2026, 2, 1))  # the latest counts
    assert nine_box(admin, 2026).boxes[careers.employee.pk] == 2
    with pytest.raises(ValidationError):
        svc.talent_move(
            actor=admin, employee=careers.employee, year=2026, from_box=2, to_box=5, reason=""
        )
    svc.talent_move(
        actor=admin, employee=careers.employee, year=2026, from_box=2, to_box=5,
        reason="hasil rapat talenta: penugasan khusus",
    )  # fmt: skip
    grid = nine_box(admin, 2026, box=5)
    row = {p.employee_id: p for p in grid.drill}[careers.employee.pk]
    assert (row.box, row.computed_box, row.moved) == (5, 2, True)
    assert grid.counts[5] == 1 and grid.counts[2] == 0
    assert AuditLog.objects.filter(action="careers.talent.moved").count() == 1
    for _ in range(5):
        e = EmployeeFactory(
            tenant=careers.tenant, unit=careers.bidang, position=careers.employee.position
        )
        rate(e, 2025, "sangat_baik")
        AssessmentResult.objects.create(
            tenant=careers.tenant, employee=e, kind="uji_kompetensi", score=90,
            assessed_on=dt.date(2025, 5, 1), source="x",
        )  # fmt: skip
    with django_assert_num_queries(5 + PLAN_QUERIES):  # settings, predikat, scores, moves, box
        grid = nine_box(admin, 2026, box=9)
    assert len(grid.drill) == 5
    assert grid.counts[9] == 5  # sangat baik in 2025 only: weight of the missing year drops


def test_score_out_of_range(careers: World) -> None:
    with pytest.raises(ValidationError):
        _assess(careers, careers.employee, "101")


def test_talent_page(careers: World) -> None:
    _assess(careers, careers.employee, "85")
    client = careers.client_for(careers.admin_user)
    page = client.get(reverse("careers:talent"), {"year": 2026, "box": 8}).content.decode()
    assert careers.employee.name in page and "PermenPANRB 3/2020" in page
    assert careers.client_for(careers.head_user).get(reverse("careers:talent")).status_code == 403
    assert (
        careers.client_for(careers.employee_user).get(reverse("careers:talent")).status_code == 403
    )
    url = reverse("careers:talent-move", args=[careers.employee.pk])
    data = {"year": 2026, "from_box": 8, "to_box": 9, "reason": "rapat talenta"}
    assert careers.client_for(careers.other_admin_user).post(url, data).status_code == 404
    assert careers.client_for(careers.auditor_user).post(url, data).status_code == 403
    assert client.post(url, data).status_code == 302
    resp = client.post(
        reverse("careers:assessment-add"),
        {"nip": careers.peer.nip, "kind": "uji_kompetensi", "score": "70",
         "assessed_on": "2026-02-01", "source": "BKN"},
    )  # fmt: skip
    assert resp.status_code == 302 and careers.peer.assessments.count() == 1
