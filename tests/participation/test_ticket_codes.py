"""Ticket codes a citizen can read over the phone: forgiving to read, strict on typos."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from pamong.participation import ticket_codes
from pamong.participation.models import Complaint
from tests.conftest import World
from tests.participation.test_complaints_public import LAPOR, report_data

LOOKUP = reverse("participation:ticket-lookup", args=["sofifi"])


def submit(world: World, client: Client | None = None) -> Complaint:
    assert (client or Client()).post(LAPOR, report_data(world)).status_code == 302
    return Complaint.objects.latest("id")


def test_code_shape_alphabet_and_check_symbol() -> None:
    codes = {ticket_codes.new_code("SOF") for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        prefix, *groups = code.split("-")
        assert prefix == "SOF" and [len(g) for g in groups] == [4, 4, 4]
        assert not set("".join(groups)) & set("ILOU")
        parsed = ticket_codes.parse(code, "SOF")
        assert parsed is not None and parsed.canonical == code
    assert ticket_codes.ENTROPY_BITS == 55


def test_every_single_typo_and_neighbour_swap_is_caught() -> None:
    code = ticket_codes.example_code("sofifi")
    body = code.replace("-", "")[3:]
    for i in range(len(body)):
        for symbol in ticket_codes.ALPHABET.replace(body[i], ""):
            typo = ticket_codes.parse(body[:i] + symbol + body[i + 1 :], "SOF")
            assert typo is not None and typo.typo, (i, symbol)
    for i in range(len(body) - 1):
        swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
        if swapped != body:
            parsed = ticket_codes.parse(swapped, "SOF")
            assert parsed is not None and parsed.typo, i


@pytest.mark.parametrize(
    ("slug", "prefix"),
    [("sofifi", "SOF"), ("kota-kupang", "KUP"), ("kab-tts", "TTS"), ("x-1", "X1"), ("", "TKT")],
)
def test_prefix_from_the_slug(slug: str, prefix: str) -> None:
    assert ticket_codes.tenant_prefix(slug) == prefix


def test_lookup_forgives_case_spaces_dashes_prefix_and_look_alikes(world: World) -> None:
    complaint = submit(world)
    body = complaint.code[4:].replace("-", "")
    readings = [
        complaint.code.lower(),
        f"sof {body[:4]} {body[4:8]} {body[8:]}".lower(),
        body,
        body.replace("0", "o").replace("1", "l"),
        f"  {complaint.code}  ",
    ]
    for typed in readings:
        response = Client().get(LOOKUP, {"kode": typed})
        assert response.status_code == 302, typed
        assert response["Location"] == reverse(
            "participation:ticket", args=["sofifi", complaint.code]
        )
    # The ticket address itself, typed in lower case, leads to the one canonical address.
    lower = reverse("participation:ticket", args=["sofifi", complaint.code.lower()])
    response = Client().get(lower)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{complaint.code}/")


def test_a_typo_is_named_as_such_and_not_counted_as_a_guess(world: World) -> None:
    complaint = submit(world)
    last = complaint.code[-1]
    typo = complaint.code[:-1] + ("2" if last != "2" else "3")
    with override_settings(PAMONG_LOOKUP_RATE_LIMIT=(2, 600)):
        client = Client(REMOTE_ADDR="198.51.100.20")
        for _ in range(4):
            response = client.get(LOOKUP, {"kode": typo})
            assert response.status_code == 404
            html = response.content.decode()
            assert "salah ketik" in html
            assert "tidak ditemukan" not in html
        # The check symbol answered: no guess was counted, the right code still opens.
        assert client.get(LOOKUP, {"kode": complaint.code}).status_code == 302
    assert typo in html  # what was typed stays in the box


def test_unknown_well_formed_code_is_not_found_and_counted(world: World) -> None:
    submit(world)
    stranger = ticket_codes.example_code("sofifi")
    with override_settings(PAMONG_LOOKUP_RATE_LIMIT=(2, 600)):
        client = Client(REMOTE_ADDR="198.51.100.21")
        for _ in range(2):
            response = client.get(LOOKUP, {"kode": stranger})
            assert response.status_code == 404
            assert "tidak ditemukan" in response.content.decode()
        assert client.get(LOOKUP, {"kode": stranger}).status_code == 429


def test_codes_of_another_tenant_do_not_open_here(world: World) -> None:
    complaint = submit(world)
    body = complaint.code[4:]
    for typed in (complaint.code, body, f"KUP-{body}"):
        other = reverse("participation:ticket-lookup", args=["kupang"])
        assert Client().get(other, {"kode": typed}).status_code == 404
    url = reverse("participation:ticket", args=["kupang", complaint.code])
    assert Client().get(url).status_code == 404


def test_codes_issued_before_the_short_format_keep_working(world: World) -> None:
    # Reports stored with a 24-character token_urlsafe code: citizens hold those codes
    # (anonymous ones cannot be told a new one), so they open exactly as issued.
    old = "lrkgs-bVMhqbEOxVLlwPLo_K"
    complaint = submit(world)
    Complaint.objects.filter(pk=complaint.pk).update(code=old)
    page = Client().get(reverse("participation:ticket", args=["sofifi", old]))
    assert page.status_code == 200
    assert old in page.content.decode()
    assert Client().get(LOOKUP, {"kode": old}).status_code == 302
    # Old codes were case-sensitive and stay so: their strength depends on it.
    assert Client().get(LOOKUP, {"kode": old.lower()}).status_code == 404
