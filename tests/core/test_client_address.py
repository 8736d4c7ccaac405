"""The client address behind trusted proxies, and public limits per tenant (issue 11 §3)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from pamong.core.clientip import ClientAddressMiddleware, client_address
from pamong.participation.models import Complaint
from tests.conftest import World
from tests.participation.test_complaints_public import report_data

XFF = "HTTP_X_FORWARDED_FOR"


def meta(remote: str, header: str | None = None) -> dict[str, object]:
    return {"REMOTE_ADDR": remote, **({XFF: header} if header is not None else {})}


def test_without_a_trusted_proxy_the_header_is_ignored() -> None:
    assert client_address(meta("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


@override_settings(PAMONG_TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("198.51.100.7", "198.51.100.7"),  # nginx appended the client it saw
        ("6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own forged entry is ignored
        ("", "10.0.0.2"),  # no header: the proxy itself
        ("garbage", "10.0.0.2"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_one_proxy_takes_the_entry_it_wrote(header: str, expected: str) -> None:
    assert client_address(meta("10.0.0.2", header)) == expected


@override_settings(PAMONG_TRUSTED_PROXY_COUNT=2)
def test_two_proxies() -> None:
    assert client_address(meta("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"


@override_settings(PAMONG_TRUSTED_PROXIES=["10.0.0.0/8", "127.0.0.1"])
@pytest.mark.parametrize(
    ("remote", "header", "expected"),
    [
        ("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.1.1.1", "198.51.100.7"),
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),
        # A request that did not come through our proxy: its header is not believed.
        ("203.0.113.5", "198.51.100.7", "203.0.113.5"),
        ("10.0.0.2", "10.0.0.3", "10.0.0.3"),  # only proxies: the left-most
    ],
)
def test_trusted_networks(remote: str, header: str, expected: str) -> None:
    assert client_address(meta(remote, header)) == expected


@override_settings(PAMONG_TRUSTED_PROXY_COUNT=1)
def test_the_middleware_replaces_remote_addr_and_keeps_the_proxy() -> None:
    seen = {}

    def view(request):  # type: ignore[no-untyped-def]
        seen.update(request.META)

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    ClientAddressMiddleware(view)(request)
    assert seen["REMOTE_ADDR"] == "1.2.3.4"
    assert seen["PAMONG_PROXY_ADDR"] == "10.0.0.2"


@override_settings(PAMONG_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_one_citizen_does_not_block_the_others(world: World) -> None:
    lapor = reverse("participation:lapor", args=["sofifi"])
    spammer = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    for _ in range(5):
        assert spammer.post(lapor, report_data(world)).status_code == 302
    assert spammer.post(lapor, report_data(world)).status_code == 429
    # Forging the header does not help: the proxy's entry is the right-most one.
    forged = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.1")
    assert forged.post(lapor, report_data(world)).status_code == 429
    citizen = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert citizen.post(lapor, report_data(world)).status_code == 302
    assert Complaint.objects.count() == 6


def test_limits_are_kept_per_tenant(world: World) -> None:
    sofifi = reverse("participation:lapor", args=["sofifi"])
    kupang = reverse("participation:lapor", args=["kupang"])
    client = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(5):
        assert client.post(sofifi, report_data(world)).status_code == 302
    assert client.post(sofifi, report_data(world)).status_code == 429
    # The same address still reaches another Pemda's form.
    other = report_data(world, unit=str(world.foreigner.unit_id))
    assert client.post(kupang, other).status_code == 302
    assert Complaint.objects.filter(tenant=world.other_tenant).count() == 1
