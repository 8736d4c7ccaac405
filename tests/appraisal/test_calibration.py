"""Predikat distribution checks (domain.md §1.6) and the calibration page."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from pamong.appraisal.calibration import DISTRIBUTION_RULES, check_distribution
from pamong.performance.models import Rating
from tests.appraisal.conftest import user_of
from tests.conftest import World
from tests.factories import EmployeeFactory

R = DISTRIBUTION_RULES


def kinds(counts: dict[str, int], org: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(v.kind, v.predikats) for v in check_distribution(counts, org, R)]


def test_istimewa_allows_70_percent_sangat_baik_not_more() -> None:
    assert kinds({"sangat_baik": 7, "baik": 3}, "istimewa") == []
    assert kinds({"sangat_baik": 8, "baik": 2}, "istimewa") == [("max", ("sangat_baik",))]


def test_baik_needs_some_below_and_at_most_70_percent_baik() -> None:
    assert kinds({"baik": 7, "sangat_baik": 2, "kurang": 1}, "baik") == []
    assert kinds({"baik": 7, "sangat_baik": 3}, "baik") == [("some", ("butuh_perbaikan", "kurang"))]
    assert ("max", ("baik",)) in kinds({"baik": 8, "butuh_perbaikan": 2}, "baik")


def test_butuh_perbaikan_kurang_and_sangat_kurang() -> None:
    assert kinds({"butuh_perbaikan": 6, "baik": 3, "sangat_baik": 1}, "butuh_perbaikan") == []
    assert kinds({"butuh_perbaikan": 5, "baik": 3, "sangat_baik": 2}, "butuh_perbaikan") == [
        ("min", ("butuh_perbaikan",)),
        ("max", ("sangat_baik",)),
    ]
    assert kinds({"kurang": 6, "butuh_perbaikan": 1, "baik": 3}, "kurang") == []
    assert kinds({"kurang": 7, "baik": 3}, "kurang") == [("min", ("butuh_perbaikan",))]
    assert kinds({"sangat_kurang": 6, "kurang": 1, "baik": 3}, "sangat_kurang") == []
    assert ("max", ("sangat_baik",)) in kinds(
        {"sangat_kurang": 8, "butuh_perbaikan": 1, "sangat_baik": 1}, "sangat_kurang"
    )


def test_empty_counts_flag_nothing() -> None:
    assert kinds({}, "baik") == []


def _ratings(world: World, predikats: list[str]) -> None:
    for predikat in predikats:
        employee = EmployeeFactory(tenant=world.tenant, unit=world.bidang)
        Rating.objects.create(
            tenant=world.tenant,
            employee=employee,
            period="2026-03",
            hasil_kerja="sesuai",
            perilaku_kerja="sesuai",
            predikat=predikat,
        )


@pytest.mark.django_db
def test_calibration_page_flags_violations(
    world: World, django_assert_max_num_queries: object
) -> None:
    _ratings(world, ["baik"] * 8 + ["sangat_baik"] * 2)
    url = reverse("appraisal:calibration")
    query = {"opd": world.opd.pk, "period": "2026-03", "org_predikat": "baik"}
    client = world.client_for(world.head_user)
    client.get(url, query)
    # Constant: OPDs, units, unit predikat, counts, lock, ratings list (+ session/actor).
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        page = client.get(url, query)
    assert page.status_code == 200
    assert 'id="violations"' in page.text
    assert "maksimal 70% (saat ini 80%)" in page.text
    query["org_predikat"] = "istimewa"
    assert 'id="distribution-ok"' in client.get(url, query).text


@pytest.mark.django_db
@override_settings(PAMONG_DISTRIBUTION_RULES={"sofifi": {"baik": [("max", ("baik",), 90)]}})
def test_calibration_rules_per_tenant(world: World) -> None:
    _ratings(world, ["baik"] * 8 + ["sangat_baik"] * 2)
    page = world.client_for(world.admin_user).get(
        reverse("appraisal:calibration"),
        {"opd": world.opd.pk, "period": "2026-03", "org_predikat": "baik"},
    )
    assert 'id="distribution-ok"' in page.text


@pytest.mark.django_db
def test_calibration_permissions(world: World) -> None:
    url = reverse("appraisal:calibration")
    assert world.client_for(world.employee_user).get(url).status_code == 403
    assert world.client_for(world.auditor_user).get(url).status_code == 200
    head = world.client_for(world.head_user)
    assert head.get(url, {"opd": world.outsider.opd_id}).status_code == 403
    assert head.get(url, {"opd": world.other_opd.pk}).status_code == 404
    assert head.post(url).status_code == 405
    other = world.client_for(world.other_admin_user)
    assert other.get(url, {"opd": world.opd.pk}).status_code == 404
    assert world.client_for(user_of(world.peer)).get(url).status_code == 403


@pytest.mark.django_db
def test_count_and_list_come_from_the_same_ratings_imported_included(world: World) -> None:
    """Issue 10 §5: "146 counted, 0 listed" when the ratings were imported from e-Kinerja."""
    _ratings(world, ["baik"] * 3 + ["sangat_baik"])
    Rating.objects.filter(tenant=world.tenant).update(source=Rating.Source.IMPORT)
    page = world.client_for(world.head_user).get(
        reverse("appraisal:calibration"), {"opd": world.opd.pk, "period": "2026-03"}
    )
    assert "4 pegawai dinilai" in page.text
    assert 'id="calibration-evaluations"' in page.text
    listed = page.text.split('id="calibration-evaluations"')[1].split("</table>")[0]
    for rating in Rating.objects.filter(tenant=world.tenant).select_related("employee"):
        assert rating.employee.name in listed
    assert listed.count("impor (e-Kinerja)") == 4
