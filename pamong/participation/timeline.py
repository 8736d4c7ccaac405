"""The history of a report as its reporter reads it on the ticket page.

Built from the report's audit entries (every state change writes one, complaints.py), so
it needs no table of its own and shows exactly what happened, with dates. What the public
sees: the steps, the unit each step concerns, the postponement reason, the unit's replies
and the follow-up. Never shown: staff names and notes, escalations, the reporter's own
identity (not in the audit log anyway).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from pamong.core.models import AuditLog
from pamong.org.models import Unit
from pamong.participation.models import Complaint

PREFIX = "participation.complaint."


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    title: str
    text: str = ""


def _unit_ids(entries: list[AuditLog]) -> set[int]:
    ids: set[int] = set()
    for entry in entries:
        after = entry.after or {}
        for key in ("unit", "handling_unit"):
            if isinstance(after.get(key), int):
                ids.add(after[key])
    return ids


def _step(entry: AuditLog, units: dict[int, Unit]) -> Step | None:
    verb = entry.action.removeprefix(PREFIX)
    after: dict[str, Any] = entry.after or {}
    data: dict[str, Any] = entry.data or {}
    at = entry.created_at

    def unit_name(key: str) -> str:
        unit = units.get(after.get(key) or 0)
        return unit.name if unit is not None else ""

    simple = {
        "submit": (_("Laporan diterima"), ""),
        "postpone": (
            _("Ditunda: petugas meminta keterangan tambahan"),
            after.get("postpone_reason", ""),
        ),
        "respond": (_("Tanggapan unit"), after.get("unit_response", "")),
        "close": (_("Selesai; tindak lanjut"), after.get("follow_up", "")),
        "archive": (_("Diarsipkan, tidak ditindaklanjuti"), ""),
        "dispatch": (_("Diteruskan ke %(unit)s") % {"unit": unit_name("handling_unit") or "—"}, ""),
    }
    if verb in simple:
        title, text = simple[verb]
        return Step(at, title, str(text))
    if verb == "reporter_reply":
        if after.get("state") == Complaint.State.NEW:
            return Step(at, _("Anda melengkapi keterangan; laporan kembali diverifikasi"))
        return Step(at, _("Anda menambahkan keterangan"))
    if verb == "verify":
        routed = unit_name("unit")
        if routed:
            title = _("Diverifikasi; OPD yang bertanggung jawab: %(unit)s") % {"unit": routed}
            return Step(at, title)
        return Step(at, _("Diverifikasi"))
    if verb == "rate":
        return Step(at, _("Anda menilai penyelesaian: %(n)s dari 5") % {"n": data.get("rating")})
    return None  # escalations and anything internal


def public_timeline(complaint: Complaint) -> list[Step]:
    """The report's steps, oldest first (two queries: the entries, the units they name)."""
    entries = list(
        AuditLog.objects.filter(
            tenant_id=complaint.tenant_id,
            object_type=Complaint._meta.label_lower,
            object_id=str(complaint.pk),
            action__startswith=PREFIX,
        ).order_by("created_at", "id")
    )
    ids = _unit_ids(entries)
    units = Unit.objects.filter(tenant_id=complaint.tenant_id).in_bulk(list(ids)) if ids else {}
    steps = [step for entry in entries if (step := _step(entry, units)) is not None]
    verbs = {entry.action.removeprefix(PREFIX) for entry in entries}
    # Reports stored without their entries (imported, or older data): the dates on the row.
    if "submit" not in verbs:
        steps.insert(0, Step(complaint.submitted_at, _("Laporan diterima")))
    if complaint.unit_response and "respond" not in verbs:
        at = complaint.first_response_at or complaint.submitted_at
        steps.append(Step(at, _("Tanggapan unit"), complaint.unit_response))
    if complaint.state == Complaint.State.CLOSED and "close" not in verbs:
        at = complaint.closed_at or complaint.submitted_at
        steps.append(Step(at, _("Selesai; tindak lanjut"), complaint.follow_up))
    steps.sort(key=lambda s: s.at)
    return steps
