"""Open JPT selection pages: BKPSDM sets up a selection (posts, committee, weights), records
the administrative decisions and the committee's scores, fixes and publishes the result; the
public page shows names and totals only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pamong.careers import jpt
from pamong.careers import selectors as sel
from pamong.careers import services_jpt as svc
from pamong.careers.models import JptCandidate, JptSelection, JptStatus
from pamong.careers.views import run_service
from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.confirm import irreversible, require_confirmed
from pamong.core.models import Tenant
from pamong.core.permissions import has_perm
from pamong.core.web import actor_of, public_tenant_view, tenant_view
from pamong.org.models import Employee, Position, PositionKind


def _weights(post: Any) -> dict[str, Any]:
    return {s: post.get(f"w_{s}", "") for s in jpt.STAGES}


def _stages(selection: JptSelection) -> list[dict[str, Any]]:
    return [
        {"code": s, "label": jpt.STAGE_LABELS[s], "weight": selection.weights.get(s, 0)}
        for s in jpt.STAGES
    ]


@require_http_methods(["GET", "POST"])
@tenant_view(perms=(sel.VIEW,))
def jpt_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not svc.may_read(actor):
        raise PermissionDenied
    if request.method == "POST":
        try:
            announced = dt.date.fromisoformat(request.POST.get("announced_on", ""))
        except ValueError:
            announced = clock.today(actor.tenant)
        created: list[JptSelection] = []
        if run_service(
            request,
            lambda: created.append(
                svc.selection_create(
                    actor=actor,
                    title=request.POST.get("title", ""),
                    number=request.POST.get("number", ""),
                    announced_on=announced,
                    weights=_weights(request.POST),
                )
            ),
            _("Seleksi terbuka dibuat."),
        ):
            return redirect("careers:jpt", pk=created[0].pk)
    context = {
        "selections": JptSelection.objects.filter(tenant=actor.tenant),
        "can_manage": has_perm(actor, sel.MANAGE),
        "stages": [
            {"code": s, "label": jpt.STAGE_LABELS[s], "weight": jpt.DEFAULT_WEIGHTS[s]}
            for s in jpt.STAGES
        ],
        "today": clock.today(actor.tenant),
    }
    return render(request, "careers/jpt_list.html", context)


def _pk(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0


def _detail_action(request: HttpRequest, actor: Actor, selection: JptSelection) -> bool:
    action = request.POST.get("action", "")
    tenant = actor.tenant
    if action == "post":
        position = Position.objects.filter(
            tenant=tenant, pk=_pk(request.POST.get("position"))
        ).first()
        if position is None:
            raise Http404
        call: Any = lambda: svc.post_add(actor=actor, selection=selection, position=position)  # noqa: E731
        done = _("Jabatan ditambahkan.")
    elif action == "member":
        call = lambda: svc.member_add(  # noqa: E731
            actor=actor, selection=selection, name=request.POST.get("name", "")
        )
        done = _("Anggota panitia ditambahkan.")
    elif action == "candidate":
        post = selection.posts.filter(pk=_pk(request.POST.get("post"))).first()
        if post is None:
            raise Http404
        nip = request.POST.get("nip", "").strip()
        employee = Employee.objects.filter(tenant=tenant, nip=nip).first() if nip else None
        call = lambda: svc.candidate_add(  # noqa: E731
            actor=actor, selection=selection, post=post, name=request.POST.get("name", ""),
            origin=request.POST.get("origin", ""), employee=employee,
        )  # fmt: skip
        done = _("Peserta didaftarkan.")
    elif action == "finalise":
        require_confirmed(request)
        call = lambda: svc.finalise(actor=actor, selection=selection)  # noqa: E731
        done = _("Hasil seleksi ditetapkan: tiga besar tiap jabatan diusulkan kepada PPK.")
    elif action == "publish":
        require_confirmed(request)
        call = lambda: svc.publish(actor=actor, selection=selection)  # noqa: E731
        done = _("Hasil seleksi diumumkan di halaman publik.")
    else:
        raise PermissionDenied
    return run_service(request, call, done)


@require_http_methods(["GET", "POST"])
@tenant_view(perms=(sel.VIEW,))
@irreversible  # finalise and publish; the other actions of the page ask nothing
def jpt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    selection = svc.get_selection(actor, pk)
    if request.method == "POST":
        if not has_perm(actor, sel.MANAGE):
            raise PermissionDenied
        if _detail_action(request, actor, selection):
            return redirect("careers:jpt", pk=selection.pk)
    posts = list(selection.posts.select_related("position"))
    candidates = list(selection.candidates.all())
    results, problems = svc.compute(selection) if selection.status == JptStatus.DRAFT else ({}, [])
    preview = {r.key: r for res in results.values() for r in res.ranked}
    for post in posts:
        post.rows = sorted(  # type: ignore[attr-defined]
            [c for c in candidates if c.post_id == post.pk],
            key=lambda c: (
                (c.rank or 999) if selection.status != JptStatus.DRAFT else
                (preview[c.pk].rank if c.pk in preview else 999),
                c.name,
            ),
        )  # fmt: skip
        for c in post.rows:  # type: ignore[attr-defined]
            found = preview.get(c.pk)
            c.shown_rank = c.rank if found is None else found.rank
            c.shown_total = c.total if found is None else found.total
            c.shown_proposed = c.proposed if found is None else found.proposed
            c.note = c.rank_reason if found is None else found.reason
    context = {
        "selection": selection,
        "posts": posts,
        "members": list(selection.members.all()),
        "stages": _stages(selection),
        "problems": problems,
        "can_manage": has_perm(actor, sel.MANAGE) and selection.status == JptStatus.DRAFT,
        "can_publish": has_perm(actor, sel.MANAGE) and selection.status == JptStatus.FINAL,
        "positions": Position.objects.filter(tenant=actor.tenant, kind=PositionKind.JPT),
        "tie_break": [jpt.STAGE_LABELS[s] for s in selection.tie_break],
    }
    return render(request, "careers/jpt_detail.html", context)


@require_http_methods(["GET", "POST"])
@tenant_view(perms=(sel.VIEW,))
def jpt_candidate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    candidate = (
        JptCandidate.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("selection", "post__position")
        .first()
    )
    if candidate is None:
        raise Http404
    selection = svc.get_selection(actor, candidate.selection_id)
    members = list(selection.members.all())
    if request.method == "POST":
        if not has_perm(actor, sel.MANAGE):
            raise PermissionDenied
        if request.POST.get("action") == "admin":
            passed = request.POST.get("passed") == "1"
            ok = run_service(
                request,
                lambda: svc.admin_decide(
                    actor=actor, candidate=candidate, passed=passed,
                    note=request.POST.get("note", ""),
                ),
                _("Keputusan seleksi administrasi dicatat."),
            )  # fmt: skip
        else:
            scores = {
                (m.pk, s): request.POST.get(f"s_{m.pk}_{s}", "")
                for m in members
                for s in jpt.STAGES
            }
            ok = run_service(
                request,
                lambda: svc.scores_record(actor=actor, candidate=candidate, scores=scores),
                _("Nilai disimpan."),
            )
        if ok:
            return redirect("careers:jpt-candidate", pk=candidate.pk)
    given = {(s.member_id, s.stage): s.score for s in candidate.scores.all()}
    grid = [
        {
            "member": m,
            "cells": [
                {"stage": s["code"], "value": given.get((m.pk, s["code"]), "")}
                for s in _stages(selection)
            ],
        }
        for m in members
    ]
    context = {
        "candidate": candidate,
        "selection": selection,
        "stages": _stages(selection),
        "grid": grid,
        "can_manage": has_perm(actor, sel.MANAGE) and selection.status == JptStatus.DRAFT,
    }
    return render(request, "careers/jpt_candidate.html", context)


@require_GET
@public_tenant_view
def jpt_public(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    selection = svc.published_selection(tenant, pk)
    posts = list(selection.posts.select_related("position"))
    ranked = list(
        selection.candidates.filter(admin_passed=True, rank__isnull=False).only(
            "name", "post_id", "total", "rank", "proposed"
        )
    )
    for post in posts:
        post.rows = [c for c in ranked if c.post_id == post.pk]  # type: ignore[attr-defined]
    context = {"tenant": tenant, "selection": selection, "posts": posts}
    return render(request, "careers/jpt_public.html", context)
