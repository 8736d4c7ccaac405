"""Penilaian akhir tahun: the annual evaluation, informed by the year's periodic ratings."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.appraisal import services as svc
from pamong.appraisal.annual import year_summary
from pamong.appraisal.models import Evaluation
from pamong.core.models import AuditLog
from pamong.performance.models import Rating
from tests.appraisal.conftest import act
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _year(world: World) -> int:
    return svc.tenant_today(act(world.supervisor_user)).year - 1


def _rate_months(world: World, year: int, months: list[tuple[int, str, str]]) -> None:
    actor = act(world.supervisor_user)
    for month, hasil, perilaku in months:
        svc.evaluation_rate(
            actor=actor,
            employee=world.employee,
            period=f"{year}-{month:02d}",
            hasil_kerja=hasil,
            perilaku_kerja=perilaku,
            reason="" if hasil == perilaku == "sesuai" else "Catatan",
        )


def _count(html: str, predikat: str) -> int:
    found = re.search(rf'data-predikat="{predikat}">(\d+)<', html)
    assert found is not None
    return int(found.group(1))


def test_summary_counts_the_years_periodic_ratings(world: World) -> None:
    year = _year(world)
    _rate_months(
        world,
        year,
        [(1, "sesuai", "sesuai"), (2, "di_atas", "di_atas"), (3, "di_bawah", "sesuai")],
    )
    # An imported quarterly rating counts; another year and another employee do not.
    Rating.objects.create(
        tenant=world.tenant,
        employee=world.employee,
        period=f"{year}-Q2",
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
        predikat="baik",
        source=Rating.Source.IMPORT,
        finalized=True,
    )
    Rating.objects.create(
        tenant=world.tenant,
        employee=world.employee,
        period=f"{year - 1}-05",
        hasil_kerja="di_bawah",
        perilaku_kerja="di_bawah",
        predikat="sangat_kurang",
    )
    Rating.objects.create(
        tenant=world.tenant,
        employee=world.peer,
        period=f"{year}-05",
        hasil_kerja="di_bawah",
        perilaku_kerja="di_bawah",
        predikat="sangat_kurang",
    )
    summary = year_summary(world.employee, year)
    assert [r.period for r in summary.rows] == [
        f"{year}-01",
        f"{year}-02",
        f"{year}-03",
        f"{year}-Q2",
    ]
    assert {value: n for value, _label, n in summary.counts} == {
        "sangat_baik": 1,
        "baik": 2,
        "butuh_perbaikan": 1,
        "kurang": 0,
        "sangat_kurang": 0,
    }
    assert summary.rows[-1].evaluation_id is None and summary.rows[0].evaluation_id

    client = world.client_for(world.supervisor_user)
    url = reverse("appraisal:evaluate", args=[world.employee.pk]) + f"?period={year}"
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Penilaian kinerja tahunan Arnoldus Seran, {year}" in html
    assert _count(html, "baik") == 2 and _count(html, "sangat_baik") == 1
    assert _count(html, "sangat_kurang") == 0
    first = Evaluation.objects.get(employee=world.employee, period=f"{year}-01")
    assert reverse("appraisal:evaluation", args=[first.pk]) in html
    assert f"{year}-Q2" in html

    # More periodic ratings, the same number of queries.
    _rate_months(world, year, [(m, "sesuai", "sesuai") for m in range(4, 12)])
    with CaptureQueriesContext(connection) as more:
        html = client.get(url).content.decode()
    assert _count(html, "baik") == 10
    assert len(more.captured_queries) == len(few.captured_queries)


def test_annual_rating_takes_the_periodic_path(world: World) -> None:
    year = _year(world)
    _rate_months(world, year, [(1, "sesuai", "sesuai")])
    client = world.client_for(world.supervisor_user)
    url = reverse("appraisal:evaluate", args=[world.employee.pk]) + f"?period={year}"
    response = client.post(
        url, {"period": str(year), "hasil_kerja": "di_atas", "perilaku_kerja": "di_atas",
              "reason": "Melampaui target sepanjang tahun"},
    )  # fmt: skip
    annual = Evaluation.objects.get(employee=world.employee, period=str(year))
    assert response.status_code == 302
    assert response["Location"] == reverse("appraisal:evaluation", args=[annual.pk])
    assert annual.predikat == "sangat_baik" and annual.penilai == world.supervisor
    rating = Rating.objects.get(employee=world.employee, period=str(year))
    assert rating.predikat == "sangat_baik" and rating.source == Rating.Source.PAMONG
    entry = AuditLog.objects.filter(action="appraisal.evaluation.rated").latest("id")
    assert entry.data == {"period": str(year), "annual": True}
    # The annual rating is not one of the periodic ones it summarises.
    assert [r.period for r in year_summary(world.employee, year).rows] == [f"{year}-01"]

    # The employee reads it with the summary, acknowledges; the PDF names the year.
    employee = world.client_for(world.employee_user)
    page = employee.get(reverse("appraisal:evaluation", args=[annual.pk])).content.decode()
    assert 'id="year-counts"' in page
    pdf = employee.get(reverse("appraisal:evaluation-pdf", args=[annual.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    svc.evaluation_acknowledge(actor=act(world.employee_user), evaluation=annual)
    svc.evaluation_finalize(actor=act(world.head_user), evaluation=annual)
    assert Rating.objects.get(employee=world.employee, period=str(year)).finalized


def test_annual_rating_only_from_december_and_only_by_the_penilai(world: World) -> None:
    today = svc.tenant_today(act(world.supervisor_user))
    actor = act(world.supervisor_user)
    with pytest.raises(ValidationError):
        svc.evaluation_rate(
            actor=actor,
            employee=world.employee,
            period=str(today.year + 1),
            hasil_kerja="sesuai",
            perilaku_kerja="sesuai",
        )
    if today.month < 12:
        with pytest.raises(ValidationError, match="mulai Desember"):
            svc.evaluation_rate(
                actor=actor,
                employee=world.employee,
                period=str(today.year),
                hasil_kerja="sesuai",
                perilaku_kerja="sesuai",
            )
    with pytest.raises(ValidationError):
        svc.evaluation_rate(
            actor=actor,
            employee=world.employee,
            period="2026-Q1",
            hasil_kerja="sesuai",
            perilaku_kerja="sesuai",
        )
    url = reverse("appraisal:evaluate", args=[world.employee.pk]) + f"?period={_year(world)}"
    assert world.client_for(world.employee_user).get(url).status_code == 403
    assert world.client_for(world.head_user).get(url).status_code == 403


def test_index_links_to_the_annual_evaluation(world: World) -> None:
    year = _year(world)
    client = world.client_for(world.supervisor_user)
    html = client.get(reverse("appraisal:index") + f"?period={year}").content.decode()
    assert f"Penilaian tahunan bawahan {year}" in html
    assert "Arnoldus Seran" in html
    assert 'id="annual-link"' in html
