"""The SKP cycle's side of the performance tree: which unit heads' RHK hang from the PK
items. Registered with pamong.kinerja_org.coverage when the app is ready, so the tree reads
the RHK without kinerja_org importing appraisal."""

from __future__ import annotations

from collections.abc import Callable

from pamong.appraisal.models import Rhk
from pamong.appraisal.selectors import cascade_nodes
from pamong.kinerja_org.coverage import Coverage
from pamong.org.models import Employee


class RhkCoverage:
    def item_in_use(self, tenant_id: int, item_id: int) -> bool:
        return Rhk.objects.filter(tenant_id=tenant_id, pk_item_id=item_id).exists()

    def coverage(
        self,
        tenant_id: int,
        year: int,
        item_ids: list[int],
        may_read: Callable[[Employee], bool],
    ) -> Coverage:
        """The heads' RHK on the items (1 query) and the RHK intervening those (1 query)."""
        result = Coverage()
        if not item_ids:
            return result
        heads = list(
            Rhk.objects.filter(tenant_id=tenant_id, pk_item_id__in=item_ids, skp__year=year)
            .select_related("skp__employee")
            .order_by("skp__employee__name", "kind", "order", "id")
        )
        readable = [rhk for rhk in heads if may_read(rhk.skp.employee)]
        for node in cascade_nodes(readable, tenant_id=tenant_id, year=year):
            assert node.rhk.pk_item_id is not None
            result.readable.setdefault(node.rhk.pk_item_id, []).append(node)
        shown = {rhk.pk for rhk in readable}
        for rhk in heads:
            if rhk.pk not in shown:
                assert rhk.pk_item_id is not None
                result.hidden[rhk.pk_item_id] = result.hidden.get(rhk.pk_item_id, 0) + 1
        return result
