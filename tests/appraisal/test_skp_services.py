"""SKP planning transitions with allowed and forbidden actors."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pamong.appraisal import services as svc
from pamong.appraisal.models import Realisation, Rhk, Skp, SkpVersion
from pamong.core.models import AuditLog
from tests.appraisal.conftest import YEAR, Chain, act, draft_skp, user_of
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_one_skp_per_employee_and_year(world: World) -> None:
    svc.skp_create(actor=act(world.employee_user), year=YEAR)
    with pytest.raises(ValidationError, match="sudah ada"):
        svc.skp_create(actor=act(world.employee_user), year=YEAR)
    assert AuditLog.objects.filter(action="appraisal.skp.created").count() == 1


def test_role_account_without_employee_cannot_create(world: World) -> None:
    with pytest.raises(PermissionDenied):
        svc.skp_create(actor=act(world.admin_user), year=YEAR)


def test_only_owner_edits_rhk(world: World, chain: Chain) -> None:
    rhk = chain.employee_skp.rhks.get()
    for user in (world.supervisor_user, user_of(world.peer)):
        with pytest.raises(PermissionDenied):
            svc.rhk_update(actor=act(user), rhk=rhk, text="x", kind="utama")
    with pytest.raises(PermissionDenied):
        svc.rhk_add(actor=act(world.supervisor_user), skp=chain.employee_skp, text="x")
    svc.rhk_update(actor=act(world.employee_user), rhk=rhk, text="Baru", kind="tambahan")
    rhk.refresh_from_db()
    assert (rhk.text, rhk.kind) == ("Baru", "tambahan")
    assert AuditLog.objects.filter(action="appraisal.rhk.updated", object_id=str(rhk.pk)).exists()


def test_parent_rhk_must_belong_to_direct_supervisor(world: World, chain: Chain) -> None:
    head_rhk = chain.head_skp.rhks.get()
    with pytest.raises(ValidationError, match="atasan langsung"):
        svc.rhk_add(
            actor=act(world.employee_user), skp=chain.employee_skp, text="x", parent_rhk=head_rhk
        )


def test_submit_approve_flow_with_versions(world: World, chain: Chain) -> None:
    skp = chain.employee_skp
    with pytest.raises(PermissionDenied):
        svc.skp_submit(actor=act(world.supervisor_user), skp=skp)
    svc.skp_submit(actor=act(world.employee_user), skp=skp)
    assert skp.status == Skp.Status.SUBMITTED
    assert skp.approver == world.supervisor
    with pytest.raises(ValidationError, match="draf"):
        svc.rhk_add(actor=act(world.employee_user), skp=skp, text="telat")
    with pytest.raises(PermissionDenied, match="sendiri"):
        svc.skp_approve(actor=act(world.employee_user), skp=skp)
    with pytest.raises(PermissionDenied):
        svc.skp_approve(actor=act(world.head_user), skp=skp)  # supervisor's supervisor
    with pytest.raises(PermissionDenied):
        svc.skp_approve(actor=act(world.admin_user), skp=skp)
    svc.skp_approve(actor=act(world.supervisor_user), skp=skp)
    skp.refresh_from_db()
    assert (skp.status, skp.version) == (Skp.Status.APPROVED, 1)
    versions = list(SkpVersion.objects.filter(skp=skp).order_by("id"))
    assert [v.status for v in versions] == ["submitted", "approved"]
    assert versions[-1].snapshot["rhks"][0]["indicators"][0]["target"] == "100 data"
    with pytest.raises(ValidationError, match="diajukan"):
        svc.skp_approve(actor=act(world.supervisor_user), skp=skp)
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"appraisal.skp.submitted", "appraisal.skp.approved"} <= actions


def test_submit_needs_indicator_and_supervisor(world: World) -> None:
    actor = act(world.employee_user)
    skp = svc.skp_create(actor=actor, year=YEAR)
    with pytest.raises(ValidationError, match="minimal satu RHK"):
        svc.skp_submit(actor=actor, skp=skp)
    svc.rhk_add(actor=actor, skp=skp, text="Tanpa indikator")
    with pytest.raises(ValidationError, match="indikator"):
        svc.skp_submit(actor=actor, skp=skp)
    head_skp = draft_skp(world.head_user)
    with pytest.raises(ValidationError, match="atasan langsung"):
        svc.skp_submit(actor=act(world.head_user), skp=head_skp)


def test_return_requires_comment_and_reopens_editing(world: World, chain: Chain) -> None:
    skp = chain.employee_skp
    svc.skp_submit(actor=act(world.employee_user), skp=skp)
    with pytest.raises(ValidationError, match="Catatan"):
        svc.skp_return(actor=act(world.supervisor_user), skp=skp, comment="  ")
    svc.skp_return(actor=act(world.supervisor_user), skp=skp, comment="Target terlalu rendah")
    assert skp.status == Skp.Status.RETURNED
    rhk = svc.rhk_add(actor=act(world.employee_user), skp=skp, text="Tambahan", kind="tambahan")
    svc.rhk_delete(actor=act(world.employee_user), rhk=rhk)
    assert not Rhk.objects.filter(pk=rhk.pk).exists()
    svc.skp_submit(actor=act(world.employee_user), skp=skp)
    assert skp.return_comment == ""


def test_realisation_only_on_approved_skp_by_owner(world: World, chain: Chain) -> None:
    skp = chain.employee_skp
    indicator = skp.rhks.get().indicators.get()
    emp = act(world.employee_user)
    with pytest.raises(ValidationError, match="disetujui"):
        svc.realisation_record(actor=emp, indicator=indicator, period="2026-03", value="10")
    svc.skp_submit(actor=emp, skp=skp)
    svc.skp_approve(actor=act(world.supervisor_user), skp=skp)
    with pytest.raises(PermissionDenied):
        svc.realisation_record(
            actor=act(world.supervisor_user), indicator=indicator, period="2026-03", value="1"
        )
    with pytest.raises(ValidationError, match="tahun SKP"):
        svc.realisation_record(actor=emp, indicator=indicator, period="2025-03", value="1")
    svc.realisation_record(actor=emp, indicator=indicator, period="2026-03", value="10")
    svc.realisation_record(
        actor=emp,
        indicator=indicator,
        period="2026-03",
        value="12",
        evidence_url="https://drive.example/bukti",
    )
    row = Realisation.objects.get()
    assert (row.value, row.evidence_url) == ("12", "https://drive.example/bukti")


def test_feedback_by_owner_or_supervisor_only(world: World, chain: Chain) -> None:
    rhk = chain.employee_skp.rhks.get()
    svc.feedback_add(actor=act(world.supervisor_user), rhk=rhk, text="Bagus, lanjutkan")
    svc.feedback_add(actor=act(world.employee_user), rhk=rhk, text="Terima kasih")
    assert rhk.feedback.count() == 2
    with pytest.raises(PermissionDenied):
        svc.feedback_add(actor=act(world.head_user), rhk=rhk, text="Dari jauh")
    with pytest.raises(PermissionDenied):
        svc.feedback_add(actor=act(world.other_admin_user), rhk=rhk, text="asing")
