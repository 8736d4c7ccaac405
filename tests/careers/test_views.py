"""Pages of /karier/: who may see and do what, tenant isolation, the export and the letter."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pamong.careers import services as svc
from pamong.careers.models import CareerSettings, KpProposal
from tests.careers.conftest import PERIOD, act
from tests.conftest import World

PAGES = ["careers:kp", "careers:kgb", "careers:settings", "careers:sanctions"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_for_roles(careers: World, name: str) -> None:
    assert careers.client_for(careers.admin_user).get(reverse(name)).status_code == 200
    assert careers.client_for(careers.auditor_user).get(reverse(name)).status_code == 200
    assert careers.client_for(careers.employee_user).get(reverse(name)).status_code == 403
    assert careers.client_for(careers.finance_user).get(reverse(name)).status_code == 403
    assert Client().get(reverse(name)).status_code == 302


def test_opd_head_sees_kp_and_kgb_but_not_settings(careers: World) -> None:
    client = careers.client_for(careers.head_user)
    assert client.get(reverse("careers:kp")).status_code == 200
    assert client.get(reverse("careers:kgb")).status_code == 200
    assert client.get(reverse("careers:settings")).status_code == 403


def test_kp_list_shows_rules_with_sources(
    careers: World, django_assert_max_num_queries: Any
) -> None:
    client = careers.client_for(careers.admin_user)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("careers:kp"), {"period": "2026-04"}).content.decode()
    assert careers.employee.name in page
    assert "Perban BKN 4/2025" in page and "1 Oktober 2025" in page
    assert "belum terkonfirmasi" in page


def test_export_columns(careers: World) -> None:
    client = careers.client_for(careers.admin_user)
    resp = client.get(reverse("careers:kp"), {"period": "2026-04", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(resp.content.decode())))
    assert [r["nip"] for r in rows] == [careers.employee.nip]
    assert rows[0]["golongan_usulan"] == "III/a" and rows[0]["status_berkas"] == "belum dibuat"


def test_create_file_from_the_list_and_foreign_access(careers: World) -> None:
    head = careers.client_for(careers.head_user)
    resp = head.post(
        reverse("careers:kp-create") + "?period=2026-04", {"employee": careers.employee.pk}
    )
    proposal = KpProposal.objects.get()
    assert resp.status_code == 302 and resp.url == reverse(
        "careers:kp-proposal", args=[proposal.pk]
    )
    assert head.get(resp.url).status_code == 200
    url = reverse("careers:kp-proposal", args=[proposal.pk])
    assert careers.client_for(careers.other_admin_user).get(url).status_code == 404
    assert careers.client_for(careers.employee_user).get(url).status_code == 403
    # an OPD head of another OPD: the outsider's OPD head does not exist, use the supervisor
    assert careers.client_for(careers.supervisor_user).get(url).status_code == 403
    doc = proposal.documents.first()
    assert doc is not None
    foreign = careers.client_for(careers.other_admin_user)
    assert (
        foreign.post(
            reverse("careers:kp-document", args=[doc.pk]), {"link": "https://a.example"}
        ).status_code
        == 404
    )
    denied = careers.client_for(careers.head_user).post(
        reverse("careers:kp-action", args=[proposal.pk, "verify"])
    )
    assert denied.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "draft"
    assert (
        careers.client_for(careers.other_admin_user)
        .post(reverse("careers:kp-create") + "?period=2026-04", {"employee": careers.employee.pk})
        .status_code
        == 404
    )


def test_decision_through_the_page(careers: World) -> None:
    admin = act(careers.admin_user)
    proposal = svc.kp_proposal_create(actor=admin, employee=careers.employee, period=PERIOD)
    for doc in proposal.documents.all():
        svc.kp_document_attach(actor=admin, document=doc, link="https://arsip.example/d")
    svc.kp_proposal_submit(actor=admin, proposal=proposal)
    for doc in proposal.documents.all():
        svc.kp_document_check(actor=admin, document=doc, verified=True)
    client = careers.client_for(careers.admin_user)
    client.post(reverse("careers:kp-action", args=[proposal.pk, "verify"]))
    client.post(
        reverse("careers:kp-action", args=[proposal.pk, "decide"]),
        {
            "sk_number": "800/1",
            "sk_date": "2026-03-10",
            "new_golongan": "III/a",
            "tmt": "2026-03-01",
        },
    )
    proposal.refresh_from_db()
    assert proposal.status == "verified"  # TMT before the period: refused
    client.post(
        reverse("careers:kp-action", args=[proposal.pk, "decide"]),
        {
            "sk_number": "800/1",
            "sk_date": "2026-03-10",
            "new_golongan": "III/a",
            "tmt": "2026-04-01",
        },
    )
    proposal.refresh_from_db()
    assert proposal.status == "decided" and proposal.sk_number == "800/1"


def test_kgb_letter_pdf(careers: World) -> None:
    url = reverse("careers:kgb-letter", args=[careers.employee.pk])
    resp = careers.client_for(careers.admin_user).get(url)
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF")
    assert careers.client_for(careers.other_admin_user).get(url).status_code == 404
    assert careers.client_for(careers.employee_user).get(url).status_code == 403


def test_kgb_postpone_page_only_for_bkpsdm(careers: World) -> None:
    url = reverse("careers:kgb-postpone", args=[careers.employee.pk])
    data = {"months": 6, "reason": "predikat Kurang", "month": "2026-03"}
    assert careers.client_for(careers.head_user).post(url, data).status_code == 403
    assert careers.client_for(careers.other_admin_user).post(url, data).status_code == 404
    assert careers.client_for(careers.admin_user).post(url, data).status_code == 302
    assert careers.employee.kgb_postponements.count() == 1


def test_settings_edit_and_marked_defaults(careers: World) -> None:
    client = careers.client_for(careers.admin_user)
    assert "Semua nilai masih bawaan" in client.get(reverse("careers:settings")).content.decode()
    resp = client.post(
        reverse("careers:settings"),
        {"education_ceiling": "S1 = III/c\nS2 = IV/a", "sanction_blocks_kp": "",
         "kgb_predikat": ["baik", "sangat_baik", "butuh_perbaikan"], "kgb_postpone_months": 6},
    )  # fmt: skip
    assert resp.status_code == 302
    config = CareerSettings.objects.get(tenant=careers.tenant)
    assert config.education_ceiling == {"S1": "III/c", "S2": "IV/a"}
    assert not config.sanction_blocks_kp and config.kgb_postpone_months == 6
    assert (
        careers.client_for(careers.auditor_user).post(reverse("careers:settings"), {}).status_code
        == 403
    )


def test_sanction_page(careers: World) -> None:
    client = careers.client_for(careers.admin_user)
    resp = client.post(
        reverse("careers:sanctions"),
        {
            "nip": careers.employee.nip,
            "level": "ringan",
            "starts": "2026-01-01",
            "ends": "2026-06-30",
        },
    )
    assert resp.status_code == 302
    assert careers.employee.sanctions.count() == 1
    resp = client.post(
        reverse("careers:sanctions"),
        {"nip": careers.foreigner.nip, "level": "ringan", "starts": "2026-01-01"},
    )
    assert careers.foreigner.sanctions.count() == 0


def test_profile_shows_next_dates(careers: World) -> None:
    page = (
        careers.client_for(careers.employee_user)
        .get(reverse("ui:employee-detail", args=[careers.employee.pk]))
        .content.decode()
    )
    assert 'data-testid="next-kp"' in page and 'data-testid="next-kgb"' in page


def test_tabs_show_only_pages_the_reader_may_open(careers: World) -> None:
    from django.urls import reverse

    talent = reverse("careers:talent")
    head = careers.client_for(careers.head_user)
    page = head.get(reverse("careers:kp")).content.decode()
    assert reverse("careers:kgb") in page and talent not in page
    assert head.get(talent).status_code == 403  # the hidden link would have refused
    admin = careers.client_for(careers.admin_user).get(reverse("careers:kp")).content.decode()
    assert talent in admin and reverse("careers:jpt-list") in admin
