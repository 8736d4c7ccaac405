"""The performance tree of a year (pohon kinerja): sasaran → indikator → the PK items of each
unit → the unit head's RHK → the subordinates' RHK that intervene them.

Built in a fixed number of queries whatever its size. The coverage flags count every RHK;
the RHK texts are shown only to those who may read the head's SKP cascade (the head, their
supervisor and direct reports, the head of their OPD, view-all roles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pamong.core.actor import Actor
from pamong.core.permissions import sees_all
from pamong.kinerja_org.coverage import rhk_reader
from pamong.kinerja_org.models import (
    IndikatorSasaran,
    PerjanjianKinerja,
    PerjanjianKinerjaItem,
    SasaranStrategis,
)
from pamong.kinerja_org.rules import VIEW_ALL
from pamong.org.models import Employee, Unit


@dataclass
class ItemNode:
    item: PerjanjianKinerjaItem
    # Those the actor may read: each head's RHK with the RHK intervening it (appraisal's
    # CascadeNode, read through kinerja_org.coverage).
    rhks: list[Any] = field(default_factory=list)
    hidden: int = 0  # RHK hanging here that the actor may not read

    @property
    def covered(self) -> bool:
        """Diintervensi: at least one RHK of the unit head hangs from this item."""
        return bool(self.rhks) or self.hidden > 0


@dataclass
class IndikatorNode:
    indikator: IndikatorSasaran
    items: list[ItemNode] = field(default_factory=list)

    @property
    def agreed(self) -> bool:
        """At least one unit took this indikator into its PK."""
        return bool(self.items)


@dataclass
class SasaranNode:
    sasaran: SasaranStrategis
    indikator: list[IndikatorNode] = field(default_factory=list)


@dataclass
class Tree:
    year: int
    sasaran: list[SasaranNode]
    agreements: list[PerjanjianKinerja]
    opds_without_pk: list[Unit]

    @property
    def items(self) -> list[ItemNode]:
        return [i for s in self.sasaran for ind in s.indikator for i in ind.items]

    @property
    def uncovered(self) -> list[ItemNode]:
        return [i for i in self.items if not i.covered]


class RhkReader:
    """Who may read a head's RHK and their cascade (mirrors appraisal get_skp_for_actor)."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.all = sees_all(actor, VIEW_ALL)
        self.me = actor.employee_id
        self.my_supervisor = None
        if not self.all and self.me is not None:
            self.my_supervisor = (
                Employee.objects.filter(pk=self.me).values_list("supervisor_id", flat=True).first()
            )

    def may_read(self, owner: Employee) -> bool:
        if self.all:
            return True
        if self.me is None:
            return False
        return (
            self.me in (owner.pk, owner.supervisor_id)
            or owner.pk == self.my_supervisor
            or owner.opd_id in self.actor.opd_ids
        )


def build_tree(actor: Actor, year: int, *, sasaran_id: int | None = None) -> Tree:
    """The tree of the actor's tenant for the year (or of one sasaran): at most 7 queries
    whatever its size (sasaran, indikator, PK items, heads' RHK, supporting RHK, PKs, OPDs
    without PK), one more for actors without a view-all role."""
    assert actor.tenant is not None
    tenant = actor.tenant
    sasaran_qs = SasaranStrategis.objects.filter(tenant=tenant, year=year)
    if sasaran_id is not None:
        sasaran_qs = sasaran_qs.filter(pk=sasaran_id)
    sasaran = list(sasaran_qs.select_related("unit").order_by("unit__path", "code", "id"))
    nodes = [SasaranNode(s) for s in sasaran]
    by_sasaran = {n.sasaran.pk: n for n in nodes}
    indikator_nodes: dict[int, IndikatorNode] = {}
    for ind in IndikatorSasaran.objects.filter(
        tenant=tenant, sasaran_id__in=list(by_sasaran)
    ).order_by("order", "id"):
        ind_node = IndikatorNode(ind)
        indikator_nodes[ind.pk] = ind_node
        by_sasaran[ind.sasaran_id].indikator.append(ind_node)
    item_nodes: dict[int, ItemNode] = {}
    items = PerjanjianKinerjaItem.objects.filter(
        tenant=tenant, indikator_id__in=list(indikator_nodes)
    ).select_related("perjanjian", "perjanjian__unit", "indikator")
    for item in items.order_by("perjanjian__unit__path", "order", "id"):
        item_nodes[item.pk] = ItemNode(item)
        indikator_nodes[item.indikator_id].items.append(item_nodes[item.pk])
    _hang_rhks(actor, tenant.pk, year, item_nodes)
    agreements, opds_without_pk = [], []
    if sasaran_id is None:
        agreements = list(
            PerjanjianKinerja.objects.filter(tenant=tenant, year=year)
            .select_related("unit", "signer")
            .order_by("unit__path")
        )
        with_pk = {a.unit_id for a in agreements}
        opds_without_pk = [
            u
            for u in Unit.objects.filter(tenant=tenant, parent__isnull=True).order_by("path")
            if u.pk not in with_pk
        ]
    return Tree(year, nodes, agreements, opds_without_pk)


def _hang_rhks(actor: Actor, tenant_id: int, year: int, item_nodes: dict[int, ItemNode]) -> None:
    """The heads' RHK on their PK items (1 query) and the RHK intervening those (1 query),
    read from the SKP cycle through the registered reader."""
    if not item_nodes:
        return
    reader = RhkReader(actor)
    coverage = rhk_reader().coverage(tenant_id, year, list(item_nodes), reader.may_read)
    for item_id, nodes in coverage.readable.items():
        item_nodes[item_id].rhks.extend(nodes)
    for item_id, hidden in coverage.hidden.items():
        item_nodes[item_id].hidden += hidden
