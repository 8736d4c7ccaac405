"""factory_boy factories. NIPs are valid by construction (domain.md §8)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import factory

from pamong.core.models import Role, RoleGrant, Tenant, User
from pamong.org.models import Employee, Position, Unit

_serial = itertools.count(1)


def make_nip(
    birth: dt.date, gender: str, *, tmt: str | None = None, employee_type: str = "PNS"
) -> str:
    # The serial has three digits: past 999 NIPs in one test process, the appointment month
    # moves on, so NIPs stay unique however many employees a test session creates.
    n = next(_serial)
    serial = n % 999 + 1
    if tmt is None:
        months = 2010 * 12 + n // 999
        tmt = f"{months // 12}{months % 12 + 1:02d}"
    middle = f"{tmt[:4]}21" if employee_type == "PPPK" else tmt
    return f"{birth:%Y%m%d}{middle}{'1' if gender == 'L' else '2'}{serial:03d}"


class TenantFactory(factory.django.DjangoModelFactory[Tenant]):
    class Meta:
        model = Tenant
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"pemda{n}")
    name = factory.LazyAttribute(lambda o: f"Kota {o.slug.title()}")
    timezone = "Asia/Makassar"


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    class Meta:
        model = Unit
        skip_postgeneration_save = True

    tenant = factory.SubFactory(TenantFactory)
    code = factory.Sequence(lambda n: f"9.{n:02d}")
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    kind = "opd"
    parent = None

    @factory.post_generation
    def tree(obj: Unit, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        parent = obj.parent
        obj.path = f"{parent.path}/{obj.code}" if parent else obj.code
        obj.depth = parent.depth + 1 if parent else 0
        obj.opd_id = parent.opd_id if parent else obj.pk
        if create:
            obj.save()


class PositionFactory(factory.django.DjangoModelFactory[Position]):
    class Meta:
        model = Position
        django_get_or_create = ("tenant", "name", "kind", "kelas")

    tenant = factory.SubFactory(TenantFactory)
    name = "Pengelola Data"
    kind = "pelaksana"
    kelas = 5


class EmployeeFactory(factory.django.DjangoModelFactory[Employee]):
    class Meta:
        model = Employee

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Pegawai Contoh {n}")
    gender = "L"
    birth_date = dt.date(1988, 4, 17)
    employee_type = "PNS"
    golongan = "III/a"
    nip = factory.LazyAttribute(
        lambda o: make_nip(o.birth_date, o.gender, employee_type=o.employee_type)
    )
    unit = factory.SubFactory(UnitFactory, tenant=factory.SelfAttribute("..tenant"))
    opd = factory.LazyAttribute(lambda o: o.unit.opd)
    position = factory.SubFactory(PositionFactory, tenant=factory.SelfAttribute("..tenant"))
    status = "aktif"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    tenant = factory.SubFactory(TenantFactory)
    password = factory.django.Password("rahasia-123")


def grant(user: User, role: Role | str, unit: Unit | None = None) -> RoleGrant:
    assert user.tenant is not None
    return RoleGrant.objects.create(tenant=user.tenant, user=user, role=role, unit=unit)


def otp_verify(client: Any, user: User) -> None:
    """Finish the second sign-in step for a `force_login` session.

    Does what a user with a confirmed authenticator does on the verification page: the
    session then records the device (django-otp's session key). Tests of the step itself
    log in without this (see tests/accounts/test_two_factor.py).
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def login_fully(client: Any, user: User) -> Any:
    """`force_login` plus the second step where the user's roles make it mandatory."""
    from pamong.accounts.twofactor import two_factor_mandatory
    from pamong.core.actor import actor_for_user

    client.force_login(user)
    if two_factor_mandatory(actor_for_user(user)):
        otp_verify(client, user)
    return client
