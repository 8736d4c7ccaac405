"""Shared fixtures: personas in two tenants (healthchecks' alice/bob style)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_scopes import scopes_disabled

from pamong.core.localcache import clear_all as clear_local_caches
from pamong.core.models import Role, Tenant, User
from pamong.org.models import Employee, Unit
from pamong.org.services import resolve_supervisors
from tests.factories import (
    EmployeeFactory,
    PositionFactory,
    TenantFactory,
    UnitFactory,
    UserFactory,
    grant,
    login_fully,
)


@pytest.fixture(autouse=True)
def _fresh_local_caches() -> Iterator[None]:
    # Rolled-back tests reuse primary keys (SQLite), so a cached tenant row could outlive it.
    clear_local_caches()
    yield
    clear_local_caches()


# PAMONG_TEST_NOW="2026-12-31T10:00:00+09:00" runs the whole suite as if it were that
# moment (CI runs the date-sensitive tests on several such dates). Time keeps ticking from it.
TEST_NOW = os.environ.get("PAMONG_TEST_NOW", "")


@pytest.fixture(autouse=True)
def _test_now_from_environment() -> Iterator[None]:
    if not TEST_NOW:
        yield
        return
    with time_machine.travel(dt.datetime.fromisoformat(TEST_NOW), tick=True):
        yield


class Clock:
    """Sets Pamong's clock (pamong/core/clock.py) for one test: `clock.set(2026, 12, 1)`."""

    def __init__(self) -> None:
        self._travel: time_machine.travel | None = None

    def set(
        self,
        year: int,
        month: int,
        day: int,
        hour: int = 10,
        minute: int = 0,
        tz: str = "Asia/Jayapura",
        tick: bool = False,
    ) -> dt.datetime:
        self.stop()
        at = dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(tz))
        self._travel = time_machine.travel(at, tick=tick)
        self._travel.start()
        return at

    def stop(self) -> None:
        if self._travel is not None:
            self._travel.stop()
            self._travel = None


@pytest.fixture
def clock() -> Iterator[Clock]:
    c = Clock()
    yield c
    c.stop()


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    # A request of a user who reads English activates it in the (test) thread, as Django's
    # LocaleMiddleware does; the next test of the same worker must start in Indonesian.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _scopes_disabled_in_test_body() -> Iterator[None]:
    # Test set-up reads and writes across tenants; requests still run in their own scope.
    with scopes_disabled():
        yield


@dataclass
class World:
    tenant: Tenant
    other_tenant: Tenant
    opd: Unit
    bidang: Unit
    other_opd: Unit
    head: Employee  # head of the OPD (jpt)
    supervisor: Employee  # head of the bidang (administrator)
    employee: Employee  # pelaksana in the bidang
    peer: Employee  # another pelaksana in the bidang
    outsider: Employee  # an employee of another OPD of the same tenant
    foreigner: Employee  # an employee of the other tenant
    head_user: User
    supervisor_user: User
    employee_user: User
    admin_user: User
    auditor_user: User
    finance_user: User
    approver_user: User
    other_admin_user: User
    superadmin_user: User

    def client_for(self, user: User) -> Client:
        # Signed in completely: the second step too where the user's roles require it.
        return login_fully(Client(), user)


def _user_for(employee: Employee) -> User:
    return UserFactory(username=employee.nip, tenant=employee.tenant, employee=employee)


@pytest.fixture
def world(db: None) -> World:
    tenant = TenantFactory(slug="sofifi", name="Kota Sofifi", timezone="Asia/Jayapura")
    other = TenantFactory(slug="kupang", name="Kota Kupang", timezone="Asia/Makassar")
    opd = UnitFactory(tenant=tenant, code="1.01", name="Badan Kepegawaian")
    bidang = UnitFactory(
        tenant=tenant, code="1.01.01", name="Bidang Mutasi", kind="bidang", parent=opd
    )
    opd2 = UnitFactory(tenant=tenant, code="1.02", name="Dinas Kesehatan")
    other_opd = UnitFactory(tenant=other, code="1.01", name="BKPSDM Kupang")
    jpt = PositionFactory(tenant=tenant, name="Kepala Badan", kind="jpt", kelas=14)
    adm = PositionFactory(
        tenant=tenant, name="Kepala Bidang Mutasi", kind="administrator", kelas=11
    )
    staff = PositionFactory(tenant=tenant, name="Pengelola Data", kind="pelaksana", kelas=5)
    head = EmployeeFactory(
        tenant=tenant, unit=opd, position=jpt, name="Yohanis Lado", golongan="IV/b"
    )
    supervisor = EmployeeFactory(
        tenant=tenant, unit=bidang, position=adm, name="Maria Bria", gender="P"
    )
    employee = EmployeeFactory(tenant=tenant, unit=bidang, position=staff, name="Arnoldus Seran")
    peer = EmployeeFactory(
        tenant=tenant, unit=bidang, position=staff, name="Fransiska Lete", gender="P"
    )
    outsider = EmployeeFactory(
        tenant=tenant,
        unit=opd2,
        position=PositionFactory(tenant=tenant, name="Perawat", kind="fungsional", kelas=7),
    )
    foreigner = EmployeeFactory(
        tenant=other, unit=other_opd, position=PositionFactory(tenant=other), name="Orang Kupang"
    )
    assert resolve_supervisors(tenant) == []
    assert resolve_supervisors(other) == []
    for e in (head, supervisor, employee, peer, outsider, foreigner):
        e.refresh_from_db()
    admin = UserFactory(username="admin.sofifi", tenant=tenant)
    grant(admin, Role.BKPSDM_ADMIN)
    auditor = UserFactory(username="auditor.sofifi", tenant=tenant)
    grant(auditor, Role.AUDITOR)
    finance = UserFactory(username="keuangan.sofifi", tenant=tenant)
    grant(finance, Role.FINANCE)
    approver = UserFactory(username="penyetuju.sofifi", tenant=tenant)
    grant(approver, Role.APPROVER)
    other_admin = UserFactory(username="admin.kupang", tenant=other)
    grant(other_admin, Role.BKPSDM_ADMIN)
    superadmin = UserFactory(username="root", tenant=None, is_superuser=True, is_staff=True)
    return World(
        tenant=tenant,
        other_tenant=other,
        opd=opd,
        bidang=bidang,
        other_opd=other_opd,
        head=head,
        supervisor=supervisor,
        employee=employee,
        peer=peer,
        outsider=outsider,
        foreigner=foreigner,
        head_user=_user_for(head),
        supervisor_user=_user_for(supervisor),
        employee_user=_user_for(employee),
        admin_user=admin,
        auditor_user=auditor,
        finance_user=finance,
        approver_user=approver,
        other_admin_user=other_admin,
        superadmin_user=superadmin,
    )
