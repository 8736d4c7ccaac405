"""The imports' part of the home page's to-do list (registered in apps.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Exists, Max, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.models import BackgroundJob
from pamong.core.permissions import has_perm
from pamong.core.todo import Fact, Todo

RECENT_DAYS = 30  # a failed import older than this is no longer a to-do


def todo_items(actor: Actor, today: dt.date) -> Iterator[Todo | Fact]:
    """Background imports of the last RECENT_DAYS days that failed and were not followed
    by a newer import of the same data (one query); the link opens the latest, where it
    can be started again or its errors read."""
    if actor.tenant is None or not has_perm(actor, "org.import"):
        return
    imports = BackgroundJob.objects.filter(tenant=actor.tenant, kind__startswith="imports.")
    newer = imports.filter(key=OuterRef("key"), pk__gt=OuterRef("pk"))
    failed = (
        imports.filter(
            state=BackgroundJob.State.FAILED,
            created_at__gte=clock.now() - dt.timedelta(days=RECENT_DAYS),
        )
        .exclude(Exists(newer))
        .aggregate(n=Count("pk"), last=Max("pk"))
    )
    yield Todo(
        "imports.failed",
        _("Impor data yang gagal"),
        failed["n"],
        reverse("imports:job", args=[failed["last"]]) if failed["n"] else reverse("imports:index"),
    )
