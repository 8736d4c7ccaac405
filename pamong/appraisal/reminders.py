"""In-app deadlines and reminders for the appraisal cycle, computed on the fly (no stored state).

Deadlines are tenant policy; the defaults follow common Pemda practice (UNCONFIRMED in
domain.md): the SKP is set by 31 January, the monthly rating is due by the 5th of the next
month because TPP is computed from it, the annual rating (penilaian akhir tahun, §1.7) by
31 January of the next year, keberatan within the objection window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pamong.appraisal import selectors as sel
from pamong.appraisal import services as svc
from pamong.appraisal.models import ActingPenilai, Evaluation, Objection, PeerAssignment, Skp
from pamong.core.actor import Actor
from pamong.core.models import Tenant
from pamong.org.models import Employee, EmployeeStatus
from pamong.performance.models import CoachingPlan, Rating

SKP_DEADLINE = (1, 31)  # (month, day) of the SKP year
RATING_DEADLINE_DAY = 5  # of the month after the rated month
ANNUAL_RATING_DEADLINE = (1, 31)  # (month, day) of the year after the rated year
ANNUAL_OVERDUE_DAYS = 30  # an unrated year is still reminded, as overdue, this long
COACHING_NOTICE_DAYS = 7
MAX_LISTED = 20  # items of one kind in the list (and in the e-mail)


@dataclass(frozen=True)
class Reminder:
    text: str
    url: str
    due: dt.date | None = None
    today: dt.date | None = None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.today is not None and self.due < self.today


def skp_deadline(year: int) -> dt.date:
    month, day = getattr(settings, "PAMONG_SKP_DEADLINE", SKP_DEADLINE)
    return dt.date(year, month, day)


def rating_deadline(period: str) -> dt.date:
    year, month = int(period[:4]), int(period[5:7])
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(
        year, month, int(getattr(settings, "PAMONG_RATING_DEADLINE_DAY", RATING_DEADLINE_DAY))
    )


def annual_rating_deadline(year: int) -> dt.date:
    """When the annual rating of `year` is due (PAMONG_ANNUAL_RATING_DEADLINE, next year)."""
    month, day = getattr(settings, "PAMONG_ANNUAL_RATING_DEADLINE", ANNUAL_RATING_DEADLINE)
    return dt.date(year + 1, month, day)


def annual_reminder_year(today: dt.date) -> int | None:
    """The year whose annual rating is reminded on `today`, if any.

    It opens on 1 December (services.evaluation rules so) and is reminded until
    ANNUAL_OVERDUE_DAYS after its deadline, shown as overdue once the deadline has passed."""
    if today.month == 12:
        return today.year
    year = today.year - 1
    if today <= annual_rating_deadline(year) + dt.timedelta(days=ANNUAL_OVERDUE_DAYS):
        return year
    return None


def annual_unrated(
    tenant: Tenant, penilai_ids: list[int], year: int
) -> QuerySet[Any, tuple[int, int, str]]:
    """(penilai id, employee id, name) of the employees the given penilai still have to give
    the annual rating of `year`, by penilai and name; one query however many penilai.

    The penilai is the Plt. of December if one is assigned, else the direct supervisor
    (acting.penilai_id_for). A rating counts whether given in Pamong or imported."""
    december = f"{year:04d}-12"
    acting = ActingPenilai.objects.filter(
        tenant=tenant, period_from__lte=december, period_to__gte=december
    )
    acting_penilai = (
        acting.filter(employee_id=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("penilai_id")
    )
    return (
        Employee.objects.filter(tenant=tenant, status=EmployeeStatus.AKTIF)  # not who left
        .filter(
            Q(supervisor_id__in=penilai_ids)
            | Q(pk__in=acting.filter(penilai_id__in=penilai_ids).values("employee_id"))
        )
        .annotate(
            annual_penilai=Coalesce(
                Subquery(acting_penilai[:1]), F("supervisor_id"), output_field=IntegerField()
            )
        )
        .filter(annual_penilai__in=penilai_ids)
        .exclude(
            Exists(
                Rating.objects.filter(tenant=tenant, employee_id=OuterRef("pk"), period=str(year))
            )
        )
        .order_by("annual_penilai", "name", "pk")
        .values_list("annual_penilai", "pk", "name")
    )


def annual_rating_url(employee_id: int, year: int) -> str:
    return f"{reverse('appraisal:evaluate', args=[employee_id])}?{urlencode({'period': year})}"


def _previous_period(today: dt.date) -> str:
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def _own(actor: Actor, me: int, today: dt.date) -> list[Reminder]:
    """The employee's own tasks: SKP, acknowledging ratings, the objection window."""
    out: list[Reminder] = []
    skp = Skp.objects.filter(tenant=actor.tenant, employee_id=me, year=today.year).first()
    if skp is None or skp.status != Skp.Status.APPROVED:
        out.append(
            Reminder(
                _("Susun dan ajukan SKP tahun %(year)d.") % {"year": today.year}
                if skp is None or skp.editable
                else _("SKP tahun %(year)d menunggu persetujuan atasan.") % {"year": today.year},
                reverse("appraisal:skp-detail", args=[skp.pk])
                if skp
                else reverse("appraisal:index"),
                skp_deadline(today.year),
                today,
            )
        )
    mine = Evaluation.objects.filter(tenant=actor.tenant, employee_id=me).select_related("tenant")
    for ev in mine.filter(status=Evaluation.Status.RATED).order_by("period")[:12]:
        out.append(
            Reminder(
                _("Terima penilaian kinerja %(period)s.") % {"period": ev.period},
                reverse("appraisal:evaluation", args=[ev.pk]),
            )
        )
    recent = mine.filter(
        status=Evaluation.Status.FINALIZED,
        finalized_at__gte=timezone.now() - dt.timedelta(days=svc.objection_days() + 2),
        penilai__isnull=False,  # no keberatan against the kepala daerah's rating
    )
    for ev in recent.order_by("period"):
        deadline = svc.objection_deadline(ev)
        if deadline is not None and deadline >= today:
            out.append(
                Reminder(
                    _("Batas keberatan atas penilaian %(period)s.") % {"period": ev.period},
                    reverse("appraisal:evaluation", args=[ev.pk]),
                    deadline,
                    today,
                )
            )
    return out


