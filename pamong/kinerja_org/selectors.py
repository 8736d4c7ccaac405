"""Permission-checked reads of the performance tree: 404 outside the tenant, 403 without a
right. Sasaran, indikator and Perjanjian Kinerja are organisation documents every employee
of the Pemda may read; writes need `rules.can_manage_*`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from pamong.core.actor import Actor
from pamong.core.permissions import has_perm
from pamong.kinerja_org.models import (
    IndikatorSasaran,
    PerjanjianKinerja,
    PerjanjianKinerjaItem,
    SasaranStrategis,
)
from pamong.kinerja_org.rules import (
    VIEW_ALL,
    allowed_indikator_filter,
    can_manage_pk,
    can_manage_sasaran,
)
from pamong.org.models import Unit


def may_read(actor: Actor) -> bool:
    """Employees of the Pemda and the view-all roles (admin, auditor)."""
    return actor.tenant is not None and (actor.employee_id is not None or has_perm(actor, VIEW_ALL))


def _reader_or_404(actor: Actor) -> None:
    if actor.tenant is None:
        raise Http404
    if not may_read(actor):
        raise PermissionDenied


def get_sasaran_for_actor(actor: Actor, pk: int, *, write: bool = False) -> SasaranStrategis:
    _reader_or_404(actor)
    sasaran = (
        SasaranStrategis.objects.filter(tenant=actor.tenant, pk=pk).select_related("unit").first()
    )
    if sasaran is None:
        raise Http404
    if write and not can_manage_sasaran(actor, sasaran.unit):
        raise PermissionDenied
    return sasaran


def get_indikator_for_actor(actor: Actor, pk: int, *, write: bool = False) -> IndikatorSasaran:
    _reader_or_404(actor)
    indikator = (
        IndikatorSasaran.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("sasaran", "sasaran__unit")
        .first()
    )
    if indikator is None:
        raise Http404
    if write and not can_manage_sasaran(actor, indikator.sasaran.unit):
        raise PermissionDenied
    return indikator


def get_unit_for_actor(actor: Actor, pk: int) -> Unit:
    _reader_or_404(actor)
    unit = (
        Unit.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("parent", "head", "head__position")
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def get_pk_for_actor(actor: Actor, pk: int, *, write: bool = False) -> PerjanjianKinerja:
    _reader_or_404(actor)
    perjanjian = (
        PerjanjianKinerja.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("unit", "unit__parent", "unit__head", "signer", "signer__position")
        .first()
    )
    if perjanjian is None:
        raise Http404
    if write and not can_manage_pk(actor, perjanjian.unit):
        raise PermissionDenied
    return perjanjian


def get_pk_item_for_actor(actor: Actor, pk: int, *, write: bool = False) -> PerjanjianKinerjaItem:
    _reader_or_404(actor)
    item = (
        PerjanjianKinerjaItem.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related(
            "perjanjian",
            "perjanjian__unit",
            "perjanjian__unit__parent",
            "indikator",
            "indikator__sasaran",
        )
        .first()
    )
    if item is None:
        raise Http404
    if write and not can_manage_pk(actor, item.perjanjian.unit):
        raise PermissionDenied
    return item


def pk_for_unit(unit: Unit, year: int) -> PerjanjianKinerja | None:
    return (
        PerjanjianKinerja.objects.filter(tenant_id=unit.tenant_id, unit=unit, year=year)
        .select_related("unit", "unit__parent", "unit__head", "signer", "signer__position")
        .first()
    )


def pk_items(perjanjian: PerjanjianKinerja) -> list[PerjanjianKinerjaItem]:
    """The items with their indikator and sasaran, and the RHK hanging from each (2 queries)."""
    return list(
        perjanjian.items.select_related("indikator", "indikator__sasaran")
        .prefetch_related("rhks__skp__employee")
        .order_by("order", "id")
    )


def indikator_choices(perjanjian: PerjanjianKinerja) -> QuerySet[IndikatorSasaran]:
    """Indikator the PK may still take (same year; Pemda, own or ancestor unit's sasaran)."""
    return (
        IndikatorSasaran.objects.filter(
            allowed_indikator_filter(perjanjian.unit),
            tenant_id=perjanjian.tenant_id,
            sasaran__year=perjanjian.year,
        )
        .exclude(pk_items__perjanjian=perjanjian)
        .select_related("sasaran")
        .order_by("sasaran__code", "order", "id")
    )


def sasaran_units(actor: Actor) -> QuerySet[Unit]:
    """Units whose sasaran (Renstra) the actor may add: the OPDs for BKPSDM (a Renstra is an
    OPD's), and the units the actor heads."""
    rule = Q(head_id=actor.employee_id or 0)
    if has_perm(actor, "performance.manage"):
        rule |= Q(parent__isnull=True)
    return Unit.objects.filter(rule, tenant=actor.tenant).order_by("path")
