"""BKPSDM pages for formasi planning and onboarding, and the weekly CPNS -> PNS reminder:
roles, tenants, the result of each action."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.core.actor import actor_for_user
from pamong.recruitment.models import Candidate, FormasiNeed, Onboarding
from pamong.recruitment.onboarding import candidate_onboard, remind_decisions
from pamong.recruitment.services import selection_load
from tests.conftest import Clock, World
from tests.recruitment.worked import FORMASI, PESERTA, SKB


def _selection(world: World):  # type: ignore[no-untyped-def]
    actor = actor_for_user(world.admin_user)
    return selection_load(
        actor=actor, code="W", formasi=FORMASI.encode(), peserta=PESERTA.encode(), skb=SKB.encode()
    ).selection


def test_formasi_page_loads_the_abk_and_shows_the_proposal(world: World, clock: Clock) -> None:
    clock.set(2026, 3, 2)
    admin = world.client_for(world.admin_user)
    url = reverse("recruitment:formasi")
    jabatan = world.employee.position.name
    good = f"kode_opd,jabatan,kebutuhan\n1.01,{jabatan},9\n".encode()
    resp = admin.post(url, {"year": 2027, "file": SimpleUploadedFile("abk.csv", good)}, follow=True)
    assert "ABK 2027 dimuat: 1 baru" in resp.content.decode()
    assert FormasiNeed.objects.filter(tenant=world.tenant, year=2027, needed=9).exists()
    page = admin.get(url, {"year": 2027}).content.decode()
    assert jabatan in page and '<td class="num">9</td>' in page
    csv = admin.get(url, {"year": 2027, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().startswith("kode_opd,jabatan,kebutuhan")
    bad = b"kode_opd,jabatan,kebutuhan\n9.99,X,-1\n"
    resp = admin.post(url, {"year": 2027, "file": SimpleUploadedFile("abk.csv", bad)})
    body = resp.content.decode()
    assert "abk.csv:2:kode_opd" in body and "abk.csv:2:kebutuhan" in body
    for user in (world.auditor_user, world.employee_user, world.head_user):
        assert world.client_for(user).get(url).status_code == 403
    other = world.client_for(world.other_admin_user).get(url, {"year": 2027}).content.decode()
    assert '<td class="num">9</td>' not in other  # Sofifi's ABK is not Kupang's


def test_onboard_from_the_candidate_page_and_tick_the_checklist(world: World, clock: Clock) -> None:
    clock.set(2026, 3, 2)
    selection = _selection(world)
    passed = Candidate.objects.get(selection=selection, no_peserta="W001")
    admin = world.client_for(world.admin_user)
    assert (
        reverse("recruitment:onboard", args=[passed.pk])
        in admin.get(reverse("recruitment:candidate", args=[passed.pk])).content.decode()
    )
    form = {
        "employee_type": "CPNS", "nip": "199501012026011001", "gender": "L",
        "golongan": "III/a", "position": world.employee.position.pk, "unit": world.bidang.pk,
        "tmt": "2026-03-01", "contract_years": 5,
    }  # fmt: skip
    url = reverse("recruitment:onboard", args=[passed.pk])
    assert world.client_for(world.auditor_user).post(url, form).status_code == 403
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    resp = admin.post(url, form, follow=True)
    assert "Peserta W001 diangkat sebagai CPNS" in resp.content.decode()
    row = Onboarding.objects.get(candidate=passed)
    assert row.due_date == dt.date(2027, 3, 1)
    listing = reverse("recruitment:onboarding")
    resp = admin.post(listing, {"pk": row.pk, "item": "latsar"}, follow=True)
    assert "selesai dicatat untuk Peserta W001" in resp.content.decode()
    row.refresh_from_db()
    assert row.done == {"latsar": "2026-03-02"}
    other = world.client_for(world.other_admin_user)
    assert other.post(listing, {"pk": row.pk, "item": "sk"}).status_code == 404
    assert "Peserta W001" not in other.get(listing).content.decode()
    assert world.client_for(world.employee_user).get(listing).status_code == 403


def test_cpns_decision_reminder_once_a_week_until_decided(world: World, clock: Clock) -> None:
    world.admin_user.email = "bkpsdm@sofifi.example"
    world.admin_user.save()
    actor = actor_for_user(world.admin_user)
    selection = _selection(world)
    passed = Candidate.objects.get(selection=selection, no_peserta="W001")
    row = candidate_onboard(
        actor=actor, candidate=passed, employee_type="CPNS", nip="199501012026011001",
        gender="L", golongan="III/a", position=world.employee.position, unit=world.bidang,
        tmt=dt.date(2026, 1, 1),
    )  # fmt: skip
    assert remind_decisions(tenant=world.tenant, today=dt.date(2026, 10, 1)) == 0  # too early
    assert remind_decisions(tenant=world.tenant, today=dt.date(2026, 11, 2)) == 1
    assert "Peserta W001" in mail.outbox[-1].body and mail.outbox[-1].to == [
        "bkpsdm@sofifi.example"
    ]
    assert remind_decisions(tenant=world.tenant, today=dt.date(2026, 11, 5)) == 0  # same week
    assert remind_decisions(tenant=world.tenant, today=dt.date(2026, 11, 9)) == 1
    assert remind_decisions(tenant=world.other_tenant, today=dt.date(2026, 11, 16)) == 0
    row.done = {"decision": "2026-11-10"}
    row.save()
    assert remind_decisions(tenant=world.tenant, today=dt.date(2026, 11, 16)) == 0
    clock.set(2026, 11, 30)
    from pamong.recruitment.tasks import remind_cpns_decisions

    assert remind_cpns_decisions() == 0
