"""The one write path of open JPT selections: set-up, administrative decisions, committee
scores, finalisation (a frozen ranking) and publication; every step audited."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from pamong.careers import jpt
from pamong.careers import selectors as sel
from pamong.careers.models import (
    JptCandidate,
    JptMember,
    JptPost,
    JptScore,
    JptSelection,
    JptStatus,
)
from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.permissions import require, sees_all
from pamong.org.models import Employee, Position, PositionKind


def may_read(actor: Actor) -> bool:
    """BKPSDM and auditors with a tenant-wide grant: a selection is not an OPD's record."""
    return sees_all(actor, sel.VIEW)


def get_selection(actor: Actor, pk: int) -> JptSelection:
    """Another tenant's selection is 404; a reader without a tenant-wide grant, 403."""
    if not may_read(actor):
        raise PermissionDenied
    found = JptSelection.objects.filter(tenant=actor.tenant, pk=pk).first()
    if found is None:
        raise Http404
    return found


def published_selection(tenant: Any, pk: int) -> JptSelection:
    found = JptSelection.objects.filter(tenant=tenant, pk=pk, status=JptStatus.PUBLISHED).first()
    if found is None:
        raise Http404
    return found


def _editable(actor: Actor, selection: JptSelection) -> None:
    require(actor, sel.MANAGE)
    if selection.tenant_id != actor.tenant.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    # Read the status under a row lock: an object held by the caller may predate finalisation,
    # and a finalisation running now must not miss a score written beside it.
    status = (
        JptSelection.objects.select_for_update()
        .filter(pk=selection.pk)
        .values_list("status", flat=True)
    )
    if status.first() != JptStatus.DRAFT:
        raise ValidationError(_("Hasil seleksi sudah ditetapkan; data tidak dapat diubah."))


def _check_rules(weights: dict[str, Any], tie_break: list[str]) -> dict[str, int]:
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    for stage in jpt.STAGES:
        raw = weights.get(stage, 0)
        try:
            clean[stage] = int(raw)
        except (TypeError, ValueError):
            errors.setdefault("weights", []).append(_("bobot harus bilangan bulat"))
            continue
        if not 0 <= clean[stage] <= 100:
            errors.setdefault("weights", []).append(_("bobot 0-100"))
    if set(weights) - set(jpt.STAGES):
        errors.setdefault("weights", []).append(_("tahap tidak dikenal"))
    if not errors and sum(clean.values()) != 100:
        errors["weights"] = [
            _("jumlah bobot harus 100, sekarang %(n)s") % {"n": sum(clean.values())}
        ]
    if sorted(tie_break) != sorted(jpt.STAGES):
        errors["tie_break"] = [_("urutan pemutus harus memuat setiap tahap tepat sekali")]
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def selection_create(
    *,
    actor: Actor,
    title: str,
    number: str,
    announced_on: dt.date,
    weights: dict[str, Any] | None = None,
    tie_break: list[str] | None = None,
) -> JptSelection:
    require(actor, sel.MANAGE)
    clean = _check_rules(weights or dict(jpt.DEFAULT_WEIGHTS), tie_break or jpt.DEFAULT_TIE_BREAK)
    if not title.strip() or not number.strip():
        raise ValidationError(_("Nama seleksi dan nomor pengumuman wajib diisi."))
    if JptSelection.objects.filter(tenant=actor.tenant, number=number.strip()).exists():
        raise ValidationError({"number": [_("Nomor pengumuman sudah dipakai.")]})
    assert actor.tenant is not None
    selection = JptSelection.objects.create(
        tenant=actor.tenant,
        title=title.strip(),
        number=number.strip(),
        announced_on=announced_on,
        weights=clean,
        tie_break=list(tie_break or jpt.DEFAULT_TIE_BREAK),
    )
    audit(
        actor=actor,
        action="careers.jpt.created",
        obj=selection,
        data={"number": selection.number, "weights": clean, "tie_break": selection.tie_break},
    )
    return selection


