"""The annual evaluation of a low performer shows whether their coaching plan was carried out
(issue 13): rencana pembinaan dilaksanakan / belum / tidak ada."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.appraisal import services as svc
from pamong.performance.models import CoachingPlan, Rating
from tests.appraisal.conftest import act, user_of
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _year(world: World) -> int:
    return svc.tenant_today(act(world.supervisor_user)).year - 1


def _low(world: World, period: str, predikat: str = "butuh_perbaikan") -> None:
    Rating.objects.create(
        tenant=world.tenant, employee=world.employee, period=period,
        hasil_kerja="di_bawah", perilaku_kerja="sesuai", predikat=predikat,
    )  # fmt: skip


def _plan(world: World, period: str, *, closed: bool = False, due: dt.date) -> CoachingPlan:
    return CoachingPlan.objects.create(
        tenant=world.tenant, employee=world.employee, period=period, predikat="butuh_perbaikan",
        goals="Target bulanan tercapai", actions="Pendampingan mingguan", follow_up_date=due,
        outcome="Target tercapai sejak Mei" if closed else "",
        status=CoachingPlan.Status.CLOSED if closed else CoachingPlan.Status.OPEN,
        coach=world.supervisor,
    )  # fmt: skip


def _evaluate_url(world: World, year: int) -> str:
    return reverse("appraisal:evaluate", args=[world.employee.pk]) + f"?period={year}"


def _state(html: str) -> str:
    marker = 'id="coaching-state" data-state="'
    assert marker in html
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_not_shown_without_a_low_predikat(world: World) -> None:
    year = _year(world)
    Rating.objects.create(
        tenant=world.tenant, employee=world.employee, period=f"{year}-02",
        hasil_kerja="sesuai", perilaku_kerja="sesuai", predikat="baik",
    )  # fmt: skip
    _low(world, f"{year - 2}")  # too long ago
    html = world.client_for(world.supervisor_user).get(_evaluate_url(world, year)).text
    assert 'id="coaching-section"' not in html


def test_tidak_ada_belum_dilaksanakan(world: World) -> None:
    year = _year(world)
    client = world.client_for(world.supervisor_user)
    _low(world, f"{year}-03")
    _low(world, f"{year - 1}", "kurang")  # last year's annual predikat counts too
    html = client.get(_evaluate_url(world, year)).text
    assert _state(html) == "tidak_ada" and "Rencana pembinaan" in html and "tidak ada" in html
    assert f"{year - 1}, {year}-03" in html
    # A plan of this annual rating itself is the next year's follow-up: not counted.
    _plan(world, f"{year}", due=dt.date(year + 1, 3, 1))
    assert _state(client.get(_evaluate_url(world, year)).text) == "tidak_ada"

    plan = _plan(world, f"{year}-03", due=dt.date(year, 4, 30))
    html = client.get(_evaluate_url(world, year)).text
    assert _state(html) == "belum" and "belum dilaksanakan" in html
    assert "lewat tanggal tindak lanjut" in html  # the follow-up date has passed
    assert reverse("performance:coaching", args=[plan.pk]) in html

    plan.status, plan.outcome = CoachingPlan.Status.CLOSED, "Target tercapai sejak Mei"
    plan.save()
    html = client.get(_evaluate_url(world, year)).text
    assert _state(html) == "dilaksanakan" and "Target tercapai sejak Mei" in html
    # An open plan of last year's annual rating keeps the whole status at "belum".
    _plan(world, f"{year - 1}", due=dt.date(year + 5, 1, 1))
    html = client.get(_evaluate_url(world, year)).text
    assert _state(html) == "belum" and "lewat tanggal" not in html


def test_evaluation_page_for_the_employee_and_others(world: World) -> None:
    year = _year(world)
    _plan(world, f"{year}-06", closed=True, due=dt.date(year, 7, 1))
    annual = svc.evaluation_rate(
        actor=act(world.supervisor_user), employee=world.employee, period=str(year),
        hasil_kerja="di_bawah", perilaku_kerja="sesuai", reason="Target tidak tercapai",
    )  # fmt: skip
    url = reverse("appraisal:evaluation", args=[annual.pk])
    html = world.client_for(world.employee_user).get(url).text
    assert _state(html) == "dilaksanakan"
    plan = CoachingPlan.objects.get(period=f"{year}-06")
    assert reverse("performance:coaching", args=[plan.pk]) in html  # their own plan
    admin = world.client_for(world.admin_user).get(url)
    assert admin.status_code == 200 and _state(admin.text) == "dilaksanakan"
    assert world.client_for(user_of(world.peer)).get(url).status_code == 403
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    # A monthly evaluation page shows no annual follow-up status.
    monthly = svc.evaluation_rate(
        actor=act(world.supervisor_user), employee=world.employee, period=f"{year}-06",
        hasil_kerja="di_bawah", perilaku_kerja="sesuai", reason="Target tidak tercapai",
    )  # fmt: skip
    monthly_html = world.client_for(world.employee_user).get(
        reverse("appraisal:evaluation", args=[monthly.pk])
    )
    assert 'id="coaching-section"' not in monthly_html.text


def test_low_annual_predikat_without_earlier_plan_is_tidak_ada(world: World) -> None:
    year = _year(world)
    annual = svc.evaluation_rate(
        actor=act(world.supervisor_user), employee=world.employee, period=str(year),
        hasil_kerja="di_bawah", perilaku_kerja="di_bawah", reason="Target tidak tercapai",
    )  # fmt: skip
    html = (
        world.client_for(world.employee_user)
        .get(reverse("appraisal:evaluation", args=[annual.pk]))
        .text
    )
    assert _state(html) == "tidak_ada"


def test_queries_do_not_grow_with_plans(world: World) -> None:
    year = _year(world)
    client = world.client_for(world.supervisor_user)
    _low(world, f"{year}-01")
    _plan(world, f"{year}-01", due=dt.date(year, 2, 1))
    client.get(_evaluate_url(world, year))
    with CaptureQueriesContext(connection) as few:
        client.get(_evaluate_url(world, year))
    for month in range(2, 12):
        _low(world, f"{year}-{month:02d}")
        _plan(world, f"{year}-{month:02d}", due=dt.date(year, month + 1, 1))
    with CaptureQueriesContext(connection) as many:
        html = client.get(_evaluate_url(world, year)).text
    assert html.count("lewat tanggal tindak lanjut") == 11
    assert len(many) == len(few)


def test_mentoring_plans_are_not_the_follow_up(world: World) -> None:
    """A mentoring plan keeps its start year in `period`: it must not read as the follow-up
    of last year's low annual predikat."""
    year = _year(world)
    _low(world, f"{year - 1}", "kurang")
    mentoring = _plan(world, f"{year - 1}", due=dt.date(year + 5, 1, 1))
    mentoring.kind = CoachingPlan.Kind.MENTORING
    mentoring.save()
    html = world.client_for(world.supervisor_user).get(_evaluate_url(world, year)).text
    assert _state(html) == "tidak_ada"
