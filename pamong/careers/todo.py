"""Careers' part of the home page's to-do list (registered in apps.py): KP files waiting on
BKPSDM's check or decision, and files BKPSDM returned to the OPD."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.permissions import has_perm
from pamong.core.todo import Fact, Todo

from . import selectors as sel
from .models import KpStatus


def todo_items(actor: Actor, today: dt.date) -> Iterator[Todo | Fact]:
    """One grouped count; a file is late once its KP period has begun."""
    if actor.tenant is None or not sel.may_read(actor):
        return
    manage = has_perm(actor, sel.MANAGE)
    to_decide = Q(status__in=[KpStatus.SUBMITTED, KpStatus.VERIFIED]) if manage else Q(pk__in=[])
    returned = Q(status=KpStatus.RETURNED) if actor.is_opd_head else Q(pk__in=[])
    late = Q(period__lte=today)
    counts = sel.proposals_visible_to(actor).aggregate(
        decide=Count("pk", filter=to_decide),
        decide_late=Count("pk", filter=to_decide & late),
        returned=Count("pk", filter=returned),
        returned_late=Count("pk", filter=returned & late),
    )
    url = reverse("careers:kp")
    yield Todo(
        "careers.kp_decide",
        _("Usulan kenaikan pangkat menunggu pemeriksaan atau keputusan BKPSDM"),
        counts["decide"],
        url,
        counts["decide_late"],
    )
    yield Todo(
        "careers.kp_returned",
        _("Berkas kenaikan pangkat dikembalikan BKPSDM untuk dilengkapi"),
        counts["returned"],
        url,
        counts["returned_late"],
    )
