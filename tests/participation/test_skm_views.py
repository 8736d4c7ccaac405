"""The public SKM questionnaire and the staff IKM page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from pamong.participation.models import SkmResponse, SkmService
from pamong.participation.services import tenant_today
from tests.conftest import World

ANSWERS = {f"u{n}": "4" for n in range(1, 10)}


@pytest.fixture
def service(world: World) -> SkmService:
    return SkmService.objects.create(tenant=world.tenant, unit=world.opd, name="Layanan Mutasi")


@pytest.fixture
def foreign_service(world: World) -> SkmService:
    return SkmService.objects.create(
        tenant=world.other_tenant, unit=world.other_opd, name="Layanan Kupang"
    )


def form_url(service: SkmService, slug: str = "sofifi") -> str:
    return reverse("participation:skm-form", args=[slug, service.pk])


def test_form_shows_the_nine_unsur_with_standard_labels(service: SkmService) -> None:
    response = Client().get(form_url(service))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 10  # nine unsur + profile
    for label in ("Sangat sesuai", "Sangat mudah", "Gratis", "Dikelola dengan baik", "Buruk"):
        assert label in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="website"' in html
    assert "<script" not in html  # works without JavaScript
    assert len(response.content) < 60_000


def test_submission_is_stored_for_the_service(world: World, service: SkmService) -> None:
    data = {**ANSWERS, "u3": "2", "jenis_kelamin": "P", "usia": "41", "pendidikan": "D4/S1"}
    response = Client().post(form_url(service), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("participation:skm-thanks", args=["sofifi", service.pk])
    stored = SkmResponse.objects.get()
    assert (stored.tenant, stored.unit, stored.service) == (world.tenant, world.opd, service)
    assert (stored.u1, stored.u3, stored.u9) == (4, 2, 4)
    assert (stored.jenis_kelamin, stored.usia, stored.pendidikan) == ("P", 41, "D4/S1")
    assert stored.date == tenant_today(world.tenant)
    assert stored.source == "web"


def test_missing_answer_and_bad_score_are_rejected(service: SkmService) -> None:
    data = {**ANSWERS, "u5": "5"}
    del data["u3"]
    response = Client().post(form_url(service), data)
    assert response.status_code == 200
    assert "Pilih salah satu jawaban." in response.content.decode()
    assert SkmResponse.objects.count() == 0


def test_honeypot_submission_stores_nothing(service: SkmService) -> None:
    response = Client().post(form_url(service), {**ANSWERS, "website": "http://spam"})
    assert response.status_code == 302
    assert SkmResponse.objects.count() == 0


def test_csrf_is_enforced(service: SkmService) -> None:
    response = Client(enforce_csrf_checks=True).post(form_url(service), ANSWERS)
    assert response.status_code == 403
    assert SkmResponse.objects.count() == 0


def test_rate_limit_per_client_address(service: SkmService) -> None:
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(5):
        assert client.post(form_url(service), ANSWERS).status_code == 302
    refused = client.post(form_url(service), {**ANSWERS, "u3": "2"})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Jawaban Anda tetap ada di bawah" in html
    assert re.search(r'name="u3" value="2"[^>]*checked', html)  # the answers are kept
    assert SkmResponse.objects.count() == 5
    # Another address is not affected.
    assert Client(REMOTE_ADDR="10.0.0.8").post(form_url(service), ANSWERS).status_code == 302


def test_unknown_tenant_other_tenants_service_and_wrong_method(
    world: World, service: SkmService, foreign_service: SkmService
) -> None:
    client = Client()
    assert client.get(form_url(service, "tidak-ada")).status_code == 404
    assert client.get(form_url(foreign_service, "sofifi")).status_code == 404
    assert client.post(form_url(foreign_service, "sofifi"), ANSWERS).status_code == 404
    assert client.put(form_url(service)).status_code == 405
    world.tenant.is_active = False
    world.tenant.save()
    assert client.get(form_url(service)).status_code == 404


def test_logged_in_user_of_another_tenant_can_answer(world: World, service: SkmService) -> None:
    client = world.client_for(world.other_admin_user)
    assert client.post(form_url(service), ANSWERS).status_code == 302
    assert SkmResponse.objects.get().tenant == world.tenant


def test_public_service_list(service: SkmService, foreign_service: SkmService) -> None:
    response = Client().get(reverse("participation:skm-services", args=["sofifi"]))
    assert response.status_code == 200
    assert "Layanan Mutasi" in response.content.decode()
    assert "Layanan Kupang" not in response.content.decode()


def _responses(world: World, service: SkmService, scores: list[int], day: dt.date) -> None:
    for score in scores:
        SkmResponse.objects.create(
            tenant=world.tenant, unit=world.opd, service=service, date=day,
            **{f"u{n}": score for n in range(1, 10)},
        )  # fmt: skip


def test_index_shows_ikm_for_the_date_range(
    world: World, service: SkmService, foreign_service: SkmService, django_assert_max_num_queries
) -> None:
    _responses(world, service, [4, 3], dt.date(2026, 3, 2))
    _responses(world, service, [1], dt.date(2025, 12, 31))
    SkmResponse.objects.create(
        tenant=world.other_tenant, unit=world.other_opd, service=foreign_service,
        date=dt.date(2026, 3, 2), **{f"u{n}": 1 for n in range(1, 10)},
    )  # fmt: skip
    client = world.client_for(world.admin_user)
    url = reverse("participation:index") + "?dari=2026-01-01&sampai=2026-12-31"
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # (4 + 3) / 2 = 3.5 -> 3.5000, 87.50, B
    assert "3.5000" in html
    assert "87.50" in html
    assert "Layanan Kupang" not in html
    assert world.client_for(world.auditor_user).get(url).status_code == 200


def test_index_permissions(world: World) -> None:
    url = reverse("participation:index")
    assert Client().get(url).status_code == 302  # to the login page
    assert world.client_for(world.employee_user).get(url).status_code == 403
    assert world.client_for(world.finance_user).get(url).status_code == 403
    assert world.client_for(world.superadmin_user).get(url).status_code == 403
    assert world.client_for(world.admin_user).post(url).status_code == 405


def test_index_sends_an_opd_head_to_the_reports(world: World) -> None:
    response = world.client_for(world.head_user).get(reverse("participation:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("participation:complaints")


def test_index_rejects_a_reversed_range(world: World) -> None:
    client = world.client_for(world.admin_user)
    response = client.get(reverse("participation:index") + "?dari=2026-12-31&sampai=2026-01-01")
    assert response.status_code == 200
    assert "Tanggal awal harus sebelum tanggal akhir." in response.content.decode()


def test_index_shows_minimum_sample_and_demographics(world: World, service: SkmService) -> None:
    service.yearly_users = 100
    service.save()
    SkmResponse.objects.create(
        tenant=world.tenant, unit=world.opd, service=service, date=dt.date(2026, 3, 2),
        jenis_kelamin="P", usia=34, pendidikan="S2", **{f"u{n}": 3 for n in range(1, 10)},
    )  # fmt: skip
    client = world.client_for(world.admin_user)
    response = client.get(reverse("participation:index") + "?dari=2026-01-01&sampai=2026-12-31")
    html = response.content.decode()
    assert "belum cukup" in html  # 1 response, 80 needed for 100 users a year
    demographics = response.context["demographics"]
    assert demographics["jenis_kelamin"] == [("Perempuan", 1)]  # a word, not the code
    assert demographics["usia"] == [("30–39", 1)]
    assert demographics["pendidikan"] == [("S2", 1)]
    assert demographics["pekerjaan"] == [("", 1)]


def test_admin_creates_and_edits_a_service(world: World) -> None:
    client = world.client_for(world.admin_user)
    data = {"unit": world.bidang.pk, "name": "Konsultasi", "yearly_users": "500"}
    assert client.post(reverse("participation:service-new"), data).status_code == 302
    service = SkmService.objects.get(name="Konsultasi")
    assert (service.tenant, service.unit, service.yearly_users) == (world.tenant, world.bidang, 500)
    # The same name in the same unit is refused.
    again = client.post(reverse("participation:service-new"), data)
    assert again.status_code == 200
    assert SkmService.objects.filter(name="Konsultasi").count() == 1
    edit = reverse("participation:service-edit", args=[service.pk])
    assert client.get(edit).status_code == 200
    data["yearly_users"] = ""
    assert client.post(edit, data).status_code == 302
    service.refresh_from_db()
    assert service.yearly_users is None


def test_service_edit_permissions_and_isolation(
    world: World, service: SkmService, foreign_service: SkmService
) -> None:
    edit = reverse("participation:service-edit", args=[service.pk])
    data = {"unit": world.opd.pk, "name": "Diubah"}
    assert world.client_for(world.auditor_user).post(edit, data).status_code == 403
    assert (
        world.client_for(world.auditor_user).get(reverse("participation:service-new")).status_code
        == 403
    )
    assert world.client_for(world.employee_user).get(edit).status_code == 403
    assert world.client_for(world.other_admin_user).post(edit, data).status_code == 404
    foreign = reverse("participation:service-edit", args=[foreign_service.pk])
    assert world.client_for(world.admin_user).get(foreign).status_code == 404
    other_unit = {"unit": world.other_opd.pk, "name": "Diubah"}
    assert world.client_for(world.admin_user).post(edit, other_unit).status_code == 200
    assert world.client_for(world.admin_user).delete(edit).status_code == 405
    service.refresh_from_db()
    assert service.name == "Layanan Mutasi"


def test_report_download_matches_the_cli_format(world: World, service: SkmService) -> None:
    _responses(world, service, [4, 3], dt.date(2026, 3, 2))
    client = world.client_for(world.auditor_user)
    base = reverse("participation:report-download") + "?dari=2026-01-01&sampai=2026-12-31"
    response = client.get(base)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ikm-20260101-20261231.csv"'
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("kode_unit,layanan,responden,nrr_u1,")
    assert lines[1:] == [
        "1.01,Layanan Mutasi,2," + ",".join(["3.500"] * 9) + ",3.5000,87.50,B,baik",
        "1.01,*,2," + ",".join(["3.500"] * 9) + ",3.5000,87.50,B,baik",
        "*,*,2," + ",".join(["3.500"] * 9) + ",3.5000,87.50,B,baik",
    ]
    xlsx = client.get(base + "&format=xlsx")
    assert xlsx.content[:4] == b"PK\x03\x04"
    assert client.get(reverse("participation:report-download") + "?dari=x").status_code == 400
    assert world.client_for(world.employee_user).get(base).status_code == 403


def test_index_prefills_iso_dates_for_date_inputs(world: World) -> None:
    html = world.client_for(world.admin_user).get(reverse("participation:index")).content.decode()
    today = tenant_today(world.tenant)
    assert f'value="{today:%Y}-01-01"' in html
    assert f'value="{today:%Y-%m-%d}"' in html
