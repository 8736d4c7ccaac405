"""The SKP page offers the year (next year's from December) and shows realisation
against target as a percentage (issue 10 §5)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pamong.appraisal import services as svc
from pamong.appraisal.achievement import achievement_percent, first_number
from pamong.appraisal.models import Skp
from tests.appraisal.conftest import Chain, act
from tests.conftest import World


def test_next_years_skp_only_from_december(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 11, 30)
    client = world.client_for(world.employee_user)
    page = client.get(reverse("appraisal:index")).text
    assert '<option value="2027"' not in page
    assert "SKP tahun 2027 dapat disusun mulai Desember" in page
    with pytest.raises(ValidationError, match="mulai Desember 2026"):
        svc.skp_create(actor=act(world.employee_user), year=2027)
    clock.set(2026, 12, 1)
    client = world.client_for(world.employee_user)  # yesterday's session has ended
    page = client.get(reverse("appraisal:index")).text
    assert '<option value="2027"' in page
    page = client.get(reverse("appraisal:index"), {"year": "2027"}).text
    assert "Susun SKP 2027" in page
    client.post(reverse("appraisal:skp-create"), {"year": "2027"})
    assert Skp.objects.filter(employee=world.employee, year=2027).exists()
    with pytest.raises(ValidationError):
        svc.skp_create(actor=act(world.employee_user), year=2028)


@pytest.mark.parametrize(
    ("aspect", "target", "number", "values", "expected"),
    [
        ("kuantitas", "100 data", None, [("2026-01", "30"), ("2026-02", "45 data")], "75.0"),
        ("kuantitas", "1.500 dokumen", None, [("2026-01", "1.500")], "100.0"),
        ("kualitas", "90%", None, [("2026-01", "80"), ("2026-02", "99")], "110.0"),
        ("waktu", "12 bulan", Decimal(12), [("2026-03", "9")], "75.0"),
        ("kualitas", "baik", None, [("2026-01", "baik")], None),
        ("kuantitas", "10", None, [], None),
    ],
)
def test_achievement_percent(aspect, target, number, values, expected) -> None:  # type: ignore[no-untyped-def]
    got = achievement_percent(aspect, target, number, values)
    assert (str(got) if got is not None else None) == expected


def test_first_number_reads_comma_decimals() -> None:
    assert first_number("95,5 %") == Decimal("95.5")
    assert first_number("tanpa angka") is None


def test_skp_page_shows_the_percentage(world: World, chain: Chain) -> None:
    skp = chain.employee_skp
    emp = act(world.employee_user)
    svc.skp_submit(actor=emp, skp=skp)
    svc.skp_approve(actor=act(world.supervisor_user), skp=skp)
    indicator = skp.rhks.get().indicators.get()  # target "100 data"
    svc.realisation_record(actor=emp, indicator=indicator, period="2026-03", value="40")
    page = world.client_for(world.employee_user).get(reverse("appraisal:skp-detail", args=[skp.pk]))
    assert "Capaian" in page.text and "40%" in page.text
