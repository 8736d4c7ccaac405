"""Forum warga pages: staff/OPD scheduling, minutes and follow-up; the public announcement."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.actor import Actor
from pamong.core.models import Tenant
from pamong.core.permissions import has_perm
from pamong.participation import forums as svc
from pamong.participation.complaints import complaint_units
from pamong.participation.forum_forms import (
    ActionItemForm,
    CancelForm,
    FollowUpForm,
    ForumForm,
    MinutesForm,
)
from pamong.participation.models import Forum
from pamong.participation.public import public_view
from pamong.participation.services import tenant_today

PAGE_SIZE = 100


def _actor(request: HttpRequest) -> Actor:
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None or actor.tenant is None:
        raise PermissionDenied
    if not (has_perm(actor, "participation.view") or actor.opd_ids):
        raise PermissionDenied
    return actor


def _runnable_units(actor: Actor) -> Any:
    assert actor.tenant is not None
    units = complaint_units(actor.tenant)
    if has_perm(actor, "participation.manage"):
        return units
    return units.filter(pk__in=actor.opd_ids)


@require_GET
@login_required
def forum_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    assert actor.tenant is not None
    forums = svc.forums_visible_to(actor).select_related("unit")[:PAGE_SIZE]
    with timezone.override(ZoneInfo(actor.tenant.timezone)):
        return render(
            request,
            "participation/forum_list.html",
            {
                "forums": forums,
                "can_schedule": _runnable_units(actor).exists(),
                "escalated": list(svc.escalated_items_for(actor)[:PAGE_SIZE]),
            },
        )


@require_http_methods(["GET", "POST"])
@login_required
def forum_new(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    assert actor.tenant is not None
    units = _runnable_units(actor)
    if not units.exists():
        raise PermissionDenied
    with timezone.override(ZoneInfo(actor.tenant.timezone)):
        form = ForumForm(request.POST if request.method == "POST" else None, units=units)
        if request.method == "POST" and form.is_valid():
            try:
                forum = svc.forum_schedule(actor=actor, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("participation:forum", pk=forum.pk)
        return render(request, "participation/forum_new.html", {"form": form})


@require_GET
@login_required
def forum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    forum = svc.get_forum_for_actor(actor, pk)
    assert actor.tenant is not None
    can_run = svc.can_run(actor, forum.unit)
    today = tenant_today(actor.tenant)
    items = [
        (item, svc.item_is_overdue(item, today), svc.can_follow_up(actor, item))
        for item in forum.items.select_related("responsible_unit")
    ]
    context: dict[str, Any] = {
        "forum": forum,
        "items": items,
        "can_run": can_run,
        "follow_up_form": FollowUpForm(),
    }
    if can_run and forum.state != Forum.State.CANCELLED:
        context["minutes_form"] = MinutesForm(initial={"minutes": forum.minutes})
    if can_run and forum.state == Forum.State.HELD:
        context["item_form"] = ActionItemForm(units=complaint_units(actor.tenant))
    if can_run and forum.state == Forum.State.SCHEDULED:
        context["cancel_form"] = CancelForm()
    with timezone.override(ZoneInfo(actor.tenant.timezone)):
        return render(request, "participation/forum_detail.html", context)


def _post(
    request: HttpRequest,
    pk: int,
    form: forms.Form,
    action: Callable[[Actor, Forum, dict[str, Any]], object],
) -> HttpResponse:
    actor = _actor(request)
    forum = svc.get_forum_for_actor(actor, pk)
    if not svc.can_run(actor, forum.unit):
        raise PermissionDenied
    if form.is_valid():
        try:
            action(actor, forum, form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("participation:forum", pk=forum.pk)


@require_POST
@login_required
def forum_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        MinutesForm(request.POST),
        lambda a, f, d: svc.forum_record_minutes(actor=a, forum=f, minutes=d["minutes"]),
    )


@require_POST
@login_required
def forum_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        CancelForm(request.POST),
        lambda a, f, d: svc.forum_cancel(actor=a, forum=f, reason=d["reason"]),
    )


@require_POST
@login_required
def forum_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    assert actor.tenant is not None
    form = ActionItemForm(request.POST, units=complaint_units(actor.tenant))
    return _post(request, pk, form, lambda a, f, d: svc.action_item_add(actor=a, forum=f, **d))


@require_POST
@login_required
def item_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    item = svc.get_item_for_actor(actor, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            svc.action_item_follow_up(
                actor=actor,
                item=item,
                text=form.cleaned_data["text"],
                done=form.cleaned_data["done"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("text", [])))
    return redirect("participation:forum", pk=item.forum_id)


@require_GET
@public_view
def public_forums(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    forums = svc.upcoming_forums(tenant, tenant_today(tenant))[:50]
    return render(request, "participation/forum_public.html", {"tenant": tenant, "forums": forums})
