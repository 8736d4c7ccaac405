"""/api/v1/recruitment/: list, upload, detail, ranking; personal data for staff only."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.recruitment.models import Selection
from tests.conftest import World
from tests.recruitment.worked import FORMASI, PESERTA, SKB


def _upload(client, skb: str = SKB):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("api:recruitment:selections"),
        {
            "code": "W",
            "formasi": SimpleUploadedFile("formasi.csv", FORMASI.encode()),
            "peserta": SimpleUploadedFile("peserta.csv", PESERTA.encode()),
            "skb": SimpleUploadedFile("skb.csv", skb.encode()),
        },
    )


def test_upload_rank_and_read_through_the_api(world: World) -> None:
    admin = world.client_for(world.admin_user)
    bad = _upload(admin, SKB + "W999,cat,1\n")
    assert bad.status_code == 400
    assert "skb.csv:" in bad.json()["errors"][0] and not Selection.objects.exists()
    body = _upload(admin).json()
    assert body["changed"] is True and body["n_candidates"] == 15
    assert any("W014" in w for w in body["warnings"])
    assert _upload(admin).json()["changed"] is False
    pk = body["id"]
    detail = admin.get(reverse("api:recruitment:selection", args=[pk])).json()
    line = detail["lines"][0]
    assert (line["code"], line["n_passed"], line["n_ranked"]) == ("W1", 4, 12)
    url = reverse("api:recruitment:ranking", args=[pk, line["id"]])
    rows = admin.get(url).json()
    assert [r["no_peserta"] for r in rows[:3]] == ["W001", "W002", "W004"]
    assert rows[2]["reason_below"].endswith("menang pada TKP")
    assert rows[0]["birth_date"] == "1995-01-01"
    audited = world.client_for(world.auditor_user).get(url).json()
    assert "birth_date" not in audited[0] and "education" not in audited[0]


def test_api_permissions_and_isolation(world: World) -> None:
    admin = world.client_for(world.admin_user)
    pk = _upload(admin).json()["id"]
    employee = world.client_for(world.employee_user)
    assert employee.get(reverse("api:recruitment:selections")).status_code == 403
    assert _upload(world.client_for(world.auditor_user)).status_code == 403
    other = world.client_for(world.other_admin_user)
    assert other.get(reverse("api:recruitment:selection", args=[pk])).status_code == 404
    assert other.get(reverse("api:recruitment:selections")).json() == []
