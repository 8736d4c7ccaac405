"""The one write path for candidates and their scores outside the CASN file load: a
candidate entered or corrected by hand (CASN: SKD and SKB; PPPK: the four components) and
every PPPK file load go through `candidates_write`. It checks, writes only what differs,
ranks again, and audits each changed candidate; after the announcement a reason is required.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.permissions import require
from pamong.recruitment.files_pppk import COMPONENTS, SCORE_MAX, Entry
from pamong.recruitment.models import (
    Candidate,
    FormasiLine,
    PppkScore,
    Selection,
    SkbScore,
)
from pamong.recruitment.ranking import TIU_MAX, TKP_MAX, TWK_MAX
from pamong.recruitment.results_pppk import pppk_recompute
from pamong.recruitment.services import MANAGE, selection_recompute

FIELDS = ("name", "birth_date", "line_id", "education", "twk", "tiu", "tkp")
UPDATE_FIELDS = ["name", "birth_date", "line", "education", "twk", "tiu", "tkp"]


@dataclass
class WriteOutcome:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def recompute(selection: Selection) -> None:
    """Rank again with the selection's own engine (CASN ranking.py or PPPK pppk.py)."""
    if selection.is_pppk:
        pppk_recompute(selection)
    else:
        selection_recompute(selection)


def _check(selection: Selection, line: FormasiLine | None, e: Entry) -> list[str]:
    problems = []
    prefix = f"{e.no_peserta}: " if e.no_peserta else ""
    if not e.no_peserta.strip() or len(e.no_peserta) > 40:
        problems.append(_("nomor peserta wajib diisi (paling panjang 40 karakter)"))
    if not e.name.strip():
        problems.append(prefix + _("nama wajib diisi"))
    if e.birth_date is None:
        problems.append(prefix + _("tanggal lahir wajib diisi"))
    if line is None:
        problems.append(prefix + _("formasi %(c)s tidak ada") % {"c": e.line_code})
    if not _dec2_within(e.education, Decimal(100)):
        problems.append(prefix + _("nilai pendidikan 0–100 dengan paling banyak 2 desimal"))
    return problems + _check_scores(selection, line, e, prefix)


def _dec2_within(value: Decimal, high: Decimal) -> bool:
    # NaN and Infinity are Decimals too, but no score: refused here, whatever the caller.
    if not value.is_finite():
        return False
    return Decimal(0) <= value <= high and value == value.quantize(Decimal("0.01"))


def _check_scores(
    selection: Selection, line: FormasiLine | None, e: Entry, prefix: str
) -> list[str]:
    problems: list[str] = []
    if selection.is_pppk:
        allowed, high = set(COMPONENTS), SCORE_MAX
    else:
        for name, value, top in (
            ("TWK", e.twk, TWK_MAX),
            ("TIU", e.tiu, TIU_MAX),
            ("TKP", e.tkp, TKP_MAX),
        ):
            if not 0 <= value <= top:
                problems.append(prefix + _("%(n)s harus 0–%(m)s") % {"n": name, "m": top})
        allowed = {str(n) for n, _w in line.weights} if line else set()
        high = Decimal(100)
        if e.scores and line is not None and set(e.scores) != allowed:
            problems.append(
                prefix
                + _("nilai SKB harus lengkap untuk komponen: %(c)s")
                % {"c": ", ".join(sorted(allowed))}
            )
    for component, nilai in e.scores.items():
        if component not in allowed:
            problems.append(prefix + _("komponen %(c)s tidak dikenal") % {"c": component})
        elif not _dec2_within(nilai, high):
            problems.append(
                prefix
                + _("nilai %(c)s harus 0–%(h)s dengan paling banyak 2 desimal")
                % {"c": component, "h": high}
            )
    return problems


def _state(c: Candidate, scores: dict[str, Decimal]) -> dict[str, Any]:
    return {
        "name": c.name,
        "birth_date": str(c.birth_date),
        "line": c.line.code,
        "education": str(c.education),
        "twk": c.twk,
        "tiu": c.tiu,
        "tkp": c.tkp,
        "scores": {k: str(v) for k, v in sorted(scores.items())},
    }


def _diff(
    selection: Selection, entries: list[Entry], lines: dict[str, FormasiLine], replace: bool
) -> tuple[list[Entry], list[tuple[Entry, Candidate]], list[Candidate], dict[int, Any]]:
    """(new entries, changed (entry, candidate), candidates to remove, stored scores)."""
    score_model: Any = PppkScore if selection.is_pppk else SkbScore
    stored = {
        c.no_peserta: c
        for c in Candidate.objects.filter(selection=selection).select_related("line")
    }
    marks: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for cid, component, nilai in score_model.objects.filter(
        candidate__selection=selection
    ).values_list("candidate_id", "component", "nilai"):
        marks[cid][component] = nilai
    new: list[Entry] = []
    changed: list[tuple[Entry, Candidate]] = []
    for e in entries:
        c = stored.get(e.no_peserta)
        if c is None:
            new.append(e)
            continue
        wanted = (e.name, e.birth_date, lines[e.line_code].pk, e.education, e.twk, e.tiu, e.tkp)
        if wanted != tuple(getattr(c, f) for f in FIELDS) or dict(e.scores) != marks[c.pk]:
            changed.append((e, c))
    keep = {e.no_peserta for e in entries}
    gone = [c for no, c in stored.items() if no not in keep] if replace else []
    return new, changed, gone, marks


