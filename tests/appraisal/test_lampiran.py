"""Lampiran SKP and ekspektasi khusus pimpinan: who writes them, versions, pages and PDF."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from pamong.appraisal import services as svc
from pamong.appraisal.models import Skp
from pamong.core.models import AuditLog
from tests.appraisal.conftest import Chain, act, user_of
from tests.conftest import World

pytestmark = pytest.mark.django_db
LAMPIRAN = {
    "resources": "Laptop\nAkses SIASN",
    "accountability": "Laporan bulanan kepada Kepala Bidang",
    "consequences": "Teguran bila terlambat",
}


def test_lampiran_by_the_owner_while_editable(world: World, chain: Chain) -> None:
    skp = chain.employee_skp
    with pytest.raises(PermissionDenied):
        svc.skp_lampiran_update(actor=act(world.supervisor_user), skp=skp, **LAMPIRAN)
    svc.skp_lampiran_update(actor=act(world.employee_user), skp=skp, **LAMPIRAN)
    skp.refresh_from_db()
    assert skp.resources == "Laptop\nAkses SIASN"
    assert AuditLog.objects.filter(action="appraisal.skp.lampiran").count() == 1
    svc.skp_submit(actor=act(world.employee_user), skp=skp)
    assert skp.versions.get().snapshot["lampiran"]["consequences"] == "Teguran bila terlambat"
    with pytest.raises(ValidationError):
        svc.skp_lampiran_update(actor=act(world.employee_user), skp=skp, **LAMPIRAN)


def test_special_expectations_by_the_supervisor(world: World, chain: Chain) -> None:
    skp = chain.employee_skp
    wish = {"kolaboratif": "Aktif dalam tim mutasi lintas bidang"}
    for user in (world.employee_user, world.head_user, user_of(world.peer)):
        with pytest.raises(PermissionDenied):
            svc.skp_expectations_set(actor=act(user), skp=skp, expectations=wish)
    with pytest.raises(ValidationError, match="tidak dikenal"):
        svc.skp_expectations_set(
            actor=act(world.supervisor_user), skp=skp, expectations={"jujur": "x"}
        )
    svc.skp_expectations_set(actor=act(world.supervisor_user), skp=skp, expectations=wish)
    assert Skp.objects.get(pk=skp.pk).special_expectations == wish
    svc.skp_submit(actor=act(world.employee_user), skp=skp)
    svc.skp_approve(actor=act(world.supervisor_user), skp=skp)
    with pytest.raises(ValidationError, match="disetujui"):
        svc.skp_expectations_set(actor=act(world.supervisor_user), skp=skp, expectations={})


def test_pages_and_pdf(world: World, chain: Chain) -> None:
    skp = chain.employee_skp
    emp = world.client_for(world.employee_user)
    boss = world.client_for(world.supervisor_user)
    lampiran = reverse("appraisal:skp-lampiran", args=[skp.pk])
    expect = reverse("appraisal:skp-expectations", args=[skp.pk])
    assert emp.post(lampiran, LAMPIRAN).status_code == 302
    assert boss.post(expect, {"adaptif": "Menguasai aplikasi baru"}).status_code == 302
    assert world.client_for(world.other_admin_user).post(lampiran, LAMPIRAN).status_code == 404
    assert world.client_for(user_of(world.peer)).post(expect, {}).status_code == 403
    assert emp.get(lampiran).status_code == 405
    page = boss.get(reverse("appraisal:skp-detail", args=[skp.pk]))
    assert "Menguasai aplikasi baru" in page.text and "Akses SIASN" in page.text
    pdf = emp.get(reverse("appraisal:skp-pdf", args=[skp.pk]))
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages).split()
    )
    for expected in ("LAMPIRAN SKP", "Akses SIASN", "Teguran bila terlambat", "Menguasai aplikasi"):
        assert expected in text, expected
