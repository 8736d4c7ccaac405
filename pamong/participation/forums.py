"""Dialogue forums (forum warga): schedule, minutes, and action items followed up.

Who may do what:
- participation staff (participation.manage) run any forum of the tenant; the head of an
  OPD runs the forums of that OPD (schedule, minutes, action items, cancel);
- an action item is followed up by participation staff or the head of the OPD responsible
  for it, like the handling unit of a report: open -> in_progress (a follow-up text) ->
  done; it is overdue when not done after its due date;
- participation.view (BKPSDM, Inspektorat) read all forums, an OPD head those of the OPD
  and those holding an item the OPD is responsible for;
- the public sees the announcement (topic, time, place, description) of upcoming forums.
Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.models import Tenant
from pamong.core.permissions import has_perm
from pamong.org.models import Unit
from pamong.participation.models import Forum, ForumActionItem

FORUM_FIELDS = ["unit", "topic", "starts_at", "place", "description", "minutes", "state"]
ITEM_FIELDS = ["description", "responsible_unit", "due_date", "state", "follow_up"]
Item = ForumActionItem


def _opd_id(unit: Unit) -> int:
    return unit.opd_id or unit.pk


def can_run(actor: Actor, unit: Unit) -> bool:
    return has_perm(actor, "participation.manage") or _opd_id(unit) in actor.opd_ids


def can_follow_up(actor: Actor, item: ForumActionItem) -> bool:
    return can_run(actor, item.responsible_unit)


def forums_visible_to(actor: Actor) -> QuerySet[Forum]:
    if actor.tenant is None:
        return Forum.objects.none()
    qs = Forum.objects.filter(tenant=actor.tenant)
    if has_perm(actor, "participation.view"):
        return qs
    if actor.opd_ids:
        ids = list(actor.opd_ids)
        items = ForumActionItem.objects.filter(
            tenant=actor.tenant, responsible_unit__opd_id__in=ids
        ).values("forum_id")
        return qs.filter(Q(unit__opd_id__in=ids) | Q(pk__in=items))
    return qs.none()


def get_forum_for_actor(actor: Actor, pk: int) -> Forum:
    """404 outside the actor's tenant, 403 for a forum the actor may not see."""
    if actor.tenant is None:
        raise Http404
    forum = Forum.objects.filter(tenant=actor.tenant, pk=pk).select_related("unit").first()
    if forum is None:
        raise Http404
    if not forums_visible_to(actor).filter(pk=pk).exists():
        raise PermissionDenied
    return forum


def get_item_for_actor(actor: Actor, pk: int) -> ForumActionItem:
    if actor.tenant is None:
        raise Http404
    item = (
        ForumActionItem.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("forum", "responsible_unit")
        .first()
    )
    if item is None:
        raise Http404
    if not can_follow_up(actor, item):
        raise PermissionDenied
    return item


def upcoming_forums(tenant: Tenant, today: dt.date) -> QuerySet[Forum]:
    start = dt.datetime.combine(today, dt.time.min, ZoneInfo(tenant.timezone))
    return (
        Forum.objects.filter(tenant=tenant, state=Forum.State.SCHEDULED, starts_at__gte=start)
        .select_related("unit")
        .order_by("starts_at", "id")
    )


def _check_unit(actor: Actor, unit: Unit) -> None:
    if actor.tenant is None or unit.tenant_id != actor.tenant.pk:
        raise Http404
    if not can_run(actor, unit):
        raise PermissionDenied


def _save(actor: Actor, obj: Forum | ForumActionItem, verb: str, before: Any) -> None:
    fields = FORUM_FIELDS if isinstance(obj, Forum) else ITEM_FIELDS
    obj.full_clean(validate_constraints=False)
    obj.save()
    audit(
        actor=actor,
        action=f"participation.forum.{verb}",
        obj=obj,
        before=before,
        after=snapshot(obj, fields),
    )


@transaction.atomic
def forum_schedule(
    *, actor: Actor, unit: Unit, topic: str, starts_at: dt.datetime, place: str, description: str
) -> Forum:
    _check_unit(actor, unit)
    assert actor.tenant is not None
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Waktu forum harus di masa depan.")})
    forum = Forum(
        tenant=actor.tenant,
        unit=unit,
        topic=topic,
        starts_at=starts_at,
        place=place,
        description=description,
    )
    _save(actor, forum, "schedule", None)
    return forum