def _write(
    selection: Selection,
    lines: dict[str, FormasiLine],
    new: list[Entry],
    changed: list[tuple[Entry, Candidate]],
    gone: list[Candidate],
) -> list[Candidate]:
    score_model: Any = PppkScore if selection.is_pppk else SkbScore
    created = Candidate.objects.bulk_create(
        [
            Candidate(
                tenant=selection.tenant,
                selection=selection,
                line=lines[e.line_code],
                no_peserta=e.no_peserta,
                name=e.name,
                birth_date=e.birth_date,  # type: ignore[misc]  # _check refused None
                education=e.education,
                twk=e.twk,
                tiu=e.tiu,
                tkp=e.tkp,
                skd_total=e.twk + e.tiu + e.tkp,
            )
            for e in new
        ],
        batch_size=2000,
    )
    for e, c in changed:
        assert e.birth_date is not None  # _check refused None
        c.name, c.birth_date, c.line = e.name, e.birth_date, lines[e.line_code]
        c.education, c.twk, c.tiu, c.tkp = e.education, e.twk, e.tiu, e.tkp
    touched = [c for _e, c in changed]
    Candidate.objects.bulk_update(touched, UPDATE_FIELDS, batch_size=2000)
    score_model.objects.filter(candidate__in=touched).delete()
    by_no = {c.no_peserta: c for c in [*created, *touched]}
    score_model.objects.bulk_create(
        [
            score_model(
                tenant=selection.tenant, candidate=by_no[e.no_peserta], component=k, nilai=v
            )
            for e in [*new, *(e for e, _c in changed)]
            for k, v in e.scores.items()
        ],
        batch_size=5000,
    )
    if gone:
        Candidate.objects.filter(pk__in=[c.pk for c in gone]).delete()
    return created


@transaction.atomic
def candidates_write(
    *,
    actor: Actor,
    selection: Selection,
    entries: list[Entry],
    reason: str = "",
    replace: bool = False,
    source: str = "form",
) -> WriteOutcome:
    """Create or update the candidates of `entries` (key: no_peserta) with their scores.

    `replace` (a file load) also removes the candidates missing from `entries`. Nothing is
    written when every entry equals the stored one. After the announcement a reason is
    required and no candidate can be removed. Raises ValidationError listing every problem.
    """
    require(actor, MANAGE)
    selection = Selection.objects.select_for_update().get(pk=selection.pk, tenant=actor.tenant)
    reason = reason.strip()
    lines = {ln.code: ln for ln in FormasiLine.objects.filter(selection=selection)}
    problems = [p for e in entries for p in _check(selection, lines.get(e.line_code), e)]
    if problems:
        raise ValidationError(problems)
    new, changed, gone, marks = _diff(selection, entries, lines, replace)
    outcome = WriteOutcome(len(new), len(changed), len(gone))
    if not outcome.changed:
        return outcome
    if selection.is_announced and gone:
        raise ValidationError(
            _("Seleksi sudah diumumkan: peserta tidak bisa dihapus (%(n)s tidak ada di data).")
            % {"n": ", ".join(c.no_peserta for c in gone[:10])}
        )
    if selection.is_announced and not reason:
        raise ValidationError({"reason": _("Seleksi sudah diumumkan: alasan perubahan wajib.")})
    before = {c.pk: (_state(c, marks[c.pk]), c.rank, c.status) for _e, c in changed}
    created = _write(selection, lines, new, changed, gone)
    recompute(selection)
    ids = [c.pk for c in created] + [c.pk for _e, c in changed]
    after = {c.pk: (c.rank, c.status) for c in Candidate.objects.filter(pk__in=ids)}
    common = {"reason": reason, "source": source, "announced": selection.is_announced}
    for e, c in changed:
        state, rank, status = before[c.pk]
        audit(
            actor=actor,
            action="recruitment.candidate.changed",
            obj=c,
            before={**state, "rank": rank, "status": status},
            after={**_state(c, dict(e.scores)), "rank": after[c.pk][0], "status": after[c.pk][1]},
            data=common,
        )
    if source == "form" or selection.is_announced:
        entry_of = {e.no_peserta: e for e in new}
        for c in created:
            state = _state(c, dict(entry_of[c.no_peserta].scores))
            audit(
                actor=actor,
                action="recruitment.candidate.created",
                obj=c,
                after={**state, "rank": after[c.pk][0], "status": after[c.pk][1]},
                data=common,
            )
    elif created or gone:
        audit(
            actor=actor,
            action="recruitment.candidates.loaded",
            obj=selection,
            data={**common, "created": len(created), "deleted": len(gone)},
        )
    return outcome
