"""Coaching and mentoring: one plan model with kinds, sessions recorded by the supervisor or
the assigned mentor, audited, and counted as JP in the competence ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from pamong.competence.models import CompetenceSettings, JpEntry, JpTotal
from pamong.competence.pembinaan import activity_key
from pamong.core.actor import actor_for_user
from pamong.core.models import AuditLog
from pamong.performance import pembinaan as pb
from pamong.performance.models import CoachingPlan, CoachingSession
from tests.conftest import Clock, World

pytestmark = pytest.mark.django_db
LATER = dt.date(2026, 12, 31)


def _start(world: World, kind: str = "coaching", user: object = None, **kw: object) -> CoachingPlan:
    data: dict[str, object] = {
        "employee": world.employee,
        "kind": kind,
        "goals": "Menyusun telaah staf\nlebih rinci",
        "actions": "Satu sesi per bulan",
        "follow_up_date": LATER,
        "mentor": world.outsider,
    }
    return pb.plan_start(
        actor=actor_for_user(user or world.supervisor_user),  # type: ignore[arg-type]
        **(data | kw),  # type: ignore[arg-type]
    )


def _session(
    world: World, plan: CoachingPlan, user: object = None, **kw: object
) -> CoachingSession:
    data: dict[str, object] = {
        "held_on": dt.date(2026, 6, 2),
        "minutes": 90,
        "notes": "Membahas struktur telaah",
        "agreed_actions": "Draf baru minggu depan",
    }
    return pb.session_record(
        actor=actor_for_user(user or world.outsider_user),  # type: ignore[attr-defined]
        plan=plan,
        **(data | kw),  # type: ignore[arg-type]
    )


@pytest.fixture
def mentor_world(world: World, clock: Clock) -> World:
    from tests.factories import UserFactory

    clock.set(2026, 6, 15)
    world.outsider_user = UserFactory(  # type: ignore[attr-defined]
        username=world.outsider.nip, tenant=world.tenant, employee=world.outsider
    )
    return world


def _ledger(world: World) -> list[tuple[str, int, int]]:
    return list(
        JpEntry.objects.filter(employee=world.employee)
        .order_by("activity_key")
        .values_list("activity_key", "year", "jp")
    )


def _total(world: World, year: int) -> int:
    row = JpTotal.objects.filter(employee=world.employee, year=year).first()
    return row.jp if row else 0


def test_follow_up_is_unique_per_period_coaching_repeats(mentor_world: World) -> None:
    w = mentor_world
    base = {"tenant": w.tenant, "employee": w.employee, "period": "2026-03"}
    text = {"goals": "g", "actions": "a", "follow_up_date": LATER}
    CoachingPlan.objects.create(**base, **text, predikat="kurang")
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingPlan.objects.create(**base, **text, predikat="kurang")
    CoachingPlan.objects.create(**base, **text, kind="coaching")
    CoachingPlan.objects.create(**base, **text, kind="coaching")
    CoachingPlan.objects.create(**base, **text, kind="mentoring")
    assert CoachingPlan.objects.filter(employee=w.employee).count() == 4
    assert CoachingPlan.objects.get(predikat="kurang").kind == "tindak_lanjut"


def test_session_minutes_are_checked_by_the_database(mentor_world: World) -> None:
    plan = _start(mentor_world)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingSession.objects.create(
            tenant=plan.tenant, plan=plan, held_on=dt.date(2026, 6, 1), minutes=0, notes="x"
        )


def test_start_rules_and_audit(mentor_world: World) -> None:
    w = mentor_world
    plan = _start(w)
    assert (plan.kind, plan.period, plan.predikat, plan.mentor) == (
        "coaching",
        "2026",
        "",
        w.outsider,
    )
    entry = AuditLog.objects.get(action="performance.coaching.started")
    assert entry.object_id == str(plan.pk) and entry.data["kind"] == "coaching"
    with pytest.raises(PermissionDenied):
        _start(w, user=w.employee_user)  # not oneself
    with pytest.raises(PermissionDenied):
        _start(w, user=w.outsider_user)  # type: ignore[attr-defined]  # not their coach
    with pytest.raises(ValidationError, match="coaching atau mentoring"):
        _start(w, kind="tindak_lanjut")
    with pytest.raises(ValidationError, match="dirinya sendiri"):
        _start(w, mentor=w.employee)
    with pytest.raises(ValidationError, match="Mentor tidak ditemukan"):
        _start(w, mentor=w.foreigner)
    # Without a mentor the supervisor runs it; BKPSDM may start one too.
    assert _start(w, kind="mentoring", user=w.admin_user, mentor=None).mentor is None


def test_who_records_sessions(mentor_world: World) -> None:
    w = mentor_world
    plan = _start(w)
    _session(w, plan)  # the assigned mentor
    _session(w, plan, user=w.supervisor_user)  # the supervisor
    _session(w, plan, user=w.admin_user)  # BKPSDM
    for user in (w.employee_user, w.auditor_user, w.finance_user):
        with pytest.raises(PermissionDenied):
            _session(w, plan, user=user)
    with pytest.raises(PermissionDenied):
        _session(w, plan, user=w.other_admin_user)  # other tenant: not theirs
    assert plan.sessions.count() == 3
    assert AuditLog.objects.filter(action="performance.coaching.session_recorded").count() == 3
    with pytest.raises(ValidationError, match="masa depan"):
        _session(w, plan, held_on=dt.date(2026, 6, 16))
    with pytest.raises(ValidationError, match="Durasi"):
        _session(w, plan, minutes=0)
    with pytest.raises(ValidationError, match="Catatan"):
        _session(w, plan, notes=" ")


def test_reading_plans(mentor_world: World) -> None:
    w = mentor_world
    plan = _start(w)
    for user in (w.employee_user, w.outsider_user, w.supervisor_user, w.auditor_user):  # type: ignore[attr-defined]
        assert pb.get_plan(actor_for_user(user), plan.pk) == plan
    with pytest.raises(PermissionDenied):
        pb.get_plan(actor_for_user(w.finance_user), plan.pk)
    with pytest.raises(Http404):
        pb.get_plan(actor_for_user(w.other_admin_user), plan.pk)
    session = _session(w, plan)
    with pytest.raises(Http404):
        pb.get_session(actor_for_user(w.other_admin_user), session.pk)
    mentor_list = pb.plans_visible_to(actor_for_user(w.outsider_user))  # type: ignore[attr-defined]
    assert list(mentor_list) == [plan]
    assert list(pb.plans_visible_to(actor_for_user(w.employee_user))) == [plan]
    assert list(pb.plans_visible_to(actor_for_user(w.finance_user))) == []


def test_sessions_count_as_jp_under_the_default_rule(mentor_world: World, clock: Clock) -> None:
    w = mentor_world
    plan = _start(w)
    key = activity_key(plan.pk, 2026)
    first = _session(w, plan)
    # UNCONFIRMED default for coaching: 2 JP per session, at most 20 per activity.
    assert _ledger(w) == [(key, 2026, 2)]
    entry = JpEntry.objects.get(activity_key=key)
    assert (entry.source, entry.kind, entry.title) == (
        "pembinaan",
        "coaching",
        "Menyusun telaah staf",
    )
    assert entry.completed_on == dt.date(2026, 6, 2) and entry.opd_id == w.employee.opd_id
    second = _session(w, plan, held_on=dt.date(2026, 6, 9))
    assert _ledger(w) == [(key, 2026, 4)] and _total(w, 2026) == 4
    # A session is never dated before the plan's year: it would add JP to a year already
    # reported (the plan started in 2026).
    with pytest.raises(ValidationError, match="sebelum tahun pembinaan"):
        pb.session_update(
            actor=actor_for_user(w.outsider_user),  # type: ignore[attr-defined]
            session=second, held_on=dt.date(2025, 12, 20), minutes=60, notes="Sesi lama",
        )  # fmt: skip
    # The plan runs into January: editing into the new year moves that session's JP to the
    # new year's row.
    clock.set(2027, 1, 10)
    pb.session_update(
        actor=actor_for_user(w.outsider_user),  # type: ignore[attr-defined]
        session=second,
        held_on=dt.date(2027, 1, 5),
        minutes=60,
        notes="Sesi awal tahun",
    )
    assert _ledger(w) == [(key, 2026, 2), (activity_key(plan.pk, 2027), 2027, 2)]
    assert (_total(w, 2026), _total(w, 2027)) == (2, 2)
    assert AuditLog.objects.filter(action="performance.coaching.session_updated").count() == 1
    # Deleting removes the row once nothing is left in that year, and the total drops to 0.
    pb.session_delete(actor=actor_for_user(w.supervisor_user), session=first)
    assert _ledger(w) == [(activity_key(plan.pk, 2027), 2027, 2)] and _total(w, 2026) == 0
    assert AuditLog.objects.filter(action="performance.coaching.session_deleted").count() == 1


def test_sessions_follow_the_tenants_rule_and_cap(mentor_world: World) -> None:
    w = mentor_world
    CompetenceSettings.objects.create(
        tenant=w.tenant,
        recognition={
            "coaching": {"basis": "minutes", "cap": 3},
            "mentoring": {"basis": "session", "jp": 5, "cap": 0},
        },
    )
    coaching = _start(w)
    _session(w, coaching, minutes=100)  # 100 // 45 = 2 JP
    assert _ledger(w) == [(activity_key(coaching.pk, 2026), 2026, 2)]
    _session(w, coaching, minutes=100)  # 200 // 45 = 4, capped at 3
    assert _ledger(w) == [(activity_key(coaching.pk, 2026), 2026, 3)]
    mentoring = _start(w, kind="mentoring")
    for day in (1, 2, 3):
        _session(w, mentoring, held_on=dt.date(2026, 5, day), minutes=30)
    assert dict((k, jp) for k, _y, jp in _ledger(w))[activity_key(mentoring.pk, 2026)] == 15
    assert _total(w, 2026) == 18
    # Sending the signal again (a retried task, a re-run) changes nothing.
    pb._notify(mentoring, {2026})
    assert _total(w, 2026) == 18 and JpEntry.objects.filter(employee=w.employee).count() == 2


def test_below_one_jp_leaves_no_row(mentor_world: World) -> None:
    w = mentor_world
    CompetenceSettings.objects.create(
        tenant=w.tenant, recognition={"coaching": {"basis": "minutes", "cap": 0}}
    )
    _session(w, _start(w), minutes=30)
    assert _ledger(w) == [] and _total(w, 2026) == 0


def test_close_with_outcome(mentor_world: World) -> None:
    w = mentor_world
    plan = _start(w)
    _session(w, plan)
    with pytest.raises(ValidationError, match="Hasil pembinaan"):
        pb.plan_close(actor=actor_for_user(w.outsider_user), plan=plan, outcome=" ")  # type: ignore[attr-defined]
    with pytest.raises(PermissionDenied):
        pb.plan_close(actor=actor_for_user(w.employee_user), plan=plan, outcome="Selesai")
    pb.plan_close(actor=actor_for_user(w.outsider_user), plan=plan, outcome="Telaah rapi")  # type: ignore[attr-defined]
    plan.refresh_from_db()
    assert (plan.status, plan.outcome) == ("closed", "Telaah rapi")
    assert AuditLog.objects.get(action="performance.coaching.closed").after["status"] == "closed"
    with pytest.raises(ValidationError, match="sudah selesai"):
        _session(w, plan)
    assert _total(w, 2026) == 2  # the JP of its sessions stay


def test_follow_up_plan_sessions_count_as_coaching(mentor_world: World) -> None:
    w = mentor_world
    plan = CoachingPlan.objects.create(
        tenant=w.tenant, employee=w.employee, period="2026-03", predikat="kurang",
        goals="Laporan tepat waktu", actions="a", follow_up_date=LATER,
    )  # fmt: skip
    _session(w, plan, user=w.supervisor_user)
    assert JpEntry.objects.get(employee=w.employee).kind == "coaching"
    with pytest.raises(PermissionDenied):
        _session(w, plan)  # no mentor assigned here: the outsider has no say


def test_the_follow_up_form_cannot_change_a_mentoring_plan(mentor_world: World) -> None:
    from pamong.performance import followup as fu

    w = mentor_world
    plan = _start(w, "mentoring")
    with pytest.raises(ValidationError, match="halaman pembinaan"):
        fu.coaching_update(
            actor=actor_for_user(w.supervisor_user), plan=plan, goals="x" * 20,
            actions="y" * 20, follow_up_date=plan.follow_up_date, outcome="Selesai", close=True,
        )  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == CoachingPlan.Status.OPEN
