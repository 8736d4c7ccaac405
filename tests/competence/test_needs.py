"""Needs analysis (AKPK), the IDP chain, and the imports of levels, standards and history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pamong.competence import needs
from pamong.competence.history import history_import
from pamong.competence.models import CompetencyAssessment, DevelopmentPlan, JpEntry
from pamong.core.actor import system_actor
from pamong.core.errors import InputErrors
from pamong.performance.models import Rating
from pamong.performance.selectors import low_predikat_by_employee
from tests.conftest import World

from .helpers import actor


def _rate(world: World, employee, period: str, predikat: str) -> None:  # type: ignore[no-untyped-def]
    Rating.objects.create(
        tenant=world.tenant, employee=employee, period=period, hasil_kerja="sesuai",
        perilaku_kerja="sesuai", predikat=predikat,
    )  # fmt: skip


def test_low_predikat_uses_the_annual_rating_else_the_last_period(world: World) -> None:
    _rate(world, world.employee, "2026-03", "baik")
    _rate(world, world.employee, "2026-11", "butuh_perbaikan")
    _rate(world, world.peer, "2026", "baik")
    _rate(world, world.peer, "2026-12", "sangat_kurang")
    _rate(world, world.supervisor, "2025", "kurang")  # another year
    low = low_predikat_by_employee(world.tenant, 2026)
    assert low == {world.employee.pk: ("2026-11", "butuh_perbaikan")}


def test_needs_combine_predikat_gaps_and_proposals(world: World) -> None:
    system = system_actor(world.tenant)
    _rate(world, world.employee, "2026", "kurang")
    staff = world.employee.position
    standards = (
        "jabatan,jenis_jabatan,kelas,jenis_kompetensi,level\n"
        f"{staff.name},{staff.kind},{staff.kelas},teknis,3\n"
        f"{staff.name},{staff.kind},{staff.kelas},manajerial,1\n"
    )
    assert needs.standards_import(actor=system, data=standards.encode(), source="s.csv") == {
        "created": 2, "updated": 0, "unchanged": 0,
    }  # fmt: skip
    levels = (
        "nip,jenis_kompetensi,level,tanggal\n"
        f"{world.peer.nip},teknis,2,2026-02-01\n"
        f"{world.peer.nip},manajerial,1,2026-02-01\n"
        f"{world.employee.nip},teknis,3,2026-02-01\n"
    )
    assert needs.levels_import(actor=system, data=levels.encode(), source="l.csv")["created"] == 3
    again = needs.levels_import(actor=system, data=levels.encode(), source="l.csv")
    assert again == {"created": 0, "updated": 0, "unchanged": 3}
    needs.proposal_add(
        actor=actor(world.supervisor_user), employee=world.employee,
        year=2026, competency_kind="sosio_kultural", need="Pelayanan publik", kind="coaching",
    )  # fmt: skip
    found = {n.employee.pk: n for n in needs.needs(world.tenant, 2026, None)}
    me, peer = found[world.employee.pk], found[world.peer.pk]
    assert me.predikat == ("2026", "kurang") and me.open_gaps == []
    assert me.proposals[0].proposed_by == "supervisor"
    assert [(g.kind, g.standard, g.level, g.size) for g in peer.open_gaps] == [("teknis", 3, 2, 1)]
    assert world.head.pk not in found  # no need from any source
    page = world.client_for(world.admin_user).get(
        reverse("competence:needs-opd", args=[world.opd.pk]) + "?tahun=2026"
    )
    body = page.content.decode()
    assert world.peer.name in body and "Kurang" in body and "Pelayanan publik" in body


def test_level_import_is_all_or_nothing_with_row_and_column(world: World) -> None:
    data = (
        "nip,jenis_kompetensi,level,tanggal\n"
        f"{world.peer.nip},teknis,2,2026-02-01\n"
        f"{world.peer.nip},teknis,6,2026-02-01\n"
        f"{world.foreigner.nip},gaib,1,2026-02-30\n"
    )
    with pytest.raises(InputErrors) as exc:
        needs.levels_import(actor=system_actor(world.tenant), data=data.encode(), source="l.csv")
    lines = exc.value.lines()
    assert "l.csv:3:level: level harus 1 sampai 5" in lines
    assert any(line.startswith("l.csv:4:nip:") for line in lines)  # other tenant's NIP
    assert any(line.startswith("l.csv:4:jenis_kompetensi:") for line in lines)
    assert any(line.startswith("l.csv:4:tanggal:") for line in lines)
    assert not CompetencyAssessment.objects.exists()


def test_proposals_only_by_self_or_direct_supervisor(world: World) -> None:
    for user in (world.head_user, world.admin_user):
        with pytest.raises(PermissionDenied):
            needs.proposal_add(
                actor=actor(user), employee=world.employee, year=2026,
                competency_kind="teknis", need="x", kind="kursus",
            )  # fmt: skip
    proposal = needs.proposal_add(
        actor=actor(world.employee_user), employee=world.employee, year=2026,
        competency_kind="teknis", need="Analisis data", kind="e_learning",
    )  # fmt: skip
    assert proposal.proposed_by == "self"


def test_idp_is_agreed_by_the_direct_supervisor_only(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 2, 1)
    me = actor(world.employee_user)
    plan = needs.plan_for(me, 2026)
    with pytest.raises(InputErrors):  # an empty plan cannot be sent
        needs.plan_submit(actor=me, plan=plan)
    needs.plan_item_add(
        actor=me, plan=plan, kind="pelatihan", competency_kind="teknis",
        activity="Pelatihan SIASN", jp=16,
    )  # fmt: skip
    needs.plan_submit(actor=me, plan=plan)
    with pytest.raises(InputErrors):  # a sent plan is not edited
        needs.plan_update(actor=me, plan=plan, goals="x")
    for user in (world.employee_user, world.head_user, world.admin_user):
        with pytest.raises(PermissionDenied):
            needs.plan_agree(actor=actor(user), plan=plan, agree=True)
    with pytest.raises(InputErrors):
        needs.plan_agree(actor=actor(world.supervisor_user), plan=plan, agree=False)
    needs.plan_agree(actor=actor(world.supervisor_user), plan=plan, agree=False, note="tambah JP")
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.DRAFT and plan.note == "tambah JP"
    needs.plan_submit(actor=me, plan=plan)
    needs.plan_agree(actor=actor(world.supervisor_user), plan=plan, agree=True)
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.AGREED
    assert plan.agreed_by_id == world.supervisor.pk
    assert needs.plan_progress(plan) == (16, 0)


def test_idp_pages(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 2, 1)
    client = world.client_for(world.employee_user)
    url = reverse("competence:plan") + "?tahun=2026"
    assert client.get(url).status_code == 200
    client.post(url, {"action": "goals", "goals": "Menguasai analisis data"})
    client.post(url, {"action": "item", "activity": "Kursus Python", "kind": "kursus",
                      "competency_kind": "teknis", "jp": "20"})  # fmt: skip
    client.post(url, {"action": "submit"})
    plan = DevelopmentPlan.objects.get(employee=world.employee, year=2026)
    assert plan.status == "submitted" and plan.items.count() == 1
    supervisor = world.client_for(world.supervisor_user)
    team_url = reverse("competence:team-plan", args=[world.employee.pk]) + "?tahun=2026"
    assert "Kursus Python" in supervisor.get(team_url).content.decode()
    supervisor.post(team_url, {"action": "decide", "decision": "approve"})
    plan.refresh_from_db()
    assert plan.status == "agreed"
    # The peer's supervisor is the same, but the OPD head is not the direct supervisor.
    assert world.client_for(world.head_user).get(team_url).status_code == 403
    other = reverse("competence:team-plan", args=[world.foreigner.pk])
    assert supervisor.get(other).status_code == 404


def test_history_import_adds_once_and_reports_conflicts(world: World) -> None:
    system = system_actor(world.tenant)
    data = (
        "nip,kegiatan,bentuk,jp,mulai,selesai,nomor_sertifikat,penyelenggara\n"
        f"{world.employee.nip},Diklat PIM IV,pelatihan,40,2024-03-01,2024-04-30,PIM-1,LAN\n"
        f"{world.employee.nip},Seminar ASN,seminar,8,,2025-05-02,SEM-9,\n"
        f"{world.peer.nip},Bimtek SAKIP,bimtek,16,2025-06-01,2025-06-02,BT-3,BPSDM\n"
    )
    assert history_import(actor=system, data=data.encode(), source="h.csv") == {
        "created": 3, "unchanged": 0,
    }  # fmt: skip
    assert history_import(actor=system, data=data.encode(), source="h.csv") == {
        "created": 0, "unchanged": 3,
    }  # fmt: skip
    years = dict(
        JpEntry.objects.filter(employee=world.employee).values_list("activity_key", "year")
    )
    assert years == {"import:PIM-1": 2024, "import:SEM-9": 2025}
    from pamong.competence.models import JpTotal

    totals = set(JpTotal.objects.values_list("employee_id", "year", "jp"))
    assert totals == {
        (world.employee.pk, 2024, 40), (world.employee.pk, 2025, 8), (world.peer.pk, 2025, 16),
    }  # fmt: skip
    changed = data.replace("Seminar ASN,seminar,8", "Seminar ASN,seminar,12")
    with pytest.raises(InputErrors) as exc:
        history_import(actor=system, data=changed.encode(), source="h.csv")
    assert exc.value.lines()[0].startswith("h.csv:3:nomor_sertifikat:")
    bad = (
        "nip,kegiatan,bentuk,jp,selesai,nomor_sertifikat\n"
        f"{world.employee.nip},X,diklat,0,2025-13-01,\n"
        f"{world.employee.nip},Y,kursus,4,2025-01-01,K-1\n"
        f"{world.employee.nip},Y,kursus,4,2025-01-01,K-1\n"
    )
    with pytest.raises(InputErrors) as exc:
        history_import(actor=system, data=bad.encode(), source="b.csv")
    columns = {(e.row, e.column) for e in exc.value.errors}
    assert {(2, "bentuk"), (2, "jp"), (2, "selesai"), (4, "nomor_sertifikat")} <= columns
    assert JpEntry.objects.count() == 3
    with pytest.raises(PermissionDenied):
        history_import(actor=actor(world.employee_user), data=data.encode(), source="h.csv")


def test_history_command_exit_status_and_messages(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import CommandError, call_command

    path = tmp_path / "riwayat.csv"
    path.write_text("nip,kegiatan,bentuk,jp,selesai,nomor_sertifikat\n1,X,kursus,4,2025-01-01,K\n")
    with pytest.raises(CommandError) as exc:
        call_command("competence_import_history", str(path), tenant="sofifi")
    assert exc.value.returncode == 2
