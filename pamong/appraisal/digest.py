"""Reminders by e-mail: one digest a day to every user with open tasks in the SKP cycle.

The tasks are those of the SKP page (`reminders.reminders_for`), collected set-based for a
batch of users at a time: a fixed number of queries per batch, whatever the tenant's size.
The row `ReminderDigest(tenant, user, date)` is claimed before a message goes out, so a
second run on the same day (a doubled beat, the command after the task) sends nothing again.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from pamong.appraisal.models import (
    AppraisalSettings,
    Evaluation,
    Objection,
    PeerAssignment,
    ReminderDigest,
    Skp,
)
from pamong.appraisal.reminders import (
    COACHING_NOTICE_DAYS,
    MAX_LISTED,
    Reminder,
    _previous_period,
    annual_rating_deadline,
    annual_rating_url,
    annual_reminder_year,
    annual_unrated,
    rating_deadline,
    skp_deadline,
)
from pamong.appraisal.services.common import objection_days
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.models import Tenant, User
from pamong.core.permissions import has_perm
from pamong.org.models import Employee, EmployeeStatus
from pamong.performance.models import CoachingPlan

log = logging.getLogger(__name__)

BATCH = 500
# The in-app list shows at most this many items of one kind; so does the e-mail.
MAX_RATED = 12
MANAGE = "performance.manage"


# --- Tenant setting -------------------------------------------------------------------------


def email_reminders_enabled(tenant: Tenant) -> bool:
    value = (
        AppraisalSettings.objects.filter(tenant=tenant)
        .values_list("email_reminders", flat=True)
        .first()
    )
    return True if value is None else bool(value)


@transaction.atomic
def appraisal_settings_update(*, actor: Actor, email_reminders: bool) -> AppraisalSettings:
    """The one write path of the tenant's SKP settings (the settings page and the CLI)."""
    if actor.tenant is None or not has_perm(actor, MANAGE):
        raise PermissionDenied
    row, _created = AppraisalSettings.objects.select_for_update().get_or_create(tenant=actor.tenant)
    if row.email_reminders == email_reminders:
        return row  # nothing changed, nothing to audit
    before = snapshot(row, ["email_reminders"])
    row.email_reminders = email_reminders
    row.save()
    audit(
        actor=actor,
        action="appraisal.settings.updated",
        obj=row,
        before=before,
        after=snapshot(row, ["email_reminders"]),
    )
    return row


@transaction.atomic
def reminder_emails_set(*, actor: Actor, enabled: bool) -> User:
    """A user's own choice to get the daily digest (or not); nobody sets it for them."""
    if actor.tenant is None or actor.user is None or actor.token is not None or actor.is_system:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=actor.user.pk, tenant=actor.tenant)
    if user.reminder_emails == enabled:
        return user
    before = snapshot(user, ["reminder_emails"])
    user.reminder_emails = enabled
    user.save(update_fields=["reminder_emails"])
    audit(
        actor=actor,
        action="appraisal.reminder_emails.updated",
        obj=user,
        before=before,
        after=snapshot(user, ["reminder_emails"]),
    )
    return user


# --- Collecting the reminders of many employees at once -------------------------------------


@dataclass(frozen=True)
class Item:
    """One reminder before translation: the text is built in the recipient's language."""

    text: Callable[[], str]
    url: str
    due: dt.date | None = None