def _locked_forum(actor: Actor, forum: Forum) -> Forum:
    _check_unit(actor, forum.unit)
    return Forum.objects.select_for_update().get(tenant=actor.tenant, pk=forum.pk)


@transaction.atomic
def forum_record_minutes(*, actor: Actor, forum: Forum, minutes: str) -> Forum:
    """Record (or correct) the minutes; the forum is then held."""
    locked = _locked_forum(actor, forum)
    if locked.state == Forum.State.CANCELLED:
        raise ValidationError(_("Forum yang dibatalkan tidak memiliki notulen."))
    before = snapshot(locked, FORUM_FIELDS)
    locked.minutes, locked.state = minutes, Forum.State.HELD
    _save(actor, locked, "minutes", before)
    return locked


@transaction.atomic
def forum_cancel(*, actor: Actor, forum: Forum, reason: str) -> Forum:
    locked = _locked_forum(actor, forum)
    if locked.state != Forum.State.SCHEDULED:
        raise ValidationError(_("Hanya forum yang dijadwalkan yang dapat dibatalkan."))
    before = snapshot(locked, FORUM_FIELDS)
    locked.state = Forum.State.CANCELLED
    locked.description = (locked.description + "\n" + _("Dibatalkan: ") + reason).strip()[:2000]
    _save(actor, locked, "cancel", before)
    return locked


@transaction.atomic
def action_item_add(
    *, actor: Actor, forum: Forum, description: str, responsible_unit: Unit, due_date: dt.date
) -> ForumActionItem:
    locked = _locked_forum(actor, forum)
    if responsible_unit.tenant_id != locked.tenant_id:
        raise Http404
    if locked.state != Forum.State.HELD:
        raise ValidationError(_("Catat notulen dulu; tindak lanjut disepakati dalam forum."))
    item = ForumActionItem(
        tenant=locked.tenant,
        forum=locked,
        description=description,
        responsible_unit=responsible_unit,
        due_date=due_date,
    )
    _save(actor, item, "item_add", None)
    return item


@transaction.atomic
def action_item_follow_up(
    *, actor: Actor, item: ForumActionItem, text: str, done: bool
) -> ForumActionItem:
    if not can_follow_up(actor, item):
        raise PermissionDenied
    locked = ForumActionItem.objects.select_for_update().get(tenant=actor.tenant, pk=item.pk)
    if locked.state == Item.State.DONE:
        raise ValidationError(_("Tindak lanjut ini sudah selesai."))
    before = snapshot(locked, ITEM_FIELDS)
    locked.follow_up = text
    locked.state = Item.State.DONE if done else Item.State.IN_PROGRESS
    if done:
        locked.closed_at = timezone.now()
    _save(actor, locked, "item_follow_up", before)
    return locked


def item_is_overdue(item: ForumActionItem, today: dt.date) -> bool:
    return item.state != Item.State.DONE and item.due_date < today


def escalate_overdue_items(*, actor: Actor, today: dt.date) -> int:
    """Bring overdue action items to the responsible OPD head, once each (audited)."""
    if not has_perm(actor, "participation.manage"):
        raise PermissionDenied
    assert actor.tenant is not None
    overdue = ForumActionItem.objects.filter(
        tenant=actor.tenant, due_date__lt=today, escalated_at__isnull=True
    ).exclude(state=Item.State.DONE)
    count = 0
    for item in overdue.select_related("responsible_unit"):
        with transaction.atomic():
            # The conditional update makes a concurrent run escalate each item only once.
            updated = ForumActionItem.objects.filter(pk=item.pk, escalated_at__isnull=True).update(
                escalated_at=timezone.now()
            )
            if updated:
                count += 1
                audit(
                    actor=actor,
                    action="participation.forum.item_escalate",
                    obj=item,
                    data={"opd": _opd_id(item.responsible_unit), "due": item.due_date.isoformat()},
                )
    return count


def escalated_items_for(actor: Actor) -> QuerySet[ForumActionItem]:
    """Open escalated action items: all for participation staff, the OPD's for its head."""
    if actor.tenant is None:
        return ForumActionItem.objects.none()
    qs = (
        ForumActionItem.objects.filter(tenant=actor.tenant, escalated_at__isnull=False)
        .exclude(state=Item.State.DONE)
        .select_related("forum", "responsible_unit")
    )
    if has_perm(actor, "participation.view"):
        return qs
    return qs.filter(responsible_unit__opd_id__in=list(actor.opd_ids))
