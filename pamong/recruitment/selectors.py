"""Permission-checked reads of selections: another tenant's record is a 404, a record of
the same tenant without `recruitment.view` a 403. Personal data (birth date, nilai
pendidikan) is for the selection staff (`recruitment.manage`) only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from pamong.core.actor import Actor
from pamong.core.models import Tenant
from pamong.core.permissions import has_perm
from pamong.recruitment.models import (
    Candidate,
    FormasiLine,
    PppkWeight,
    ResultStatus,
    Selection,
)

VIEW = "recruitment.view"
MANAGE = "recruitment.manage"


def can_view(actor: Actor) -> bool:
    return has_perm(actor, VIEW) or has_perm(actor, MANAGE)


def sees_personal_data(actor: Actor) -> bool:
    return has_perm(actor, MANAGE)


def _viewer(actor: Actor, *, write: bool = False) -> None:
    if actor.tenant is None:
        raise Http404
    if not can_view(actor) or (write and not has_perm(actor, MANAGE)):
        raise PermissionDenied


def selections_visible_to(actor: Actor) -> QuerySet[Selection]:
    _viewer(actor)
    return (
        Selection.objects.filter(tenant=actor.tenant)
        .annotate(
            n_lines=Count("lines", distinct=True),
            n_candidates=Count("candidates", distinct=True),
        )
        .prefetch_related("pppk_weights")
    )


def get_selection_for_actor(actor: Actor, pk: int, *, write: bool = False) -> Selection:
    if actor.tenant is None:
        raise Http404
    selection = Selection.objects.filter(tenant=actor.tenant, pk=pk).first()
    if selection is None:
        raise Http404
    _viewer(actor, write=write)
    return selection


def lines_of(selection: Selection) -> QuerySet[FormasiLine]:
    """The lines with their counts per status (one query)."""
    return (
        FormasiLine.objects.filter(selection=selection)
        .annotate(
            n_candidates=Count("candidates", distinct=True),
            n_passed=Count(
                "candidates", filter=Q(candidates__status=ResultStatus.PASSED), distinct=True
            ),
            n_ranked=Count("candidates", filter=Q(candidates__rank__isnull=False), distinct=True),
            n_filled=Count("filled_by", distinct=True),
        )
        .order_by("code")
    )


def get_line_for_actor(actor: Actor, selection: Selection, pk: int) -> FormasiLine:
    line = FormasiLine.objects.filter(tenant=actor.tenant, selection=selection, pk=pk).first()
    if line is None:
        raise Http404
    return line


def ranking_of_line(line: FormasiLine) -> list[Candidate]:
    """The rows of the line in the order of the ranking file (stored results)."""
    rows = list(
        Candidate.objects.filter(line=line)
        .select_related("filled_line")
        .prefetch_related("skb_scores", "pppk_scores")
    )
    ranked = sorted((c for c in rows if c.rank is not None), key=lambda c: c.rank or 0)
    others = sorted(
        (c for c in rows if c.rank is None),
        key=lambda c: (-c.skd_total, -c.tkp, -c.tiu, -c.twk, c.no_peserta),
    )
    return ranked + others


def get_candidate_for_actor(actor: Actor, pk: int) -> Candidate:
    """One candidate with personal data: selection staff only."""
    if actor.tenant is None:
        raise Http404
    candidate = (
        Candidate.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("selection", "line", "filled_line")
        .first()
    )
    if candidate is None:
        raise Http404
    if not sees_personal_data(actor):
        raise PermissionDenied
    return candidate


def pppk_weights_of(selection: Selection) -> list[PppkWeight]:
    """The four weights in tie-break order (teknis, manajerial, sosial-kultural, wawancara)."""
    from pamong.recruitment.files_pppk import COMPONENTS

    rows = {w.component: w for w in PppkWeight.objects.filter(selection=selection)}
    return [rows[c] for c in COMPONENTS if c in rows]


def entry_initial(selection: Selection, no_peserta: str) -> dict[str, object]:
    """The manual entry form prefilled with a stored candidate (staff pages only), or {}."""
    c = (
        Candidate.objects.filter(selection=selection, no_peserta=no_peserta)
        .select_related("line")
        .first()
        if no_peserta
        else None
    )
    if c is None:
        return {}
    initial: dict[str, object] = {
        "no_peserta": c.no_peserta,
        "name": c.name,
        "birth_date": c.birth_date,
        "line": c.line.code,
        "education": c.education,
    }
    if selection.is_pppk:
        initial.update({s.component: s.nilai for s in c.pppk_scores.all()})
    else:
        initial.update(twk=c.twk, tiu=c.tiu, tkp=c.tkp)
        initial["skb"] = ";".join(f"{s.component}={s.nilai}" for s in c.skb_scores.all())
    return initial


# --- public side ---------------------------------------------------------------------------


def announced_selections(tenant: Tenant) -> QuerySet[Selection]:
    return Selection.objects.filter(tenant=tenant, announced_at__isnull=False).order_by(
        "-announced_at"
    )


def public_selection(tenant: Tenant, code: str) -> Selection:
    selection = announced_selections(tenant).filter(code=code).first()
    if selection is None:
        raise Http404
    return selection


def passing_by_line(selection: Selection) -> list[tuple[FormasiLine, list[Candidate]]]:
    """The passing candidates per line, including those who fill an unfilled line there.
    Two queries; only public fields are read."""
    lines = list(FormasiLine.objects.filter(selection=selection).order_by("code"))
    rows = (
        Candidate.objects.filter(selection=selection)
        .filter(Q(status=ResultStatus.PASSED) | Q(filled_line__isnull=False))
        .select_related("line")
        .only("no_peserta", "name", "final_score", "rank", "filled_line_id", "status", "line__code")
        .order_by("rank", "no_peserta")
    )
    by_line: dict[int, list[Candidate]] = {line.pk: [] for line in lines}
    fillers: dict[int, list[Candidate]] = {line.pk: [] for line in lines}
    for c in rows:
        if c.filled_line_id:
            fillers[c.filled_line_id].append(c)
        else:
            by_line[c.line_id].append(c)
    for group in fillers.values():
        group.sort(key=lambda c: (-(c.final_score or 0), c.no_peserta))
    return [(line, by_line[line.pk] + fillers[line.pk]) for line in lines]