def collect(tenant: Tenant, employee_ids: list[int], today: dt.date) -> dict[int, list[Item]]:
    """The reminders of each employee in `employee_ids` (9 queries, however many ids; 10
    while an annual rating is reminded).

    Mirrors `reminders.reminders_for`; tests check that both give the same texts."""
    out: dict[int, list[Item]] = defaultdict(list)
    ids = list(employee_ids)
    tz = ZoneInfo(tenant.timezone)
    year = today.year

    # Own SKP of the year.
    skps = {
        emp: (pk, status)
        for emp, pk, status in Skp.objects.filter(
            tenant=tenant, year=year, employee_id__in=ids
        ).values_list("employee_id", "pk", "status")
    }
    for emp in ids:
        pk, status = skps.get(emp, (None, None))
        if status == Skp.Status.APPROVED:
            continue
        if status == Skp.Status.SUBMITTED:
            text = _lazy(gettext_noop("SKP tahun %(year)d menunggu persetujuan atasan."), year=year)
        else:
            text = _lazy(gettext_noop("Susun dan ajukan SKP tahun %(year)d."), year=year)
        url = reverse("appraisal:skp-detail", args=[pk]) if pk else reverse("appraisal:index")
        out[emp].append(Item(text, url, skp_deadline(year)))

    # Own ratings to acknowledge.
    rated: dict[int, int] = defaultdict(int)
    for emp, pk, period in (
        Evaluation.objects.filter(
            tenant=tenant, employee_id__in=ids, status=Evaluation.Status.RATED
        )
        .order_by("employee_id", "period")
        .values_list("employee_id", "pk", "period")
    ):
        rated[emp] += 1
        if rated[emp] <= MAX_RATED:
            out[emp].append(
                Item(
                    _lazy(gettext_noop("Terima penilaian kinerja %(period)s."), period=period),
                    reverse("appraisal:evaluation", args=[pk]),
                )
            )

    # The objection window of recently finalized ratings.
    since = timezone.now() - dt.timedelta(days=objection_days() + 2)
    for emp, pk, period, finalized_at in (
        Evaluation.objects.filter(
            tenant=tenant,
            employee_id__in=ids,
            status=Evaluation.Status.FINALIZED,
            finalized_at__gte=since,
            penilai__isnull=False,  # no keberatan against the kepala daerah's rating
        )
        .order_by("period")
        .values_list("employee_id", "pk", "period", "finalized_at")
    ):
        deadline = timezone.localtime(finalized_at, tz).date() + dt.timedelta(days=objection_days())
        if deadline >= today:
            out[emp].append(
                Item(
                    _lazy(
                        gettext_noop("Batas keberatan atas penilaian %(period)s."), period=period
                    ),
                    reverse("appraisal:evaluation", args=[pk]),
                    deadline,
                )
            )

    # Peer feedback asked of them.
    _listed(
        out,
        PeerAssignment.objects.filter(tenant=tenant, peer_id__in=ids, answered=False)
        .order_by("period", "employee__name")
        .values_list("peer_id", "pk", "employee__name", "period"),
        lambda pk, name, period: Item(
            _lazy(
                _("Isi umpan balik rekan kerja untuk %(name)s (%(period)s)."),
                name=name,
                period=period,
            ),
            reverse("appraisal:peer-answer", args=[pk]),
        ),
    )

    # SKPs of their subordinates waiting for approval.
    _listed(
        out,
        Skp.objects.filter(
            tenant=tenant, status=Skp.Status.SUBMITTED, employee__supervisor_id__in=ids
        )
        .order_by("employee__name")
        .values_list("employee__supervisor_id", "pk", "employee__name"),
        lambda pk, name: Item(
            _lazy(gettext_noop("Setujui atau kembalikan SKP %(name)s."), name=name),
            reverse("appraisal:skp-detail", args=[pk]),
        ),
    )

    # Subordinates not yet rated for last month.
    period = _previous_period(today)
    unrated = (
        Employee.objects.filter(tenant=tenant, supervisor_id__in=ids)
        .exclude(
            Exists(
                Evaluation.objects.filter(tenant=tenant, employee_id=OuterRef("pk"), period=period)
            )
        )
        .values("supervisor_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("supervisor_id", "n")
    )
    for emp, n in unrated:
        out[emp].append(
            Item(
                _lazy(
                    gettext_noop("%(n)d bawahan belum dinilai untuk %(period)s."),
                    n=n,
                    period=period,
                ),
                f"{reverse('appraisal:index')}?{urlencode({'period': period})}",
                rating_deadline(period),
            )
        )

    # Annual ratings of their subordinates not yet given (December to after the deadline).
    annual_year = annual_reminder_year(today)
    if annual_year is not None:
        _listed(
            out,
            annual_unrated(tenant, ids, annual_year),
            lambda pk, name: Item(
                _lazy(
                    gettext_noop("Penilaian tahunan %(year)d untuk %(name)s belum diberikan."),
                    year=annual_year,
                    name=name,
                ),
                annual_rating_url(pk, annual_year),
                annual_rating_deadline(annual_year),
            ),
        )

    # Ratings by their subordinates waiting for them to finalize.
    to_finalize = (
        Evaluation.objects.filter(
            tenant=tenant,
            penilai__supervisor_id__in=ids,
            status__in=[Evaluation.Status.RATED, Evaluation.Status.ACKNOWLEDGED],
        )
        .exclude(employee_id=F("penilai__supervisor_id"))
        .values("penilai__supervisor_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("penilai__supervisor_id", "n")
    )
    for boss, n in to_finalize:
        assert boss is not None
        out[boss].append(
            Item(
                _lazy(gettext_noop("%(n)d penilaian menunggu penetapan Anda."), n=n),
                reverse("appraisal:index") + "#finalize",
            )
        )

    # Objections to decide.
    _listed(
        out,
        Objection.objects.filter(
            tenant=tenant,
            status=Objection.Status.FILED,
            evaluation__penilai__supervisor_id__in=ids,
        )
        .order_by("created_at")
        .values_list(
            "evaluation__penilai__supervisor_id",
            "pk",
            "evaluation__employee__name",
            "evaluation__period",
        ),
        lambda pk, name, period: Item(
            _lazy(
                gettext_noop("Putuskan keberatan %(name)s (%(period)s)."), name=name, period=period
            ),
            reverse("appraisal:objection", args=[pk]),
        ),
    )

    # Coaching follow-ups coming up.
    _listed(
        out,
        CoachingPlan.objects.filter(
            tenant=tenant,
            coach_id__in=ids,
            kind=CoachingPlan.Kind.FOLLOW_UP,
            status=CoachingPlan.Status.OPEN,
            follow_up_date__lte=today + dt.timedelta(days=COACHING_NOTICE_DAYS),
        )
        .order_by("follow_up_date")
        .values_list("coach_id", "pk", "employee__name", "follow_up_date"),
        lambda pk, name, due: Item(
            _lazy(gettext_noop("Tindak lanjut pembinaan %(name)s."), name=name),
            reverse("performance:coaching", args=[pk]),
            due,
        ),
    )
    return {emp: items for emp, items in out.items() if items}


def _lazy(msgid: str, **params: Any) -> Callable[[], str]:
    """Translate `msgid` when called, in the language active then (the recipient's)."""
    return lambda: _(msgid) % params


def _listed(
    out: dict[int, list[Item]], rows: Any, build: Callable[..., Item], limit: int = MAX_LISTED
) -> None:
    seen: dict[int, int] = defaultdict(int)
    for owner, *rest in rows:
        seen[owner] += 1
        if seen[owner] <= limit:
            out[owner].append(build(*rest))


def reminders(items: list[Item], today: dt.date) -> list[Reminder]:
    """Translated, in the order of the SKP page: overdue first, then by due date."""
    rows = [Reminder(item.text(), item.url, item.due, today) for item in items]
    return sorted(rows, key=lambda r: (not r.overdue, r.due is None, r.due or today))


# --- Sending ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    user_id: int
    employee_id: int
    name: str
    email: str
    language: str


@dataclass
class DigestResult:
    date: dt.date
    users: int = 0  # users with reminders and an e-mail address
    sent: int = 0
    already_sent: int = 0
    failed: int = 0
    dry_run: bool = False
    preview: list[tuple[str, int]] = field(default_factory=list)  # (e-mail, items), dry run


def recipient_count(tenant: Tenant) -> int:
    return _recipients(tenant).count()


def _recipients(tenant: Tenant) -> Any:
    """Active users of active employees of the tenant that have an e-mail address and did
    not turn the digest off."""
    return (
        User.objects.filter(
            tenant=tenant,
            is_active=True,
            reminder_emails=True,
            employee__tenant=tenant,
            employee__status=EmployeeStatus.AKTIF,
        )
        .filter(Q(employee__email__gt="") | Q(email__gt=""))
        .order_by("pk")
    )


def recipient_batches(tenant: Tenant, size: int = BATCH) -> Iterator[list[Recipient]]:
    """Keyset pages of recipients: one query per page, no server-side cursor."""
    last = 0
    while True:
        rows = list(
            _recipients(tenant)
            .filter(pk__gt=last)
            .values_list(
                "pk", "employee_id", "employee__name", "employee__email", "email",
                "preferred_language",
            )[:size]
        )  # fmt: skip
        if not rows:
            return
        yield [
            Recipient(pk, emp, name, emp_email or user_email, lang or "id")
            for pk, emp, name, emp_email, user_email, lang in rows
        ]
        last = rows[-1][0]


def _absolute(url: str) -> str:
    return f"{settings.PAMONG_BASE_URL}{url}"


def build_message(
    tenant: Tenant, recipient: Recipient, items: list[Item], today: dt.date, connection: Any
) -> EmailMultiAlternatives:
    languages = {code for code, _name in settings.LANGUAGES}
    language = recipient.language if recipient.language in languages else "id"
    with translation.override(language):
        rows = [Reminder(r.text, _absolute(r.url), r.due, r.today) for r in reminders(items, today)]
        context = {
            "name": recipient.name,
            "tenant": tenant.name,
            "today": today,
            "reminders": rows,
            "index_url": _absolute(reverse("appraisal:index")),
        }
        subject = ngettext(
            "Pengingat kinerja: %(n)d tugas menunggu Anda",
            "Pengingat kinerja: %(n)d tugas menunggu Anda",
            len(rows),
        ) % {"n": len(rows)}
        text = render_to_string("appraisal/email/reminders.txt", context)
        html = render_to_string("appraisal/email/reminders.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [recipient.email], connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message


def send_reminder_digests(
    *,
    actor: Actor,
    today: dt.date,
    dry_run: bool = False,
    on_batch: Callable[[int], None] | None = None,
) -> DigestResult:
    """E-mail each user of the actor's tenant their reminders, at most once on `today`."""
    tenant = actor.tenant
    if tenant is None or not has_perm(actor, MANAGE):
        raise PermissionDenied
    result = DigestResult(date=today, dry_run=dry_run)
    run = uuid.uuid4()
    connection = None if dry_run else get_connection()
    for batch in recipient_batches(tenant):
        found = collect(tenant, [r.employee_id for r in batch], today)
        due = [r for r in batch if r.employee_id in found]
        result.users += len(due)
        if dry_run:
            sent_before = set(
                ReminderDigest.objects.filter(
                    tenant=tenant, date=today, user_id__in=[r.user_id for r in due]
                ).values_list("user_id", flat=True)
            )
            result.already_sent += len(sent_before)
            result.preview += [
                (r.email, len(found[r.employee_id])) for r in due if r.user_id not in sent_before
            ]
        else:
            _send_batch(tenant, due, found, today, run, connection, result)
        if on_batch is not None:
            on_batch(len(batch))
    if not dry_run and (result.sent or result.failed):
        audit(
            actor=actor,
            action="appraisal.reminders.emailed",
            data={
                "date": today.isoformat(),
                "sent": result.sent,
                "already_sent": result.already_sent,
                "failed": result.failed,
            },
        )
    return result


def _send_batch(
    tenant: Tenant,
    due: list[Recipient],
    found: dict[int, list[Item]],
    today: dt.date,
    run: uuid.UUID,
    connection: Any,
    result: DigestResult,
) -> None:
    if not due:
        return
    # Claim first: rows that already exist (sent earlier today, or by a concurrent run)
    # are left alone, and only the rows of this run are mailed.
    ReminderDigest.objects.bulk_create(
        [
            ReminderDigest(
                tenant=tenant,
                user_id=r.user_id,
                date=today,
                items=min(len(found[r.employee_id]), 32767),
                run=run,
            )
            for r in due
        ],
        ignore_conflicts=True,
    )
    claimed = set(
        ReminderDigest.objects.filter(
            tenant=tenant, date=today, run=run, user_id__in=[r.user_id for r in due]
        ).values_list("user_id", flat=True)
    )
    result.already_sent += len(due) - len(claimed)
    failed: list[int] = []
    for r in due:
        if r.user_id not in claimed:
            continue
        message = build_message(tenant, r, found[r.employee_id], today, connection)
        try:
            message.send()
        except (smtplib.SMTPException, OSError):
            log.exception("reminder e-mail to user %s failed", r.user_id)
            failed.append(r.user_id)
        else:
            result.sent += 1
    if failed:
        # Released, so the next run tries again.
        ReminderDigest.objects.filter(
            tenant=tenant, date=today, run=run, user_id__in=failed
        ).delete()
        result.failed += len(failed)
