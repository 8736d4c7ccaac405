"""factory_boy factories. NIPs are valid by construction (domain.md §8)."""

from __future__ import annotations

import datetime as dt
import itertools

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
