"""realisasi IDP: employees whose achieved JP reach the JP planned in their agreed IDP
(issue 13), against the hand-counted rows of fixtures_idp.py; set-based, traced."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.core.actor import actor_for_user
from pamong.evaluation import services as svc
from pamong.evaluation.indicators import REGISTRY, Context, compute
from pamong.evaluation.models import Report
from pamong.evaluation.periods import Period
from tests.conftest import World
from tests.evaluation.fixtures import Data, build
from tests.evaluation.fixtures_idp import jp, plan
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world: World) -> Data:
    return build(world)


def _figure(world: World, data: Data, period: Period) -> dict[str, Any]:
    ctx = Context(world.tenant, period, [data.opd1.pk, data.opd2.pk, data.empty.pk])
    return compute(REGISTRY["idp_realisation"], ctx)


def _value(fig: dict[str, Any], opd: int) -> str | None:
    return fig["opds"].get(str(opd), {}).get("value")


def test_definition_is_written_next_to_the_figure() -> None:
    ind = REGISTRY["idp_realisation"]
    assert ind.available and ind.group == "competence" and ind.source == "idp"
    assert "IDP" in str(ind.numerator) and "disetujui atasan" in str(ind.denominator)


def test_semester_year_and_previous_semester(world: World, data: Data) -> None:
    s1 = _figure(world, data, Period(2026, 1))
    assert (s1["total"]["num"], s1["total"]["den"]) == ("1", "3")
    year = _figure(world, data, Period(2026))
    # Over the whole year the peer's August 10 JP count: 2/2 in opd1, 2/3 in the tenant.
    assert _value(year, data.opd1.pk) == "100.00" and year["total"]["value"] == "66.67"
    s2 = _figure(world, data, Period(2025, 2))
    assert _value(s2, data.opd1.pk) == "100.00"  # the leaver's 2025 plan; not the joiner's
    assert s2["total"]["value"] == "100.00"


def test_empty_unit_and_unit_without_plans(world: World, data: Data) -> None:
    fig = _figure(world, data, Period(2026, 1))
    assert str(data.empty.pk) not in fig["opds"]  # no employees: no figure at all
    # A unit with employees but no agreed IDP: 0/0, shown as "–" (no value), not 0 %.
    newcomer = EmployeeFactory(tenant=world.tenant, unit=data.empty)
    plan(newcomer, 2026, (8,), status="draft")
    fig = _figure(world, data, Period(2026, 1))
    assert fig["opds"][str(data.empty.pk)] == {"num": "0", "den": "0", "value": None}


def test_other_tenant_rows_never_count(world: World, data: Data) -> None:
    plan(world.foreigner, 2026, (2,))
    jp(world.foreigner, dt.date(2026, 2, 2), 5)
    fig = _figure(world, data, Period(2026, 1))
    assert fig["total"]["value"] == "33.33"
    other = compute(
        REGISTRY["idp_realisation"],
        Context(world.other_tenant, Period(2026, 1), [world.other_opd.pk]),
    )
    assert (other["total"]["num"], other["total"]["den"]) == ("1", "1")


def test_queries_do_not_grow_with_employees(world: World, data: Data) -> None:
    with CaptureQueriesContext(connection) as few:
        _figure(world, data, Period(2026, 1))
    for n in range(12):
        e = EmployeeFactory(tenant=world.tenant, unit=world.bidang, position=world.peer.position)
        plan(e, 2026, (4, 4))
        jp(e, dt.date(2026, 4, 1), 8 if n % 2 else 3)
    with CaptureQueriesContext(connection) as many:
        fig = _figure(world, data, Period(2026, 1))
    assert len(many) == len(few)
    assert (fig["opds"][str(data.opd1.pk)]["num"], fig["opds"][str(data.opd1.pk)]["den"]) == (
        "7", "14",
    )  # fmt: skip


def _report(world: World) -> Report:
    admin = actor_for_user(world.admin_user)
    return svc.report_generate(actor=admin, report=svc.report_start(actor=admin, period="2026-S1"))


def test_trace_rows_and_permissions(world: World, data: Data) -> None:
    report = _report(world)
    assert any(r["source"] == "idp" for r in report.data["indicators"])
    url = reverse("evaluation:trace", args=[report.pk, "idp"])
    head = world.client_for(world.head_user)
    own = head.get(f"{url}?opd={data.opd1.pk}")
    assert own.status_code == 200
    html = own.content.decode()
    assert html.count("<tr>") == 1 + 2  # the employee's and the peer's IDP
    assert world.employee.nip in html and world.supervisor.nip not in html
    assert head.get(f"{url}?opd={data.opd2.pk}").status_code == 403
    assert head.get(url).status_code == 403  # the whole tenant
    assert world.client_for(world.employee_user).get(url).status_code == 403
    whole = world.client_for(world.auditor_user).get(url)
    assert whole.status_code == 200 and whole.content.decode().count("<tr>") == 1 + 3
    assert world.client_for(world.other_admin_user).get(url).status_code == 404


def test_a_plan_agreed_after_the_period_does_not_count_in_it(world: World, data: Data) -> None:
    from pamong.competence.models import DevelopmentPlan

    before = _figure(world, data, Period(2026, 1))["total"]
    DevelopmentPlan.objects.filter(employee=world.employee, year=2026).update(
        agreed_at=dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)
    )
    s1 = _figure(world, data, Period(2026, 1))["total"]
    assert int(s1["den"]) == int(before["den"]) - 1
    year = _figure(world, data, Period(2026))["total"]
    DevelopmentPlan.objects.filter(employee=world.employee, year=2026).update(agreed_at=None)
    assert year == _figure(world, data, Period(2026))["total"]
