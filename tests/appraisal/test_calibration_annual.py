"""Calibration of the annual period (period `YYYY`): the page, adjusting, finalising, locking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.appraisal import services as svc
from pamong.appraisal.models import CalibrationLock, Evaluation
from pamong.core.models import AuditLog
from pamong.performance import services as psvc
from pamong.performance.models import Rating, UnitPredikat
from pamong.performance.periods import period_choices
from tests.appraisal.conftest import act, user_of
from tests.conftest import World
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
URL = "appraisal:calibration"


def _year(world: World) -> str:
    """Last year: its annual rating is open whatever the real date is."""
    return str(svc.tenant_today(act(world.supervisor_user)).year - 1)


def _rate_year(world: World) -> tuple[Evaluation, Evaluation]:
    sup, year = act(world.supervisor_user), _year(world)
    return (
        svc.evaluation_rate(
            actor=sup,
            employee=world.employee,
            period=year,
            hasil_kerja="di_atas",
            perilaku_kerja="di_atas",
            reason="Melampaui target sepanjang tahun",
        ),
        svc.evaluation_rate(
            actor=sup,
            employee=world.peer,
            period=year,
            hasil_kerja="sesuai",
            perilaku_kerja="sesuai",
        ),
    )


def _org(world: World, predikat: str) -> None:
    psvc.unit_predikat_set(
        actor=act(world.admin_user), unit=world.opd, period=_year(world), predikat=predikat
    )


def test_period_choices_offer_the_year_once_its_rating_opens() -> None:
    november = period_choices(dt.date(2026, 11, 23), "2026-10")
    assert [year for year, _options in november] == ["2026", "2025", "2024"]
    this_year = [value for value, _label in november[0][1]]
    assert "2026" not in this_year and this_year[0] == "2026-11" and this_year[-1] == "2026-01"
    assert [value for value, _label in november[1][1]][:3] == ["2025", "2025-12", "2025-11"]
    assert dict(november[1][1])["2025"] == "Tahunan 2025"
    december = period_choices(dt.date(2026, 12, 1), "2026")
    assert [value for value, _label in december[0][1]][:2] == ["2026", "2026-12"]
    # An older period asked for is offered too; rubbish is not.
    assert period_choices(dt.date(2026, 11, 23), "2019")[0] == ("", [("2019", "Tahunan 2019")])
    assert period_choices(dt.date(2026, 11, 23), "x")[0][0] == "2026"


def test_the_page_checks_the_distribution_of_the_year(world: World) -> None:
    year = _year(world)
    _rate_year(world)
    # A month of the same year is another period: not counted in the annual distribution.
    svc.evaluation_rate(
        actor=act(world.supervisor_user),
        employee=world.employee,
        period=f"{year}-11",
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
    )
    head = world.client_for(world.head_user)
    query = {"opd": world.opd.pk, "period": year, "org_predikat": "baik"}
    page = head.get(reverse(URL), query).text
    assert f"Distribusi predikat Badan Kepegawaian, Tahunan {year}" in page
    assert f'<option value="{year}" selected>Tahunan {year}</option>' in page
    assert "2 pegawai dinilai" in page
    # 1 Sangat Baik + 1 Baik against "Baik": nobody below expectations.
    assert 'id="violations"' in page and "Harus ada pegawai dengan predikat" in page
    page = head.get(reverse(URL), query | {"org_predikat": "istimewa"}).text
    assert 'id="distribution-ok"' in page
    assert 'id="org-predikat-missing"' in page  # the year's unit predikat is not set yet
    _org(world, "istimewa")
    page = head.get(reverse(URL), {"opd": world.opd.pk, "period": year}).text
    assert 'id="org-predikat"' in page and 'id="distribution-ok"' in page
    # A period that is neither a month nor a year falls back to last month.
    assert head.get(reverse(URL), {"opd": world.opd.pk, "period": "2025-Q1"}).status_code == 200


def test_adjust_override_and_finalise_the_year(world: World) -> None:
    year = _year(world)
    first, second = _rate_year(world)
    monthly = svc.evaluation_rate(
        actor=act(world.supervisor_user),
        employee=world.employee,
        period=f"{year}-11",
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
    )
    head = world.client_for(world.head_user)
    adjust = reverse("appraisal:calibration-adjust", args=[second.pk])
    data = {"hasil_kerja": "di_bawah", "perilaku_kerja": "sesuai", "reason": ""}
    head.post(adjust, data)  # no reason: refused
    second.refresh_from_db()
    assert second.predikat == "baik"
    response = head.post(adjust, data | {"reason": "Capaian PK unit di bawah target"})
    assert response.status_code == 302 and f"period={year}" in response["Location"]
    second.refresh_from_db()
    assert second.predikat == "butuh_perbaikan"
    assert Rating.objects.get(employee=world.peer, period=year).predikat == "butuh_perbaikan"
    entry = AuditLog.objects.filter(action="appraisal.evaluation.calibrated").latest("id")
    assert entry.object_id == str(second.pk)

    _org(world, "butuh_perbaikan")  # needs ≥60% Butuh Perbaikan and ≤10% Sangat Baik: broken
    finalize = reverse("appraisal:calibration-finalize")
    body = {"unit": world.opd.pk, "period": year, "confirmed": "1"}
    head.post(finalize, body)
    assert not CalibrationLock.objects.exists()  # a reason is needed
    response = head.post(
        finalize, body | {"override_reason": "Satu pegawai berprestasi luar biasa"}
    )
    assert response.status_code == 302 and f"period={year}" in response["Location"]
    lock = CalibrationLock.objects.get()
    assert lock.period == year and lock.org_predikat == "butuh_perbaikan"
    assert lock.override_reason == "Satu pegawai berprestasi luar biasa" and lock.violations
    for evaluation in (first, second):
        evaluation.refresh_from_db()
        assert evaluation.status == Evaluation.Status.FINALIZED
    assert set(Rating.objects.filter(period=year).values_list("finalized", flat=True)) == {True}
    # The months of the year are other periods: neither finalised nor locked.
    monthly.refresh_from_db()
    assert monthly.status == Evaluation.Status.RATED
    assert svc.lock_for(world.employee, f"{year}-11") is None
    log = AuditLog.objects.get(action="appraisal.calibration.finalized")
    assert log.data["period"] == year and sorted(log.data["evaluations"]) == sorted(
        [first.pk, second.pk]
    )
    page = head.get(response["Location"]).text
    assert 'id="calibration-locked"' in page and "Tetapkan dan kunci periode" not in page
    assert f'id="hk{first.pk}"' not in page  # nothing left to adjust


def test_a_finalised_year_changes_only_through_an_upheld_objection(world: World) -> None:
    year = _year(world)
    first, second = _rate_year(world)
    _org(world, "istimewa")
    head = act(world.head_user)
    svc.calibration_finalize(actor=head, unit=world.opd, period=year)
    with pytest.raises(ValidationError, match="keberatan"):
        svc.calibration_adjust(
            actor=head, evaluation=first, hasil_kerja="sesuai", perilaku_kerja="sesuai", reason="x"
        )
    with pytest.raises(ValidationError, match="rapat evaluasi"):
        svc.evaluation_rate(
            actor=act(world.supervisor_user),
            employee=world.employee,
            period=year,
            hasil_kerja="sesuai",
            perilaku_kerja="sesuai",
        )
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        svc.calibration_finalize(actor=act(world.admin_user), unit=world.bidang, period=year)
    # Through the page too: refused, unchanged.
    adjust = reverse("appraisal:calibration-adjust", args=[first.pk])
    data = {"hasil_kerja": "sesuai", "perilaku_kerja": "sesuai", "reason": "Koreksi"}
    world.client_for(world.head_user).post(adjust, data)
    first.refresh_from_db()
    assert first.predikat == "sangat_baik"

    # A rejected objection changes nothing; an upheld one does, audited.
    objection = svc.objection_file(
        actor=act(world.employee_user), evaluation=first, text="Saya minta ditinjau"
    )
    svc.objection_decide(
        actor=head, objection=objection, upheld=False, reason="Penilaian sudah tepat"
    )
    first.refresh_from_db()
    assert first.predikat == "sangat_baik"
    second.refresh_from_db()
    objection = svc.objection_file(
        actor=act(user_of(world.peer)), evaluation=second, text="Capaian saya melampaui target"
    )
    svc.objection_decide(
        actor=head,
        objection=objection,
        upheld=True,
        hasil_kerja="di_atas",
        perilaku_kerja="di_atas",
        reason="Capaian tahunan terbukti melampaui target",
    )
    second.refresh_from_db()
    assert second.predikat == "sangat_baik" and second.status == Evaluation.Status.FINALIZED
    rating = Rating.objects.get(employee=world.peer, period=year)
    assert rating.predikat == "sangat_baik" and rating.finalized
    entry = AuditLog.objects.get(action="appraisal.evaluation.changed_by_objection")
    assert entry.data["objection"] == objection.pk


@pytest.mark.parametrize("who", ["supervisor_user", "employee_user", "auditor_user"])
def test_only_the_opd_head_or_bkpsdm_finalises_the_year(world: World, who: str) -> None:
    year = _year(world)
    first, _second = _rate_year(world)
    _org(world, "istimewa")
    client = world.client_for(getattr(world, who))
    finalize = reverse("appraisal:calibration-finalize")
    assert client.post(finalize, {"unit": world.opd.pk, "period": year}).status_code == 403
    adjust = reverse("appraisal:calibration-adjust", args=[first.pk])
    data = {"hasil_kerja": "sesuai", "perilaku_kerja": "sesuai", "reason": "x"}
    assert client.post(adjust, data).status_code == 403
    with pytest.raises(PermissionDenied):
        svc.calibration_finalize(actor=act(getattr(world, who)), unit=world.opd, period=year)
    assert not CalibrationLock.objects.exists()
    first.refresh_from_db()
    assert first.predikat == "sangat_baik"


def test_another_tenant_gets_404_for_the_year(world: World) -> None:
    year = _year(world)
    first, _second = _rate_year(world)
    _org(world, "istimewa")
    other = world.client_for(world.other_admin_user)
    assert other.get(reverse(URL), {"opd": world.opd.pk, "period": year}).status_code == 404
    finalize = reverse("appraisal:calibration-finalize")
    assert other.post(finalize, {"unit": world.opd.pk, "period": year}).status_code == 404
    adjust = reverse("appraisal:calibration-adjust", args=[first.pk])
    data = {"hasil_kerja": "sesuai", "perilaku_kerja": "sesuai", "reason": "x"}
    assert other.post(adjust, data).status_code == 404
    head = world.client_for(world.head_user)
    assert head.post(finalize, {"unit": world.other_opd.pk, "period": year}).status_code == 404
    assert not CalibrationLock.objects.exists()


def test_annual_page_query_count_is_fixed(world: World) -> None:
    year = _year(world)

    def rated(n: int) -> None:
        for i in range(n):
            employee = EmployeeFactory(
                tenant=world.tenant, unit=world.bidang, supervisor=world.supervisor
            )
            hasil = "di_atas" if i % 3 == 0 else "sesuai"
            evaluation = Evaluation.objects.create(
                tenant=world.tenant,
                employee=employee,
                period=year,
                penilai=world.supervisor,
                hasil_kerja=hasil,
                perilaku_kerja="sesuai",
                predikat="baik",
            )
            Rating.objects.create(
                tenant=world.tenant,
                employee=employee,
                period=year,
                hasil_kerja=evaluation.hasil_kerja,
                perilaku_kerja="sesuai",
                predikat="baik",
            )

    _org(world, "baik")
    client = world.client_for(world.head_user)
    query = {"opd": world.opd.pk, "period": year}
    rated(3)
    client.get(reverse(URL), query)
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse(URL), query)
    assert page.status_code == 200 and "3 pegawai dinilai" in page.text
    rated(30)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse(URL), query)
    assert "33 pegawai dinilai" in page.text and page.text.count('name="hasil_kerja"') == 33
    assert len(many.captured_queries) == len(few.captured_queries) <= 14


def test_the_unit_predikat_page_sets_the_years_predikat(world: World) -> None:
    year = _year(world)
    admin = world.client_for(world.admin_user)
    page = admin.get(reverse("performance:unit-predikat"), {"period": year}).text
    assert f"Predikat kinerja unit, Tahunan {year}" in page
    assert f'<option value="{year}" selected>' in page
    url = reverse("performance:unit-predikat-set", args=[world.opd.pk])
    response = admin.post(url, {"period": year, "predikat": "istimewa"})
    assert response.status_code == 302 and response["Location"].endswith(f"?period={year}")
    assert UnitPredikat.objects.get(unit=world.opd).period == year
    entry = AuditLog.objects.get(action="performance.unit_predikat.set")
    assert entry.data["period"] == year
    with pytest.raises(ValidationError, match="TTTT"):
        psvc.unit_predikat_set(
            actor=act(world.admin_user), unit=world.opd, period=f"{year}-Q4", predikat="baik"
        )
