"""The SKP cycle's part of the home page's to-do list (registered in apps.py).

Counts only, a fixed number of queries whatever the number of subordinates or SKPs; the
deadlines are those of the in-app reminders (reminders.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.permissions import has_perm
from pamong.core.todo import Fact, Todo

from . import selectors as sel
from .models import Evaluation, Indicator, Realisation, Skp
from .reminders import (
    annual_rating_deadline,
    annual_reminder_year,
    annual_unrated,
    rating_deadline,
    skp_deadline,
)


def _previous_period(today: dt.date) -> str:
    last = today.replace(day=1) - dt.timedelta(days=1)
    return f"{last.year:04d}-{last.month:02d}"


def _index(**params: str | int) -> str:
    url = reverse("appraisal:index")
    return f"{url}?{urlencode(params)}" if params else url


def todo_items(actor: Actor, today: dt.date) -> Iterator[Todo | Fact]:
    if actor.tenant is None:
        return
    yield from _as_penilai(actor, today)
    if actor.employee_id is not None:
        yield from _own(actor, actor.employee_id, today)


def _as_penilai(actor: Actor, today: dt.date) -> Iterator[Todo]:
    # Only a supervisor approves SKPs, rates, finalises (as the penilai's supervisor) and
    # decides objections; BKPSDM also approves the Sekda's SKP. Others skip the queries.
    if actor.subordinate_ids or has_perm(actor, "performance.manage"):
        yield from _as_supervisor(actor, today)
    yield Todo(
        "appraisal.peer",
        _("Umpan balik rekan kerja yang diminta dari Anda"),
        sel.peer_inbox(actor).order_by().count(),
        _index() + "#peer-inbox",
    )


def _as_supervisor(actor: Actor, today: dt.date) -> Iterator[Todo]:
    # SKPs waiting for approval: late once the SKP deadline of their year has passed.
    late_years = Q(year__lt=today.year)
    if today > skp_deadline(today.year):
        late_years |= Q(year=today.year)
    if has_perm(actor, "performance.manage"):  # BKPSDM also records the Sekda's SKP
        submitted = sel.submitted_to(actor).order_by()
    else:  # submitted_to(actor): the direct subordinates' SKPs, without the join
        submitted = Skp.objects.filter(
            tenant=actor.tenant, status=Skp.Status.SUBMITTED, employee_id__in=actor.subordinate_ids
        )
    skps = submitted.aggregate(n=Count("pk"), late=Count("pk", filter=late_years))
    yield Todo(
        "appraisal.skp_approve",
        _("SKP menunggu persetujuan Anda"),
        skps["n"],
        _index() + "#inbox",
        skps["late"],
    )
    if actor.employee_id is None:
        return
    period = _previous_period(today)
    if actor.subordinate_ids:
        rated = Evaluation.objects.filter(
            tenant=actor.tenant, employee_id__in=actor.subordinate_ids, period=period
        ).count()
        missing = max(len(actor.subordinate_ids) - rated, 0)
        yield Todo(
            "appraisal.rate",
            _("Bawahan yang belum dinilai untuk periode %(period)s") % {"period": period},
            missing,
            _index(period=period) + "#rate",
            missing if rating_deadline(period) < today else 0,
        )
    year = annual_reminder_year(today)
    if year is not None and actor.subordinate_ids and actor.tenant is not None:
        unrated = annual_unrated(actor.tenant, [actor.employee_id], year).order_by().count()
        yield Todo(
            "appraisal.rate_annual",
            _("Penilaian tahunan %(year)d yang belum Anda berikan") % {"year": year},
            unrated,
            _index(period=year) + "#rate",
            unrated if annual_rating_deadline(year) < today else 0,
        )
    yield Todo(
        "appraisal.finalize",
        _("Penilaian menunggu penetapan Anda"),
        # evaluations_to_finalize(actor): ratings given by the actor's direct subordinates.
        Evaluation.objects.filter(
            tenant=actor.tenant,
            penilai_id__in=actor.subordinate_ids,
            status__in=[Evaluation.Status.RATED, Evaluation.Status.ACKNOWLEDGED],
        )
        .exclude(employee_id=actor.employee_id)
        .count(),
        _index() + "#finalize",
    )
    objections = (
        sel.objections_to_decide(actor)
        .order_by()
        .aggregate(n=Count("pk"), late=Count("pk", filter=Q(deadline__lt=today)))
    )
    yield Todo(
        "appraisal.objections",
        _("Keberatan atas penilaian menunggu keputusan Anda"),
        objections["n"],
        _index() + "#objections",
        objections["late"],
    )


def _own(actor: Actor, me: int, today: dt.date) -> Iterator[Todo]:
    """Due from the employee: this year's SKP, last month's realisation, and ratings to
    acknowledge."""
    period = _previous_period(today)
    period_year = int(period[:4])
    skps = {
        s.year: s
        for s in Skp.objects.filter(
            tenant=actor.tenant, employee_id=me, year__in={today.year, period_year}
        )
    }
    skp = skps.get(today.year)
    if skp is None or skp.editable:
        yield Todo(
            "appraisal.own_skp",
            _("SKP tahun %(year)d: susun dan ajukan") % {"year": today.year},
            1,
            reverse("appraisal:skp-detail", args=[skp.pk]) if skp else _index(),
            1 if today > skp_deadline(today.year) else 0,
            own=True,
        )
    last = skps.get(period_year)
    if last is not None and last.status == Skp.Status.APPROVED:
        missing = (
            Indicator.objects.filter(tenant=actor.tenant, rhk__skp=last)
            .exclude(
                Exists(
                    Realisation.objects.filter(
                        tenant=actor.tenant, indicator=OuterRef("pk"), period=period
                    )
                )
            )
            .count()
        )
        yield Todo(
            "appraisal.own_realisation",
            _("Indikator tanpa realisasi %(period)s") % {"period": period},
            missing,
            reverse("appraisal:skp-detail", args=[last.pk]),
            missing if rating_deadline(period) < today else 0,
            own=True,
        )
    to_ack = Evaluation.objects.filter(
        tenant=actor.tenant, employee_id=me, status=Evaluation.Status.RATED
    ).aggregate(n=Count("pk"), first=Min("pk"))
    yield Todo(
        "appraisal.own_acknowledge",
        _("Penilaian kinerja yang perlu Anda terima"),
        to_ack["n"],
        reverse("appraisal:evaluation", args=[to_ack["first"]]) if to_ack["n"] == 1 else _index(),
        own=True,
    )
