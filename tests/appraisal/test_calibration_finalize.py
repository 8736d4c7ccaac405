"""Rapat evaluasi: adjust ratings with a reason, finalise (lock) a unit's period, objections."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pamong.appraisal import services as svc
from pamong.appraisal.models import CalibrationLock, Evaluation
from pamong.core.models import AuditLog
from pamong.performance import services as psvc
from pamong.performance.models import Rating
from tests.appraisal.conftest import act
from tests.conftest import World
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
PERIOD = "2026-03"


def _rate_team(world: World) -> tuple[Evaluation, Evaluation]:
    sup = act(world.supervisor_user)
    rate = {"period": PERIOD, "hasil_kerja": "sesuai", "perilaku_kerja": "sesuai"}
    return (
        svc.evaluation_rate(actor=sup, employee=world.employee, **rate),
        svc.evaluation_rate(actor=sup, employee=world.peer, **rate),
    )


def _org(world: World, predikat: str = "baik") -> None:
    psvc.unit_predikat_set(
        actor=act(world.admin_user), unit=world.opd, period=PERIOD, predikat=predikat
    )


def test_finalise_needs_the_unit_predikat_and_a_reason_when_the_pattern_breaks(
    world: World,
) -> None:
    first, second = _rate_team(world)
    head = act(world.head_user)
    with pytest.raises(ValidationError, match="belum ditetapkan"):
        svc.calibration_finalize(actor=head, unit=world.opd, period=PERIOD)
    _org(world, "baik")  # 100% Baik breaks "max 70% Baik" and "some Butuh Perbaikan/Kurang"
    with pytest.raises(ValidationError, match="alasan"):
        svc.calibration_finalize(actor=head, unit=world.opd, period=PERIOD)
    assert not CalibrationLock.objects.exists()
    lock = svc.calibration_finalize(
        actor=head, unit=world.opd, period=PERIOD, override_reason="Tim kecil, semua memenuhi PK"
    )
    assert len(lock.violations) == 2 and lock.org_predikat == "baik"
    for evaluation in (first, second):
        evaluation.refresh_from_db()
        assert evaluation.status == "finalized" and evaluation.finalized_by == world.head_user
    assert set(Rating.objects.values_list("finalized", flat=True)) == {True}
    log = AuditLog.objects.get(action="appraisal.calibration.finalized")
    assert log.data["override_reason"] == "Tim kecil, semua memenuhi PK"
    assert sorted(log.data["evaluations"]) == sorted([first.pk, second.pk])


def test_no_reason_needed_when_the_pattern_holds(world: World) -> None:
    _rate_team(world)
    _org(world, "istimewa")
    lock = svc.calibration_finalize(actor=act(world.admin_user), unit=world.opd, period=PERIOD)
    assert lock.violations == [] and lock.override_reason == ""


def test_locked_period_refuses_new_ratings_and_second_locks(world: World) -> None:
    _rate_team(world)
    _org(world, "istimewa")
    svc.calibration_finalize(actor=act(world.head_user), unit=world.opd, period=PERIOD)
    newcomer = EmployeeFactory(tenant=world.tenant, unit=world.bidang, position=world.peer.position)
    newcomer.supervisor = world.supervisor
    newcomer.save()
    with pytest.raises(ValidationError, match="rapat evaluasi"):
        svc.evaluation_rate(
            actor=act(world.supervisor_user),
            employee=newcomer,
            period=PERIOD,
            hasil_kerja="sesuai",
            perilaku_kerja="sesuai",
        )
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        svc.calibration_finalize(actor=act(world.head_user), unit=world.bidang, period=PERIOD)
    # Another month stays open.
    assert svc.lock_for(world.employee, "2026-04") is None


@pytest.mark.parametrize("who", ["supervisor_user", "employee_user", "auditor_user"])
def test_only_the_opd_head_or_bkpsdm_finalises(world: World, who: str) -> None:
    _org(world, "istimewa")
    with pytest.raises(PermissionDenied):
        svc.calibration_finalize(actor=act(getattr(world, who)), unit=world.opd, period=PERIOD)
    with pytest.raises(PermissionDenied):
        svc.calibration_finalize(actor=act(world.other_admin_user), unit=world.opd, period=PERIOD)


def test_adjust_with_reason_then_objection_still_possible(world: World) -> None:
    first, _second = _rate_team(world)
    head = act(world.head_user)
    with pytest.raises(ValidationError, match="Alasan penyesuaian"):
        svc.calibration_adjust(
            actor=head, evaluation=first, hasil_kerja="di_bawah", perilaku_kerja="sesuai", reason=""
        )
    with pytest.raises(PermissionDenied):
        svc.calibration_adjust(
            actor=act(world.supervisor_user),
            evaluation=first,
            hasil_kerja="di_bawah",
            perilaku_kerja="sesuai",
            reason="x",
        )
    svc.calibration_adjust(
        actor=head,
        evaluation=first,
        hasil_kerja="di_bawah",
        perilaku_kerja="sesuai",
        reason="Sesuai pola distribusi unit",
    )
    first.refresh_from_db()
    assert first.predikat == "butuh_perbaikan"
    assert Rating.objects.get(employee=world.employee).predikat == "butuh_perbaikan"
    assert AuditLog.objects.filter(action="appraisal.evaluation.calibrated").count() == 1
    _org(world, "baik")
    svc.calibration_finalize(actor=head, unit=world.opd, period=PERIOD)  # pattern now holds
    with pytest.raises(ValidationError, match="keberatan"):
        svc.calibration_adjust(
            actor=head, evaluation=first, hasil_kerja="sesuai", perilaku_kerja="sesuai", reason="x"
        )
    first.refresh_from_db()
    objection = svc.objection_file(
        actor=act(world.employee_user), evaluation=first, text="Keberatan"
    )
    assert objection.status == "filed"


def test_calibration_pages(world: World) -> None:
    first, _second = _rate_team(world)
    _org(world, "istimewa")
    head = world.client_for(world.head_user)
    page = head.get(reverse("appraisal:calibration"), {"opd": world.opd.pk, "period": PERIOD})
    assert 'id="calibration-evaluations"' in page.text and "Tetapkan dan kunci periode" in page.text
    adjust = reverse("appraisal:calibration-adjust", args=[first.pk])
    data = {"hasil_kerja": "di_atas", "perilaku_kerja": "di_atas", "reason": "Kinerja luar biasa"}
    assert world.client_for(world.supervisor_user).post(adjust, data).status_code == 403
    assert world.client_for(world.other_admin_user).post(adjust, data).status_code == 404
    assert head.get(adjust).status_code == 405
    assert head.post(adjust, data).status_code == 302
    first.refresh_from_db()
    assert first.predikat == "sangat_baik"
    finalize = reverse("appraisal:calibration-finalize")
    body = {"unit": world.opd.pk, "period": PERIOD, "confirmed": "1"}
    assert world.client_for(world.supervisor_user).post(finalize, body).status_code == 403
    assert head.post(finalize, {"unit": world.other_opd.pk, "period": PERIOD}).status_code == 404
    assert head.get(finalize).status_code == 405
    response = head.post(finalize, body)
    assert response.status_code == 302 and CalibrationLock.objects.count() == 1
    page = head.get(response["Location"])
    assert 'id="calibration-locked"' in page.text and "Tetapkan dan kunci periode" not in page.text


def test_page_offers_each_rating_for_adjustment_with_its_current_values(world: World) -> None:
    first, second = _rate_team(world)
    svc.calibration_adjust(
        actor=act(world.head_user),
        evaluation=second,
        hasil_kerja="di_atas",
        perilaku_kerja="di_bawah",
        reason="Capaian PK melampaui target",
    )
    query = {"opd": world.opd.pk, "period": PERIOD}
    page = world.client_for(world.head_user).get(reverse("appraisal:calibration"), query)
    assert page.status_code == 200
    html = page.text
    for evaluation, hasil, perilaku in (
        (first, "sesuai", "sesuai"),
        (second, "di_atas", "di_bawah"),
    ):
        hk = html.split(f'<select id="hk{evaluation.pk}" name="hasil_kerja">')[1].split(
            "</select>"
        )[0]
        pk = html.split(f'<select id="pk{evaluation.pk}" name="perilaku_kerja">')[1].split(
            "</select>"
        )[0]
        assert hk.count("<option") == 3 and pk.count("<option") == 3
        assert hk.count(" selected") == 1 and f'<option value="{hasil}" selected>' in hk
        assert pk.count(" selected") == 1 and f'<option value="{perilaku}" selected>' in pk
    assert ">di atas ekspektasi</option>" in html
