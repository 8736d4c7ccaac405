"""Which RHK hang from the PK items: read from the SKP cycle without importing it.

The RHK of a unit head hang from the items of the unit's Perjanjian Kinerja
(`appraisal.Rhk.pk_item`), but the SKP cycle (appraisal) uses the performance tree, not the
other way round. So appraisal registers a reader of its RHK when the app is ready
(pamong/appraisal/apps.py), as org registers the actor's facts with core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pamong.org.models import Employee


@dataclass
class Coverage:
    """Per PK item id: the RHK nodes (RHK with the RHK intervening it) the actor may read,
    and how many more hang there that the actor may not read."""

    readable: dict[int, list[Any]] = field(default_factory=dict)
    hidden: dict[int, int] = field(default_factory=dict)


class RhkCoverageReader(Protocol):
    def item_in_use(self, tenant_id: int, item_id: int) -> bool:
        """At least one RHK hangs from the item."""
        ...

    def coverage(
        self,
        tenant_id: int,
        year: int,
        item_ids: list[int],
        may_read: Callable[[Employee], bool],
    ) -> Coverage:
        """The heads' RHK of the year on the items, with the RHK intervening each one."""
        ...


_reader: RhkCoverageReader | None = None


def register_rhk_reader(reader: RhkCoverageReader) -> None:
    global _reader
    _reader = reader


def rhk_reader() -> RhkCoverageReader:
    if _reader is None:
        raise RuntimeError("pamong.appraisal is not installed: no reader of the RHK coverage")
    return _reader
