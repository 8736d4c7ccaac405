"""The complaint dashboard per unit and the public transparency page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from pamong.core import clock
from pamong.participation.charts import bar_chart
from pamong.participation.models import Complaint, SkmResponse, SkmService
from pamong.participation.stats import complaint_dashboard
from tests.conftest import World
from tests.participation.test_complaints_staff import make_complaint

State = Complaint.State
WIT = dt.timezone(dt.timedelta(hours=9))
DASHBOARD = reverse("participation:dashboard")
PERIOD = {"dari": "2026-01-01", "sampai": "2026-12-31"}


def at(day: int, month: int = 10, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=WIT)


@pytest.fixture
def reports(world: World) -> dict[str, Complaint]:
    opd, dinkes = world.opd, world.outsider.opd
    return {
        # BKPSDM: answered after 2 days, closed on its deadline (on time).
        "on_time": make_complaint(
            world,
            state=State.CLOSED,
            submitted_at=at(1),
            first_response_at=at(3),
            closed_at=at(8, hour=23),
            resolution_due=dt.date(2026, 10, 8),
            handling_unit=opd,
        ),
        # BKPSDM: answered after 4 days, closed a day late.
        "late": make_complaint(
            world,
            state=State.CLOSED,
            submitted_at=at(2),
            first_response_at=at(6),
            closed_at=at(10),
            resolution_due=dt.date(2026, 10, 9),
            handling_unit=opd,
        ),
        # BKPSDM, reported about but not yet dispatched (responsible: the unit reported).
        "open": make_complaint(world, submitted_at=at(5, month=11)),
        # Dinas Kesehatan via dispatch, though reported about BKPSDM.
        "forwarded": make_complaint(
            world,
            state=State.IN_PROGRESS,
            submitted_at=at(3, month=11),
            first_response_at=at(4, month=11),
            handling_unit=dinkes,
        ),
        "archived": make_complaint(world, state=State.ARCHIVED, submitted_at=at(6)),
        "last_year": make_complaint(world, submitted_at=dt.datetime(2025, 12, 31, tzinfo=WIT)),
    }


def test_figures_by_hand(world: World, reports: dict[str, Complaint]) -> None:
    data = complaint_dashboard(world.tenant, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    by_unit = {f.unit.pk: f for f in data.units if f.unit}
    bkpsdm, dinkes = by_unit[world.opd.pk], by_unit[world.outsider.opd_id]
    assert (bkpsdm.volume, bkpsdm.closed, bkpsdm.open, bkpsdm.archived) == (4, 2, 1, 1)
    assert bkpsdm.avg_response_days == pytest.approx(3.0)  # (2 + 4) / 2
    assert bkpsdm.compliance_pct == pytest.approx(50.0)
    assert (dinkes.volume, dinkes.open, dinkes.compliance_pct) == (1, 1, None)
    assert dinkes.avg_response_days == pytest.approx(1.0)
    assert data.total.volume == 5
    months = dict(data.months)
    assert len(data.months) == 12
    assert (months["Okt 26"].volume, months["Nov 26"].volume, months["Jan 26"].volume) == (3, 2, 0)
    assert months["Okt 26"].compliance_pct == pytest.approx(50.0)
    only_dinkes = complaint_dashboard(
        world.tenant, dt.date(2026, 1, 1), dt.date(2026, 12, 31), {world.outsider.opd_id}
    )
    assert [f.unit.pk for f in only_dinkes.units if f.unit] == [world.outsider.opd_id]


def test_dashboard_permissions_and_scope(
    world: World, reports: dict[str, Complaint], django_assert_max_num_queries
) -> None:
    admin = world.client_for(world.admin_user)
    with django_assert_max_num_queries(10):
        page = admin.get(DASHBOARD, PERIOD)
    assert page.status_code == 200
    assert "<svg" in page.text and re.search(r"50[,.]0%", page.text)
    assert world.client_for(world.auditor_user).get(DASHBOARD).status_code == 200
    head = world.client_for(world.head_user).get(DASHBOARD, PERIOD)
    assert [f.unit.pk for f in head.context["dashboard"].units] == [world.opd.pk]
    assert world.client_for(world.employee_user).get(DASHBOARD).status_code == 403
    assert Client().get(DASHBOARD).status_code == 302
    assert admin.post(DASHBOARD).status_code == 405
    other = world.client_for(world.other_admin_user).get(DASHBOARD, PERIOD)
    assert other.context["dashboard"].total.volume == 0
    bad = admin.get(DASHBOARD, {"dari": "2026-12-31", "sampai": "2026-01-01"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_transparency_page_has_figures_and_no_personal_data(
    world: World, reports: dict[str, Complaint]
) -> None:
    service = SkmService.objects.create(tenant=world.tenant, unit=world.opd, name="Mutasi")
    today = clock.today(world.tenant)  # the tenant's day, not the server's
    SkmResponse.objects.create(
        tenant=world.tenant,
        unit=world.opd,
        service=service,
        date=today,
        **{f"u{i}": 4 for i in range(1, 10)},
    )
    page = Client().get(reverse("participation:transparency", args=["sofifi"]))
    assert page.status_code == 200
    html = page.text
    assert re.search(r"100[,.]00", html) and "Sangat baik" in html  # the IKM word as a label
    assert world.opd.name in html and "<svg" in html
    for secret in ("Yakobus", "yakobus@example.org", "Antrean tidak tertib"):
        assert secret not in html
    assert "<script" not in html
    assert len(page.content) < 60_000
    assert Client().get(reverse("participation:transparency", args=["nope"])).status_code == 404
    assert Client().post(reverse("participation:transparency", args=["sofifi"])).status_code == 405
    other = Client().get(reverse("participation:transparency", args=["kupang"]))
    assert world.opd.name not in other.text


def test_chart_escapes_labels() -> None:
    svg = str(bar_chart("<b>judul</b>", [("<script>x</script>", 3), ("b", 0)]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "&lt;b&gt;judul" in svg
    assert svg.count("<rect") == 2


def test_unit_participation_for_the_evaluation(world: World, reports: dict[str, Complaint]) -> None:
    from pamong.participation.stats import unit_participation

    # A service of the bidang counts for its OPD.
    service = SkmService.objects.create(tenant=world.tenant, unit=world.bidang, name="Mutasi")
    for scores in ((4,) * 9, (3,) * 9, (3,) * 9):
        SkmResponse.objects.create(
            tenant=world.tenant,
            unit=world.bidang,
            service=service,
            date=dt.date(2026, 6, 1),
            **{f"u{n}": s for n, s in enumerate(scores, start=1)},
        )
    summary = unit_participation(
        world.tenant, world.opd, dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    )
    # IKM = 10/3 = 3.3333..., konversi 83.33 (B); 4 reports, 1 of 2 closed on time.
    assert (str(summary.ikm_konversi), summary.mutu, summary.responden) == ("83.33", "B", 3)
    assert summary.reports == 4
    assert summary.resolved_within_deadline_pct == pytest.approx(50.0)
    dinkes = unit_participation(
        world.tenant, world.outsider.opd, dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    )
    assert (dinkes.ikm_konversi, dinkes.mutu, dinkes.responden, dinkes.reports) == (
        None,
        None,
        0,
        1,
    )
