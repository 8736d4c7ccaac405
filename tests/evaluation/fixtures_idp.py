"""IDP and JP ledger rows for "realisasi IDP" (2026-S1 ends 30 June), counted by hand.

opd1 (head, supervisor, employee, peer, joiner on the books; leaver until 2025-12-31):
- employee: IDP 2026 agreed, 16 + 8 = 24 JP planned; 20 JP (March) + 6 JP (15 June) = 26: met.
- peer: IDP 2026 agreed, 20 JP; 12 JP (May) by June, 10 more in August: not met in S1,
  met over the year 2026.
- supervisor: IDP 2026 still submitted (not agreed), 10 JP, 40 JP done: not counted.
- head: IDP 2026 agreed but without items (0 JP planned): not counted.
- leaver: IDP 2026 agreed, 4 JP, 10 JP done, but left before 2026: not counted in 2026;
  IDP 2025 agreed, 4 JP, 6 JP done in 2025: met in 2025-S2.
- joiner: IDP 2025 agreed (5 JP) but joined in March 2026: not counted in 2025-S2.
opd2: outsider, IDP 2026 agreed, 10 JP, nothing done: 0 of 1.
Expected 2026-S1: opd1 1/2 = 50.00, opd2 0/1 = 0.00, tenant 1/3 = 33.33.
Year 2026: opd1 2/2 = 100.00, tenant 2/3 = 66.67. 2025-S2: opd1 1/1 = 100.00.
"""

from __future__ import annotations

import datetime as dt

from pamong.competence.models import DevelopmentPlan, DevelopmentPlanItem, JpEntry
from pamong.org.models import Employee
from tests.conftest import World


def plan(emp: Employee, year: int, jps: tuple[int, ...], status: str = "agreed") -> None:
    p = DevelopmentPlan.objects.create(
        tenant_id=emp.tenant_id, employee=emp, year=year, status=status
    )
    for n, jp in enumerate(jps):
        DevelopmentPlanItem.objects.create(
            tenant_id=emp.tenant_id, plan=p, kind="pelatihan", competency_kind="teknis",
            activity=f"kegiatan {n}", jp=jp,
        )  # fmt: skip


def jp(emp: Employee, on: dt.date, n: int) -> None:
    JpEntry.objects.create(
        tenant_id=emp.tenant_id, employee=emp, opd_id=emp.opd_id, year=on.year, jp=n,
        source="import", activity_key=f"import:{emp.pk}:{on}:{n}", title="t", kind="seminar",
        completed_on=on,
    )  # fmt: skip


def build_idp(world: World, joiner: Employee, leaver: Employee) -> None:
    plan(world.employee, 2026, (16, 8))
    jp(world.employee, dt.date(2026, 3, 1), 20)
    jp(world.employee, dt.date(2026, 6, 15), 6)
    plan(world.peer, 2026, (20,))
    jp(world.peer, dt.date(2026, 5, 1), 12)
    jp(world.peer, dt.date(2026, 8, 1), 10)
    plan(world.supervisor, 2026, (10,), status="submitted")
    jp(world.supervisor, dt.date(2026, 2, 1), 40)
    plan(world.head, 2026, ())
    plan(leaver, 2026, (4,))
    jp(leaver, dt.date(2026, 1, 10), 10)
    plan(leaver, 2025, (4,))
    jp(leaver, dt.date(2025, 10, 1), 6)
    plan(joiner, 2025, (5,))
    jp(joiner, dt.date(2025, 11, 1), 10)
    plan(world.outsider, 2026, (10,))
