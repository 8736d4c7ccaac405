"""SKP and Dokumen Evaluasi Kinerja PDFs: text content, signature blocks, permissions."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pamong.appraisal import services as svc
from pamong.performance import services as psvc
from tests.appraisal.conftest import Chain, act, user_of
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages)
    return " ".join(text.split())


def test_skp_pdf_has_rhk_targets_behaviour_and_three_signatures(world: World, chain: Chain) -> None:
    skp = chain.employee_skp
    svc.rhk_add(actor=act(world.employee_user), skp=skp, text="Arsip tertata", kind="tambahan")
    response = world.client_for(world.employee_user).get(
        reverse("appraisal:skp-pdf", args=[skp.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    for expected in (
        "SASARAN KINERJA PEGAWAI",
        "KOTA SOFIFI",
        "Data pegawai mutakhir",  # the employee's RHK
        "Mutasi tepat waktu",  # the supervisor's RHK it intervenes
        "Jumlah data dimutakhirkan",
        "100 data",
        "A. Utama",
        "B. Tambahan",
        "Arsip tertata",
        "Berorientasi Pelayanan",
        "Kolaboratif",
        world.employee.name,
        world.employee.nip,
        world.supervisor.name,
        world.supervisor.nip,
        world.head.name,  # atasan pejabat penilai
        world.head.nip,
        "Atasan pejabat penilai kinerja",
    ):
        assert expected in text, (expected, text)


def test_evaluation_pdf_has_ratings_predikat_and_signatures(world: World, chain: Chain) -> None:
    skp = chain.employee_skp
    svc.skp_submit(actor=act(world.employee_user), skp=skp)
    svc.skp_approve(actor=act(world.supervisor_user), skp=skp)
    indicator = skp.rhks.get().indicators.get()
    svc.realisation_record(
        actor=act(world.employee_user), indicator=indicator, period="2026-03", value="97 data"
    )
    psvc.unit_predikat_set(
        actor=act(world.head_user), unit=world.bidang, period="2026-03", predikat="baik"
    )
    evaluation = svc.evaluation_rate(
        actor=act(world.supervisor_user),
        employee=world.employee,
        period="2026-03",
        hasil_kerja="di_atas",
        perilaku_kerja="di_atas",
        reason="Target terlampaui",
    )
    url = reverse("appraisal:evaluation-pdf", args=[evaluation.pk])
    response = world.client_for(world.employee_user).get(url)
    assert response.status_code == 200
    text = _text(response.content)
    for expected in (
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "Maret 2026",
        "Bidang Mutasi: Baik",  # capaian kinerja organisasi
        "Data pegawai mutakhir",
        "97 data",
        "DI ATAS EKSPEKTASI",
        "SANGAT BAIK",
        "Target terlampaui",
        world.employee.nip,
        world.supervisor.nip,
        world.head.nip,
    ):
        assert expected in text, (expected, text)
    assert world.client_for(user_of(world.peer)).get(url).status_code == 403
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    assert world.client_for(world.employee_user).post(url).status_code == 405


def test_skp_pdf_permissions(world: World, chain: Chain) -> None:
    url = reverse("appraisal:skp-pdf", args=[chain.employee_skp.pk])
    assert world.client_for(world.supervisor_user).get(url).status_code == 200
    assert world.client_for(user_of(world.peer)).get(url).status_code == 403
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    assert world.client_for(world.employee_user).post(url).status_code == 405
