"""Leave attachments get the complaint attachments' checks (issue 11 §3): type by
signature, size limit, random name, served as a download that cannot run."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from pamong.core.errors import InputErrors
from pamong.leave.models import LeaveRequest
from tests.leave.conftest import submit

pytestmark = pytest.mark.django_db

HTML = b"<html><script>fetch('/api/v1/')</script></html>"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("surat.html", HTML),
        ("surat.pdf", HTML),  # the extension lies
        ("surat.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("surat.pdf", b""),
    ],
)
def test_a_file_that_is_not_pdf_or_an_image_is_refused(cuti, name, content) -> None:
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(InputErrors) as exc:
        submit(cuti, kind="sakit", start="2026-11-03", end="2026-11-04", attachment=upload)
    assert [e.column for e in exc.value.errors] == ["attachment"]
    assert not LeaveRequest.objects.exists()


@override_settings(PAMONG_ATTACHMENT_MAX_BYTES=1024)
def test_the_size_limit(cuti) -> None:
    upload = SimpleUploadedFile("surat.pdf", b"%PDF-1.4" + b"0" * 2000)
    with pytest.raises(InputErrors) as exc:
        submit(cuti, kind="sakit", start="2026-11-03", end="2026-11-04", tpk_attachment=upload)
    assert exc.value.errors[0].column == "tpk_attachment"
    assert exc.value.errors[0].message == "Berkas lebih dari 0.0 MB."


def test_stored_under_a_random_name_and_served_as_a_download(cuti) -> None:
    upload = SimpleUploadedFile("Surat dokter Siti Aminah.pdf", b"%PDF-1.4 dokter")
    request = submit(cuti, kind="sakit", start="2026-11-03", end="2026-11-04", attachment=upload)
    assert "Siti" not in request.attachment.name
    assert request.attachment.name.endswith(".pdf")
    client = cuti.client_for(cuti.employee_user)
    response = client.get(reverse("leave:request-attachment", args=[request.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="lampiran-{request.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
