"""Organisation predikat: who sets it, unit heads' hasil kerja follows it, calibration uses it."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pamong.appraisal import services as asvc
from pamong.appraisal.models import Evaluation
from pamong.core.actor import actor_for_user
from pamong.core.models import AuditLog
from pamong.performance import services as svc
from pamong.performance.models import Rating, UnitPredikat
from tests.conftest import World
from tests.factories import EmployeeFactory, UnitFactory

pytestmark = pytest.mark.django_db
PERIOD = "2026-03"


def _set(world: World, user: object, unit: object, predikat: str = "istimewa") -> UnitPredikat:
    return svc.unit_predikat_set(
        actor=actor_for_user(user),  # type: ignore[arg-type]
        unit=unit,  # type: ignore[arg-type]
        period=PERIOD,
        predikat=predikat,
    )


def test_leader_one_level_up_sets_the_unit_predikat(world: World) -> None:
    up = _set(world, world.head_user, world.bidang, "baik")
    assert (up.predikat, up.set_by) == ("baik", world.head_user)
    log = AuditLog.objects.get(action="performance.unit_predikat.set")
    assert log.after == {"predikat": "baik", "reason": ""}
    _set(world, world.head_user, world.bidang, "kurang")
    assert UnitPredikat.objects.get().predikat == "kurang"
    assert AuditLog.objects.filter(action="performance.unit_predikat.set").count() == 2


@pytest.mark.parametrize("who", ["supervisor_user", "employee_user", "admin_user", "auditor_user"])
def test_others_cannot_set_a_bidang_predikat(world: World, who: str) -> None:
    # The supervisor leads the bidang; BKPSDM does not replace an existing parent head.
    with pytest.raises(PermissionDenied):
        _set(world, getattr(world, who), world.bidang)
    assert not UnitPredikat.objects.exists()


def test_opd_predikat_is_set_by_bkpsdm_not_by_its_own_head(world: World) -> None:
    with pytest.raises(PermissionDenied):
        _set(world, world.head_user, world.opd)
    assert _set(world, world.admin_user, world.opd).predikat == "istimewa"
    with pytest.raises(PermissionDenied):
        _set(world, world.other_admin_user, world.opd)


def test_bad_input(world: World) -> None:
    actor = actor_for_user(world.head_user)
    with pytest.raises(ValidationError, match="tidak dikenal"):
        svc.unit_predikat_set(actor=actor, unit=world.bidang, period=PERIOD, predikat="hebat")
    with pytest.raises(ValidationError, match="TTTT-BB"):
        svc.unit_predikat_set(actor=actor, unit=world.bidang, period="2026-Q1", predikat="baik")
    assert not UnitPredikat.objects.exists()


def _rate_supervisor(world: World, hasil: str, reason: str = "") -> Evaluation:
    return asvc.evaluation_rate(
        actor=actor_for_user(world.head_user),
        employee=world.supervisor,
        period=PERIOD,
        hasil_kerja=hasil,
        perilaku_kerja="sesuai",
        reason=reason,
    )


def test_unit_heads_open_evaluation_follows_the_unit_predikat(world: World) -> None:
    evaluation = _rate_supervisor(world, "sesuai")
    _set(world, world.head_user, world.bidang, "istimewa")
    evaluation.refresh_from_db()
    assert (evaluation.hasil_kerja, evaluation.predikat) == ("di_atas", "baik")
    assert "Bidang Mutasi" in evaluation.reason
    rating = Rating.objects.get(employee=world.supervisor, period=PERIOD)
    assert (rating.hasil_kerja, rating.predikat) == ("di_atas", "baik")
    assert AuditLog.objects.filter(action="appraisal.evaluation.follows_unit").count() == 1
    _set(world, world.head_user, world.bidang, "sangat_kurang")
    evaluation.refresh_from_db()
    assert (evaluation.hasil_kerja, evaluation.predikat) == ("di_bawah", "butuh_perbaikan")


def test_rating_a_unit_head_must_follow_the_unit_predikat(world: World) -> None:
    _set(world, world.head_user, world.bidang, "istimewa")
    with pytest.raises(ValidationError, match="mengikuti predikat unit"):
        _rate_supervisor(world, "sesuai")
    evaluation = _rate_supervisor(world, "di_atas")  # the reason is filled in for the penilai
    assert evaluation.predikat == "baik" and "Istimewa" in evaluation.reason
    # Ordinary employees are not bound by their unit's predikat.
    ordinary = asvc.evaluation_rate(
        actor=actor_for_user(world.supervisor_user),
        employee=world.employee,
        period=PERIOD,
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
    )
    assert ordinary.predikat == "baik"


def test_calibration_cannot_move_a_unit_head_off_the_unit_predikat(world: World) -> None:
    _set(world, world.head_user, world.bidang, "istimewa")
    evaluation = _rate_supervisor(world, "di_atas")
    head = actor_for_user(world.head_user)
    with pytest.raises(ValidationError, match="mengikuti predikat unit"):
        asvc.calibration_adjust(
            actor=head,
            evaluation=evaluation,
            hasil_kerja="sesuai",
            perilaku_kerja="sesuai",
            reason="Pola distribusi",
        )
    evaluation.refresh_from_db()
    assert evaluation.hasil_kerja == "di_atas"
    # The behaviour rating is the leader's to adjust.
    adjusted = asvc.calibration_adjust(
        actor=head,
        evaluation=evaluation,
        hasil_kerja="di_atas",
        perilaku_kerja="di_bawah",
        reason="Perilaku belum sesuai harapan",
    )
    assert adjusted.predikat == "kurang"  # di atas × di bawah (matrix)


def test_finalised_head_evaluation_does_not_follow(world: World) -> None:
    evaluation = _rate_supervisor(world, "sesuai")
    asvc.evaluation_finalize(actor=actor_for_user(world.admin_user), evaluation=evaluation)
    _set(world, world.head_user, world.bidang, "istimewa")
    evaluation.refresh_from_db()
    assert evaluation.hasil_kerja == "sesuai"


def _ratings(world: World, predikats: list[str], unit: object) -> None:
    for predikat in predikats:
        Rating.objects.create(
            tenant=world.tenant,
            employee=EmployeeFactory(tenant=world.tenant, unit=unit),
            period=PERIOD,
            hasil_kerja="sesuai",
            perilaku_kerja="sesuai",
            predikat=predikat,
        )


def test_calibration_uses_the_stored_unit_predikat(world: World) -> None:
    _ratings(world, ["baik"] * 8 + ["sangat_baik"] * 2, world.bidang)
    url = reverse("appraisal:calibration")
    client = world.client_for(world.head_user)
    query = {"opd": world.opd.pk, "period": PERIOD, "org_predikat": "istimewa"}
    page = client.get(url, query)
    assert 'id="org-predikat-missing"' in page.text and 'id="distribution-ok"' in page.text
    _set(world, world.admin_user, world.opd, "baik")
    page = client.get(url, query)  # the stored predikat wins over the preview choice
    assert 'id="org-predikat"' in page.text
    assert "maksimal 70% (saat ini 80%)" in page.text


def test_calibration_per_unit(world: World, django_assert_max_num_queries: object) -> None:
    seksi = UnitFactory(
        tenant=world.tenant, code="1.01.01.01", name="Seksi Data", kind="seksi", parent=world.bidang
    )
    _ratings(world, ["baik"] * 3, world.bidang)
    _ratings(world, ["sangat_baik"], seksi)
    _ratings(world, ["kurang"] * 5, world.opd)
    _set(world, world.head_user, world.bidang, "istimewa")
    client = world.client_for(world.head_user)
    query = {"opd": world.opd.pk, "unit": world.bidang.pk, "period": PERIOD}
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        page = client.get(reverse("appraisal:calibration"), query)
    assert "4 pegawai dinilai" in page.text and "Istimewa" in page.text
    other = UnitFactory(tenant=world.tenant, code="1.02.01", name="X", parent=world.outsider.unit)
    query["unit"] = other.pk
    assert client.get(reverse("appraisal:calibration"), query).status_code == 404


def test_unit_predikat_pages(world: World, django_assert_max_num_queries: object) -> None:
    for i in range(5):
        UnitFactory(tenant=world.tenant, code=f"1.01.9{i}", name=f"Bidang {i}", parent=world.opd)
    list_url = reverse("performance:unit-predikat")
    head = world.client_for(world.head_user)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        page = head.get(list_url, {"period": PERIOD})
    assert page.status_code == 200 and "Bidang Mutasi" in page.text and "Bidang 4" in page.text
    assert world.client_for(world.employee_user).get(list_url).status_code == 403
    set_url = reverse("performance:unit-predikat-set", args=[world.bidang.pk])
    response = head.post(set_url, {"period": PERIOD, "predikat": "baik", "reason": "PK 95%"})
    assert response.status_code == 302 and response["Location"].endswith(f"period={PERIOD}")
    assert UnitPredikat.objects.get().reason == "PK 95%"
    response = head.post(set_url, {"period": PERIOD, "predikat": "nope"}, follow=True)
    assert "tidak dikenal" in response.text
    assert world.client_for(world.supervisor_user).post(set_url, {}).status_code == 403
    assert head.get(set_url).status_code == 405
    foreign = reverse("performance:unit-predikat-set", args=[world.other_opd.pk])
    assert head.post(foreign, {"period": PERIOD, "predikat": "baik"}).status_code == 404
    index = world.client_for(world.admin_user).get(reverse("performance:index"))
    assert list_url in index.text


def test_unit_head_sees_the_rule_on_the_rating_form(world: World) -> None:
    _set(world, world.head_user, world.bidang, "kurang")
    page = world.client_for(world.head_user).get(
        reverse("appraisal:evaluate", args=[world.supervisor.pk]), {"period": PERIOD}
    )
    assert 'id="follows-unit"' in page.text
    checked = re.findall(r'<input[^>]*name="hasil_kerja"[^>]*>', page.text)
    assert [i for i in checked if "checked" in i] == [i for i in checked if "di_bawah" in i], (
        checked
    )
