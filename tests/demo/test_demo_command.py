"""`pamong demo`: realistic, valid and idempotent demo data with working logins."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pamong.core.actor import actor_for_user
from pamong.core.models import AuditLog, Role, RoleGrant, Tenant, User
from pamong.demo import generator
from pamong.demo.data import preset_for
from pamong.demo.generator import generate_tenant
from pamong.demo.logins import DEMO_PASSWORD
from pamong.org.models import (
    HEAD_KINDS,
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    Employee,
    EmployeeHistory,
    Unit,
)
from pamong.org.nip import nip_problems
from pamong.org.services import compute_heads_and_supervisors
from tests.demo import hook_ok

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
SLUGS = {"sofifi", "kupang", "palu", "sawahlunto"}


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command(
        "demo", "--employees", "80", "--no-hooks", "--today", TODAY.isoformat(), *args, stdout=out
    )
    return out.getvalue()


@pytest.fixture
def demo() -> str:
    return run_demo()


def counts() -> dict[str, int]:
    return {
        "tenants": Tenant.objects.count(),
        "units": Unit.objects.count(),
        "employees": Employee.objects.count(),
        "history": EmployeeHistory.objects.count(),
        "users": User.objects.count(),
        "grants": RoleGrant.objects.count(),
    }


def test_it_creates_the_four_tenants_with_their_timezones(demo: str) -> None:
    zones = dict(Tenant.objects.values_list("slug", "timezone"))
    assert zones == {
        "sofifi": "Asia/Jayapura",
        "kupang": "Asia/Makassar",
        "palu": "Asia/Makassar",
        "sawahlunto": "Asia/Jakarta",
    }
    for slug in SLUGS:
        assert Employee.objects.filter(tenant__slug=slug).count() == 80
    assert AuditLog.objects.filter(action="demo.tenant.generated").count() == 4


def test_every_nip_is_valid_and_unique(demo: str) -> None:
    employees = list(Employee.objects.all())
    for e in employees:
        problems = nip_problems(
            e.nip, employee_type=e.employee_type, birth_date=e.birth_date, gender=e.gender
        )
        assert problems == [], (e.nip, e.employee_type, problems)
    assert len({e.nip for e in employees}) == len(employees)
    assert {e.employee_type for e in employees} >= {"PNS", "PPPK"}


def test_golongan_fits_type_age_and_jabatan(demo: str) -> None:
    for e in Employee.objects.select_related("position"):
        allowed = PPPK_GOLONGAN if e.employee_type == "PPPK" else PNS_GOLONGAN
        assert e.golongan in allowed
        age = (TODAY - e.birth_date).days // 365
        assert 19 <= age <= 60
        assert e.bank_account.isdigit()
        assert e.email.endswith(".pamong.test")
        if e.position.kind == "jpt":
            assert e.position.kelas in {14, 15}
            assert e.golongan.startswith("IV/")
        if e.position.kind in HEAD_KINDS:
            assert (e.employee_type, e.status) == ("PNS", "aktif")
        if e.position.kind == "pelaksana":
            assert 5 <= e.position.kelas <= 7


def test_each_unit_has_at_most_one_active_head_and_it_is_recorded(demo: str) -> None:
    heads: dict[int, list[int]] = {}
    for e in Employee.objects.filter(status="aktif", position__kind__in=list(HEAD_KINDS)):
        heads.setdefault(e.unit_id, []).append(e.pk)
    assert heads and all(len(ids) == 1 for ids in heads.values())
    for unit in Unit.objects.all():
        assert unit.head_id == (heads[unit.pk][0] if unit.pk in heads else None)
    # Every OPD (top-level unit) has its head.
    assert not Unit.objects.filter(parent__isnull=True, head__isnull=True).exists()


def test_supervisors_are_resolved_without_cycles(demo: str) -> None:
    for tenant in Tenant.objects.all():
        rows = list(
            Employee.objects.filter(tenant=tenant).values(
                "id", "unit_id", "status", "supervisor_explicit_id", "supervisor_id",
                "position__kind",
            )
        )  # fmt: skip
        employees = [{**r, "kind": r["position__kind"]} for r in rows]
        units = dict(Unit.objects.filter(tenant=tenant).values_list("id", "parent_id"))
        _heads, supervisors, problems = compute_heads_and_supervisors(employees, units)
        assert problems == []
        stored = {r["id"]: r["supervisor_id"] for r in rows}
        assert stored == supervisors
        assert sum(1 for s in stored.values() if s is not None) > len(stored) / 2
        for start in stored:
            seen, node = set(), start
            while node is not None:
                assert node not in seen
                seen.add(node)
                node = stored[node]


def test_no_row_points_into_another_tenant(demo: str) -> None:
    for e in Employee.objects.select_related("unit", "opd", "position", "supervisor"):
        assert e.unit.tenant_id == e.tenant_id
        assert e.opd is not None and e.opd.tenant_id == e.tenant_id
        assert e.opd_id == e.unit.opd_id
        assert e.position.tenant_id == e.tenant_id
        assert e.supervisor is None or e.supervisor.tenant_id == e.tenant_id
    for unit in Unit.objects.select_related("parent", "head"):
        assert unit.parent is None or unit.parent.tenant_id == unit.tenant_id
        assert unit.head is None or unit.head.tenant_id == unit.tenant_id
        assert unit.path.endswith(unit.code)


def test_it_prints_logins_that_work(demo: str) -> None:
    for slug in SLUGS:
        for prefix in ("admin", "keuangan", "penyetuju", "auditor"):
            assert f"{prefix}.{slug}" in demo
    assert "superadmin" in demo and DEMO_PASSWORD in demo
    entry = AuditLog.objects.get(tenant__slug="kupang", action="demo.tenant.generated")
    personas = entry.data["personas"]
    usernames = ["admin.kupang", "keuangan.kupang", "auditor.kupang", "superadmin"]
    for username in [*usernames, *personas.values()]:
        assert username in demo
        assert Client().login(username=username, password=DEMO_PASSWORD), username
    assert RoleGrant.objects.get(user__username="penyetuju.kupang").role == Role.APPROVER
    assert User.objects.get(username="superadmin").is_superuser


def test_personas_have_their_roles(demo: str) -> None:
    personas = AuditLog.objects.get(tenant__slug="palu", action="demo.tenant.generated").data[
        "personas"
    ]
    head = actor_for_user(User.objects.get(username=personas["opd_head"]))
    supervisor = actor_for_user(User.objects.get(username=personas["supervisor"]))
    employee = actor_for_user(User.objects.get(username=personas["employee"]))
    assert head.is_opd_head and Role.OPD_HEAD in head.roles
    assert supervisor.is_supervisor and not supervisor.is_opd_head
    assert employee.employee_id in supervisor.subordinate_ids
    assert not employee.roles
    admin = actor_for_user(User.objects.get(username="admin.palu"))
    assert admin.roles == {Role.BKPSDM_ADMIN} and admin.tenant is not None
    assert admin.tenant.slug == "palu"


def test_rerunning_without_reset_changes_nothing(demo: str) -> None:
    before = counts()
    out = run_demo()
    assert counts() == before
    assert out.count("sudah ada, dilewati") == 4
    assert "admin.sofifi" in out
    assert AuditLog.objects.filter(action="demo.tenant.generated").count() == 4


def test_reset_regenerates_the_same_data_in_the_same_tenant() -> None:
    run_demo("--tenant-slug", "palu")
    tenant = Tenant.objects.get(slug="palu")
    names = sorted(Employee.objects.values_list("nip", "name"))
    run_demo("--tenant-slug", "palu", "--reset")
    assert Tenant.objects.get(slug="palu").pk == tenant.pk
    assert sorted(Employee.objects.values_list("nip", "name")) == names
    assert AuditLog.objects.filter(tenant=tenant, action="demo.tenant.generated").count() == 2
    assert Client().login(username="admin.palu", password=DEMO_PASSWORD)


def test_a_non_preset_slug_makes_one_extra_tenant() -> None:
    out = StringIO()
    call_command(
        "demo", "--tenant-slug", "bench", "--employees", "120", "--no-hooks", "--all-logins",
        stdout=out,
    )  # fmt: skip
    tenant = Tenant.objects.get()
    assert (tenant.slug, tenant.name) == ("bench", "Kota Bench")
    assert Employee.objects.count() == 120
    # --all-logins: every employee can log in with their NIP.
    assert User.objects.filter(tenant=tenant, employee__isnull=False).count() == 120


def test_it_refuses_a_tiny_tenant() -> None:
    with pytest.raises(CommandError, match="paling sedikit 40"):
        call_command("demo", "--employees", "10", stdout=StringIO())


def test_generation_is_set_based() -> None:
    def queries(slug: str, employees: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            generate_tenant(preset_for(slug, None, None, employees), run_hooks=False, today=TODAY)
        return len(ctx.captured_queries)

    small, big = queries("kecil", 60), queries("besar", 900)
    # Only batches grow (SQLite caps a statement at 999 parameters, ~30 per employee row and
    # history rows beside them): far below one query per row.
    assert (big - small) * 15 < 900 - 60, (small, big)


def test_it_calls_module_hooks_inside_the_tenant_scope(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hook_ok.calls.clear()
    monkeypatch.setattr(
        generator, "HOOK_MODULES", ("tests.demo.hook_ok", "tests.demo.not_written_yet")
    )
    out = StringIO()
    call_command(
        "demo", "--tenant-slug", "sofifi", "--employees", "60", "--months", "2",
        "--today", "2026-11-23", stdout=out,
    )  # fmt: skip
    tenant = Tenant.objects.get(slug="sofifi")
    assert len(hook_ok.calls) == 1
    call = hook_ok.calls[0]
    assert call["months"] == ["2026-09", "2026-10"]
    assert (call["tenant"], call["scope_tenant"], call["employees"]) == ("sofifi", tenant, 60)
    entry = AuditLog.objects.get(tenant=tenant, action="demo.tenant.generated")
    assert entry.data["hooks"] == {"tests.demo.hook_ok": "ok"}


def test_a_broken_hook_import_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator, "HOOK_MODULES", ("tests.demo.hook_broken",))
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency"):
        call_command("demo", "--tenant-slug", "sofifi", "--employees", "60", stdout=StringIO())


def test_a_failing_hook_warns_unless_strict(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(generator, "HOOK_MODULES", ("tests.demo.hook_failing",))
    call_command("demo", "--tenant-slug", "sofifi", "--employees", "60", stdout=StringIO())
    assert "half-finished module" in capsys.readouterr().err
    assert Employee.objects.count() == 60
    with pytest.raises(RuntimeError):
        call_command(
            "demo", "--tenant-slug", "kupang", "--employees", "60", "--strict-hooks",
            stdout=StringIO(),
        )  # fmt: skip
    # The failed tenant was rolled back as a whole.
    assert not Tenant.objects.filter(slug="kupang").exists()


def test_it_never_resets_a_tenant_it_did_not_make(world) -> None:  # type: ignore[no-untyped-def]
    before = Employee.objects.filter(tenant=world.other_tenant).count()
    ours = Employee.objects.filter(tenant=world.tenant).count()
    with pytest.raises(CommandError, match="refusing to reset"):
        run_demo("--tenant-slug", "kupang", "--reset")
    assert Employee.objects.filter(tenant=world.other_tenant).count() == before
    out = run_demo()
    assert "sofifi: sudah ada dan tidak dibuat oleh `pamong demo`, dilewati" in out
    assert Employee.objects.filter(tenant=world.tenant).count() == ours
    assert Employee.objects.filter(tenant__slug="palu").count() == 80
