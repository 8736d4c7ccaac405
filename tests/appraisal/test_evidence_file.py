"""The "berkas" link of a realisation's evidence file: a download for whoever may read
that SKP, 403 for others, 404 across tenants (issue 10 §5; it used to 404 for everyone)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.appraisal import services as svc
from pamong.appraisal.models import Realisation
from tests.appraisal.conftest import Chain, act, user_of
from tests.conftest import World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def evidence(world: World, chain: Chain, settings, tmp_path) -> Realisation:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    skp = chain.employee_skp
    emp = act(world.employee_user)
    svc.skp_submit(actor=emp, skp=skp)
    svc.skp_approve(actor=act(world.supervisor_user), skp=skp)
    indicator = skp.rhks.get().indicators.get()
    return svc.realisation_record(
        actor=emp,
        indicator=indicator,
        period="2026-03",
        value="10",
        evidence_file=SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf"),
    )


def test_the_skp_page_links_a_download_that_works(world: World, evidence: Realisation) -> None:
    client = world.client_for(world.employee_user)
    page = client.get(reverse("appraisal:skp-detail", args=[evidence.indicator.rhk.skp_id]))
    url = reverse("appraisal:evidence", args=[evidence.pk])
    assert url in page.text
    for user in (world.employee_user, world.supervisor_user, world.admin_user):
        response = world.client_for(user).get(url)
        assert response.status_code == 200
        assert response.content == PDF
        assert response["Content-Disposition"].startswith("attachment")


def test_others_may_not_download(world: World, evidence: Realisation) -> None:
    url = reverse("appraisal:evidence", args=[evidence.pk])
    outsider = world.client_for(user_of(world.outsider))
    assert outsider.get(url).status_code == 403
    assert world.client_for(world.finance_user).get(url).status_code == 403
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    assert world.client_for(world.employee_user).post(url).status_code == 405
