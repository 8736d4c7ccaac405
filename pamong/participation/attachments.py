"""Report attachments: images or PDF, checked by their first bytes, served only to the allowed.

A file is accepted when its extension *and* its signature agree on one of the allowed
types (JPEG, PNG, PDF), it is at most MAX_BYTES, and a report has at most MAX_FILES. It is
stored under a random name (the citizen's file name may identify them) outside the static
files, images re-encoded without their metadata, and served only through views that first
check access to the report: the staff views (get_complaint_for_actor) and the ticket
holder's page. Responses force a download with the stored type, `nosniff` and a sandboxing
CSP, so an uploaded file never runs in our origin.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from pamong.core import uploads
from pamong.core.uploads import ACCEPT, TYPES, sniff, without_metadata  # noqa: F401
from pamong.participation.models import Complaint, ComplaintAttachment

MAX_FILES = 3
MAX_BYTES = 2 * 1024 * 1024


def check_upload(upload: UploadedFile) -> str:
    """The checked content type of one upload (core/uploads.py); ValidationError otherwise."""
    return uploads.check_upload(upload, MAX_BYTES)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to MAX_FILES uploads in one <input type=file multiple> (works without JS)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        files = [super(AttachmentsField, self).clean(item, initial) for item in items if item]
        if len(files) > MAX_FILES:
            raise ValidationError(_("Paling banyak %(n)s berkas.") % {"n": MAX_FILES})
        for upload in files:
            check_upload(upload)
        return files


def store_attachments(complaint: Complaint, uploads: Sequence[UploadedFile]) -> int:
    """Save the (already checked) uploads of a new report under random names."""
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("Paling banyak %(n)s berkas.") % {"n": MAX_FILES})
    for upload in uploads:
        content_type = check_upload(upload)  # again: services do not trust their callers
        extension = TYPES[content_type][0][0]
        content: File[Any] = (
            without_metadata(upload, content_type) if content_type.startswith("image/") else upload
        )
        attachment = ComplaintAttachment(
            tenant_id=complaint.tenant_id,
            complaint=complaint,
            content_type=content_type,
            size=content.size or 0,
        )
        attachment.file.save(f"{secrets.token_hex(16)}.{extension}", content, save=False)
        attachment.save()
    return len(uploads)


def attachment_response(attachment: ComplaintAttachment) -> HttpResponse:
    with attachment.file.open("rb") as handle:
        content = handle.read()
    extension = TYPES.get(attachment.content_type, (("bin",), ()))[0][0]
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="lampiran-{attachment.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