@transaction.atomic
def post_add(*, actor: Actor, selection: JptSelection, position: Position) -> JptPost:
    _editable(actor, selection)
    if position.tenant_id != selection.tenant_id or position.kind != PositionKind.JPT:
        raise ValidationError({"position": [_("Pilih jabatan pimpinan tinggi (JPT) pemda ini.")]})
    post, _created = JptPost.objects.get_or_create(
        tenant=selection.tenant, selection=selection, position=position
    )
    audit(actor=actor, action="careers.jpt.post_added", obj=selection, data={"post": position.name})
    return post


@transaction.atomic
def member_add(*, actor: Actor, selection: JptSelection, name: str) -> JptMember:
    _editable(actor, selection)
    if not name.strip():
        raise ValidationError({"name": [_("Nama anggota panitia wajib diisi.")]})
    member = JptMember.objects.create(
        tenant=selection.tenant, selection=selection, name=name.strip()
    )
    audit(
        actor=actor, action="careers.jpt.member_added", obj=selection, data={"member": member.name}
    )
    return member


@transaction.atomic
def candidate_add(
    *,
    actor: Actor,
    selection: JptSelection,
    post: JptPost,
    name: str,
    origin: str = "",
    employee: Employee | None = None,
) -> JptCandidate:
    _editable(actor, selection)
    if post.selection_id != selection.pk:
        raise ValidationError({"post": [_("Jabatan bukan bagian dari seleksi ini.")]})
    if employee is not None and employee.tenant_id != selection.tenant_id:
        raise PermissionDenied
    name = (employee.name if employee is not None else name).strip()
    if not name:
        raise ValidationError({"name": [_("Nama peserta wajib diisi.")]})
    candidate = JptCandidate.objects.create(
        tenant=selection.tenant,
        selection=selection,
        post=post,
        name=name,
        origin=origin.strip(),
        employee=employee,
    )
    audit(actor=actor, action="careers.jpt.candidate_added", obj=candidate, data={"name": name})
    return candidate


@transaction.atomic
def admin_decide(*, actor: Actor, candidate: JptCandidate, passed: bool, note: str = "") -> None:
    _editable(actor, candidate.selection)
    if not passed and not note.strip():
        raise ValidationError({"note": [_("Alasan tidak lolos administrasi wajib diisi.")]})
    before = {"admin_passed": candidate.admin_passed}
    candidate.admin_passed = passed
    candidate.admin_note = note.strip()
    candidate.save(update_fields=["admin_passed", "admin_note"])
    audit(
        actor=actor,
        action="careers.jpt.admin_decided",
        obj=candidate,
        before=before,
        after={"admin_passed": passed},
        data={"note": candidate.admin_note},
    )


def _parse_scores(
    scores: dict[tuple[int, str], Any], members: set[int]
) -> dict[tuple[int, str], Decimal | None]:
    errors: list[str] = []
    clean: dict[tuple[int, str], Decimal | None] = {}
    for (member_id, stage), raw in scores.items():
        if member_id not in members or stage not in jpt.STAGES:
            raise PermissionDenied
        text = str(raw).strip().replace(",", ".") if raw is not None else ""
        if not text:
            clean[(member_id, stage)] = None
            continue
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal(-1)
        if not value.is_finite() or not 0 <= value <= 100 or value != jpt.q2(value):
            label = jpt.STAGE_LABELS[stage]
            errors.append(_("%(s)s: nilai 0-100, paling banyak dua desimal") % {"s": label})
            continue
        clean[(member_id, stage)] = value
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def scores_record(
    *, actor: Actor, candidate: JptCandidate, scores: dict[tuple[int, str], Any]
) -> int:
    """Upsert (member id, stage) -> score of one candidate; an empty value removes it."""
    selection = candidate.selection
    _editable(actor, selection)
    if not candidate.admin_passed:
        raise ValidationError(_("Hanya peserta yang lolos administrasi yang dinilai."))
    members = set(selection.members.values_list("pk", flat=True))
    clean = _parse_scores(scores, members)
    existing = {(s.member_id, s.stage): s for s in candidate.scores.all()}
    written = 0
    for key, value in clean.items():
        found = existing.get(key)
        if value is None:
            if found is not None:
                found.delete()
                written += 1
            continue
        if found is None:
            JptScore.objects.create(
                tenant=selection.tenant, candidate=candidate, member_id=key[0], stage=key[1],
                score=value,
            )  # fmt: skip
            written += 1
        elif found.score != value:
            found.score = value
            found.save(update_fields=["score"])
            written += 1
    audit(
        actor=actor,
        action="careers.jpt.scored",
        obj=candidate,
        data={"scores": {f"{m}:{s}": v for (m, s), v in clean.items()}},
    )
    return written


