"""Attachments (signature checks, access), rating, and the per-ticket and lookup limits."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image

from pamong.core.models import AuditLog
from pamong.participation.attachments import MAX_BYTES
from pamong.participation.models import Complaint, ComplaintAttachment
from tests.conftest import World
from tests.participation.test_complaints_public import LAPOR, report_data
from tests.participation.test_complaints_staff import make_complaint

State = Complaint.State
PDF = b"%PDF-1.4\n%fake but starts right\n"


def image_bytes(fmt: str, *, gps: bool = False) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (8, 6), (200, 30, 30))
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "KameraPelapor"  # Make
        exif[0x8825] = {1: "S", 2: (10.0, 9.0, 0.0)}  # GPSInfo
        image.save(buffer, format=fmt, exif=exif)
    else:
        image.save(buffer, format=fmt)
    return buffer.getvalue()


PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG", gps=True)


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def submit(world: World, files: list[SimpleUploadedFile], **extra: str) -> object:
    return Client().post(LAPOR, {**report_data(world, **extra), "attachments": files})


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def test_valid_attachments_are_stored_under_random_names(world: World) -> None:
    files = [upload("foto ktp Siti.png", PNG), upload("a.JPG", JPEG), upload("b.pdf", PDF)]
    response = submit(world, files)
    assert response.status_code == 302  # type: ignore[attr-defined]
    stored = list(ComplaintAttachment.objects.order_by("id"))
    assert [a.content_type for a in stored] == ["image/png", "image/jpeg", "application/pdf"]
    assert all("Siti" not in a.file.name for a in stored)
    log = AuditLog.objects.get(action="participation.complaint.submit")
    assert log.data["attachments"] == 3
    # The photo's EXIF (camera, GPS) is gone; the picture is still a readable JPEG.
    assert b"KameraPelapor" in JPEG
    with stored[1].file.open("rb") as handle:
        clean = handle.read()
    assert b"KameraPelapor" not in clean
    with Image.open(io.BytesIO(clean)) as image:
        assert image.format == "JPEG" and image.size == (8, 6)
        assert not image.getexif()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.png", b"<html><script>alert(1)</script>"),  # right extension, wrong bytes
        ("photo.exe", PNG),  # right bytes, wrong extension
        ("doc.pdf", PNG),  # both allowed but disagreeing
        ("page.html", b"<html></html>"),
        ("empty.png", b""),
        ("big.png", PNG + b"\x00" * MAX_BYTES),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # signature only
        ("broken.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 10),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    world: World, name: str, content: bytes
) -> None:
    response = submit(world, [upload(name, content)])
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert not Complaint.objects.exists()
    assert not ComplaintAttachment.objects.exists()


def test_at_most_three_files(world: World) -> None:
    response = submit(world, [upload(f"{n}.png", PNG) for n in range(4)])
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Paling banyak 3 berkas" in response.content.decode()  # type: ignore[attr-defined]
    assert not Complaint.objects.exists()


def test_form_stays_light_and_multipart(world: World) -> None:
    page = Client().get(LAPOR)
    html = page.content.decode()
    assert len(page.content) < 60_000
    assert 'enctype="multipart/form-data"' in html and "<script" not in html
    assert 'accept=".jpg,.jpeg,.png,.pdf"' in html


def test_attachments_only_to_those_who_may_see_the_report(world: World) -> None:
    submit(world, [upload("a.png", PNG)], identity="anonymous")
    complaint = Complaint.objects.get()
    attachment = ComplaintAttachment.objects.get()
    staff_url = reverse("participation:complaint-attachment", args=[complaint.pk, attachment.pk])
    public_url = reverse(
        "participation:ticket-attachment", args=["sofifi", complaint.code, attachment.pk]
    )
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    admin = world.client_for(world.admin_user).get(staff_url)
    assert admin.status_code == 200 and admin.content == stored
    assert admin["Content-Type"] == "image/png"
    assert admin["X-Content-Type-Options"] == "nosniff"
    assert admin["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in admin["Content-Security-Policy"]
    # Not yet dispatched: the OPD head may not see the report, nor its files.
    assert world.client_for(world.head_user).get(staff_url).status_code == 403
    complaint.state, complaint.handling_unit = State.DISPATCHED, world.opd
    complaint.save()
    assert world.client_for(world.head_user).get(staff_url).status_code == 200
    assert world.client_for(world.employee_user).get(staff_url).status_code == 403
    assert world.client_for(world.other_admin_user).get(staff_url).status_code == 404
    assert Client().get(staff_url).status_code == 302  # login
    assert Client().get(public_url).content == stored
    wrong_code = reverse(
        "participation:ticket-attachment", args=["sofifi", "x" * 24, attachment.pk]
    )
    assert Client().get(wrong_code).status_code == 404
    other = make_complaint(world)
    assert (
        Client()
        .get(reverse("participation:ticket-attachment", args=["sofifi", other.code, attachment.pk]))
        .status_code
        == 404
    )
    assert (
        Client()
        .get(
            reverse(
                "participation:ticket-attachment", args=["kupang", complaint.code, attachment.pk]
            )
        )
        .status_code
        == 404
    )


def test_reporter_rates_a_closed_report_once(world: World) -> None:
    complaint = make_complaint(world, state=State.IN_PROGRESS, handling_unit=world.opd)
    rate = reverse("participation:ticket-rate", args=["sofifi", complaint.code])
    page = reverse("participation:ticket", args=["sofifi", complaint.code])
    assert rate not in Client().get(page).content.decode()
    assert Client().post(rate, {"rating": "5"}).status_code == 409
    complaint.state = State.CLOSED
    complaint.save()
    assert rate in Client().get(page).content.decode()
    assert Client().post(rate, {"rating": "9"}).status_code == 200
    assert Client().post(rate, {"rating": "4"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.rating == 4 and complaint.rated_at is not None
    assert Client().post(rate, {"rating": "1"}).status_code == 409
    complaint.refresh_from_db()
    assert complaint.rating == 4
    assert AuditLog.objects.get(action="participation.complaint.rate").data == {"rating": 4}
    assert Client().get(rate).status_code == 405
    staff = world.client_for(world.admin_user).get(
        reverse("participation:complaint", args=[complaint.pk])
    )
    assert "4/5" in staff.content.decode()


@override_settings(PAMONG_TICKET_RATE_LIMIT=(3, 3600))
def test_writes_per_ticket_are_limited_across_addresses(world: World) -> None:
    complaint = make_complaint(world, state=State.DISPATCHED, handling_unit=world.opd)
    reply = reverse("participation:ticket-reply", args=["sofifi", complaint.code])
    for n in range(3):
        client = Client(REMOTE_ADDR=f"198.51.100.{n}")
        assert client.post(reply, {"text": f"tambahan {n}"}).status_code == 302
    blocked = Client(REMOTE_ADDR="198.51.100.99").post(reply, {"text": "lagi"})
    assert blocked.status_code == 429
    complaint.refresh_from_db()
    assert complaint.reporter_reply == "tambahan 2"
    other = make_complaint(world, state=State.DISPATCHED, handling_unit=world.opd)
    other_reply = reverse("participation:ticket-reply", args=["sofifi", other.code])
    assert Client(REMOTE_ADDR="198.51.100.99").post(other_reply, {"text": "ok"}).status_code == 302


@override_settings(PAMONG_LOOKUP_RATE_LIMIT=(3, 600))
def test_guessing_ticket_codes_is_slowed_down(world: World) -> None:
    complaint = make_complaint(world)
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(3):
        url = reverse("participation:ticket", args=["sofifi", f"tebakan-kode-{n:012d}"])
        assert guesser.get(url).status_code == 404
    real = reverse("participation:ticket", args=["sofifi", complaint.code])
    assert guesser.get(real).status_code == 429
    lookup = reverse("participation:ticket-lookup", args=["sofifi"])
    assert guesser.get(lookup, {"kode": complaint.code}).status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.8").get(real).status_code == 200
