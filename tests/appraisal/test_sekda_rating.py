"""The kepala daerah rates the Sekda; having no account, BKPSDM records those ratings on
their behalf through the ordinary rating service (issue 10 §5)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from pamong.appraisal import services as svc
from pamong.appraisal.models import Evaluation
from pamong.core.models import AuditLog
from pamong.org.models import Employee
from pamong.performance.models import Rating
from pamong.performance.selectors import predikat_counts_per_opd
from tests.appraisal.conftest import act, user_of
from tests.conftest import World
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory

PERIOD = "2026-03"  # a month that is over on any day the suite runs
BUPATI = "Drs. Yusuf Sangaji"


@pytest.fixture
def sekda(world: World) -> Employee:
    setda = UnitFactory(tenant=world.tenant, code="1.00", name="Sekretariat Daerah")
    position = PositionFactory(tenant=world.tenant, name="Sekretaris Daerah", kind="jpt", kelas=17)
    person = EmployeeFactory(tenant=world.tenant, unit=setda, position=position, name="Sekda")
    response = world.client_for(world.admin_user).post(
        reverse("appraisal:sekda"), {"nip": person.nip}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.supervisor_id is None
    return person


def _rate(world: World, employee: Employee, user=None, **extra):  # type: ignore[no-untyped-def]
    return svc.evaluation_rate(
        actor=act(user or world.admin_user),
        employee=employee,
        period=PERIOD,
        hasil_kerja="di_atas",
        perilaku_kerja="sesuai",
        reason="Target RPJMD tercapai lebih awal",
        **extra,
    )


def _pdf_text(content: bytes) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages)
    return " ".join(text.split())


def test_bkpsdm_records_the_kepala_daerahs_rating_of_the_sekda_on_the_pages(
    world: World, sekda: Employee
) -> None:
    admin = world.client_for(world.admin_user)
    index = admin.get(reverse("appraisal:index"), {"period": PERIOD}).text
    url = reverse("appraisal:evaluate", args=[sekda.pk])
    assert 'id="rate-sekda"' in index and url in index
    page = admin.get(url, {"period": PERIOD})
    assert page.status_code == 200
    assert 'id="on-behalf"' in page.text and 'name="kepala_daerah"' in page.text
    response = admin.post(
        f"{url}?period={PERIOD}",
        {
            "period": PERIOD,
            "hasil_kerja": "di_atas",
            "perilaku_kerja": "sesuai",
            "reason": "Target RPJMD tercapai lebih awal",
            "kepala_daerah": BUPATI,
        },
    )
    evaluation = Evaluation.objects.get(employee=sekda, period=PERIOD)
    assert response.status_code == 302
    assert evaluation.penilai_id is None
    assert (evaluation.kepala_daerah, evaluation.recorded_by) == (BUPATI, world.admin_user)
    detail = admin.get(reverse("appraisal:evaluation", args=[evaluation.pk])).text
    assert f"Kepala Daerah {BUPATI} (dicatat oleh BKPSDM: " in detail
    # The Sekda reads it too, and cannot file a keberatan: the kepala daerah has no superior.
    sekda_page = world.client_for(user_of(sekda)).get(
        reverse("appraisal:evaluation", args=[evaluation.pk])
    )
    assert sekda_page.status_code == 200
    assert "keberatan tidak diajukan melalui Pamong" in sekda_page.text
    assert reverse("appraisal:objection-file", args=[evaluation.pk]) not in sekda_page.text
    pdf = admin.get(reverse("appraisal:evaluation-pdf", args=[evaluation.pk]))
    assert pdf.status_code == 200
    text = _pdf_text(pdf.content)
    assert "Kepala Daerah" in text and BUPATI in text and "Dicatat oleh" in text
    # The next rating offers the kepala daerah's name again.
    annual = admin.get(url, {"period": "2026-04"}).text
    assert f'value="{BUPATI}"' in annual


def test_the_audit_entry_says_on_behalf_of_the_kepala_daerah(world: World, sekda: Employee) -> None:
    evaluation = _rate(world, sekda, kepala_daerah=f"  {BUPATI} ")
    entry = AuditLog.objects.get(action="appraisal.evaluation.rated", object_id=str(evaluation.pk))
    assert entry.data["on_behalf_of"] == "kepala_daerah"
    assert entry.data["kepala_daerah"] == BUPATI
    assert entry.actor_user == world.admin_user
    assert entry.after["penilai"] is None and entry.after["kepala_daerah"] == BUPATI


def test_the_name_of_the_kepala_daerah_is_required(world: World, sekda: Employee) -> None:
    with pytest.raises(ValidationError, match="Nama kepala daerah"):
        _rate(world, sekda)
    assert not Evaluation.objects.filter(employee=sekda).exists()


def test_only_bkpsdm_rates_for_the_kepala_daerah_and_only_the_sekda(
    world: World, sekda: Employee
) -> None:
    url = reverse("appraisal:evaluate", args=[sekda.pk])
    api = reverse("api:appraisal:ratings")
    body = {
        "nip": sekda.nip,
        "period": PERIOD,
        "hasil_kerja": "sesuai",
        "perilaku_kerja": "sesuai",
        "kepala_daerah": BUPATI,
    }
    sekda_user = user_of(sekda)
    for user in (
        world.head_user,  # rated by the Sekda, not above them
        world.auditor_user,
        world.finance_user,
        world.employee_user,
        sekda_user,
    ):
        with pytest.raises(PermissionDenied):
            _rate(world, sekda, user=user, kepala_daerah=BUPATI)
        client = world.client_for(user)
        assert client.get(url, {"period": PERIOD}).status_code == 403
        assert client.post(api, body).status_code == 403
    # BKPSDM rates nobody else: the head of the OPD is the Sekda's to rate.
    world.head.refresh_from_db()
    assert world.head.supervisor_id == sekda.pk
    with pytest.raises(PermissionDenied):
        _rate(world, world.head, kepala_daerah=BUPATI)
    admin = world.client_for(world.admin_user)
    assert admin.post(api, body | {"nip": world.employee.nip}).status_code == 403
    assert admin.get(reverse("appraisal:evaluate", args=[world.head.pk])).status_code == 403
    # Once the Sekda has a Plt. pejabat penilai for the month, the Plt. rates.
    svc.acting_assign(
        actor=act(world.admin_user),
        employee=sekda,
        penilai=world.head,
        period_from=PERIOD,
        period_to=PERIOD,
    )
    with pytest.raises(PermissionDenied):
        _rate(world, sekda, kepala_daerah=BUPATI)
    assert not Evaluation.objects.filter(employee=sekda).exists()


def test_another_tenants_bkpsdm_gets_404(world: World, sekda: Employee) -> None:
    other = world.client_for(world.other_admin_user)
    url = reverse("appraisal:evaluate", args=[sekda.pk])
    assert other.get(url, {"period": PERIOD}).status_code == 404
    body = {"nip": sekda.nip, "period": PERIOD, "hasil_kerja": "sesuai"}
    response = other.post(
        reverse("api:appraisal:ratings"),
        body | {"perilaku_kerja": "sesuai", "kepala_daerah": BUPATI},
    )
    assert response.status_code == 404
    evaluation = _rate(world, sekda, kepala_daerah=BUPATI)
    detail = reverse("appraisal:evaluation", args=[evaluation.pk])
    assert other.get(detail).status_code == 404
    assert other.post(reverse("appraisal:finalize", args=[evaluation.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        _rate(world, sekda, user=world.other_admin_user, kepala_daerah=BUPATI)


def test_through_the_api_too(world: World, sekda: Employee) -> None:
    response = world.client_for(world.admin_user).post(
        reverse("api:appraisal:ratings"),
        {
            "nip": sekda.nip,
            "period": PERIOD,
            "hasil_kerja": "sesuai",
            "perilaku_kerja": "sesuai",
            "kepala_daerah": BUPATI,
        },
    )
    assert response.status_code == 201
    assert response.json()["predikat"] == "baik"
    assert response.json()["penilai"].startswith(f"Kepala Daerah {BUPATI} (dicatat oleh BKPSDM")
    assert Evaluation.objects.get(employee=sekda).penilai_id is None


def test_the_predikat_flows_to_tpp_and_ranking_like_any_rating(
    world: World, sekda: Employee
) -> None:
    evaluation = _rate(world, sekda, kepala_daerah=BUPATI)
    assert evaluation.predikat == "baik"
    # TPP reads the month's predikat from the Rating rows (tpp.runs); so does the ranking.
    rating = Rating.objects.get(tenant=world.tenant, employee=sekda, period=PERIOD)
    assert (rating.predikat, rating.source, rating.finalized) == ("baik", "pamong", False)
    assert predikat_counts_per_opd(world.tenant.pk, PERIOD)[sekda.opd_id] == {"baik": 1}
    # BKPSDM finalizes it (the kepala daerah has no superior in Pamong), from its list too.
    admin = world.client_for(world.admin_user)
    index = admin.get(reverse("appraisal:index")).text
    assert reverse("appraisal:evaluation", args=[evaluation.pk]) in index
    for user in (world.head_user, world.auditor_user, user_of(sekda)):
        with pytest.raises(PermissionDenied):
            svc.evaluation_finalize(actor=act(user), evaluation=evaluation)
    svc.evaluation_finalize(actor=act(world.admin_user), evaluation=evaluation)
    rating.refresh_from_db()
    assert rating.finalized is True
    evaluation.refresh_from_db()
    with pytest.raises(ValidationError, match="kepala daerah"):
        svc.objection_file(actor=act(sekda.user), evaluation=evaluation, text="Tidak setuju")
    # Nor is the Sekda reminded of a keberatan deadline.
    page = world.client_for(sekda.user).get(reverse("appraisal:index")).text
    assert "Batas keberatan" not in page
