"""Public participation's part of the home page's to-do list (registered in apps.py).

One query for every complaint count of the actor; overdue (first response or resolution
late, deadlines.py) ones are counted alongside and shown first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.permissions import has_perm
from pamong.core.todo import Fact, Todo

from .complaints import complaints_visible_to
from .models import Complaint

State = Complaint.State


def todo_items(actor: Actor, today: dt.date) -> Iterator[Todo | Fact]:
    if actor.tenant is None:
        return
    manage = has_perm(actor, "participation.manage")
    if not (manage or actor.opd_ids):
        return
    late = Q(first_response_at__isnull=True, first_response_due__lt=today) | Q(
        resolution_due__lt=today
    )
    groups: list[tuple[str, str, str]] = []
    if manage:
        groups += [
            ("participation.verify", State.NEW, _("Laporan masyarakat untuk diverifikasi")),
            ("participation.dispatch", State.VERIFIED, _("Laporan terverifikasi untuk diteruskan")),
            ("participation.follow_up", State.DISPATCHED, _("Laporan di unit, belum ditanggapi")),
            ("participation.close", State.IN_PROGRESS, _("Laporan dalam proses untuk ditutup")),
        ]
    else:  # head of an OPD: the reports dispatched to the OPD's units
        groups += [
            ("participation.respond", State.DISPATCHED, _("Laporan masyarakat untuk ditanggapi")),
            ("participation.in_progress", State.IN_PROGRESS, _("Laporan yang sedang diproses")),
        ]
    aggregates: dict[str, Count] = {}
    for key, state, _label in groups:
        aggregates[key] = Count("pk", filter=Q(state=state))
        aggregates[f"{key}.late"] = Count("pk", filter=Q(state=state) & late)
    states = [state for _key, state, _label in groups]
    counts = (
        complaints_visible_to(actor).filter(state__in=states).order_by().aggregate(**aggregates)
    )
    url = reverse("participation:complaints")
    for key, state, label in groups:
        yield Todo(
            key, label, counts[key], f"{url}?{urlencode({'status': state})}", counts[f"{key}.late"]
        )
