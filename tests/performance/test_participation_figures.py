"""Public participation beside the unit ranking and the organisation predikat page.

Hand-made figures for October 2026 (tenant Sofifi, WIT):

- Badan Kepegawaian: SKM answers (4,...), (3,...), (3,...) on a service of its bidang, so
  IKM = 10/3, konversi 83.33 (B). Reports: one closed on its deadline after a first answer
  in 2 days, one closed a day late after 4 days, one still new: 3 reports, 50.0 % within
  deadline, 3.0 days to the first answer.
- Dinas Kesehatan: one report forwarded to it and answered after 1 day, no survey:
  1 report, no closed report (–), 1.0 day, IKM –.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.org.models import Unit
from pamong.participation.models import Complaint, SkmResponse, SkmService
from pamong.participation.stats import unit_participation, units_participation
from pamong.performance.models import Rating
from pamong.performance.ranking import period_dates
from tests.conftest import World
from tests.factories import EmployeeFactory, UnitFactory
from tests.participation.test_complaints_staff import make_complaint

pytestmark = pytest.mark.django_db
State = Complaint.State
WIT = dt.timezone(dt.timedelta(hours=9))


def at(day: int, month: int = 10, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=WIT)


def _survey(world: World, unit: Unit, scores: list[int], day: dt.date) -> None:
    service, _new = SkmService.objects.get_or_create(
        tenant=world.tenant, unit=unit, name=f"Layanan {unit.code}"
    )
    for score in scores:
        SkmResponse.objects.create(
            tenant=world.tenant,
            unit=unit,
            service=service,
            date=day,
            **{f"u{n}": score for n in range(1, 10)},
        )


def _rate(world: World, unit: Unit, period: str, predikat: str) -> None:
    Rating.objects.create(
        tenant=world.tenant,
        employee=EmployeeFactory(tenant=world.tenant, unit=unit),
        period=period,
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
        predikat=predikat,
    )


@pytest.fixture
def figures(world: World) -> World:
    dinkes = world.outsider.opd
    _survey(world, world.bidang, [4, 3, 3], dt.date(2026, 10, 15))
    _survey(world, world.bidang, [1], dt.date(2025, 10, 15))  # another year: left out
    make_complaint(
        world,
        state=State.CLOSED,
        submitted_at=at(1),
        first_response_at=at(3),
        closed_at=at(8, hour=23),
        resolution_due=dt.date(2026, 10, 8),
        handling_unit=world.opd,
    )
    make_complaint(
        world,
        state=State.CLOSED,
        submitted_at=at(2),
        first_response_at=at(6),
        closed_at=at(10),
        resolution_due=dt.date(2026, 10, 9),
        handling_unit=world.opd,
    )
    make_complaint(world, submitted_at=at(20))
    make_complaint(
        world,
        state=State.IN_PROGRESS,
        submitted_at=at(3),
        first_response_at=at(4),
        handling_unit=dinkes,
    )
    # Another tenant's report about its own OPD.
    make_complaint(world, tenant=world.other_tenant, unit=world.other_opd, submitted_at=at(5))
    _rate(world, world.bidang, "2026", "baik")
    _rate(world, dinkes, "2026", "sangat_baik")
    return world


def _row(html: str, table_id: str, name: str) -> list[str]:
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    for row in table.split("<tr>"):
        if name in row:
            return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td.*?</td>", row)]
    raise AssertionError(f"{name} not in {table_id}")


def test_period_dates() -> None:
    assert period_dates("2026") == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert period_dates("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert period_dates("2026-12") == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert period_dates("2026-Q2") == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert period_dates("2026-S2") == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))


def test_bulk_figures_match_the_single_opd_function(figures: World) -> None:
    world = figures
    dinkes = world.outsider.opd
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    bulk = units_participation(world.tenant, [world.opd.pk, dinkes.pk], start, end)
    bkpsdm = bulk[world.opd.pk]
    assert (str(bkpsdm.ikm_konversi), bkpsdm.mutu, bkpsdm.responden) == ("83.33", "B", 3)
    assert bkpsdm.reports == 3
    assert bkpsdm.resolved_within_deadline_pct == pytest.approx(50.0)
    assert bkpsdm.avg_response_days == pytest.approx(3.0)
    assert (bulk[dinkes.pk].ikm_konversi, bulk[dinkes.pk].reports) == (None, 1)
    assert bulk[dinkes.pk].resolved_within_deadline_pct is None
    assert bulk[dinkes.pk].avg_response_days == pytest.approx(1.0)
    assert unit_participation(world.tenant, world.opd, start, end) == bkpsdm
    # A bidang stands for its OPD in the single-OPD function.
    assert unit_participation(world.tenant, world.bidang, start, end) == bkpsdm
    assert units_participation(world.tenant, [], start, end) == {}


def test_bulk_figures_take_two_queries_for_any_number_of_opds(figures: World) -> None:
    world = figures
    ids = [world.opd.pk, world.outsider.opd_id]
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    with CaptureQueriesContext(connection) as two:
        units_participation(world.tenant, ids, start, end)
    for i in range(4):
        extra = UnitFactory(tenant=world.tenant, code=f"1.9{i}", name=f"Dinas Tambahan {i}")
        _survey(world, extra, [2], dt.date(2026, 10, 1))
        make_complaint(world, unit=extra, submitted_at=at(10 + i))
        ids.append(extra.pk)
    with CaptureQueriesContext(connection) as six:
        result = units_participation(world.tenant, ids, start, end)
    assert len(two.captured_queries) == len(six.captured_queries) == 2
    assert [result[pk].reports for pk in ids[2:]] == [1, 1, 1, 1]
    assert {result[pk].mutu for pk in ids[2:]} == {"D"}


def test_ranking_shows_participation_beside_the_score(figures: World) -> None:
    world = figures
    page = world.client_for(world.admin_user).get(
        reverse("performance:ranking"), {"period": "2026"}
    )
    assert page.status_code == 200
    html = page.text
    # The order stays by predikat score: Dinas Kesehatan (150) before BKPSDM (100).
    ranking = html[html.index('id="ranking"') :]
    assert ranking.index("Dinas Kesehatan") < ranking.index("Badan Kepegawaian")
    assert _row(html, "ranking", "Badan Kepegawaian")[2:] == [
        "100,0",
        "1",
        "100",
        "–",
        "83,33",
        "B",
        "3",
        "50,0",
        "3,0",
    ]
    assert _row(html, "ranking", "Dinas Kesehatan")[6:] == ["–", "–", "1", "–", "1,0"]
    assert 'id="participation-note"' in html
    assert "tidak dihitung dalam capaian" in html


def test_ranking_period_limits_the_figures(figures: World) -> None:
    page = figures.client_for(figures.admin_user).get(
        reverse("performance:ranking"), {"period": "2026-Q1"}
    )
    assert _row(page.text, "ranking", "Badan Kepegawaian")[6:] == ["–", "–", "0", "–", "–"]


def test_drilled_ranking_shows_the_opds_figures(figures: World) -> None:
    world = figures
    page = world.client_for(world.head_user).get(
        reverse("performance:ranking"), {"period": "2026", "opd": world.opd.pk}
    )
    assert page.status_code == 200
    cells = _row(page.text, "opd-participation", "83,33")
    assert cells == ["83,33", "B", "3", "50,0", "3,0"]


def test_ranking_queries_do_not_grow_with_the_number_of_opds(figures: World) -> None:
    world = figures
    client = world.client_for(world.admin_user)
    url = reverse("performance:ranking")
    client.get(url, {"period": "2026"})  # warm up (session, caches)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url, {"period": "2026"}).status_code == 200
    for i in range(4):
        extra = UnitFactory(tenant=world.tenant, code=f"1.9{i}", name=f"Dinas Tambahan {i}")
        _survey(world, extra, [2], dt.date(2026, 10, 1))
        make_complaint(world, unit=extra, submitted_at=at(10 + i))
        _rate(world, extra, "2026", "baik")
    with CaptureQueriesContext(connection) as six:
        page = client.get(url, {"period": "2026"})
    chart = page.text[page.text.index('id="ranking-chart"') : page.text.index("</ol>")]
    table = page.text[page.text.index('id="ranking"') :]
    assert chart.count("Dinas Tambahan") == table.count("Dinas Tambahan") == 4
    assert len(six.captured_queries) == len(two.captured_queries)
    assert len(six.captured_queries) <= 12


def test_predikat_page_shows_the_opds_figures_to_the_leader(figures: World) -> None:
    world = figures
    url = reverse("performance:unit-predikat")
    # The head of BKPSDM sets the predikat of its bidang: the OPD's figures for the month.
    page = world.client_for(world.head_user).get(url, {"period": "2026-10"})
    assert page.status_code == 200
    assert _row(page.text, "unit-participation", "Badan Kepegawaian") == [
        "Badan Kepegawaian",
        "83,33",
        "B",
        "3",
        "50,0",
        "3,0",
    ]
    assert "Dinas Kesehatan" not in page.text
    # BKPSDM sets the OPDs' predikat: one row per OPD, constant queries.
    client = world.client_for(world.admin_user)
    client.get(url, {"period": "2026-10"})
    with CaptureQueriesContext(connection) as queries:
        admin_page = client.get(url, {"period": "2026-10"})
    assert _row(admin_page.text, "unit-participation", "Dinas Kesehatan") == [
        "Dinas Kesehatan",
        "–",
        "–",
        "1",
        "–",
        "1,0",
    ]
    assert "BKPSDM Kupang" not in admin_page.text
    for i in range(4):
        UnitFactory(tenant=world.tenant, code=f"1.9{i}", name=f"Dinas Tambahan {i}")
    with CaptureQueriesContext(connection) as more:
        client.get(url, {"period": "2026-10"})
    assert len(more.captured_queries) == len(queries.captured_queries)
    # Another month: no figures.
    november = world.client_for(world.head_user).get(url, {"period": "2026-11"})
    assert _row(november.text, "unit-participation", "Badan Kepegawaian")[1:] == [
        "–",
        "–",
        "0",
        "–",
        "–",
    ]
