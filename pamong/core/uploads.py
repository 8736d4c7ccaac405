"""Checked uploads and safe downloads, shared by every app that accepts files.

A file is accepted when its extension *and* its first bytes (signature) agree on one of
the allowed types (JPEG, PNG, PDF), it is not empty and not over the size limit, and an
image decodes within MAX_PIXELS (no decompression bombs). HTML, SVG, scripts and office
files with macros are refused whatever they are called. Files are stored under a random
name (the original may identify a person) and served only by views that checked access,
as a download with `nosniff` and a sandboxing CSP, so an upload never runs in our origin.
Used by complaint attachments (participation), SKP evidence (appraisal) and leave
attachments (leave).
"""

from __future__ import annotations

import io
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.utils.translation import gettext as _

MAX_PIXELS = 40_000_000
TYPES: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]] = {
    "image/jpeg": (("jpg", "jpeg"), (b"\xff\xd8\xff",)),
    "image/png": (("png",), (b"\x89PNG\r\n\x1a\n",)),
    "application/pdf": (("pdf",), (b"%PDF-",)),
}
ACCEPT = ".jpg,.jpeg,.png,.pdf"


def staff_max_bytes() -> int:
    """The size limit of SKP evidence and leave attachments (PAMONG_ATTACHMENT_MAX_BYTES)."""
    return int(getattr(settings, "PAMONG_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


def _megabytes(limit: int) -> str:
    return str(limit // 2**20) if limit % 2**20 == 0 else f"{limit / 2**20:.1f}"


def sniff(head: bytes, filename: str) -> str | None:
    """The content type both the extension and the signature agree on, else None."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    for content_type, (extensions, signatures) in TYPES.items():
        if extension in extensions and any(head.startswith(s) for s in signatures):
            return content_type
    return None


def sniff_content(head: bytes) -> str:
    """The type of a stored file by its signature alone (for serving)."""
    for content_type, (_extensions, signatures) in TYPES.items():
        if any(head.startswith(s) for s in signatures):
            return content_type
    return "application/octet-stream"


def check_upload(upload: UploadedFile, max_bytes: int | None = None) -> str:
    """The checked content type of one upload; ValidationError otherwise."""
    limit = staff_max_bytes() if max_bytes is None else max_bytes
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("Berkas lebih dari %(mb)s MB.") % {"mb": _megabytes(limit)}, code="too_big"
        )
    if upload.size == 0:
        raise ValidationError(_("Berkas kosong."), code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head, upload.name or "")
    if content_type is None:
        raise ValidationError(_("Hanya gambar JPEG/PNG atau PDF yang diterima."), code="type")
    if content_type.startswith("image/"):
        check_image(upload)
    return content_type


def check_image(upload: Any) -> None:
    """The image must decode and stay within MAX_PIXELS."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("Gambar terlalu besar."), code="pixels")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Gambar rusak atau tidak dapat dibaca."), code="broken") from exc
    finally:
        upload.seek(0)


def random_name(content_type: str) -> str:
    return f"{secrets.token_hex(16)}.{TYPES[content_type][0][0]}"


def checked_file(upload: UploadedFile, max_bytes: int | None = None) -> UploadedFile:
    """The upload, checked and renamed to a random name with the right extension."""
    content_type = check_upload(upload, max_bytes)
    upload.name = random_name(content_type)
    return upload


def download_response(file: Any, filename_stem: str) -> HttpResponse:
    """A stored file as a forced download that the browser cannot run or sniff."""
    with file.open("rb") as handle:
        content = handle.read()
    content_type = sniff_content(content[:16])
    extension = TYPES.get(content_type, (("bin",), ()))[0][0]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename_stem}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def without_metadata(upload: UploadedFile, content_type: str) -> ContentFile[bytes]:
    """Re-encode an image without EXIF/text chunks: GPS or camera data may identify the
    reporter (PDP), and re-encoding also drops anything appended to the image."""
    from PIL import Image, ImageOps

    with Image.open(upload) as opened:
        image = ImageOps.exif_transpose(opened) or opened  # keep the visible orientation
        buffer = io.BytesIO()
        if content_type == "image/jpeg":
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.save(buffer, format="JPEG", quality=90)
        else:
            image.save(buffer, format="PNG")
    upload.seek(0)
    return ContentFile(buffer.getvalue())
