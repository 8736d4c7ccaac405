"""Succession: candidates from boxes 7-9 meeting the key post's requirements, ranked with
reasons; posts without a ready successor; posts held by a Plt. past the allowed time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pamong.careers import services as svc
from pamong.careers.models import AssessmentResult
from pamong.careers.succession import succession_plans
from tests.careers.conftest import act, rate, set_facts
from tests.conftest import World


def _talent(world: World, employee: object, predikat: str, score: int) -> None:
    for year in (2024, 2025):
        rate(employee, year, predikat)  # type: ignore[arg-type]
    AssessmentResult.objects.create(
        tenant=world.tenant, employee=employee, kind="assessment_centre", score=score,
        assessed_on=dt.date(2025, 6, 1), source="UPT",
    )  # fmt: skip


def test_candidates_ranked_with_reasons(careers: World) -> None:
    admin = act(careers.admin_user)
    post = svc.key_post_save(
        actor=admin, position=careers.supervisor.position, min_golongan="III/c",
        min_education="S1", plt_since=dt.date(2025, 6, 1), plt_max_months=6,
    )  # fmt: skip
    set_facts(careers.peer, golongan="III/d", education="S2")
    _talent(careers, careers.peer, "sangat_baik", 90)  # box 9
    set_facts(careers.outsider, golongan="IV/a", education="S1")
    _talent(careers, careers.outsider, "baik", 85)  # box 8
    set_facts(careers.head, golongan="IV/b", education="SLTA")
    _talent(careers, careers.head, "sangat_baik", 95)  # box 9 but education too low
    # careers.employee: II/d, box 8 with the fixture's ratings, golongan too low
    AssessmentResult.objects.create(
        tenant=careers.tenant, employee=careers.employee, kind="uji_kompetensi", score=85,
        assessed_on=dt.date(2025, 6, 1), source="UPT",
    )  # fmt: skip
    (plan,) = succession_plans(admin, 2026, dt.date(2026, 3, 15))
    assert plan.post == post
    assert [c.employee_id for c in plan.candidates] == [careers.peer.pk, careers.outsider.pk]
    assert plan.candidates[0].reasons[0] == "kotak 9" and plan.ready
    assert plan.plt_overdue and plan.plt_until == dt.date(2025, 12, 1)
    assert not succession_plans(admin, 2026, dt.date(2025, 12, 1))[0].plt_overdue


def test_key_post_rules_and_page(careers: World) -> None:
    admin = act(careers.admin_user)
    with pytest.raises(ValidationError):
        svc.key_post_save(
            actor=admin, position=careers.employee.position, min_golongan="III/c",
            min_education="S1",
        )  # fmt: skip
    svc.key_post_save(
        actor=admin, position=careers.head.position, min_golongan="IV/a", min_education="S2"
    )
    client = careers.client_for(careers.admin_user)
    page = client.get(reverse("careers:succession")).content.decode()
    assert careers.head.position.name in page and 'data-testid="no-ready"' in page
    assert (
        careers.client_for(careers.head_user).get(reverse("careers:succession")).status_code == 403
    )
    assert (
        careers.client_for(careers.auditor_user).post(reverse("careers:succession"), {}).status_code
        == 403
    )
    other = careers.client_for(careers.other_admin_user).get(reverse("careers:succession"))
    assert careers.head.position.name not in other.content.decode()
