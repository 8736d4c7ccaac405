"""Pages: the journey through forms, downloads only for those allowed, tenant isolation."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.competence import services
from pamong.competence.models import Enrolment, ExternalCertificate, Institution, JpEntry, Programme
from pamong.core.actor import system_actor
from tests.conftest import World

from .helpers import actor, programme
from .test_services import PDF, pdf


def test_employee_applies_supervisor_and_bkpsdm_approve_through_pages(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    prog = programme(world.tenant)
    employee = world.client_for(world.employee_user)
    assert prog.title in employee.get(reverse("competence:catalogue")).content.decode()
    response = employee.post(
        reverse("competence:programme-apply", args=[prog.pk]), {"motivation": "butuh"}
    )
    enrolment = Enrolment.objects.get(programme=prog)
    assert response.status_code == 302
    supervisor = world.client_for(world.supervisor_user)
    assert world.employee.name in supervisor.get(reverse("competence:inbox")).content.decode()
    supervisor.post(
        reverse("competence:enrolment-consider", args=[enrolment.pk]),
        {"decision": "approve", "next": "inbox"},
    )
    admin = world.client_for(world.admin_user)
    admin.post(
        reverse("competence:enrolment-decide", args=[enrolment.pk]),
        {"decision": "approve", "confirmed": "1"},
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPROVED
    clock.set(2026, 8, 6)
    admin = world.client_for(world.admin_user)  # a fresh session after the clock moved
    employee = world.client_for(world.employee_user)
    response = admin.post(
        reverse("competence:enrolment-complete", args=[enrolment.pk]),
        {"outcome": "completed", "attended_pct": "95", "completed_on": "2026-08-05",
         "certificate_number": "12/PUSDIK/2026", "certificate_date": "2026-08-05",
         "certificate": pdf()},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert JpEntry.objects.get(employee=world.employee).jp == 24
    page = employee.get(reverse("competence:index") + "?tahun=2026").content.decode()
    assert "24 JP" in page
    download = employee.get(reverse("competence:enrolment-certificate", args=[enrolment.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    peer_user = _login_for(world, world.peer)
    assert (
        peer_user.get(reverse("competence:enrolment-certificate", args=[enrolment.pk])).status_code
        == 403
    )


def _login_for(world: World, employee):  # type: ignore[no-untyped-def]
    from tests.factories import UserFactory

    return world.client_for(
        UserFactory(username=employee.nip, tenant=world.tenant, employee=employee)
    )


def test_completion_form_rejects_a_fake_certificate(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    prog = programme(world.tenant)
    enrolment = services.enrolment_nominate(
        actor=actor(world.admin_user), programme=prog, employee=world.employee
    )
    clock.set(2026, 8, 6)
    response = world.client_for(world.admin_user).post(
        reverse("competence:enrolment-complete", args=[enrolment.pk]),
        {"outcome": "completed", "certificate_number": "1", "certificate_date": "2026-08-05",
         "certificate": SimpleUploadedFile("s.pdf", b"<script>alert(1)</script>")},
    )  # fmt: skip
    assert response.status_code == 400
    assert not JpEntry.objects.exists()


def test_bkpsdm_builds_the_catalogue_through_pages(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    admin = world.client_for(world.admin_user)
    admin.post(
        reverse("competence:institution-new"),
        {"name": "Universitas Khairun", "kind": "universitas"},
    )
    inst = Institution.objects.get(tenant=world.tenant)
    response = admin.post(
        reverse("competence:institution", args=[inst.pk]),
        {"number": "MoU/01/2026", "start": "2026-01-01", "end": "2028-12-31",
         "file": SimpleUploadedFile("mou.pdf", PDF)},
    )  # fmt: skip
    assert response.status_code == 302
    agreement = inst.agreements.get()
    assert admin.get(reverse("competence:agreement-file", args=[agreement.pk])).status_code == 200
    response = admin.post(
        reverse("competence:programme-new"),
        {"title": "Bimtek SIASN", "kind": "bimtek", "institution": inst.pk,
         "competency_kind": "teknis", "competency": "SIASN", "jp": "16",
         "cost_per_participant": "750000", "quota": "30", "start": "2026-09-01",
         "end": "2026-09-02", "status": "open"},
    )  # fmt: skip
    assert response.status_code == 302
    prog = Programme.objects.get(tenant=world.tenant, title="Bimtek SIASN")
    assert prog.cost_per_participant == 750_000
    response = admin.post(
        reverse("competence:programme-nominate", args=[prog.pk]), {"nip": world.peer.nip}
    )
    assert Enrolment.objects.get(programme=prog).nominated
    # Employees neither edit nor read partners.
    employee = world.client_for(world.employee_user)
    assert employee.get(reverse("competence:programme-new")).status_code == 403
    assert employee.get(reverse("competence:institutions")).status_code == 403
    assert (
        employee.get(reverse("competence:agreement-file", args=[agreement.pk])).status_code == 403
    )
    # The auditor reads but cannot write.
    auditor = world.client_for(world.auditor_user)
    assert auditor.get(reverse("competence:institution", args=[inst.pk])).status_code == 200
    assert (
        auditor.post(
            reverse("competence:institution-new"), {"name": "X", "kind": "lainnya"}
        ).status_code
        == 403
    )


def test_settings_page_marks_defaults_and_saves(world: World) -> None:
    admin = world.client_for(world.admin_user)
    from pamong.competence.rules import DEFAULT_RECOGNITION

    page = admin.get(reverse("competence:settings")).content.decode()
    assert page.count("bawaan (belum dikonfirmasi)") == len(DEFAULT_RECOGNITION)
    data = {"pns_min_jp": "20", "pppk_max_jp": "24"}
    from pamong.competence.rules import DEFAULT_RECOGNITION

    for kind, rule in DEFAULT_RECOGNITION.items():
        data.update(
            {
                f"{kind}__basis": rule.basis,
                f"{kind}__jp": str(rule.jp),
                f"{kind}__cap": str(rule.cap),
            }
        )
    data["coaching__jp"] = "3"
    assert admin.post(reverse("competence:settings"), data).status_code == 302
    page = admin.get(reverse("competence:settings")).content.decode()
    assert "bawaan (belum dikonfirmasi)" not in page
    assert (
        world.client_for(world.employee_user).post(reverse("competence:settings"), data).status_code
        == 403
    )


def test_external_certificates_pages_and_verification(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 3, 1)
    employee = world.client_for(world.employee_user)
    response = employee.post(
        reverse("competence:certificate-new"),
        {"title": "Kursus Excel", "kind": "kursus", "organiser": "BPSDM Provinsi", "jp": "10",
         "start": "2026-02-01", "end": "2026-02-03", "certificate_number": "B-1",
         "certificate_date": "2026-02-03", "file": pdf()},
    )  # fmt: skip
    assert response.status_code == 302
    cert = ExternalCertificate.objects.get()
    admin = world.client_for(world.admin_user)
    assert (
        "Kursus Excel"
        in admin.get(reverse("competence:certificates") + "?status=submitted").content.decode()
    )
    admin.post(reverse("competence:certificate-verify", args=[cert.pk]), {"decision": "approve"})
    assert JpEntry.objects.get(employee=world.employee).jp == 10
    supervisor = world.client_for(world.supervisor_user)
    assert supervisor.get(reverse("competence:certificate", args=[cert.pk])).status_code == 403
    assert supervisor.get(reverse("competence:certificate-file", args=[cert.pk])).status_code == 403


def test_other_tenants_records_are_404(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    other_admin = system_actor(world.other_tenant)
    foreign = programme(world.other_tenant, title="Rahasia Kupang")
    enrolment = services.enrolment_nominate(
        actor=other_admin, programme=foreign, employee=world.foreigner
    )
    inst = Institution.objects.create(tenant=world.other_tenant, name="Undana", kind="universitas")
    admin = world.client_for(world.admin_user)
    for url in (
        reverse("competence:programme", args=[foreign.pk]),
        reverse("competence:programme-edit", args=[foreign.pk]),
        reverse("competence:enrolment", args=[enrolment.pk]),
        reverse("competence:institution", args=[inst.pk]),
    ):
        assert admin.get(url).status_code == 404, url
    assert (
        admin.post(
            reverse("competence:enrolment-decide", args=[enrolment.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    assert "Rahasia Kupang" not in admin.get(reverse("competence:catalogue")).content.decode()


def test_employee_sees_only_their_own_enrolments(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    prog = programme(world.tenant)
    theirs = services.enrolment_nominate(
        actor=actor(world.admin_user), programme=prog, employee=world.peer
    )
    employee = world.client_for(world.employee_user)
    assert employee.get(reverse("competence:enrolment", args=[theirs.pk])).status_code == 403
    # The supervisor of both sees it; the OPD head too.
    assert (
        world.client_for(world.supervisor_user)
        .get(reverse("competence:enrolment", args=[theirs.pk]))
        .status_code
        == 200
    )
    assert (
        employee.post(reverse("competence:enrolment-cancel", args=[theirs.pk])).status_code == 403
    )
    assert employee.get(reverse("competence:inbox")).status_code == 403
