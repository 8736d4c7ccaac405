"""/api/v1/kinerja/: the tree of a year, one sasaran, PK list/detail/sign; tenant isolation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pamong.appraisal import services as asvc
from tests.appraisal.conftest import draft_skp
from tests.conftest import World
from tests.kinerja_org.conftest import YEAR, Tree, act

pytestmark = pytest.mark.django_db


def _linked(world: World, tree: Tree) -> None:
    skp = draft_skp(world.head_user, text="Layanan kepegawaian prima")
    rhk = asvc.rhk_link_pk_item(actor=act(world.head_user), rhk=skp.rhks.get(), pk_item=tree.item)
    draft_skp(world.supervisor_user, parent=rhk, text="Mutasi tepat waktu")


def test_the_tree_of_a_year(world: World, tree: Tree, django_assert_num_queries: Any) -> None:
    _linked(world, tree)
    client = world.client_for(world.admin_user)
    url = reverse("api:kinerja_org:tree")
    client.get(url, {"year": YEAR})
    with django_assert_num_queries(10):  # session, user with its tenant, grants + the tree (7)
        body = client.get(url, {"year": YEAR}).json()
    assert [s["code"] for s in body] == ["SS.1"]
    ikm, sakip = body[0]["indikator"]
    assert (ikm["code"], ikm["target"]["target_display"], ikm["agreed"]) == (
        "SS.1.1", "82 poin", True,
    )  # fmt: skip
    assert sakip["agreed"] is False and sakip["items"] == []
    item = ikm["items"][0]
    assert (item["unit"], item["status"], item["covered"]) == ("1.01", "draft", True)
    assert item["target"]["target_value"] == "84.00"
    head_rhk = item["rhks"][0]
    assert head_rhk["text"] == "Layanan kepegawaian prima" and head_rhk["covered"] is True
    assert head_rhk["supporting"][0]["name"] == "Maria Bria"
    assert client.get(url, {"year": YEAR + 1}).json() == []
    other = world.client_for(world.other_admin_user).get(url, {"year": YEAR}).json()
    assert [s["code"] for s in other] == ["SS.9"]


def test_one_sasaran_and_isolation(world: World, tree: Tree) -> None:
    client = world.client_for(world.employee_user)
    url = reverse("api:kinerja_org:sasaran", args=[tree.sasaran.pk])
    assert client.get(url).json()["statement"] == "Meningkatnya kualitas pelayanan publik"
    foreign = reverse("api:kinerja_org:sasaran", args=[tree.foreign_sasaran.pk])
    assert client.get(foreign).status_code == 404
    assert world.client_for(world.finance_user).get(url).status_code == 403


def test_pk_list_detail_and_sign(world: World, tree: Tree) -> None:
    head = world.client_for(world.head_user)
    listing = head.get(reverse("api:kinerja_org:pks"), {"year": YEAR}).json()
    assert [(p["unit"], p["status"]) for p in listing] == [("1.01", "draft")]
    assert head.get(reverse("api:kinerja_org:pks"), {"year": YEAR, "unit": "9.99"}).json() == []
    detail = head.get(reverse("api:kinerja_org:pk", args=[tree.pk.pk])).json()
    assert detail["items"][0]["indikator_code"] == "SS.1.1"
    assert detail["items"][0]["sasaran"] == "SS.1"
    sign = reverse("api:kinerja_org:pk-sign", args=[tree.pk.pk])
    assert world.client_for(world.employee_user).post(sign).status_code == 403
    response = head.post(sign)
    assert response.status_code == 200 and response.json()["status"] == "signed"
    assert response.json()["signer_nip"] == world.head.nip
    again = head.post(sign)
    assert again.status_code == 400 and "ditandatangani" in again.json()["non_field_errors"][0]
    # Another tenant's PK does not exist for us.
    for name in ("api:kinerja_org:pk", "api:kinerja_org:pk-sign"):
        url = reverse(name, args=[tree.foreign_pk.pk])
        assert head.get(url).status_code in (404, 405)
        assert head.post(url).status_code in (404, 405)
    assert head.get(reverse("api:kinerja_org:pk", args=[tree.foreign_pk.pk])).status_code == 404
    assert (
        head.post(reverse("api:kinerja_org:pk-sign", args=[tree.foreign_pk.pk])).status_code == 404
    )


def test_token_and_schema(world: World, tree: Tree) -> None:
    assert APIClient().get(reverse("api:kinerja_org:tree")).status_code in (401, 403)
    reader = APIClient()
    reader.force_login(world.employee_user)
    schema = json.loads(reader.get("/api/schema/", {"format": "json"}).content)
    for path in ("/api/v1/kinerja/tree/", "/api/v1/kinerja/pk/{id}/", "/api/v1/kinerja/pk/"):
        assert path in schema["paths"], path
    assert "SasaranNode" in schema["components"]["schemas"]
