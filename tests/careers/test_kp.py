"""KP due list (set-based, edge dates) and the proposal path OPD -> BKPSDM -> decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pamong.careers import selectors as sel
from pamong.careers import services as svc
from pamong.careers.models import KpStatus, Sanction
from pamong.core.actor import system_actor
from pamong.org.models import Employee, EmployeeHistory
from pamong.tpp.engine import tax_group
from tests.careers.conftest import PERIOD, PLAN_QUERIES, act, rate, set_facts
from tests.conftest import World
from tests.factories import EmployeeFactory

D = dt.date


def due_ids(world: World, period: dt.date) -> dict[int, sel.KpRow]:
    return {r.employee_id: r for r in sel.kp_due(act(world.admin_user), period)}


def test_due_on_the_period_four_years_after_tmt(careers: World) -> None:
    rows = due_ids(careers, PERIOD)
    row = rows[careers.employee.pk]
    assert row.verdict.target == "III/a"
    assert row.verdict.blockers == ()
    assert row.documents_missing is None and not row.verdict.ready
    assert careers.peer.pk not in rows  # no TMT pangkat: not listed


def test_one_day_short_is_due_the_next_period(careers: World) -> None:
    set_facts(careers.employee, tmt_pangkat=D(2022, 4, 2))
    assert careers.employee.pk not in due_ids(careers, PERIOD)
    assert careers.employee.pk in due_ids(careers, D(2026, 5, 1))


def test_leap_day_tmt(careers: World) -> None:
    set_facts(careers.employee, tmt_pangkat=D(2020, 2, 29))
    for year in (2022, 2023):
        rate(careers.employee, year)
    # Six periods in 2024: 1 February 2024 is short of four years, 1 April is not.
    assert careers.employee.pk not in due_ids(careers, D(2024, 2, 1))
    assert careers.employee.pk in due_ids(careers, D(2024, 4, 1))
    set_facts(careers.employee, tmt_pangkat=D(2024, 2, 29))
    assert careers.employee.pk not in due_ids(careers, D(2028, 2, 1))
    assert careers.employee.pk in due_ids(careers, D(2028, 3, 1))


@pytest.mark.parametrize(("ends", "blocked"), [(D(2026, 3, 31), False), (D(2026, 4, 1), True)])
def test_sanction_ending_the_day_before_the_period_does_not_block(
    careers: World, ends: dt.date, blocked: bool
) -> None:
    Sanction.objects.create(
        tenant=careers.tenant, employee=careers.employee, level="sedang",
        starts=D(2025, 4, 1), ends=ends,
    )  # fmt: skip
    row = due_ids(careers, PERIOD)[careers.employee.pk]
    assert row.sanctioned is blocked
    assert ("sedang menjalani hukuman disiplin" in row.verdict.blockers) is blocked


def test_weak_predikat_and_education_ceiling_block(careers: World) -> None:
    from pamong.performance.models import Rating

    Rating.objects.filter(employee=careers.employee, period="2025").update(
        predikat="butuh_perbaikan"
    )
    row = due_ids(careers, PERIOD)[careers.employee.pk]
    assert row.verdict.blockers == ("predikat tahun 2025 di bawah Baik",)
    Rating.objects.filter(employee=careers.employee, period="2025").update(predikat="baik")
    set_facts(careers.employee, education="SLTA", golongan="III/b")
    assert careers.employee.pk not in due_ids(careers, PERIOD)  # at the ceiling: not due
    set_facts(careers.employee, education="SLTA", golongan="III/a")
    assert due_ids(careers, PERIOD)[careers.employee.pk].verdict.target == "III/b"
    set_facts(careers.employee, education="")
    row = due_ids(careers, PERIOD)[careers.employee.pk]
    assert row.verdict.blockers == ("pendidikan terakhir belum diisi",)


def test_due_list_is_set_based(careers: World, django_assert_num_queries: Any) -> None:
    actor = act(careers.admin_user)

    def add(n: int) -> None:
        for _ in range(n):
            e = EmployeeFactory(
                tenant=careers.tenant, unit=careers.bidang, position=careers.employee.position,
                golongan="III/a", education="S1", tmt_pangkat=D(2021, 1, 1),
            )  # fmt: skip
            rate(e, 2025)
            svc.kp_proposal_create(actor=actor, employee=e, period=PERIOD)

    add(2)
    with django_assert_num_queries(3 + PLAN_QUERIES) as small:
        sel.kp_due(actor, PERIOD)
    add(10)
    with django_assert_num_queries(len(small.captured_queries)):
        rows = sel.kp_due(actor, PERIOD)
    assert len(rows) == 13


def test_opd_head_sees_own_opd_only_and_staff_nothing(careers: World) -> None:
    outsider = set_facts(
        careers.outsider, golongan="III/a", education="S1", tmt_pangkat=D(2020, 1, 1)
    )
    head_rows = {r.employee_id for r in sel.kp_due(act(careers.head_user), PERIOD)}
    assert careers.employee.pk in head_rows and outsider.pk not in head_rows
    assert outsider.pk in due_ids(careers, PERIOD)
    with pytest.raises(PermissionDenied):
        sel.kp_due(act(careers.employee_user), PERIOD)
    other = {r.employee_id for r in sel.kp_due(act(careers.other_admin_user), PERIOD)}
    assert careers.employee.pk not in other


def _complete_file(world: World) -> Any:
    head = act(world.head_user)
    proposal = svc.kp_proposal_create(actor=head, employee=world.employee, period=PERIOD)
    for doc in proposal.documents.all():
        svc.kp_document_attach(actor=head, document=doc, link=f"https://arsip.example/{doc.code}")
    return proposal


def test_full_path_decision_moves_golongan_history_and_tax_group(
    careers: World, clock: Any
) -> None:
    admin = act(careers.admin_user)
    proposal = _complete_file(careers)
    codes = {d.code for d in proposal.documents.all()}
    assert codes == {"sk_pangkat", "skp", "ijazah"}  # pelaksana: no PAK, no SK jabatan
    with pytest.raises(ValidationError):
        svc.kp_proposal_verify(actor=admin, proposal=proposal)  # not submitted yet
    svc.kp_proposal_submit(actor=act(careers.head_user), proposal=proposal)
    with pytest.raises(ValidationError, match="belum diperiksa"):
        svc.kp_proposal_verify(actor=admin, proposal=proposal)
    for doc in proposal.documents.all():
        svc.kp_document_check(actor=admin, document=doc, verified=True)
    with pytest.raises(PermissionDenied):
        svc.kp_proposal_verify(actor=act(careers.head_user), proposal=proposal)
    svc.kp_proposal_verify(actor=admin, proposal=proposal)
    assert due_ids(careers, PERIOD)[careers.employee.pk].verdict.ready
    svc.kp_decide(
        actor=admin, proposal=proposal, sk_number="800/KP/2026/14", sk_date=D(2026, 3, 10),
        new_golongan="III/a", tmt=PERIOD,
    )  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.status == KpStatus.DECIDED and not proposal.applied
    assert Employee.objects.get(pk=careers.employee.pk).golongan == "II/d"  # TMT not yet
    clock.set(2026, 4, 1)
    assert svc.kp_apply_due(actor=system_actor(careers.tenant)) == 1
    employee = Employee.objects.get(pk=careers.employee.pk)
    assert (employee.golongan, employee.tmt_pangkat) == ("III/a", PERIOD)
    assert tax_group(employee.employee_type, employee.golongan) == "III"
    history = EmployeeHistory.objects.filter(employee=employee, kind="golongan")
    current = history.get(valid_to__isnull=True)
    assert (current.value, current.valid_from) == ("III/a", PERIOD)
    assert not due_ids(careers, PERIOD).get(employee.pk)
    assert svc.kp_apply_due(actor=system_actor(careers.tenant)) == 0  # idempotent


def test_decision_with_past_tmt_applies_at_once(careers: World) -> None:
    admin = act(careers.admin_user)
    proposal = _complete_file(careers)
    svc.kp_proposal_submit(actor=admin, proposal=proposal)
    for doc in proposal.documents.all():
        svc.kp_document_check(actor=admin, document=doc, verified=True)
    svc.kp_proposal_verify(actor=admin, proposal=proposal)
    with pytest.raises(ValidationError):
        svc.kp_decide(
            actor=admin, proposal=proposal, sk_number="x", sk_date=D(2026, 3, 1),
            new_golongan="II/c", tmt=PERIOD,
        )  # fmt: skip
    with pytest.raises(ValidationError):  # before the period
        svc.kp_decide(
            actor=admin, proposal=proposal, sk_number="x", sk_date=D(2026, 3, 1),
            new_golongan="III/a", tmt=D(2026, 3, 1),
        )  # fmt: skip


def test_submit_needs_every_document(careers: World) -> None:
    head = act(careers.head_user)
    proposal = svc.kp_proposal_create(actor=head, employee=careers.employee, period=PERIOD)
    with pytest.raises(ValidationError, match="dokumen belum lengkap"):
        svc.kp_proposal_submit(actor=head, proposal=proposal)


def test_create_refuses_non_periods_and_outsiders(careers: World) -> None:
    admin = act(careers.admin_user)
    with pytest.raises(ValidationError):
        svc.kp_proposal_create(actor=admin, employee=careers.employee, period=D(2026, 4, 2))
    with pytest.raises(PermissionDenied):
        svc.kp_proposal_create(
            actor=act(careers.supervisor_user), employee=careers.employee, period=PERIOD
        )
    with pytest.raises(PermissionDenied):
        svc.kp_proposal_create(
            actor=act(careers.other_admin_user), employee=careers.employee, period=PERIOD
        )


def test_return_needs_a_reason_and_reopens_the_file(careers: World) -> None:
    admin = act(careers.admin_user)
    proposal = _complete_file(careers)
    svc.kp_proposal_submit(actor=admin, proposal=proposal)
    with pytest.raises(ValidationError):
        svc.kp_proposal_return(actor=admin, proposal=proposal, reason=" ")
    svc.kp_proposal_return(actor=admin, proposal=proposal, reason="SK pangkat buram")
    proposal.refresh_from_db()
    assert proposal.status == KpStatus.RETURNED and proposal.note == "SK pangkat buram"
    doc = proposal.documents.first()
    assert doc is not None
    svc.kp_document_attach(actor=act(careers.head_user), document=doc, link="https://x.example/a")


def test_daily_task_applies_due_decisions(careers: World, clock: Any) -> None:
    from pamong.careers.tasks import apply_kp_tmt

    admin = act(careers.admin_user)
    proposal = _complete_file(careers)
    svc.kp_proposal_submit(actor=admin, proposal=proposal)
    for doc in proposal.documents.all():
        svc.kp_document_check(actor=admin, document=doc, verified=True)
    svc.kp_proposal_verify(actor=admin, proposal=proposal)
    svc.kp_decide(
        actor=admin, proposal=proposal, sk_number="1", sk_date=D(2026, 3, 10),
        new_golongan="III/a", tmt=PERIOD,
    )  # fmt: skip
    assert apply_kp_tmt() == 0
    clock.set(2026, 4, 1, hour=0, minute=30)  # already 1 April in Sofifi (WIT)
    assert apply_kp_tmt() == 1
    assert Employee.objects.get(pk=careers.employee.pk).golongan == "III/a"
