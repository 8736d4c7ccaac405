"""/api/v1/ performance: SKP lifecycle, realisation, ratings, unit predikat, calibration status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pamong.appraisal.models import Skp
from pamong.performance.models import Rating, UnitPredikat
from tests.appraisal.conftest import Chain, draft_skp
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world: World) -> Chain:
    head_skp = draft_skp(world.head_user, text="Layanan kepegawaian meningkat")
    sup_skp = draft_skp(world.supervisor_user, parent=head_skp.rhks.get(), text="Mutasi tepat")
    return Chain(head_skp, sup_skp, draft_skp(world.employee_user, parent=sup_skp.rhks.get()))


def test_skp_lifecycle_through_the_api(world: World, chain: Chain) -> None:
    emp = world.client_for(world.employee_user)
    boss = world.client_for(world.supervisor_user)
    listing = emp.get(reverse("api:appraisal:skps")).json()["results"]
    assert [s["id"] for s in listing] == [chain.employee_skp.pk]
    boss_ids = {s["id"] for s in boss.get(reverse("api:appraisal:skps")).json()["results"]}
    assert boss_ids == {chain.supervisor_skp.pk, chain.employee_skp.pk}
    detail = emp.get(reverse("api:appraisal:skp", args=[chain.employee_skp.pk])).json()
    assert detail["rhks"][0]["text"] == "Data pegawai mutakhir"
    assert detail["rhks"][0]["indicators"][0]["target"] == "100 data"
    action = "api:appraisal:skp-action"
    skp = chain.employee_skp.pk
    assert boss.post(reverse(action, args=[skp, "approve"])).status_code == 400  # still draft
    assert emp.post(reverse(action, args=[skp, "submit"])).json()["status"] == "submitted"
    assert emp.post(reverse(action, args=[skp, "approve"])).status_code == 403  # own SKP
    assert boss.post(reverse(action, args=[skp, "approve"])).json()["status"] == "approved"
    assert boss.post(reverse(action, args=[skp, "explode"])).status_code == 404
    indicator = Skp.objects.get(pk=skp).rhks.get().indicators.get()
    url = reverse("api:appraisal:realisations", args=[indicator.pk])
    response = emp.post(url, {"period": "2026-03", "value": "40 data"})
    assert response.status_code == 201 and response.json()["value"] == "40 data"
    assert emp.post(url, {"period": "2025-03", "value": "1"}).status_code == 400
    assert boss.post(url, {"period": "2026-03", "value": "1"}).status_code == 403
    other = world.client_for(world.other_admin_user)
    assert other.get(reverse("api:appraisal:skp", args=[skp])).status_code == 404
    assert emp.post(reverse("api:appraisal:skps"), {"year": "2026"}).status_code == 400
    assert emp.delete(reverse("api:appraisal:skps")).status_code == 405


def test_rating_through_the_api(world: World) -> None:
    boss = world.client_for(world.supervisor_user)
    url = reverse("api:appraisal:ratings")
    body = {"nip": world.employee.nip, "period": "2026-03", "hasil_kerja": "di_atas"}
    response = boss.post(url, body | {"perilaku_kerja": "di_atas", "reason": "Melampaui"})
    assert response.status_code == 201 and response.json()["predikat"] == "sangat_baik"
    no_reason = boss.post(url, body | {"perilaku_kerja": "sesuai"})
    assert no_reason.status_code == 400 and "Alasan" in no_reason.json()["non_field_errors"][0]
    emp = world.client_for(world.employee_user)
    assert (
        emp.post(url, body | {"nip": world.peer.nip, "perilaku_kerja": "sesuai"}).status_code == 403
    )
    assert boss.post(url, body | {"nip": world.foreigner.nip}).status_code == 404
    mine = emp.get(url).json()["results"]
    assert [(r["nip"], r["predikat"]) for r in mine] == [(world.employee.nip, "sangat_baik")]
    assert world.client_for(world.other_admin_user).get(url).json()["results"] == []
    assert Rating.objects.get().source == "pamong"


def test_unit_predikat_and_calibration_status(world: World) -> None:
    head = world.client_for(world.head_user)
    url = reverse("api:appraisal:unit-predikat")
    body = {"unit": world.bidang.pk, "period": "2026-03", "predikat": "kurang"}
    assert head.post(url, body).status_code == 201
    assert UnitPredikat.objects.get().predikat == "kurang"
    assert world.client_for(world.supervisor_user).post(url, body).status_code == 403
    assert head.post(url, body | {"unit": world.other_opd.pk}).status_code == 404
    assert head.post(url, body | {"predikat": "x"}).status_code == 400
    assert head.get(url, {"period": "2026-03"}).json()[0]["predikat"] == "kurang"
    status_url = reverse("api:appraisal:calibration")
    data = head.get(status_url, {"unit": world.bidang.pk, "period": "2026-03"}).json()
    assert data["org_predikat"] == "kurang" and data["finalized"] is False
    assert data["counts"] == {} and data["violations"] == []
    assert (
        world.client_for(world.employee_user)
        .get(status_url, {"unit": world.bidang.pk, "period": "2026-03"})
        .status_code
        == 403
    )
    assert (
        head.get(status_url, {"unit": world.other_opd.pk, "period": "2026-03"}).status_code == 404
    )
    assert head.get(status_url, {"unit": world.bidang.pk, "period": "x"}).status_code == 400
