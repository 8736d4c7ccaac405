"""Every write to the performance tree: sasaran, indikator, Perjanjian Kinerja and its items,
and signing. Each checks the actor and is audited. Hanging a unit head's RHK from a PK item
is the SKP cycle's write (`appraisal.services.rhk_link_pk_item`)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.permissions import has_perm
from pamong.kinerja_org.coverage import rhk_reader
from pamong.kinerja_org.models import (
    IndikatorSasaran,
    PerjanjianKinerja,
    PerjanjianKinerjaItem,
    SasaranStrategis,
)
from pamong.kinerja_org.rules import (
    MANAGE,
    allowed_indikator_filter,
    can_manage_pk,
    can_manage_sasaran,
    in_tenant,
)
from pamong.org.models import Unit

SASARAN_FIELDS = ["year", "unit", "code", "statement"]
TARGET_FIELDS = ["target_value", "target_unit", "target_text"]
INDIKATOR_FIELDS = ["sasaran", "code", "statement", *TARGET_FIELDS]
ITEM_FIELDS = ["perjanjian", "indikator", *TARGET_FIELDS]
PK_FIELDS = ["unit", "year", "status", "signer", "signed_at"]


def check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Tahun tidak sah.")})


def clean_code(code: str) -> str:
    code = code.strip()
    if not code:
        raise ValidationError({"code": _("Kode wajib diisi.")})
    if len(code) > 40:
        raise ValidationError({"code": _("Kode paling panjang 40 karakter.")})
    return code


def clean_statement(text: str, field: str = "statement") -> str:
    text = text.strip()
    if not text:
        raise ValidationError({field: _("Uraian wajib diisi.")})
    return text


def clean_target(value: Decimal | None, unit: str, text: str) -> tuple[Decimal | None, str, str]:
    """A number (with its satuan) or a qualitative target; one of the two is required."""
    unit, text = unit.strip(), text.strip()
    if value is None and not text:
        raise ValidationError(
            {"target_value": _("Target wajib diisi: angka dengan satuan, atau target kualitatif.")}
        )
    if value is not None and (not value.is_finite() or value < 0):
        raise ValidationError({"target_value": _("Target harus berupa angka tidak negatif.")})
    if len(unit) > 40:
        raise ValidationError({"target_unit": _("Satuan paling panjang 40 karakter.")})
    if len(text) > 200:
        raise ValidationError({"target_text": _("Target kualitatif paling panjang 200 karakter.")})
    return value, unit, text


def _require_sasaran_right(actor: Actor, unit: Unit | None) -> None:
    if not can_manage_sasaran(actor, unit):
        raise PermissionDenied(
            _("Sasaran strategis Pemda diubah oleh BKPSDM; sasaran unit oleh kepala unitnya.")
        )


def _require_pk_right(actor: Actor, unit: Unit) -> None:
    if not can_manage_pk(actor, unit):
        raise PermissionDenied(
            _(
                "Perjanjian Kinerja disusun oleh kepala unit, pimpinan satu tingkat di atasnya"
                " atau BKPSDM."
            )
        )


# --- sasaran strategis and indikator --------------------------------------------------------


@transaction.atomic
def sasaran_create(
    *, actor: Actor, year: int, code: str, statement: str, unit: Unit | None = None
) -> SasaranStrategis:
    if actor.tenant is None or (unit is not None and not in_tenant(actor, unit.tenant_id)):
        raise PermissionDenied
    _require_sasaran_right(actor, unit)
    check_year(year)
    code, statement = clean_code(code), clean_statement(statement)
    if SasaranStrategis.objects.filter(tenant=actor.tenant, year=year, code=code).exists():
        raise ValidationError({"code": _("Kode sasaran sudah dipakai pada tahun ini.")})
    sasaran = SasaranStrategis.objects.create(
        tenant=actor.tenant, year=year, unit=unit, code=code, statement=statement
    )
    audit(
        actor=actor,
        action="kinerja_org.sasaran.created",
        obj=sasaran,
        after=snapshot(sasaran, SASARAN_FIELDS),
    )
    return sasaran


@transaction.atomic
def sasaran_update(
    *, actor: Actor, sasaran: SasaranStrategis, code: str, statement: str
) -> SasaranStrategis:
    if not in_tenant(actor, sasaran.tenant_id):
        raise PermissionDenied
    _require_sasaran_right(actor, sasaran.unit)
    code, statement = clean_code(code), clean_statement(statement)
    taken = SasaranStrategis.objects.filter(
        tenant_id=sasaran.tenant_id, year=sasaran.year, code=code
    ).exclude(pk=sasaran.pk)
    if taken.exists():
        raise ValidationError({"code": _("Kode sasaran sudah dipakai pada tahun ini.")})
    before = snapshot(sasaran, SASARAN_FIELDS)
    sasaran.code, sasaran.statement = code, statement
    sasaran.save()
    after = snapshot(sasaran, SASARAN_FIELDS)
    if after != before:
        audit(
            actor=actor,
            action="kinerja_org.sasaran.updated",
            obj=sasaran,
            before=before,
            after=after,
        )
    return sasaran


def _indikator_code_taken(sasaran: SasaranStrategis, code: str, exclude: int | None) -> bool:
    """Indikator codes are unique within the year: PK items and the YAML file name them."""
    return (
        IndikatorSasaran.objects.filter(
            tenant_id=sasaran.tenant_id, sasaran__year=sasaran.year, code=code
        )
        .exclude(pk=exclude or 0)
        .exists()
    )


@transaction.atomic
def indikator_create(
    *,
    actor: Actor,
    sasaran: SasaranStrategis,
    statement: str,
    code: str = "",
    target_value: Decimal | None = None,
    target_unit: str = "",
    target_text: str = "",
) -> IndikatorSasaran:
    if not in_tenant(actor, sasaran.tenant_id):
        raise PermissionDenied
    _require_sasaran_right(actor, sasaran.unit)
    statement = clean_statement(statement)
    value, unit, text = clean_target(target_value, target_unit, target_text)
    order = (sasaran.indikator.aggregate(m=Max("order"))["m"] or 0) + 1
    code = clean_code(code or f"{sasaran.code}.{order}")
    if _indikator_code_taken(sasaran, code, None):
        raise ValidationError({"code": _("Kode indikator sudah dipakai pada tahun ini.")})
    indikator = IndikatorSasaran.objects.create(
        tenant_id=sasaran.tenant_id,
        sasaran=sasaran,
        code=code,
        statement=statement,
        target_value=value,
        target_unit=unit,
        target_text=text,
        order=order,
    )
    audit(
        actor=actor,
        action="kinerja_org.indikator.created",
        obj=indikator,
        after=snapshot(indikator, INDIKATOR_FIELDS),
    )
    return indikator


@transaction.atomic
def indikator_update(
    *,
    actor: Actor,
    indikator: IndikatorSasaran,
    statement: str,
    code: str,
    target_value: Decimal | None = None,
    target_unit: str = "",
    target_text: str = "",
) -> IndikatorSasaran:
    if not in_tenant(actor, indikator.tenant_id):
        raise PermissionDenied
    sasaran = indikator.sasaran
    _require_sasaran_right(actor, sasaran.unit)
    statement, code = clean_statement(statement), clean_code(code)
    value, unit, text = clean_target(target_value, target_unit, target_text)
    if _indikator_code_taken(sasaran, code, indikator.pk):
        raise ValidationError({"code": _("Kode indikator sudah dipakai pada tahun ini.")})
    before = snapshot(indikator, INDIKATOR_FIELDS)
    indikator.statement, indikator.code = statement, code
    indikator.target_value, indikator.target_unit, indikator.target_text = value, unit, text
    indikator.save()
    after = snapshot(indikator, INDIKATOR_FIELDS)
    if after != before:
        audit(
            actor=actor,
            action="kinerja_org.indikator.updated",
            obj=indikator,
            before=before,
            after=after,
        )
    return indikator


# --- Perjanjian Kinerja ---------------------------------------------------------------------


def _locked_pk(perjanjian: PerjanjianKinerja) -> PerjanjianKinerja:
    locked: PerjanjianKinerja = (
        PerjanjianKinerja.objects.select_for_update(of=("self",))
        .select_related("unit", "unit__parent")
        .get(pk=perjanjian.pk)
    )
    return locked


def _require_draft(perjanjian: PerjanjianKinerja) -> None:
    if not perjanjian.editable:
        raise ValidationError(_("Perjanjian Kinerja yang sudah ditandatangani tidak dapat diubah."))


@transaction.atomic
def pk_create(*, actor: Actor, unit: Unit, year: int) -> PerjanjianKinerja:
    if not in_tenant(actor, unit.tenant_id):
        raise PermissionDenied
    unit = Unit.objects.select_related("parent").get(pk=unit.pk)  # current heads
    _require_pk_right(actor, unit)
    check_year(year)
    if PerjanjianKinerja.objects.filter(tenant_id=unit.tenant_id, unit=unit, year=year).exists():
        raise ValidationError(_("Perjanjian Kinerja unit ini untuk tahun tersebut sudah ada."))
    perjanjian = PerjanjianKinerja.objects.create(tenant_id=unit.tenant_id, unit=unit, year=year)
    audit(
        actor=actor,
        action="kinerja_org.pk.created",
        obj=perjanjian,
        after=snapshot(perjanjian, PK_FIELDS),
    )
    return perjanjian


@transaction.atomic
def pk_item_add(
    *,
    actor: Actor,
    perjanjian: PerjanjianKinerja,
    indikator: IndikatorSasaran,
    target_value: Decimal | None = None,
    target_unit: str = "",
    target_text: str = "",
) -> PerjanjianKinerjaItem:
    if not in_tenant(actor, perjanjian.tenant_id):
        raise PermissionDenied
    perjanjian = _locked_pk(perjanjian)
    _require_pk_right(actor, perjanjian.unit)
    _require_draft(perjanjian)
    allowed = IndikatorSasaran.objects.filter(
        allowed_indikator_filter(perjanjian.unit),
        tenant_id=perjanjian.tenant_id,
        sasaran__year=perjanjian.year,
        pk=indikator.pk,
    )
    if not allowed.exists():
        raise ValidationError(
            {
                "indikator": _(
                    "Indikator harus dari sasaran strategis tahun yang sama milik Pemda, unit"
                    " ini atau unit di atasnya."
                )
            }
        )
    if perjanjian.items.filter(indikator=indikator).exists():
        raise ValidationError({"indikator": _("Indikator ini sudah ada dalam Perjanjian Kinerja.")})
    value, unit, text = clean_target(target_value, target_unit, target_text)
    order = (perjanjian.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = PerjanjianKinerjaItem.objects.create(
        tenant_id=perjanjian.tenant_id,
        perjanjian=perjanjian,
        indikator=indikator,
        target_value=value,
        target_unit=unit,
        target_text=text,
        order=order,
    )
    audit(
        actor=actor,
        action="kinerja_org.pk_item.added",
        obj=item,
        after=snapshot(item, ITEM_FIELDS),
    )
    return item


@transaction.atomic
def pk_item_update(
    *,
    actor: Actor,
    item: PerjanjianKinerjaItem,
    target_value: Decimal | None = None,
    target_unit: str = "",
    target_text: str = "",
) -> PerjanjianKinerjaItem:
    if not in_tenant(actor, item.tenant_id):
        raise PermissionDenied
    perjanjian = _locked_pk(item.perjanjian)
    _require_pk_right(actor, perjanjian.unit)
    _require_draft(perjanjian)
    value, unit, text = clean_target(target_value, target_unit, target_text)
    before = snapshot(item, ITEM_FIELDS)
    item.target_value, item.target_unit, item.target_text = value, unit, text
    item.save()
    after = snapshot(item, ITEM_FIELDS)
    if after != before:
        audit(
            actor=actor,
            action="kinerja_org.pk_item.updated",
            obj=item,
            before=before,
            after=after,
        )
    return item


@transaction.atomic
def pk_item_remove(*, actor: Actor, item: PerjanjianKinerjaItem) -> None:
    if not in_tenant(actor, item.tenant_id):
        raise PermissionDenied
    perjanjian = _locked_pk(item.perjanjian)
    _require_pk_right(actor, perjanjian.unit)
    _require_draft(perjanjian)
    if rhk_reader().item_in_use(item.tenant_id, item.pk):
        raise ValidationError(
            _("Butir ini sudah diintervensi RHK kepala unit; lepaskan dulu kaitan RHK tersebut.")
        )
    audit(
        actor=actor,
        action="kinerja_org.pk_item.removed",
        obj=item,
        before=snapshot(item, ITEM_FIELDS),
    )
    item.delete()


@transaction.atomic
def pk_sign(*, actor: Actor, perjanjian: PerjanjianKinerja) -> PerjanjianKinerja:
    """Record the signing: the unit head at this moment becomes the signer (pihak pertama)."""
    if not in_tenant(actor, perjanjian.tenant_id):
        raise PermissionDenied
    perjanjian = _locked_pk(perjanjian)
    _require_pk_right(actor, perjanjian.unit)
    _require_draft(perjanjian)
    if perjanjian.unit.head_id is None:
        raise ValidationError(_("Unit ini belum memiliki kepala untuk menandatangani."))
    if not perjanjian.items.exists():
        raise ValidationError(_("Perjanjian Kinerja harus memiliki minimal satu indikator."))
    before = snapshot(perjanjian, PK_FIELDS)
    perjanjian.status = PerjanjianKinerja.Status.SIGNED
    perjanjian.signer_id = perjanjian.unit.head_id
    perjanjian.signed_at = timezone.now()
    perjanjian.signed_by = actor.user
    perjanjian.save()
    audit(
        actor=actor,
        action="kinerja_org.pk.signed",
        obj=perjanjian,
        before=before,
        after=snapshot(perjanjian, PK_FIELDS),
    )
    return perjanjian


@transaction.atomic
def pk_reopen(*, actor: Actor, perjanjian: PerjanjianKinerja, reason: str) -> PerjanjianKinerja:
    """Perjanjian Kinerja perubahan: BKPSDM reopens a signed PK as a draft (e.g. after the
    budget revision), with the reason; the signed version stays in the audit log. The unit
    head's RHK keep hanging from its items; it is signed again when changed."""
    if not in_tenant(actor, perjanjian.tenant_id):
        raise PermissionDenied
    if not has_perm(actor, MANAGE):
        raise PermissionDenied(_("Hanya BKPSDM yang dapat membuka Perjanjian Kinerja perubahan."))
    perjanjian = _locked_pk(perjanjian)
    if perjanjian.editable:
        raise ValidationError(_("Perjanjian Kinerja ini masih draf."))
    if not reason.strip():
        raise ValidationError(_("Alasan perubahan wajib diisi."))
    before = snapshot(perjanjian, PK_FIELDS)
    items = list(
        perjanjian.items.values("indikator_id", "target_value", "target_unit", "target_text")
    )
    perjanjian.status = PerjanjianKinerja.Status.DRAFT
    perjanjian.signer = None
    perjanjian.signed_at = None
    perjanjian.signed_by = None
    perjanjian.save()
    audit(
        actor=actor,
        action="kinerja_org.pk.reopened",
        obj=perjanjian,
        before=before,
        after=snapshot(perjanjian, PK_FIELDS),
        data={"reason": reason.strip(), "signed_items": items},
    )
    return perjanjian
