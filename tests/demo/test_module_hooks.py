"""The SKP, rating, leave and participation demo hooks: data a demo user can click through."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.utils import timezone
from django_scopes import scope

from pamong.appraisal import demo as appraisal_demo
from pamong.appraisal.models import Evaluation, Realisation, Rhk, Skp
from pamong.attendance.models import Leave
from pamong.core.models import AuditLog, Tenant
from pamong.demo import generator
from pamong.demo.data import preset_for
from pamong.demo.generator import TenantResult, generate_tenant
from pamong.leave import demo as leave_demo
from pamong.leave.models import LeaveRequest, OpeningBalance
from pamong.org.models import Employee
from pamong.org.personas import chain_sample, personas
from pamong.participation import demo as participation_demo
from pamong.participation.models import Complaint, Forum, SkmResponse, SkmService
from pamong.performance import demo as performance_demo
from pamong.performance.models import Rating
from pamong.tpp.models import TppRun

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
MONTHS = ["2026-09", "2026-10"]
NEW_HOOKS = ("pamong.leave.demo", "pamong.appraisal.demo", "pamong.performance.demo")


def make(slug: str = "sofifi", months: list[str] | None = MONTHS, **kw: object) -> TenantResult:
    preset = preset_for(slug, None, None, 90)
    return generate_tenant(preset, today=TODAY, months=months, strict_hooks=True, **kw)  # type: ignore[arg-type]


@pytest.fixture
def result() -> TenantResult:
    return make()


def test_every_hook_runs_ok_and_ratings_come_before_tpp(result: TenantResult) -> None:
    names = list(result.hooks)
    assert set(result.hooks.values()) == {"ok"}
    assert set(NEW_HOOKS) | {"pamong.participation.demo"} <= set(names)
    # TPP reads the ratings and the leave calendar: those hooks must run first.
    assert names.index("pamong.appraisal.demo") < names.index("pamong.tpp.demo")
    assert names.index("pamong.performance.demo") < names.index("pamong.tpp.demo")
    assert names.index("pamong.attendance.demo") < names.index("pamong.leave.demo")
    entry = AuditLog.objects.get(tenant=result.tenant, action="demo.tenant.generated")
    assert entry.data["hooks"] == result.hooks


def test_the_persona_chain_has_cascaded_approved_skps(result: TenantResult) -> None:
    tenant = result.tenant
    with scope(tenant=tenant):
        found = personas(tenant)
        assert {e.nip for e in found.values()} == set(
            AuditLog.objects.get(tenant=tenant, action="demo.tenant.generated")
            .data["personas"]
            .values()
        )
        employee, supervisor = found["employee"], found["supervisor"]
        skp = Skp.objects.get(employee=employee, year=2026)
        above = Skp.objects.get(employee=supervisor, year=2026)
        assert (skp.status, above.status) == (Skp.Status.APPROVED, Skp.Status.APPROVED)
        assert skp.approver_id == supervisor.pk
        rhks = list(skp.rhks.all())
        assert len(rhks) == 2 and all(r.indicators.count() == 2 for r in rhks)
        # Cascaded: each RHK intervenes an RHK of the supervisor's SKP.
        assert {r.parent_rhk.skp_id for r in rhks if r.parent_rhk} == {above.pk}
        assert Realisation.objects.filter(indicator__rhk__skp=skp).count() == 2 * len(MONTHS)
        assert Counter(Skp.objects.values_list("status", flat=True))[Skp.Status.APPROVED] >= 5
        assert AuditLog.objects.filter(tenant=tenant, action="appraisal.skp.approved").count() >= 5
        assert Rhk.objects.filter(parent_rhk__isnull=False).exists()
        evaluations = Evaluation.objects.filter(employee=employee).order_by("period")
        assert [e.period for e in evaluations] == MONTHS
        assert evaluations[0].status == Evaluation.Status.ACKNOWLEDGED
        assert evaluations[0].penilai_id == supervisor.pk


def test_most_employees_have_a_rating_each_month_before_tpp_runs(result: TenantResult) -> None:
    tenant = result.tenant
    with scope(tenant=tenant):
        active = Employee.objects.filter(status="aktif").count()
        for month in MONTHS:
            rated = Rating.objects.filter(period=month).count()
            assert 0.8 * active <= rated <= active, (month, rated, active)
        assert Rating.objects.filter(source=Rating.Source.PAMONG).exists()  # from evaluations
        assert Rating.objects.filter(source=Rating.Source.IMPORT).exists()
        assert AuditLog.objects.filter(action="performance.ratings.imported").count() == 1
        # The TPP hook found the ratings: its runs exist for the months.
        assert TppRun.objects.count() == len(MONTHS)


def test_leave_requests_in_every_state_and_opening_balances(result: TenantResult) -> None:
    tenant = result.tenant
    with scope(tenant=tenant):
        states = Counter(LeaveRequest.objects.values_list("status", flat=True))
        for state in ("submitted", "considered", "approved", "rejected"):
            assert states[state] >= 1, states
        for request in LeaveRequest.objects.filter(status="approved"):
            assert Leave.objects.filter(request=request).exists()
            assert request.start > TODAY
        found = personas(tenant)
        waiting = LeaveRequest.objects.get(employee=found["employee"])
        assert waiting.status == "submitted" and waiting.supervisor_id == found["supervisor"].pk
        assert OpeningBalance.objects.count() == Employee.objects.filter(status="aktif").count()
        assert AuditLog.objects.filter(action="leave.request.decided.approve").exists()


def test_complaints_skm_and_a_forum(result: TenantResult) -> None:
    tenant = result.tenant
    with scope(tenant=tenant):
        states = set(Complaint.objects.values_list("state", flat=True))
        assert {"new", "dispatched", "in_progress", "closed"} <= states
        answered = Complaint.objects.get(state="in_progress")
        assert answered.unit_response and answered.first_response_at
        for service in SkmService.objects.all():
            assert 50 <= SkmResponse.objects.filter(service=service).count() <= 200
        assert SkmService.objects.count() >= 2
        dates = SkmResponse.objects.values_list("date", flat=True)
        assert {d.strftime("%Y-%m") for d in dates} == set(MONTHS)
        forum = Forum.objects.get()
        assert forum.state == Forum.State.SCHEDULED and forum.starts_at > timezone.now()


def test_hooks_are_idempotent_per_tenant(result: TenantResult) -> None:
    tenant = result.tenant
    models = (Skp, Evaluation, Rating, LeaveRequest, OpeningBalance, Complaint, SkmResponse, Forum)
    with scope(tenant=tenant):
        before = {m.__name__: m.objects.count() for m in models}
        for module in (leave_demo, appraisal_demo, performance_demo, participation_demo):
            module.generate(tenant=tenant, rng=random.Random("again"), months=MONTHS)
        assert {m.__name__: m.objects.count() for m in models} == before


def test_the_same_seed_gives_the_same_data() -> None:
    def snapshot(tenant: Tenant) -> tuple[object, ...]:
        with scope(tenant=tenant):
            return (
                sorted(Skp.objects.values_list("employee__nip", "status")),
                sorted(Rhk.objects.values_list("skp__employee__nip", "text")),
                sorted(Rating.objects.values_list("employee__nip", "period", "predikat")),
                sorted(LeaveRequest.objects.values_list("employee__nip", "start", "status")),
                sorted(SkmResponse.objects.values_list("date", "u1", "u9", "usia")),
            )

    first = snapshot(make().tenant)
    assert snapshot(make(reset=True).tenant) == first


def test_without_months_the_hooks_write_nothing_heavy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator, "HOOK_MODULES", NEW_HOOKS + ("pamong.participation.demo",))
    result = make("bench", months=[])
    assert set(result.hooks.values()) == {"ok"}
    with scope(tenant=result.tenant):
        for model in (Skp, Rating, LeaveRequest, OpeningBalance, Complaint, SkmResponse):
            assert model.objects.count() == 0, model


def test_the_sample_is_bounded_and_supervisors_come_first(result: TenantResult) -> None:
    with scope(tenant=result.tenant):
        chain = chain_sample(result.tenant, 10)
        ids = [e.pk for e in chain]
        assert len(chain) <= 10 + 3 + 8 + 6  # personas, those above, the supervisor's staff
        for index, e in enumerate(chain):
            if e.supervisor_id in ids:
                assert ids.index(e.supervisor_id) < index
