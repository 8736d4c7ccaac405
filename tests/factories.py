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


def other_tenant_records(tenant: Tenant) -> None:
    """One row of each tenant-owned model that the demo generator does not create, in
    `tenant`: the cross-tenant matrix (tests/test_cross_tenant_matrix.py) requests every
    id-taking URL with these ids. Bare rows written directly (no services): they are
    targets for requests that must be refused, never read as business data."""
    from django.apps import apps
    from django_scopes import scopes_disabled

    def make(model: str, **fields: Any) -> Any:
        return apps.get_model(model).objects.create(tenant=tenant, **fields)

    day = dt.date(2026, 1, 5)
    at = dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)
    with scopes_disabled():
        employee, peer = Employee.objects.filter(tenant=tenant).order_by("pk")[:2]
        unit = Unit.objects.filter(tenant=tenant).order_by("pk").first()
        position = Position.objects.filter(tenant=tenant).order_by("pk").first()
        forum = apps.get_model("participation.Forum").objects.filter(tenant=tenant).first()
        complaint = apps.get_model("participation.Complaint").objects.filter(tenant=tenant).first()
        evaluation = apps.get_model("appraisal.Evaluation").objects.filter(tenant=tenant).first()
        make("core.BackgroundJob", kind="import")
        make("attendance.Correction", employee=employee, day=day, reason="x", check_in=at)
        make("attendance.Duty", employee=employee, start=day, end=day)
        make("attendance.Device", name="x", code="matrix", prefix="x", token_hash="matrix")
        make("leave.LeaveRule", kind="tahunan")
        make(
            "performance.CoachingPlan",
            employee=employee,
            period="2025",
            predikat="kurang",
            goals="x",
            actions="x",
            follow_up_date=day,
        )
        make("appraisal.Objection", evaluation=evaluation, text="x", deadline=day)
        make(
            "appraisal.PeerAssignment",
            employee=employee,
            period="2026",
            peer=peer,
            requested_by=employee,
        )
        make(
            "participation.ComplaintAttachment",
            complaint=complaint,
            file="x.pdf",
            content_type="application/pdf",
            size=1,
        )
        make(
            "participation.ForumActionItem",
            forum=forum,
            description="x",
            responsible_unit=unit,
            due_date=day,
        )
        proposal = make(
            "careers.KpProposal",
            employee=employee,
            period=day,
            from_golongan="III/a",
            to_golongan="III/b",
        )
        make("careers.KpDocument", proposal=proposal, code="x", label="x")
        jpt = make("careers.JptSelection", title="x", number="matrix", announced_on=day)
        post = make("careers.JptPost", selection=jpt, position=position)
        make("careers.JptCandidate", selection=jpt, post=post, name="x")
        selection = make("recruitment.Selection", code="matrix")
        line = make(
            "recruitment.FormasiLine",
            selection=selection,
            code="x",
            jabatan="x",
            jalur="umum",
            kuota=1,
        )
        make(
            "recruitment.Candidate",
            selection=selection,
            line=line,
            no_peserta="1",
            name="x",
            birth_date=day,
            twk=1,
            tiu=1,
            tkp=1,
            education="3.00",
        )
        policy = make("evaluation.Policy", code="matrix", name="x", legal_basis="x", goal="x")
        make("evaluation.PolicyIndicator", policy=policy, code="x")
        make("evaluation.Report", period="2025")
        programme = make(
            "competence.Programme",
            title="x",
            kind="pelatihan",
            competency_kind="teknis",
            competency="x",
            jp=1,
            quota=1,
            start=day,
            end=day,
        )
        make("competence.Enrolment", programme=programme, employee=employee)
        institution = make("competence.Institution", name="matrix", kind="lembaga")
        make("competence.Agreement", institution=institution, number="matrix", start=day, end=day)
        make(
            "competence.ExternalCertificate",
            employee=employee,
            title="x",
            kind="pelatihan",
            organiser="x",
            jp=1,
            start=day,
            end=day,
            certificate_number="x",
            certificate_date=day,
            file="x.pdf",
            content_type="application/pdf",
        )
        course = make("competence.Course", title="x", competency_kind="teknis", jp=1)
        make("competence.Module", course=course, kind="text", title="x")
        attempt = make(
            "competence.Attempt",
            course=course,
            employee=employee,
            number=1,
            layout={},
            started_at=at,
        )
        make(
            "competence.CourseCertificate",
            course=course,
            employee=employee,
            attempt=attempt,
            token="matrix",
            score="80.00",
            issued_at=at,
        )
