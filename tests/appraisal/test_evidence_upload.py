"""SKP evidence files: checked like complaint attachments and served only to those who may
see the SKP, as a download (issue 11 §3)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.appraisal.models import Realisation
from tests.appraisal.conftest import Chain
from tests.appraisal.test_views import _approved
from tests.conftest import World


def _post(world: World, chain: Chain, upload: SimpleUploadedFile) -> tuple[int, str]:
    skp = _approved(world, chain)
    indicator = skp.rhks.get().indicators.get()
    p = f"real{indicator.pk}-"
    data = {p + "period": "2026-02", p + "value": "40 data", p + "evidence_file": upload}
    url = reverse("appraisal:realisation", args=[indicator.pk])
    response = world.client_for(world.employee_user).post(url, data, follow=True)
    return response.redirect_chain[0][1], response.content.decode()


def test_html_evidence_is_refused(world: World, chain: Chain, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("bukti.pdf", b"<html><script>alert(1)</script></html>")
    status, html = _post(world, chain, upload)
    assert status == 302 and "Hanya gambar JPEG/PNG atau PDF yang diterima." in html
    assert not Realisation.objects.exists()  # all or nothing


def test_evidence_is_served_only_to_readers(world: World, chain: Chain, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    status, _html = _post(world, chain, SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 bukti"))
    assert status == 302
    realisation = Realisation.objects.get()
    url = reverse("appraisal:evidence", args=[realisation.pk])
    response = world.client_for(world.employee_user).get(url)
    assert response.status_code == 200 and response.content == b"%PDF-1.4 bukti"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert world.client_for(world.supervisor_user).get(url).status_code == 200
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    detail = world.client_for(world.employee_user).get(
        reverse("appraisal:skp-detail", args=[realisation.indicator.rhk.skp_id])
    )
    assert url in detail.content.decode()
