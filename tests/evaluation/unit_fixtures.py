"""Two more units of opd1 for the per-unit figures (see test_units.py for the counts)."""

from __future__ import annotations

from pamong.tpp.models import TppSlip
from tests.conftest import World
from tests.evaluation.fixtures import Data
from tests.factories import UnitFactory


class Units:
    def __init__(self, world: World, data: Data) -> None:
        self.opd1, self.bidang, self.opd2 = data.opd1, world.bidang, data.opd2
        self.empty = UnitFactory(
            tenant=world.tenant, code="1.01.03", name="Seksi Kosong", kind="seksi", parent=data.opd1
        )
        self.dissolved = UnitFactory(
            tenant=world.tenant, code="1.01.02", name="Bidang Lama", kind="bidang",
            parent=data.opd1,
        )  # fmt: skip
        # Slips carry the unit code of when they were computed: the employee's January slip
        # in the old bidang, every other slip in its employee's present unit.
        for slip in TppSlip.objects.filter(tenant=world.tenant).select_related("employee__unit"):
            january = slip.run.period.month == 1
            code = "1.01.02" if slip.employee == world.employee and january else None
            TppSlip.objects.filter(pk=slip.pk).update(unit_code=code or slip.employee.unit.code)
