"""Development done against the plan, shown on the SKP page without importing competence.

Competence keeps the individual development plan (IDP) and the JP ledger; the SKP cycle does
not depend on it (competence is an optional app in .importlinter's layers). So competence
registers a reader when the app is ready (pamong/competence/apps.py), the way appraisal
registers its RHK reader with the performance tree (pamong/kinerja_org/coverage.py).
Without competence installed the SKP page shows no panel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from pamong.appraisal import selectors as sel
from pamong.appraisal.models import Skp
from pamong.core.actor import Actor
from pamong.org.models import Employee


@dataclass(frozen=True)
class PlannedItem:
    activity: str
    kind: str  # ProgrammeKind value: shown through |label
    jp: int


@dataclass(frozen=True)
class DoneActivity:
    title: str
    kind: str  # ProgrammeKind value
    jp: int
    completed_on: dt.date


@dataclass
class DevelopmentPanel:
    year: int
    plan_status: str = ""  # DevelopmentPlan.status; "" when there is no IDP for the year
    goals: str = ""
    items: list[PlannedItem] = field(default_factory=list)
    planned_jp: int = 0
    achieved_jp: int = 0
    done: list[DoneActivity] = field(default_factory=list)  # the latest few
    done_total: int = 0  # every completed activity of the year
    url: str = ""  # the IDP page, when the actor may open it

    @property
    def has_plan(self) -> bool:
        return bool(self.plan_status)

    @property
    def met(self) -> bool:
        """The plan's JP are reached (only meaningful when JP were planned)."""
        return self.planned_jp > 0 and self.achieved_jp >= self.planned_jp

    @property
    def more(self) -> int:
        return max(self.done_total - len(self.done), 0)


class DevelopmentReader(Protocol):
    def panel(self, actor: Actor, employee: Employee, year: int) -> DevelopmentPanel:
        """The employee's IDP and JP ledger of the year, in a fixed number of queries."""
        ...


_reader: DevelopmentReader | None = None


def register_development_reader(reader: DevelopmentReader | None) -> None:
    global _reader
    _reader = reader


def development_panel(actor: Actor, skp: Skp) -> DevelopmentPanel | None:
    """The panel for the SKP page, or None: competence not installed, or the actor reads the
    SKP only as a direct report of its owner (their RHK intervene it), which does not open
    the owner's development plan."""
    if _reader is None or not sel.may_see_employee(actor, skp.employee):
        return None
    return _reader.panel(actor, skp.employee, skp.year)
