"""Unit ranking for the annual evaluation meeting: order, scores, chart, access, queries."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from pamong.org.models import Unit
from pamong.performance.models import Rating, UnitPredikat
from pamong.performance.ranking import UnitScore, chart, rank
from tests.conftest import World
from tests.factories import EmployeeFactory, UnitFactory

pytestmark = pytest.mark.django_db
PERIOD = "2026"


def _rate(world: World, unit: Unit, predikats: list[str]) -> None:
    for predikat in predikats:
        Rating.objects.create(
            tenant=world.tenant,
            employee=EmployeeFactory(tenant=world.tenant, unit=unit),
            period=PERIOD,
            hasil_kerja="sesuai",
            perilaku_kerja="sesuai",
            predikat=predikat,
        )


def test_score_and_order() -> None:
    a, b, c = (Unit(code=code, name=code) for code in ("1", "2", "3"))
    high = UnitScore(a, {"sangat_baik": 1, "baik": 1})  # (150 + 100) / 2
    low = UnitScore(b, {"butuh_perbaikan": 2, "sangat_kurang": 1})  # (75*2 + 25) / 3
    empty = UnitScore(c)
    assert high.score == Decimal("125.0") and low.score == Decimal("58.3")
    assert (high.baik_or_better, low.baik_or_better, empty.baik_or_better) == (100, 0, 0)
    assert rank([empty, low, high]) == [high, low, empty]


def test_chart_axis_makes_small_differences_visible() -> None:
    long_name = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Kupang"
    units = [Unit(code=str(i), name=name) for i, name in enumerate((long_name, "B", "C"))]
    high = UnitScore(units[0], {"sangat_baik": 6, "baik": 94})  # 103.0
    low = UnitScore(units[1], {"baik": 60, "butuh_perbaikan": 40})  # 90.0
    c = chart(rank([high, low, UnitScore(units[2])]))
    assert (c["axis_low"], c["axis_high"]) == (85, 105)
    assert [b["pct"] for b in c["bars"]] == ["90.00", "25.00", None]
    assert c["bars"][0]["label"] == long_name  # never cut
    assert [t["value"] for t in c["ticks"]] == [85, 90, 95, 100, 105]
    assert c["reference_pct"] == "75.00"
    assert (c["top"], c["bottom"]) == (high, low)


def test_opd_ranking_page(world: World, django_assert_max_num_queries: object) -> None:
    dinkes = world.outsider.opd
    _rate(world, world.bidang, ["baik", "baik", "kurang"])  # counts for BKPSDM
    _rate(world, dinkes, ["sangat_baik", "baik"])
    for i in range(4):
        UnitFactory(tenant=world.tenant, code=f"9.0{i}", name=f"Dinas {i}")
    UnitPredikat.objects.create(
        tenant=world.tenant, unit=dinkes, period=PERIOD, predikat="istimewa"
    )
    _rate(world, world.other_opd, ["sangat_kurang"])  # another tenant
    client = world.client_for(world.admin_user)
    url = reverse("performance:ranking")
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        page = client.get(url, {"period": PERIOD})
    assert page.status_code == 200
    text = page.text
    assert text.index("Dinas Kesehatan") < text.index("Badan Kepegawaian") < text.index("Dinas 0")
    assert "125,0" in text and "83,3" in text and "Istimewa" in text
    # The chart: full names, an axis from 70 to 130 (not from zero) so 83 and 125 differ.
    chart = text[text.index('id="ranking-chart"') : text.index('id="ranking"')]
    assert "Sumbu capaian dari 70 sampai 130, tidak dari nol" in text
    assert 'style="width:91.67%"' in chart  # Dinas Kesehatan: 125 on the 70-130 axis
    assert 'style="width:22.17%"' in chart  # BKPSDM: 83.3
    assert chart.count('class="bar"') == 2  # units without ratings get no bar
    assert re.search(r"(left|width):[0-9]+,", chart) is None  # no localized decimals in CSS
    assert "Tertinggi: Dinas Kesehatan (125,0)" in text
    assert "BKPSDM Kupang" not in text
    assert "cdn" not in text.lower()


def test_child_unit_ranking(world: World) -> None:
    seksi = UnitFactory(
        tenant=world.tenant, code="1.01.01.01", name="Seksi Data", kind="seksi", parent=world.bidang
    )
    umum = UnitFactory(tenant=world.tenant, code="1.01.02", name="Bidang Umum", parent=world.opd)
    _rate(world, world.bidang, ["kurang"])
    _rate(world, seksi, ["kurang"])  # folds into the bidang
    _rate(world, umum, ["sangat_baik"])
    _rate(world, world.opd, ["baik"])  # staff of the OPD itself are no child unit
    page = world.client_for(world.head_user).get(
        reverse("performance:ranking"), {"period": PERIOD, "opd": world.opd.pk}
    )
    assert page.status_code == 200
    rows = page.text[page.text.index('id="ranking"') :]
    assert rows.index("Bidang Umum") < rows.index("Bidang Mutasi")
    assert "150,0" in rows and "50,0" in rows


def test_ranking_permissions(world: World) -> None:
    url = reverse("performance:ranking")
    assert world.client_for(world.employee_user).get(url).status_code == 403
    assert world.client_for(world.supervisor_user).get(url).status_code == 403
    head = world.client_for(world.head_user)
    assert head.get(url).status_code == 200  # heads of OPD meet on this page
    assert head.get(url, {"opd": world.outsider.opd_id}).status_code == 403
    assert head.get(url, {"opd": world.other_opd.pk}).status_code == 404
    assert head.get(url, {"opd": world.bidang.pk}).status_code == 404  # not an OPD
    assert head.post(url).status_code == 405
    assert world.client_for(world.auditor_user).get(url, {"opd": world.opd.pk}).status_code == 200
