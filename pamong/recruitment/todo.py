"""Recruitment's part of the home page's to-do list (registered in apps.py): CPNS whose
PNS appointment decision falls due, for the selection staff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.todo import Fact, Todo

from . import selectors as sel
from .onboarding import decisions_due


def todo_items(actor: Actor, today: dt.date) -> Iterator[Todo | Fact]:
    if actor.tenant is None or not sel.sees_personal_data(actor):
        return
    counts = decisions_due(actor.tenant.pk, today).aggregate(
        due=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today))
    )
    yield Todo(
        "recruitment.cpns_decision",
        _("Keputusan CPNS menjadi PNS segera jatuh tempo"),
        counts["due"],
        reverse("recruitment:onboarding"),
        counts["late"],
    )
