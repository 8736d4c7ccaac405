"""The SKM QR-code poster and the IKM report as PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from pamong.participation.ikm import minimum_sample
from pamong.participation.models import SkmResponse, SkmService
from pamong.participation.skm_pdf import qr_drawing
from tests.conftest import World


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


@pytest.fixture
def service(world: World) -> SkmService:
    return SkmService.objects.create(
        tenant=world.tenant, unit=world.opd, name="Penerbitan SK Mutasi", yearly_users=1000
    )


def test_poster_carries_the_survey_address(world: World, service: SkmService) -> None:
    poster = reverse("participation:service-poster", args=[service.pk])
    response = world.client_for(world.auditor_user).get(poster)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    form_url = f"http://testserver/publik/sofifi/skm/{service.pk}/"
    assert form_url in text
    assert "Penerbitan SK Mutasi" in text
    assert world.client_for(world.employee_user).get(poster).status_code == 403
    assert world.client_for(world.other_admin_user).get(poster).status_code == 404
    assert world.client_for(world.admin_user).post(poster).status_code == 405
    assert Client().get(poster).status_code == 302


def test_qr_code_encodes_the_url() -> None:
    drawing = qr_drawing("https://pamong.example/publik/sofifi/skm/7/")
    widget = drawing.contents[0]
    assert widget.value == "https://pamong.example/publik/sofifi/skm/7/"


def test_ikm_report_pdf(world: World, service: SkmService) -> None:
    day = dt.date(2026, 3, 2)
    for scores in ((4,) * 9, (3,) * 9):
        SkmResponse.objects.create(
            tenant=world.tenant,
            unit=world.opd,
            service=service,
            date=day,
            **{f"u{n}": s for n, s in enumerate(scores, start=1)},
        )
    url = reverse("participation:report-download")
    period = {"dari": "2026-01-01", "sampai": "2026-12-31", "format": "pdf"}
    response = world.client_for(world.admin_user).get(url, period)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    # 2 questionnaires of all 4s and all 3s: NRR 3.5, IKM 3.5000, konversi 87.50, B (baik).
    assert "Penerbitan SK Mutasi" in text
    assert "3.5000" in text and "87.50" in text and "baik" in text
    assert str(minimum_sample(1000)) in text  # 278
    empty = world.client_for(world.admin_user).get(
        url, {**period, "dari": "2027-01-01", "sampai": "2027-12-31"}
    )
    assert "Belum ada jawaban survei" in pdf_text(empty.content)
    assert world.client_for(world.employee_user).get(url, period).status_code == 403
    other = world.client_for(world.other_admin_user).get(url, period)
    assert "Penerbitan SK Mutasi" not in pdf_text(other.content)
