"""Services of the performance tree: allowed and forbidden actors, validation, audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from pamong.appraisal import services as asvc
from pamong.appraisal.models import Rhk
from pamong.core.actor import system_actor
from pamong.core.models import AuditLog
from pamong.kinerja_org import services as svc
from pamong.kinerja_org.models import (
    IndikatorSasaran,
    PerjanjianKinerja,
    PerjanjianKinerjaItem,
    SasaranStrategis,
)
from tests.appraisal.conftest import draft_skp
from tests.conftest import World
from tests.kinerja_org.conftest import YEAR, Tree, act

pytestmark = pytest.mark.django_db


def test_pemda_sasaran_is_bkpsdm_only(world: World) -> None:
    for user in (world.head_user, world.supervisor_user, world.auditor_user, world.finance_user):
        with pytest.raises(PermissionDenied):
            svc.sasaran_create(actor=act(user), year=YEAR, code="SS.1", statement="x")
    with pytest.raises(PermissionDenied):  # another Pemda's admin cannot use our unit
        svc.sasaran_create(
            actor=act(world.other_admin_user), year=YEAR, code="S", statement="x", unit=world.opd
        )
    s = svc.sasaran_create(actor=act(world.admin_user), year=YEAR, code=" SS.1 ", statement="Y")
    assert (s.code, s.unit_id, s.tenant_id) == ("SS.1", None, world.tenant.pk)
    log = AuditLog.objects.get(action="kinerja_org.sasaran.created")
    assert log.after["code"] == "SS.1" and log.tenant_id == world.tenant.pk


def test_unit_sasaran_by_its_head(world: World) -> None:
    world.opd.refresh_from_db()
    s = svc.sasaran_create(
        actor=act(world.head_user), year=YEAR, code="R.1", statement="Renstra", unit=world.opd
    )
    assert s.unit_id == world.opd.pk
    with pytest.raises(PermissionDenied):
        svc.sasaran_create(
            actor=act(world.supervisor_user), year=YEAR, code="R.2", statement="x", unit=world.opd
        )


def test_sasaran_validation(world: World, tree: Tree) -> None:
    admin = act(world.admin_user)
    with pytest.raises(ValidationError) as exc:
        svc.sasaran_create(actor=admin, year=YEAR, code="SS.1", statement="dup")
    assert "code" in exc.value.message_dict
    with pytest.raises(ValidationError):
        svc.sasaran_create(actor=admin, year=1999, code="SS.2", statement="x")
    with pytest.raises(ValidationError):
        svc.sasaran_create(actor=admin, year=YEAR, code="SS.2", statement="  ")
    # The same code is fine in another year and in another tenant.
    svc.sasaran_create(actor=admin, year=YEAR + 1, code="SS.1", statement="next year")
    updated = svc.sasaran_update(actor=admin, sasaran=tree.sasaran, code="SS.1", statement="Baru")
    assert updated.statement == "Baru"
    log = AuditLog.objects.get(action="kinerja_org.sasaran.updated")
    assert log.after == {"statement": "Baru"}
    with pytest.raises(PermissionDenied):
        svc.sasaran_update(
            actor=act(world.other_admin_user), sasaran=tree.sasaran, code="X", statement="y"
        )


def test_indikator_targets_and_codes(world: World, tree: Tree) -> None:
    admin = act(world.admin_user)
    assert tree.sakip.code == "SS.1.2"  # generated from the sasaran code
    assert tree.ikm.target_display == "82 poin" and tree.sakip.target_display == "BB"
    with pytest.raises(ValidationError) as exc:
        svc.indikator_create(actor=admin, sasaran=tree.sasaran, statement="Tanpa target")
    assert "target_value" in exc.value.message_dict
    with pytest.raises(ValidationError):
        svc.indikator_create(
            actor=admin, sasaran=tree.sasaran, statement="x", target_value=Decimal(-1)
        )
    with pytest.raises(ValidationError) as exc:
        svc.indikator_create(
            actor=admin, sasaran=tree.sasaran, code="SS.1.1", statement="x", target_text="y"
        )
    assert "code" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        svc.indikator_create(
            actor=act(world.head_user), sasaran=tree.sasaran, statement="x", target_text="y"
        )
    svc.indikator_update(
        actor=admin,
        indikator=tree.ikm,
        code="SS.1.1",
        statement="IKM",
        target_value=Decimal("85.5"),
        target_unit="poin",
    )
    tree.ikm.refresh_from_db()
    assert tree.ikm.target_display == "85.50 poin"
    assert AuditLog.objects.filter(action="kinerja_org.indikator.updated").count() == 1


def test_db_constraints(world: World, tree: Tree) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        IndikatorSasaran.objects.create(
            tenant=world.tenant, sasaran=tree.sasaran, code="X", statement="no target"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PerjanjianKinerja.objects.filter(pk=tree.pk.pk).update(status="signed")
    with pytest.raises(IntegrityError), transaction.atomic():
        PerjanjianKinerja.objects.create(tenant=world.tenant, unit=world.opd, year=YEAR)


def test_pk_drafting_rights(world: World, tree: Tree) -> None:
    # The bidang's PK: its head, the OPD head above it and BKPSDM; not the staff or others.
    for user in (world.employee_user, world.auditor_user, world.other_admin_user):
        with pytest.raises(PermissionDenied):
            svc.pk_create(actor=act(user), unit=world.bidang, year=YEAR)
    pk = svc.pk_create(actor=act(world.supervisor_user), unit=world.bidang, year=YEAR)
    with pytest.raises(ValidationError):
        svc.pk_create(actor=act(world.head_user), unit=world.bidang, year=YEAR)
    svc.pk_item_add(actor=act(world.head_user), perjanjian=pk, indikator=tree.ikm, target_text="a")
    svc.pk_item_add(
        actor=act(world.admin_user), perjanjian=pk, indikator=tree.sakip, target_text="b"
    )
    with pytest.raises(PermissionDenied):
        svc.pk_item_add(
            actor=act(world.supervisor_user), perjanjian=tree.pk, indikator=tree.sakip,
            target_text="c",
        )  # fmt: skip
    added = AuditLog.objects.filter(action="kinerja_org.pk_item.added", tenant=world.tenant)
    assert added.count() == 3


def test_pk_items_take_only_allowed_indikator(world: World, tree: Tree) -> None:
    head = act(world.head_user)
    with pytest.raises(ValidationError) as exc:  # already in the PK
        svc.pk_item_add(actor=head, perjanjian=tree.pk, indikator=tree.ikm, target_text="x")
    assert "indikator" in exc.value.message_dict
    next_year = svc.sasaran_create(
        actor=act(world.admin_user), year=YEAR + 1, code="SS.1", statement="x"
    )
    later = svc.indikator_create(
        actor=act(world.admin_user), sasaran=next_year, statement="x", target_text="y"
    )
    with pytest.raises(ValidationError, match="tahun yang sama"):
        svc.pk_item_add(actor=head, perjanjian=tree.pk, indikator=later, target_text="x")
    # A bidang's sasaran is below the OPD: the OPD's PK cannot take it.
    bidang_s = svc.sasaran_create(
        actor=act(world.supervisor_user), year=YEAR, code="B.1", statement="x", unit=world.bidang
    )
    bidang_i = svc.indikator_create(
        actor=act(world.supervisor_user), sasaran=bidang_s, statement="x", target_text="y"
    )
    with pytest.raises(ValidationError):
        svc.pk_item_add(actor=head, perjanjian=tree.pk, indikator=bidang_i, target_text="x")
    # ...but the bidang's PK may take the OPD's and its own.
    opd_s = svc.sasaran_create(
        actor=head, year=YEAR, code="R.1", statement="Renstra", unit=world.opd
    )
    opd_i = svc.indikator_create(actor=head, sasaran=opd_s, statement="x", target_text="y")
    bidang_pk = svc.pk_create(actor=head, unit=world.bidang, year=YEAR)
    for ind in (opd_i, bidang_i, tree.ikm):
        svc.pk_item_add(actor=head, perjanjian=bidang_pk, indikator=ind, target_text="z")
    assert bidang_pk.items.count() == 3


def test_signing(world: World, tree: Tree) -> None:
    with pytest.raises(PermissionDenied):
        svc.pk_sign(actor=act(world.employee_user), perjanjian=tree.pk)
    empty = svc.pk_create(actor=act(world.admin_user), unit=world.bidang, year=YEAR)
    with pytest.raises(ValidationError, match="minimal satu"):
        svc.pk_sign(actor=act(world.supervisor_user), perjanjian=empty)
    signed = svc.pk_sign(actor=act(world.head_user), perjanjian=tree.pk)
    assert signed.status == "signed" and signed.signer_id == world.head.pk
    assert signed.signed_by == world.head_user and signed.signed_at is not None
    log = AuditLog.objects.get(action="kinerja_org.pk.signed")
    assert log.after["status"] == "signed" and log.after["signer"] == world.head.pk
    with pytest.raises(ValidationError, match="ditandatangani"):
        svc.pk_sign(actor=act(world.admin_user), perjanjian=tree.pk)
    with pytest.raises(ValidationError, match="ditandatangani"):
        svc.pk_item_add(
            actor=act(world.admin_user), perjanjian=tree.pk, indikator=tree.sakip, target_text="x"
        )
    with pytest.raises(ValidationError, match="ditandatangani"):
        svc.pk_item_update(actor=act(world.admin_user), item=tree.item, target_text="x")


def test_signing_needs_a_unit_head(world: World, tree: Tree) -> None:
    world.bidang.head = None
    world.bidang.save()
    pk = svc.pk_create(actor=act(world.admin_user), unit=world.bidang, year=YEAR)
    svc.pk_item_add(actor=act(world.admin_user), perjanjian=pk, indikator=tree.ikm, target_text="x")
    with pytest.raises(ValidationError, match="kepala"):
        svc.pk_sign(actor=act(world.admin_user), perjanjian=pk)


def test_item_update_and_remove(world: World, tree: Tree) -> None:
    head = act(world.head_user)
    svc.pk_item_update(actor=head, item=tree.item, target_value=Decimal(90), target_unit="poin")
    tree.item.refresh_from_db()
    assert tree.item.target_display == "90 poin"
    with pytest.raises(PermissionDenied):
        svc.pk_item_remove(actor=act(world.supervisor_user), item=tree.item)
    skp = draft_skp(world.head_user)
    rhk = skp.rhks.get()
    asvc.rhk_link_pk_item(actor=head, rhk=rhk, pk_item=tree.item)
    with pytest.raises(ValidationError, match="diintervensi"):
        svc.pk_item_remove(actor=head, item=tree.item)
    asvc.rhk_link_pk_item(actor=head, rhk=rhk, pk_item=None)
    svc.pk_item_remove(actor=head, item=tree.item)
    assert not PerjanjianKinerjaItem.objects.filter(pk=tree.item.pk).exists()
    assert AuditLog.objects.filter(action="kinerja_org.pk_item.removed").count() == 1


def test_a_unit_heads_rhk_hangs_from_the_units_pk(world: World, tree: Tree) -> None:
    head = act(world.head_user)
    skp = draft_skp(world.head_user)
    rhk = asvc.rhk_link_pk_item(actor=head, rhk=skp.rhks.get(), pk_item=tree.item)
    assert Rhk.objects.get(pk=rhk.pk).pk_item_id == tree.item.pk
    log = AuditLog.objects.get(action="kinerja_org.rhk.linked")
    assert (log.before, log.after) == ({"pk_item": None}, {"pk_item": tree.item.pk})
    # The same through the SKP services (the SKP editor).
    added = asvc.rhk_add(actor=head, skp=skp, text="RHK kedua", pk_item=tree.item)
    assert added.pk_item_id == tree.item.pk
    asvc.rhk_update(actor=head, rhk=added, text="RHK kedua", kind="utama")  # kept
    assert Rhk.objects.get(pk=added.pk).pk_item_id == tree.item.pk
    asvc.rhk_update(actor=head, rhk=added, text="RHK kedua", kind="utama", pk_item=None)
    assert Rhk.objects.get(pk=added.pk).pk_item_id is None
    assert asvc.skp_snapshot(skp)["rhks"][0]["pk_item"] == tree.item.pk


def test_non_heads_cannot_link_and_the_message_names_the_field(world: World, tree: Tree) -> None:
    skp = draft_skp(world.employee_user)
    with pytest.raises(ValidationError) as exc:
        asvc.rhk_link_pk_item(actor=act(world.employee_user), rhk=skp.rhks.get(), pk_item=tree.item)
    assert list(exc.value.message_dict) == ["pk_item"]
    assert exc.value.message_dict["pk_item"][0].startswith("Butir Perjanjian Kinerja:")
    assert "kepala unit" in exc.value.message_dict["pk_item"][0]
    with pytest.raises(ValidationError) as exc:
        asvc.rhk_add(actor=act(world.employee_user), skp=skp, text="x", pk_item=tree.item)
    assert "pk_item" in exc.value.message_dict


def test_a_head_links_only_own_units_pk_of_the_same_year(world: World, tree: Tree) -> None:
    # The bidang head heads a unit, but the item is of the OPD's PK.
    skp = draft_skp(world.supervisor_user)
    with pytest.raises(ValidationError, match="unit yang Anda pimpin"):
        asvc.rhk_link_pk_item(
            actor=act(world.supervisor_user), rhk=skp.rhks.get(), pk_item=tree.item
        )
    # Another year's SKP of the OPD head.
    actor = act(world.head_user)
    later = asvc.skp_create(actor=actor, year=YEAR + 1)
    rhk = asvc.rhk_add(actor=actor, skp=later, text="x")
    with pytest.raises(ValidationError, match=str(YEAR + 1)):
        asvc.rhk_link_pk_item(actor=actor, rhk=rhk, pk_item=tree.item)
    # Someone else's RHK, another tenant's item.
    with pytest.raises(PermissionDenied):
        asvc.rhk_link_pk_item(actor=act(world.admin_user), rhk=rhk, pk_item=None)
    foreign_item = tree.foreign_pk.items.get()
    own = draft_skp(world.head_user)
    with pytest.raises(ValidationError):
        asvc.rhk_link_pk_item(actor=actor, rhk=own.rhks.get(), pk_item=foreign_item)


def test_system_actor_passes(world: World, tree: Tree) -> None:
    actor = system_actor(world.tenant)
    assert svc.pk_sign(actor=actor, perjanjian=tree.pk).status == "signed"
    assert SasaranStrategis.objects.filter(tenant=world.tenant).count() == 1


def test_pk_perubahan_reopens_a_signed_pk_for_bkpsdm_only(world: World, tree: Tree) -> None:
    with pytest.raises(ValidationError, match="masih draf"):
        svc.pk_reopen(actor=act(world.admin_user), perjanjian=tree.pk, reason="APBD-P")
    svc.pk_sign(actor=act(world.head_user), perjanjian=tree.pk)
    for user in (world.head_user, world.employee_user):  # the signer cannot reopen it alone
        with pytest.raises(PermissionDenied):
            svc.pk_reopen(actor=act(user), perjanjian=tree.pk, reason="APBD-P")
    with pytest.raises(PermissionDenied):
        svc.pk_reopen(actor=act(world.other_admin_user), perjanjian=tree.pk, reason="APBD-P")
    with pytest.raises(ValidationError, match="Alasan"):
        svc.pk_reopen(actor=act(world.admin_user), perjanjian=tree.pk, reason=" ")
    reopened = svc.pk_reopen(
        actor=act(world.admin_user), perjanjian=tree.pk, reason="Perubahan APBD"
    )
    assert reopened.status == "draft" and reopened.signer_id is None
    log = AuditLog.objects.get(action="kinerja_org.pk.reopened")
    assert log.before["status"] == "signed" and log.before["signer"] == world.head.pk
    assert log.data["reason"] == "Perubahan APBD" and len(log.data["signed_items"]) == 1
    # Editable again, then signed again.
    svc.pk_item_update(actor=act(world.admin_user), item=tree.item, target_text="Naik")
    assert svc.pk_sign(actor=act(world.head_user), perjanjian=tree.pk).status == "signed"
