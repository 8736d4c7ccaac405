"""Periodic evaluation, the Rating mirror for TPP, finalization and keberatan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from pamong.appraisal import services as svc
from pamong.appraisal.models import Evaluation, Objection
from pamong.core.models import AuditLog
from pamong.performance.models import Rating
from tests.appraisal.conftest import act, user_of
from tests.conftest import World
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db
PERIOD = "2026-03"

CELLS = [
    ("di_atas", "di_atas", "sangat_baik"),
    ("di_atas", "sesuai", "baik"),
    ("di_atas", "di_bawah", "kurang"),
    ("sesuai", "di_atas", "baik"),
    ("sesuai", "sesuai", "baik"),
    ("sesuai", "di_bawah", "kurang"),
    ("di_bawah", "di_atas", "butuh_perbaikan"),
    ("di_bawah", "sesuai", "butuh_perbaikan"),
    ("di_bawah", "di_bawah", "sangat_kurang"),
]


def rate(world: World, hk: str = "sesuai", pk: str = "sesuai", reason: str = "") -> Evaluation:
    return svc.evaluation_rate(
        actor=act(world.supervisor_user),
        employee=world.employee,
        period=PERIOD,
        hasil_kerja=hk,
        perilaku_kerja=pk,
        reason=reason,
    )


@pytest.mark.parametrize(("hk", "pk", "expected"), CELLS)
def test_predikat_matrix_and_rating_row(world: World, hk: str, pk: str, expected: str) -> None:
    evaluation = rate(world, hk, pk, reason="Catatan penilai")
    assert evaluation.predikat == expected
    rating = Rating.objects.get(employee=world.employee, period=PERIOD)
    assert (rating.hasil_kerja, rating.perilaku_kerja, rating.predikat) == (hk, pk, expected)
    assert rating.source == Rating.Source.PAMONG
    assert rating.rated_by == world.supervisor_user
    assert rating.finalized is False


def test_rating_replaces_an_imported_rating(world: World) -> None:
    Rating.objects.create(
        tenant=world.tenant,
        employee=world.employee,
        period=PERIOD,
        hasil_kerja="di_bawah",
        perilaku_kerja="di_bawah",
        predikat="sangat_kurang",
        source=Rating.Source.IMPORT,
    )
    rate(world)
    rating = Rating.objects.get(employee=world.employee, period=PERIOD)
    assert (rating.predikat, rating.source) == ("baik", "pamong")


def test_finalized_imported_rating_is_not_overwritten(world: World) -> None:
    Rating.objects.create(
        tenant=world.tenant,
        employee=world.employee,
        period=PERIOD,
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
        predikat="baik",
        source=Rating.Source.IMPORT,
        finalized=True,
    )
    with pytest.raises(ValidationError, match="di luar Pamong"):
        rate(world, "di_bawah", "di_bawah", reason="x")
    assert Rating.objects.get(employee=world.employee).predikat == "baik"


@pytest.mark.parametrize(("hk", "pk"), [("di_atas", "sesuai"), ("sesuai", "di_bawah")])
def test_reason_required_unless_both_sesuai(world: World, hk: str, pk: str) -> None:
    with pytest.raises(ValidationError, match="Alasan wajib"):
        rate(world, hk, pk, reason="  ")
    assert not Rating.objects.exists()
    assert rate(world, "sesuai", "sesuai").reason == ""


def test_forbidden_raters(world: World) -> None:
    other_unit = UnitFactory(tenant=world.tenant, code="1.01.02", kind="bidang", parent=world.opd)
    other_head = EmployeeFactory(
        tenant=world.tenant,
        unit=other_unit,
        position=PositionFactory(tenant=world.tenant, name="Kabid Lain", kind="administrator"),
    )
    for user in (
        world.employee_user,  # self
        user_of(world.peer),
        world.head_user,  # supervisor's supervisor, not the penilai
        user_of(other_head),
        world.admin_user,
        world.other_admin_user,
    ):
        with pytest.raises(PermissionDenied):
            svc.evaluation_rate(
                actor=act(user),
                employee=world.employee,
                period=PERIOD,
                hasil_kerja="sesuai",
                perilaku_kerja="sesuai",
            )
    assert not Evaluation.objects.exists()


def test_bad_period_and_future_period(world: World) -> None:
    with pytest.raises(ValidationError, match="TTTT-BB"):
        svc.evaluation_rate(
            actor=act(world.supervisor_user),
            employee=world.employee,
            period="2026-13",
            hasil_kerja="sesuai",
            perilaku_kerja="sesuai",
        )
    with pytest.raises(ValidationError, match="belum berjalan"):
        svc.evaluation_rate(
            actor=act(world.supervisor_user),
            employee=world.employee,
            period="2099-01",
            hasil_kerja="sesuai",
            perilaku_kerja="sesuai",
        )


def test_acknowledge_and_finalize(world: World) -> None:
    evaluation = rate(world)
    with pytest.raises(PermissionDenied):
        svc.evaluation_acknowledge(actor=act(world.supervisor_user), evaluation=evaluation)
    svc.evaluation_acknowledge(actor=act(world.employee_user), evaluation=evaluation)
    with pytest.raises(ValidationError):
        svc.evaluation_acknowledge(actor=act(world.employee_user), evaluation=evaluation)
    for user in (world.employee_user, world.supervisor_user, world.auditor_user):
        with pytest.raises(PermissionDenied):
            svc.evaluation_finalize(actor=act(user), evaluation=evaluation)
    svc.evaluation_finalize(actor=act(world.head_user), evaluation=evaluation)
    assert evaluation.status == Evaluation.Status.FINALIZED
    assert Rating.objects.get(employee=world.employee, period=PERIOD).finalized is True
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        svc.evaluation_finalize(actor=act(world.admin_user), evaluation=evaluation)


def test_admin_may_finalize(world: World) -> None:
    evaluation = rate(world)
    svc.evaluation_finalize(actor=act(world.admin_user), evaluation=evaluation)
    assert evaluation.status == Evaluation.Status.FINALIZED


def test_finalized_evaluation_cannot_be_rerated(world: World) -> None:
    evaluation = rate(world)
    svc.evaluation_finalize(actor=act(world.head_user), evaluation=evaluation)
    with pytest.raises(ValidationError, match="keberatan"):
        rate(world, "di_atas", "di_atas", reason="coba ubah")
    assert Rating.objects.get(employee=world.employee, period=PERIOD).predikat == "baik"


def _finalized_days_ago(world: World, days: int) -> Evaluation:
    evaluation = rate(world, "di_bawah", "sesuai", reason="Target tidak tercapai")
    svc.evaluation_finalize(actor=act(world.head_user), evaluation=evaluation)
    evaluation.finalized_at = timezone.now() - dt.timedelta(days=days)
    evaluation.save()
    return evaluation


def test_objection_on_day_14_is_accepted(world: World) -> None:
    evaluation = _finalized_days_ago(world, 14)
    objection = svc.objection_file(
        actor=act(world.employee_user), evaluation=evaluation, text="Data belum lengkap"
    )
    assert objection.deadline == svc.objection_deadline(evaluation)
    with pytest.raises(ValidationError, match="belum diputuskan"):
        svc.objection_file(actor=act(world.employee_user), evaluation=evaluation, text="lagi")


def test_objection_on_day_15_is_refused(world: World) -> None:
    evaluation = _finalized_days_ago(world, 15)
    with pytest.raises(ValidationError, match="14 hari"):
        svc.objection_file(actor=act(world.employee_user), evaluation=evaluation, text="telat")


@override_settings(PAMONG_OBJECTION_DAYS=20)
def test_objection_days_setting(world: World) -> None:
    evaluation = _finalized_days_ago(world, 15)
    svc.objection_file(actor=act(world.employee_user), evaluation=evaluation, text="boleh")


def test_objection_only_by_employee_on_finalized(world: World) -> None:
    evaluation = rate(world)
    with pytest.raises(ValidationError, match="ditetapkan"):
        svc.objection_file(actor=act(world.employee_user), evaluation=evaluation, text="x")
    svc.evaluation_finalize(actor=act(world.head_user), evaluation=evaluation)
    with pytest.raises(PermissionDenied):
        svc.objection_file(actor=act(world.supervisor_user), evaluation=evaluation, text="x")


def test_objection_upheld_changes_rating_and_audits(world: World) -> None:
    evaluation = _finalized_days_ago(world, 1)
    objection = svc.objection_file(
        actor=act(world.employee_user), evaluation=evaluation, text="Bukti terlampir"
    )
    for user in (world.employee_user, world.supervisor_user, world.admin_user):
        with pytest.raises(PermissionDenied):
            svc.objection_decide(
                actor=act(user),
                objection=objection,
                upheld=True,
                hasil_kerja="sesuai",
                perilaku_kerja="sesuai",
            )
    svc.objection_decide(
        actor=act(world.head_user),
        objection=objection,
        upheld=True,
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
    )
    rating = Rating.objects.get(employee=world.employee, period=PERIOD)
    assert (rating.predikat, rating.finalized) == ("baik", True)
    evaluation.refresh_from_db()
    assert (evaluation.predikat, evaluation.status) == ("baik", "finalized")
    entry = AuditLog.objects.get(action="appraisal.evaluation.changed_by_objection")
    assert entry.before["predikat"] == "butuh_perbaikan"
    assert entry.after["predikat"] == "baik"
    assert AuditLog.objects.filter(action="appraisal.objection.upheld").exists()
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        svc.objection_decide(actor=act(world.head_user), objection=objection, upheld=False)


def test_objection_rejected_needs_reason_and_keeps_rating(world: World) -> None:
    evaluation = _finalized_days_ago(world, 1)
    objection = svc.objection_file(
        actor=act(world.employee_user), evaluation=evaluation, text="Tidak setuju"
    )
    with pytest.raises(ValidationError, match="Alasan penolakan"):
        svc.objection_decide(actor=act(world.head_user), objection=objection, upheld=False)
    svc.objection_decide(
        actor=act(world.head_user), objection=objection, upheld=False, reason="Bukti tidak cukup"
    )
    assert objection.status == Objection.Status.REJECTED
    rating = Rating.objects.get(employee=world.employee, period=PERIOD)
    assert rating.predikat == "butuh_perbaikan"
