"""Tindak lanjut: candidate lists per scope, coaching plans created, tracked and audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pamong.core.actor import actor_for_user
from pamong.core.models import AuditLog
from pamong.org.models import Employee
from pamong.performance import followup as fu
from pamong.performance.models import CoachingPlan, Rating
from tests.conftest import World
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
PERIOD = "2026-03"
LATER = dt.date(2099, 1, 15)


def _rate(world: World, employee: Employee, predikat: str, period: str = PERIOD) -> Rating:
    return Rating.objects.create(
        tenant=employee.tenant,
        employee=employee,
        period=period,
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
        predikat=predikat,
    )


def _plan(world: World, user: object = None, **kwargs: object) -> CoachingPlan:
    data: dict[str, object] = {
        "employee": world.employee,
        "period": PERIOD,
        "goals": "Ketepatan waktu laporan",
        "actions": "Pendampingan mingguan",
        "follow_up_date": LATER,
    }
    return fu.coaching_create(
        actor=actor_for_user(user or world.supervisor_user),  # type: ignore[arg-type]
        **(data | kwargs),  # type: ignore[arg-type]
    )


def test_lists_per_scope(world: World) -> None:
    _rate(world, world.employee, "kurang")
    _rate(world, world.peer, "sangat_baik")
    _rate(world, world.outsider, "sangat_kurang")
    _rate(world, world.employee, "sangat_baik", period="2026-04")
    sup = actor_for_user(world.supervisor_user)
    assert [r.employee for r in fu.ratings_in_scope(sup, PERIOD, fu.NEEDS_COACHING)] == [
        world.employee
    ]
    assert [r.employee for r in fu.ratings_in_scope(sup, PERIOD, fu.RECOGNITION)] == [world.peer]
    admin = actor_for_user(world.admin_user)
    assert {r.employee for r in fu.ratings_in_scope(admin, PERIOD, fu.NEEDS_COACHING)} == {
        world.employee,
        world.outsider,
    }
    head = actor_for_user(world.head_user)  # heads the first OPD only
    assert world.outsider not in {
        r.employee for r in fu.ratings_in_scope(head, PERIOD, fu.NEEDS_COACHING)
    }
    with pytest.raises(PermissionDenied):
        fu.ratings_in_scope(actor_for_user(world.employee_user), PERIOD, fu.RECOGNITION)


def test_coaching_plan_rules(world: World) -> None:
    with pytest.raises(ValidationError, match="butuh perbaikan"):
        _plan(world)  # no rating at all
    _rate(world, world.employee, "baik")
    with pytest.raises(ValidationError, match="butuh perbaikan"):
        _plan(world)
    Rating.objects.filter(employee=world.employee).update(predikat="butuh_perbaikan")
    with pytest.raises(PermissionDenied):
        _plan(world, world.employee_user)  # not oneself
    with pytest.raises(PermissionDenied):
        _plan(world, world.auditor_user)
    with pytest.raises(PermissionDenied):
        _plan(world, world.other_admin_user)
    with pytest.raises(ValidationError) as exc:
        _plan(world, goals=" ", actions="", follow_up_date=dt.date(2020, 1, 1))
    assert len(exc.value.messages) == 3
    assert not CoachingPlan.objects.exists()
    plan = _plan(world)
    assert (plan.predikat, plan.coach, plan.status) == ("butuh_perbaikan", world.supervisor, "open")
    assert AuditLog.objects.filter(action="performance.coaching.created").count() == 1
    with pytest.raises(ValidationError, match="sudah ada"):
        _plan(world, world.admin_user)


def test_tracking_and_closing(world: World) -> None:
    _rate(world, world.employee, "sangat_kurang")
    plan = _plan(world)
    head = actor_for_user(world.head_user)
    common = {"goals": plan.goals, "actions": "Pendampingan dan pelatihan", "follow_up_date": LATER}
    fu.coaching_update(actor=head, plan=plan, **common)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Hasil pembinaan wajib"):
        fu.coaching_update(actor=head, plan=plan, close=True, **common)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        fu.coaching_update(
            actor=actor_for_user(world.employee_user),
            plan=plan,
            **common,  # type: ignore[arg-type]
        )
    fu.coaching_update(
        actor=head,
        plan=plan,
        outcome="Laporan tepat waktu",
        close=True,
        **common,  # type: ignore[arg-type]
    )
    plan.refresh_from_db()
    assert (plan.status, plan.outcome) == ("closed", "Laporan tepat waktu")
    with pytest.raises(ValidationError, match="sudah selesai"):
        fu.coaching_update(actor=head, plan=plan, **common)  # type: ignore[arg-type]
    actions = list(
        AuditLog.objects.filter(action__startswith="performance.coaching").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "performance.coaching.closed",
        "performance.coaching.created",
        "performance.coaching.updated",
    ]


def test_followup_page(world: World, django_assert_max_num_queries: object) -> None:
    for _ in range(4):
        _rate(world, EmployeeFactory(tenant=world.tenant, unit=world.bidang), "kurang")
        _rate(world, EmployeeFactory(tenant=world.tenant, unit=world.bidang), "sangat_baik")
    _rate(world, world.employee, "kurang")
    _plan(world)
    url = reverse("performance:followup")
    client = world.client_for(world.admin_user)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        page = client.get(url, {"period": PERIOD})
    assert page.status_code == 200
    assert reverse("performance:coaching", args=[CoachingPlan.objects.get().pk]) in page.text
    assert page.text.count("Susun pembinaan") == 4
    assert world.client_for(world.employee_user).get(url).status_code == 403
    assert client.post(url).status_code == 405
    foreign = world.client_for(world.other_admin_user).get(url, {"period": PERIOD})
    assert world.employee.name not in foreign.text


def test_coaching_pages(world: World) -> None:
    _rate(world, world.employee, "kurang")
    new_url = reverse("performance:coaching-new", args=[world.employee.pk]) + f"?period={PERIOD}"
    boss = world.client_for(world.supervisor_user)
    assert boss.get(new_url).status_code == 200
    bad = boss.post(new_url, {"goals": "x", "actions": "y", "follow_up_date": "2020-01-01"})
    assert bad.status_code == 200 and "masa lalu" in bad.text
    response = boss.post(new_url, {"goals": "x", "actions": "y", "follow_up_date": "2099-01-01"})
    plan = CoachingPlan.objects.get()
    assert response["Location"] == reverse("performance:coaching", args=[plan.pk])
    assert world.client_for(world.employee_user).get(new_url).status_code == 403
    assert world.client_for(world.other_admin_user).get(new_url).status_code == 404
    detail = reverse("performance:coaching", args=[plan.pk])
    own = world.client_for(world.employee_user)
    assert own.get(detail).status_code == 200  # the employee reads their own plan
    assert own.post(detail, {}).status_code == 403
    assert world.client_for(world.other_admin_user).get(detail).status_code == 404
    assert boss.delete(detail).status_code == 405
    data = {"goals": "x", "actions": "y", "follow_up_date": "2099-01-01", "outcome": "Baik"}
    assert boss.post(detail, data | {"close": "on"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "closed"


def test_no_link_to_a_coaching_form_the_person_may_not_open(world: World) -> None:
    """Issue 12 §3: the auditor reads the list but may not coach; the link would be a 403."""
    _rate(world, world.employee, "kurang")
    url = reverse("performance:followup")
    new_url = reverse("performance:coaching-new", args=[world.employee.pk])
    auditor = world.client_for(world.auditor_user)
    page = auditor.get(url, {"period": PERIOD})
    assert page.status_code == 200 and world.employee.name in page.text
    assert new_url not in page.text and "Susun pembinaan" not in page.text
    assert "Belum ada rencana" in page.text
    assert auditor.get(new_url).status_code == 403  # what the hidden link led to
    for user in (world.admin_user, world.supervisor_user):  # they may coach: link shown
        page = world.client_for(user).get(url, {"period": PERIOD})
        assert f"{new_url}?period={PERIOD}" in page.text
