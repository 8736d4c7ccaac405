"""Certificates and MoU files: the same checks as complaint attachments (type from both the
extension and the first bytes, size, decodable images without metadata), stored under a
random name and served only through views that checked access first."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import HttpResponse

# One file check for the whole project (core/uploads.py), at the complaint attachments' size.
from pamong.core.uploads import TYPES, without_metadata
from pamong.core.uploads import check_upload as _check_upload

MAX_BYTES = 2 * 1024 * 1024


def check_upload(upload: UploadedFile) -> str:
    return _check_upload(upload, MAX_BYTES)


__all__ = ["ValidationError", "check_upload", "file_response", "store"]


def store(field: FieldFile, upload: UploadedFile) -> str:
    """Check `upload` again (services trust no caller) and save it on `field` under a random
    name. Returns the checked content type; the caller saves the row."""
    content_type = check_upload(upload)
    extension = TYPES[content_type][0][0]
    content: File[Any] = (
        without_metadata(upload, content_type) if content_type.startswith("image/") else upload
    )
    field.save(f"{secrets.token_hex(16)}.{extension}", content, save=False)
    return content_type


def file_response(field: FieldFile, content_type: str, name: str) -> HttpResponse:
    with field.open("rb") as handle:
        content = handle.read()
    extension = TYPES.get(content_type, (("bin",), ()))[0][0]
    response = HttpResponse(content, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
