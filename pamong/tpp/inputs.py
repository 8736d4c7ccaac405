"""What a TPP computation read, and what changed since (issue 18, defect 4).

Before a run reads its month, `fingerprint` records per source how many rows it had and
the highest id; `changes` later counts rows added (id above that), changed (their own
timestamp after the read) and removed (the count went down by more than was added). The
run page shows the result and a draft with changed inputs cannot be verified.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from pamong.attendance.classify import month_bounds
from pamong.attendance.models import Correction, CorrectionStatus, Duty, Leave, Punch, WorkCalendar
from pamong.core import clock
from pamong.core.models import Tenant
from pamong.performance.models import Rating
from pamong.tpp.models import Sanction, TppRun
from pamong.tpp.services import policy_in_force


@dataclass(frozen=True)
class Change:
    source: str
    label: str
    added: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def text(self) -> str:
        parts = []
        if self.added:
            parts.append(_("%(n)s baru") % {"n": self.added})
        if self.changed:
            parts.append(_("%(n)s diubah") % {"n": self.changed})
        if self.removed:
            parts.append(_("%(n)s dihapus") % {"n": self.removed})
        return ", ".join(parts) or _("diubah")


def _sources(tenant: Tenant, period: dt.date) -> dict[str, tuple[QuerySet[Any], str | None]]:
    """Per source: the rows the month reads, and the field that records a change."""
    first, last = month_bounds(period.year, period.month)
    zone = clock.zone(tenant)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    overlap = Q(start__lte=last, end__gte=first)
    return {
        "punches": (Punch.objects.filter(tenant=tenant, at__gte=start, at__lt=end), None),
        "leave": (Leave.objects.filter(overlap, tenant=tenant), None),
        "duties": (Duty.objects.filter(overlap, tenant=tenant), None),
        "corrections": (
            Correction.objects.filter(
                tenant=tenant, day__gte=first, day__lte=last, status=CorrectionStatus.APPROVED
            ),
            "decided_at",
        ),
        "ratings": (Rating.objects.filter(tenant=tenant, period=f"{first:%Y-%m}"), "updated_at"),
        "sanctions": (Sanction.objects.filter(tenant=tenant, start__lte=first), "updated_at"),
    }


def labels() -> dict[str, str]:
    return {
        "punches": _("Presensi (punch)"),
        "leave": _("Cuti"),
        "duties": _("Dinas luar"),
        "corrections": _("Koreksi presensi"),
        "ratings": _("Penilaian kinerja"),
        "sanctions": _("Hukuman disiplin"),
        "policy": _("Kebijakan TPP"),
        "calendar": _("Kalender kerja"),
    }


def fingerprint(tenant: Tenant, period: dt.date) -> dict[str, Any]:
    """Counts and highest ids of what the month reads (punches: the highest id only)."""
    out: dict[str, Any] = {}
    for name, (qs, _stamp) in _sources(tenant, period).items():
        model = qs.model
        top = model.objects.filter(tenant=tenant).aggregate(m=Max("id"))["m"] or 0
        out[name] = {"max_id": top} if name == "punches" else {"count": qs.count(), "max_id": top}
    return out


def changes(run: TppRun, tenant: Tenant | None = None) -> list[Change]:
    """What changed in the run's inputs since it read them (empty for runs without one)."""
    if not run.inputs or run.computed_at is None:
        return []
    tenant = tenant or run.tenant
    since, found = run.computed_at, []
    names = labels()
    for name, (qs, stamp) in _sources(tenant, run.period).items():
        before = run.inputs.get(name)
        if before is None:
            continue
        top = before["max_id"]
        if "count" not in before:  # punches: never changed or removed, only added
            added, changed, removed = qs.filter(id__gt=top).count(), 0, 0
        else:  # one query: rows now, rows added, rows changed since the reading
            counts = {"now": Count("id"), "added": Count("id", filter=Q(id__gt=top))}
            if stamp:
                counts["changed"] = Count("id", filter=Q(id__lte=top, **{f"{stamp}__gt": since}))
            got = qs.aggregate(**counts)
            added, changed = got["added"], got.get("changed", 0)
            removed = max(before["count"] - (got["now"] - added), 0)
        if added or changed or removed:
            found.append(Change(name, names[name], added, changed, removed))
    policy = policy_in_force(tenant, run.period)
    if policy is not None and (policy.pk != run.policy_id or policy.loaded_at > since):
        found.append(Change("policy", names["policy"], changed=1))
    if WorkCalendar.objects.filter(tenant=tenant, updated_at__gt=since).exists():
        found.append(Change("calendar", names["calendar"], changed=1))
    return found