def reminders_for(
    actor: Actor,
    *,
    today: dt.date | None = None,
    peer_inbox: list[PeerAssignment] | None = None,
    skp_inbox: list[Skp] | None = None,
    to_finalize: list[Evaluation] | None = None,
    objections: list[Objection] | None = None,
) -> list[Reminder]:
    """What the actor should do next, most urgent first (a bounded number of queries).

    Pages that already loaded the inboxes pass them in to save the queries."""
    if actor.tenant is None or actor.employee_id is None:
        return []
    today = today or svc.tenant_today(actor)
    out = _own(actor, actor.employee_id, today)
    for a in peer_inbox if peer_inbox is not None else sel.peer_inbox(actor)[:20]:
        out.append(
            Reminder(
                _("Isi umpan balik rekan kerja untuk %(name)s (%(period)s).")
                % {"name": a.employee.name, "period": a.period},
                reverse("appraisal:peer-answer", args=[a.pk]),
            )
        )
    for s in skp_inbox if skp_inbox is not None else sel.submitted_to(actor)[:20]:
        out.append(
            Reminder(
                _("Setujui atau kembalikan SKP %(name)s.") % {"name": s.employee.name},
                reverse("appraisal:skp-detail", args=[s.pk]),
            )
        )
    period = _previous_period(today)
    if actor.subordinate_ids:
        rated = set(
            Evaluation.objects.filter(
                tenant=actor.tenant, employee_id__in=actor.subordinate_ids, period=period
            ).values_list("employee_id", flat=True)
        )
        missing = len(actor.subordinate_ids - rated)
        if missing:
            out.append(
                Reminder(
                    _("%(n)d bawahan belum dinilai untuk %(period)s.")
                    % {"n": missing, "period": period},
                    f"{reverse('appraisal:index')}?{urlencode({'period': period})}",
                    rating_deadline(period),
                    today,
                )
            )
    year = annual_reminder_year(today)
    if year is not None:
        # One reminder per subordinate: each annual rating is its own page and document.
        unrated = annual_unrated(actor.tenant, [actor.employee_id], year)
        for _penilai, pk, name in unrated[:MAX_LISTED]:
            out.append(
                Reminder(
                    _("Penilaian tahunan %(year)d untuk %(name)s belum diberikan.")
                    % {"year": year, "name": name},
                    annual_rating_url(pk, year),
                    annual_rating_deadline(year),
                    today,
                )
            )
    n_final = (
        len(to_finalize) if to_finalize is not None else sel.evaluations_to_finalize(actor).count()
    )
    if n_final:
        out.append(
            Reminder(
                _("%(n)d penilaian menunggu penetapan Anda.") % {"n": n_final},
                reverse("appraisal:index") + "#finalize",
            )
        )
    for o in objections if objections is not None else sel.objections_to_decide(actor)[:20]:
        out.append(
            Reminder(
                _("Putuskan keberatan %(name)s (%(period)s).")
                % {"name": o.evaluation.employee.name, "period": o.evaluation.period},
                reverse("appraisal:objection", args=[o.pk]),
            )
        )
    # Coaching and mentoring plans are reminded to their mentor by performance/todo.py.
    plans = CoachingPlan.objects.filter(
        tenant=actor.tenant,
        coach_id=actor.employee_id,
        kind=CoachingPlan.Kind.FOLLOW_UP,
        status=CoachingPlan.Status.OPEN,
        follow_up_date__lte=today + dt.timedelta(days=COACHING_NOTICE_DAYS),
    ).select_related("employee")
    for p in plans.order_by("follow_up_date")[:20]:
        out.append(
            Reminder(
                _("Tindak lanjut pembinaan %(name)s.") % {"name": p.employee.name},
                reverse("performance:coaching", args=[p.pk]),
                p.follow_up_date,
                today,
            )
        )
    # Overdue first, then by due date; undated tasks last.
    return sorted(out, key=lambda r: (not r.overdue, r.due is None, r.due or today))