def compute(selection: JptSelection) -> tuple[dict[int, jpt.PostResult], list[str]]:
    """The ranking per post from the current scores, and what still blocks finalisation."""
    weights = {k: int(v) for k, v in selection.weights.items()}
    problems: list[str] = []
    candidates = list(selection.candidates.select_related("post__position"))
    raw: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for score in JptScore.objects.filter(candidate__selection=selection):
        raw[score.candidate_id][score.stage].append(score.score)
    by_post: dict[int, dict[int, dict[str, list[Decimal]]]] = defaultdict(dict)
    for c in candidates:
        if c.admin_passed is None:
            problems.append(_("%(n)s: seleksi administrasi belum diputuskan") % {"n": c.name})
            continue
        if not c.admin_passed:
            continue
        missing = [jpt.STAGE_LABELS[s] for s, w in weights.items() if w > 0 and not raw[c.pk][s]]
        if missing:
            problems.append(
                _("%(n)s: belum ada nilai %(s)s") % {"n": c.name, "s": ", ".join(map(str, missing))}
            )
            continue
        by_post[c.post_id][c.pk] = raw[c.pk]
    results = {
        post: jpt.rank_post(items, weights, selection.tie_break) for post, items in by_post.items()
    }
    names = {c.pk: c.name for c in candidates}
    for result in results.values():
        if result.unresolved:
            problems.append(
                _(
                    "Nilai sama pada semua kriteria di batas tiga besar: %(n)s; "
                    "panitia perlu kriteria lain."
                )
                % {"n": ", ".join(names[k] for k in result.unresolved)}
            )
    return results, problems


@transaction.atomic
def finalise(*, actor: Actor, selection: JptSelection) -> JptSelection:
    selection = JptSelection.objects.select_for_update().get(pk=selection.pk)
    _editable(actor, selection)
    if not selection.candidates.exists():
        raise ValidationError(_("Belum ada peserta."))
    results, problems = compute(selection)
    if problems:
        raise ValidationError(problems)
    rows = {c.pk: c for c in selection.candidates.all()}
    for result in results.values():
        for r in result.ranked:
            c = rows[r.key]
            c.total, c.rank, c.proposed, c.rank_reason = r.total, r.rank, r.proposed, r.reason
            c.stage_scores = {s: str(v) for s, v in r.stages.items()}
    JptCandidate.objects.bulk_update(
        rows.values(), ["total", "rank", "proposed", "rank_reason", "stage_scores"]
    )
    selection.status = JptStatus.FINAL
    selection.finalised_at = clock.now()
    selection.save(update_fields=["status", "finalised_at"])
    audit(
        actor=actor,
        action="careers.jpt.finalised",
        obj=selection,
        data={"proposed": sorted(rows[k].name for k in rows if rows[k].proposed)},
    )
    return selection


@transaction.atomic
def publish(*, actor: Actor, selection: JptSelection) -> JptSelection:
    require(actor, sel.MANAGE)
    selection = JptSelection.objects.select_for_update().get(pk=selection.pk)
    if selection.tenant_id != actor.tenant.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    if selection.status != JptStatus.FINAL:
        raise ValidationError(_("Tetapkan hasil seleksi sebelum mengumumkannya."))
    selection.status = JptStatus.PUBLISHED
    selection.published_at = clock.now()
    selection.save(update_fields=["status", "published_at"])
    audit(actor=actor, action="careers.jpt.published", obj=selection)
    return selection
