"""Heads of OPD are rated by the Sekda the tenant sets; the Sekda's SKP is decided by the
kepala daerah, recorded by BKPSDM on their behalf (issue 10 §5)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pamong.appraisal import services as svc
from pamong.appraisal.models import Skp
from pamong.core.models import AuditLog
from pamong.org.models import Employee
from tests.appraisal.conftest import act, draft_skp, user_of
from tests.conftest import World
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory


@pytest.fixture
def sekda(world: World) -> Employee:
    setda = UnitFactory(tenant=world.tenant, code="1.00", name="Sekretariat Daerah")
    position = PositionFactory(tenant=world.tenant, name="Sekretaris Daerah", kind="jpt", kelas=17)
    person = EmployeeFactory(tenant=world.tenant, unit=setda, position=position, name="Sekda")
    return person


def _set(world: World, nip: str):  # type: ignore[no-untyped-def]
    return world.client_for(world.admin_user).post(reverse("appraisal:sekda"), {"nip": nip})


def test_a_head_of_opd_needs_the_sekda_then_submits_to_them(world: World, sekda: Employee) -> None:
    skp = draft_skp(world.head_user)
    with pytest.raises(ValidationError, match="Kepala OPD dinilai oleh Sekda"):
        svc.skp_submit(actor=act(world.head_user), skp=skp)
    assert _set(world, sekda.nip).status_code == 302
    world.head.refresh_from_db()
    assert world.head.supervisor_id == sekda.pk
    assert AuditLog.objects.filter(action="org.sekda.set").exists()
    skp = Skp.objects.get(pk=skp.pk)
    svc.skp_submit(actor=act(world.head_user), skp=skp)
    assert skp.approver_id == sekda.pk
    sekda_user = user_of(sekda)
    page = world.client_for(sekda_user).get(reverse("appraisal:index")).text
    assert reverse("appraisal:skp-detail", args=[skp.pk]) in page
    svc.skp_approve(actor=act(sekda_user), skp=skp)
    assert skp.status == Skp.Status.APPROVED


def test_bkpsdm_records_the_kepala_daerahs_decision_on_the_sekdas_skp(
    world: World, sekda: Employee
) -> None:
    _set(world, sekda.nip)
    sekda_user = user_of(sekda)
    skp = draft_skp(sekda_user)
    svc.skp_submit(actor=act(sekda_user), skp=skp)
    for user in (world.head_user, world.auditor_user, world.finance_user):
        with pytest.raises(PermissionDenied):
            svc.skp_approve(actor=act(user), skp=skp)
    admin = world.client_for(world.admin_user)
    assert (
        reverse("appraisal:skp-detail", args=[skp.pk]) in admin.get(reverse("appraisal:index")).text
    )
    detail = admin.get(reverse("appraisal:skp-detail", args=[skp.pk])).text
    assert 'id="on-behalf"' in detail
    admin.post(
        reverse("appraisal:skp-decide", args=[skp.pk]), {"action": "approve", "confirmed": "1"}
    )
    skp.refresh_from_db()
    assert skp.status == Skp.Status.APPROVED
    entry = AuditLog.objects.get(action="appraisal.skp.approved", object_id=str(skp.pk))
    assert entry.data["on_behalf_of"] == "kepala_daerah"


def test_setting_the_sekda_is_for_bkpsdm_and_the_own_tenant(world: World, sekda: Employee) -> None:
    url = reverse("appraisal:sekda")
    assert world.client_for(world.employee_user).post(url, {"nip": sekda.nip}).status_code == 403
    _set(world, world.foreigner.nip)
    world.head.refresh_from_db()
    assert world.head.supervisor_id is None  # another tenant's NIP is not found
    _set(world, sekda.nip)
    _set(world, "")  # cleared: the head has no rater again
    world.head.refresh_from_db()
    assert world.head.supervisor_id is None
