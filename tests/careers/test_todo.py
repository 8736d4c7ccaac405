"""Careers and recruitment on the home page's to-do list: who sees which item, late ones,
other tenants never counted."""

from __future__ import annotations

import datetime as dt

from pamong.careers import services as svc
from pamong.core.actor import actor_for_user
from pamong.core.todo import collect
from pamong.recruitment.models import Candidate
from pamong.recruitment.onboarding import candidate_onboard
from pamong.recruitment.services import selection_load
from tests.careers.conftest import PERIOD, act
from tests.conftest import World
from tests.recruitment.worked import FORMASI, PESERTA, SKB


def _items(world: World, user: object, today: dt.date) -> dict[str, tuple[int, int]]:
    home = collect(actor_for_user(user), today)  # type: ignore[arg-type]
    return {t.key: (t.count, t.overdue) for t in home.todos}


def test_kp_files_wait_on_bkpsdm_and_come_back_to_the_opd(careers: World) -> None:
    head = act(careers.head_user)
    proposal = svc.kp_proposal_create(actor=head, employee=careers.employee, period=PERIOD)
    for doc in proposal.documents.all():
        svc.kp_document_attach(actor=head, document=doc, link=f"https://arsip.example/{doc.code}")
    svc.kp_proposal_submit(actor=head, proposal=proposal)
    before = PERIOD - dt.timedelta(days=1)
    assert _items(careers, careers.admin_user, before)["careers.kp_decide"] == (1, 0)
    assert _items(careers, careers.admin_user, PERIOD)["careers.kp_decide"] == (1, 1)
    for user in (careers.head_user, careers.employee_user, careers.other_admin_user):
        assert "careers.kp_decide" not in _items(careers, user, before)
    svc.kp_proposal_return(actor=act(careers.admin_user), proposal=proposal, reason="SK buram")
    assert _items(careers, careers.head_user, before)["careers.kp_returned"] == (1, 0)
    assert "careers.kp_decide" not in _items(careers, careers.admin_user, before)


def test_cpns_decisions_due_reach_the_selection_staff(world: World) -> None:
    actor = actor_for_user(world.admin_user)
    selection = selection_load(
        actor=actor, code="W", formasi=FORMASI.encode(), peserta=PESERTA.encode(), skb=SKB.encode()
    ).selection
    candidate_onboard(
        actor=actor, candidate=Candidate.objects.get(selection=selection, no_peserta="W001"),
        employee_type="CPNS", nip="199501012026011001", gender="L", golongan="III/a",
        position=world.employee.position, unit=world.bidang, tmt=dt.date(2026, 1, 1),
    )  # fmt: skip
    assert "recruitment.cpns_decision" not in _items(world, world.admin_user, dt.date(2026, 10, 1))
    assert _items(world, world.admin_user, dt.date(2026, 12, 1))["recruitment.cpns_decision"] == (
        1, 0,
    )  # fmt: skip
    assert _items(world, world.admin_user, dt.date(2027, 1, 5))["recruitment.cpns_decision"] == (
        1, 1,
    )  # fmt: skip
    for user in (world.auditor_user, world.other_admin_user, world.employee_user):
        assert "recruitment.cpns_decision" not in _items(world, user, dt.date(2026, 12, 1))
