"""The approval chain, quotas, overlapping dates, completion and the JP ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from pamong.competence import services
from pamong.competence.models import Enrolment, ExternalCertificate, JpEntry
from pamong.core.actor import system_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from tests.conftest import World
from tests.factories import EmployeeFactory

from .helpers import actor, programme

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "sertifikat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _apply_and_approve(world: World, prog, who=None) -> Enrolment:  # type: ignore[no-untyped-def]
    user = who or world.employee_user
    enrolment = services.enrolment_apply(actor=actor(user), programme=prog)
    if enrolment.status == Enrolment.Status.SUBMITTED:
        supervisor_user = {
            world.supervisor.pk: world.supervisor_user,
            world.head.pk: world.head_user,
        }[enrolment.supervisor_id]
        enrolment = services.enrolment_consider(
            actor=actor(supervisor_user), enrolment=enrolment, approve=True
        )
    return services.enrolment_decide(
        actor=actor(world.admin_user), enrolment=enrolment, approve=True
    )


def test_the_chain_runs_employee_supervisor_bkpsdm(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    prog = programme(world.tenant)
    enrolment = services.enrolment_apply(actor=actor(world.employee_user), programme=prog)
    assert enrolment.status == Enrolment.Status.SUBMITTED
    assert enrolment.supervisor_id == world.supervisor.pk
    assert enrolment.opd_id == world.opd.pk
    # BKPSDM cannot decide before the supervisor, the employee cannot consider their own.
    with pytest.raises(PermissionDenied):
        services.enrolment_decide(actor=actor(world.admin_user), enrolment=enrolment, approve=True)
    with pytest.raises(PermissionDenied):
        services.enrolment_consider(
            actor=actor(world.employee_user), enrolment=enrolment, approve=True
        )
    # Another supervisor (the OPD head is not the direct supervisor) cannot either.
    with pytest.raises(PermissionDenied):
        services.enrolment_consider(actor=actor(world.head_user), enrolment=enrolment, approve=True)
    enrolment = services.enrolment_consider(
        actor=actor(world.supervisor_user), enrolment=enrolment, approve=True, note="relevan"
    )
    assert enrolment.status == Enrolment.Status.SUPERVISOR_APPROVED
    with pytest.raises(PermissionDenied):  # the supervisor is not BKPSDM
        services.enrolment_decide(
            actor=actor(world.supervisor_user), enrolment=enrolment, approve=True
        )
    enrolment = services.enrolment_decide(
        actor=actor(world.admin_user), enrolment=enrolment, approve=True
    )
    assert enrolment.status == Enrolment.Status.APPROVED
    actions = list(
        AuditLog.objects.filter(object_id=str(enrolment.pk), action__startswith="competence.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "competence.enrolment.applied",
        "competence.enrolment.considered",
        "competence.enrolment.decided",
    ]


def test_refusals_need_a_reason_and_end_the_application(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    prog = programme(world.tenant)
    enrolment = services.enrolment_apply(actor=actor(world.employee_user), programme=prog)
    with pytest.raises(InputErrors) as exc:
        services.enrolment_consider(
            actor=actor(world.supervisor_user), enrolment=enrolment, approve=False
        )
    assert exc.value.errors[0].column == "note"
    enrolment = services.enrolment_consider(
        actor=actor(world.supervisor_user), enrolment=enrolment, approve=False, note="beban kerja"
    )
    assert enrolment.status == Enrolment.Status.REJECTED


def test_without_a_supervisor_the_application_goes_to_bkpsdm(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    assert world.head.supervisor_id is None
    enrolment = services.enrolment_apply(
        actor=actor(world.head_user), programme=programme(world.tenant)
    )
    assert enrolment.status == Enrolment.Status.SUPERVISOR_APPROVED


def test_quota_is_never_exceeded_by_approval_or_nomination(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    prog = programme(world.tenant, quota=1)
    _apply_and_approve(world, prog)
    with pytest.raises(InputErrors) as exc:
        services.enrolment_nominate(
            actor=actor(world.admin_user), programme=prog, employee=world.peer
        )
    assert "Kuota" in exc.value.errors[0].message
    # Applications may wait beyond the quota; approval is what is refused.
    enrolment = services.enrolment_apply(actor=actor(world.head_user), programme=prog)
    with pytest.raises(InputErrors):
        services.enrolment_decide(actor=actor(world.admin_user), enrolment=enrolment, approve=True)
    assert Enrolment.objects.filter(programme=prog, status__in=Enrolment.SEATED).count() == 1


def test_overlapping_dates_are_refused(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    first = programme(world.tenant, start=dt.date(2026, 8, 3), end=dt.date(2026, 8, 7))
    clash = programme(
        world.tenant, title="Bimtek", start=dt.date(2026, 8, 7), end=dt.date(2026, 8, 8)
    )
    later = programme(
        world.tenant, title="Seminar", start=dt.date(2026, 8, 8), end=dt.date(2026, 8, 8)
    )
    services.enrolment_apply(actor=actor(world.employee_user), programme=first)
    with pytest.raises(InputErrors) as exc:
        services.enrolment_apply(actor=actor(world.employee_user), programme=clash)
    assert "bertabrakan" in exc.value.errors[0].message
    services.enrolment_apply(actor=actor(world.employee_user), programme=later)
    with pytest.raises(InputErrors):
        services.enrolment_nominate(
            actor=actor(world.admin_user), programme=clash, employee=world.employee
        )


def test_eligibility_opd_only_programmes_and_started_programmes(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    other_opd_only = programme(world.tenant, opd=world.outsider.opd)
    with pytest.raises(InputErrors):
        services.enrolment_apply(actor=actor(world.employee_user), programme=other_opd_only)
    clock.set(2026, 8, 4)
    with pytest.raises(InputErrors):
        services.enrolment_apply(
            actor=actor(world.employee_user), programme=programme(world.tenant)
        )
    draft = programme(
        world.tenant, status="draft", start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 2)
    )
    with pytest.raises(InputErrors):
        services.enrolment_apply(actor=actor(world.employee_user), programme=draft)


def test_completion_adds_jp_once_in_the_year_it_ended(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2025, 12, 1)
    december = programme(
        world.tenant, jp=16, start=dt.date(2025, 12, 29), end=dt.date(2025, 12, 31)
    )
    enrolment = _apply_and_approve(world, december)
    clock.set(2026, 1, 5)
    admin = actor(world.admin_user)
    with pytest.raises(InputErrors):  # a certificate needs its number and date
        services.enrolment_complete(
            actor=admin, enrolment=enrolment, completed=True, certificate=pdf()
        )
    services.enrolment_complete(
        actor=admin, enrolment=enrolment, completed=True, attended_pct=100,
        certificate_number="001/BPSDM/2025", certificate_date=dt.date(2025, 12, 31),
        certificate=pdf(),
    )  # fmt: skip
    with pytest.raises(InputErrors):  # completed once: cannot be completed again
        services.enrolment_complete(actor=admin, enrolment=enrolment, completed=True)
    entries = JpEntry.objects.filter(employee=world.employee)
    assert [(e.year, e.jp) for e in entries] == [(2025, 16)]
    # The ledger refuses a second row for the same activity whatever the caller.
    _entry, created = services.ledger_add(
        employee=world.employee, opd_id=world.opd.pk, year=2026, jp=16, source="programme",
        activity_key=f"programme:{december.pk}", title="x", kind="pelatihan",
        completed_on=dt.date(2026, 1, 2),
    )  # fmt: skip
    assert created is False
    assert JpEntry.objects.filter(employee=world.employee).count() == 1
    enrolment.refresh_from_db()
    assert enrolment.certificate_type == "application/pdf"
    assert enrolment.certificate.name.endswith(".pdf")
    assert "sertifikat" not in enrolment.certificate.name  # stored under a random name


def test_not_completed_adds_nothing(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    enrolment = _apply_and_approve(world, programme(world.tenant))
    clock.set(2026, 8, 10)
    services.enrolment_complete(
        actor=actor(world.admin_user), enrolment=enrolment, completed=False, attended_pct=40
    )
    assert not JpEntry.objects.filter(employee=world.employee).exists()


def test_non_classical_completion_follows_the_tenant_rule(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    admin = actor(world.admin_user)
    services.settings_update(
        actor=admin, pns_min_jp=20, pppk_max_jp=24,
        recognition={"coaching": {"basis": "session", "jp": 3, "cap": 12}},
    )  # fmt: skip
    enrolment = _apply_and_approve(world, programme(world.tenant, kind="coaching", jp=2))
    clock.set(2026, 9, 1)
    services.enrolment_complete(actor=admin, enrolment=enrolment, completed=True, sessions=5)
    assert JpEntry.objects.get(employee=world.employee).jp == 12  # 5 × 3 = 15, capped at 12


def test_only_bkpsdm_completes_nominates_and_edits(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    prog = programme(world.tenant)
    enrolment = _apply_and_approve(world, prog)
    for user in (world.employee_user, world.supervisor_user, world.head_user, world.auditor_user):
        with pytest.raises(PermissionDenied):
            services.enrolment_complete(actor=actor(user), enrolment=enrolment, completed=True)
        with pytest.raises(PermissionDenied):
            services.enrolment_nominate(actor=actor(user), programme=prog, employee=world.peer)
        with pytest.raises(PermissionDenied):
            services.programme_save(actor=actor(user), programme=prog, title="x")


def test_nomination_of_another_tenants_employee_is_refused(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    with pytest.raises(PermissionDenied):
        services.enrolment_nominate(
            actor=actor(world.admin_user),
            programme=programme(world.tenant),
            employee=world.foreigner,
        )


def test_external_certificate_is_counted_after_verification(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 3, 1)
    me = actor(world.employee_user)
    common = dict(
        title="Kursus Daring Analisis Data", kind="e_learning", organiser="LAN", jp=12,
        start=dt.date(2026, 2, 2), end=dt.date(2026, 2, 20),
        certificate_number="LAN-2026-77", certificate_date=dt.date(2026, 2, 21),
    )  # fmt: skip
    with pytest.raises(InputErrors) as exc:  # an executable named .pdf is refused
        services.certificate_submit(
            actor=me, upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00binary"), **common
        )
    assert exc.value.errors[0].column == "file"
    cert = services.certificate_submit(actor=me, upload=pdf(), **common)
    assert not JpEntry.objects.filter(employee=world.employee).exists()
    with pytest.raises(PermissionDenied):
        services.certificate_verify(actor=me, certificate=cert, approve=True)
    services.certificate_verify(actor=actor(world.admin_user), certificate=cert, approve=True)
    cert.refresh_from_db()
    assert cert.status == ExternalCertificate.Status.VERIFIED
    assert JpEntry.objects.get(employee=world.employee).jp == 12
    with pytest.raises(InputErrors):  # verified once
        services.certificate_verify(actor=actor(world.admin_user), certificate=cert, approve=True)


def test_ledger_keeps_years_apart(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    system = system_actor(world.tenant)
    for year, jp in ((2024, 8), (2025, 20), (2025, 4), (2026, 6)):
        services.ledger_add(
            employee=world.employee, opd_id=world.opd.pk, year=year, jp=jp, source="import",
            activity_key=f"import:{year}:{jp}", title="t", kind="seminar",
            completed_on=dt.date(year, 5, 1),
        )  # fmt: skip
    assert system.tenant == world.tenant
    from django.db.models import Sum

    totals = dict(
        JpEntry.objects.filter(employee=world.employee)
        .values_list("year")
        .annotate(s=Sum("jp"))
        .values_list("year", "s")
    )
    assert totals == {2024: 8, 2025: 24, 2026: 6}


def test_employee_who_left_cannot_apply(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    from tests.factories import UserFactory

    retired = EmployeeFactory(
        tenant=world.tenant, unit=world.bidang, position=world.employee.position, status="pensiun"
    )
    user = UserFactory(username=retired.nip, tenant=world.tenant, employee=retired)
    with pytest.raises(InputErrors):
        services.enrolment_apply(actor=actor(user), programme=programme(world.tenant))
