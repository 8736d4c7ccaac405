"""Every write of a selection: load the three files, recompute the ranking, change an SKB
mark, announce, and fill unfilled lines. Each checks `recruitment.manage` and is audited."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.errors import InputError, InputErrors
from pamong.core.models import Tenant
from pamong.core.permissions import require
from pamong.recruitment.files import SelectionData, Source, read_selection_files
from pamong.recruitment.models import Candidate, FormasiLine, Selection, SkbScore
from pamong.recruitment.ranking import Candidate as RankCandidate
from pamong.recruitment.ranking import Line, Result, rank_selection
from pamong.recruitment.results_pppk import RESULT_FIELDS, pppk_order_keys

MANAGE = "recruitment.manage"


@dataclass
class LoadOutcome:
    selection: Selection
    changed: bool
    lines: int = 0
    candidates: int = 0
    warnings: list[str] = field(default_factory=list)


# --- reading a selection back into the pure ranking's terms -------------------------------


def selection_inputs(selection: Selection) -> tuple[list[Line], list[RankCandidate]]:
    """Lines and candidates (with SKB marks) of a selection, in three queries."""
    lines = list(
        FormasiLine.objects.filter(selection=selection).values(
            "id", "code", "jalur", "kuota", "weights"
        )
    )
    code_of = {row["id"]: row["code"] for row in lines}
    marks: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for cid, component, nilai in SkbScore.objects.filter(
        candidate__selection=selection
    ).values_list("candidate_id", "component", "nilai"):
        marks[cid][component] = nilai
    candidates = [
        RankCandidate(
            no_peserta=row["no_peserta"],
            line_code=code_of[row["line_id"]],
            twk=row["twk"],
            tiu=row["tiu"],
            tkp=row["tkp"],
            education=row["education"],
            birth_date=row["birth_date"],
            skb=marks.get(row["id"], {}),
            name=row["name"],
        )
        for row in Candidate.objects.filter(selection=selection).values(
            "id", "no_peserta", "line_id", "twk", "tiu", "tkp", "education", "birth_date", "name"
        )
    ]
    return [
        Line(
            code=row["code"],
            jalur=row["jalur"],
            kuota=row["kuota"],
            weights=tuple((str(n), int(w)) for n, w in row["weights"]),
        )
        for row in lines
    ], candidates


def selection_results(selection: Selection) -> list[Result]:
    """The ranking of spec/selection.md, computed afresh from the stored data."""
    lines, candidates = selection_inputs(selection)
    return rank_selection(lines, candidates)


def _canonical(lines: list[Line], jabatan: dict[str, str], candidates: list[RankCandidate]) -> Any:
    """A comparable form of a selection's data: equal iff a load would change nothing."""
    return (
        sorted((ln.code, jabatan.get(ln.code, ""), ln.jalur, ln.kuota, ln.weights) for ln in lines),
        sorted(
            (
                c.no_peserta,
                c.name,
                c.birth_date,
                c.line_code,
                c.twk,
                c.tiu,
                c.tkp,
                c.education,
                tuple(sorted(c.skb.items())),
            )
            for c in candidates
        ),
    )


def _stored_canonical(selection: Selection) -> Any:
    lines, candidates = selection_inputs(selection)
    jabatan = dict(FormasiLine.objects.filter(selection=selection).values_list("code", "jabatan"))
    return _canonical(lines, jabatan, candidates)


def _store_results(selection: Selection, results: list[Result]) -> None:
    ids = dict(Candidate.objects.filter(selection=selection).values_list("no_peserta", "id"))
    rows = []
    for r in results:
        rows.append(
            Candidate(
                id=ids[r.candidate.no_peserta],
                skd_total=r.skd_total,
                passes_pg=r.passes_pg,
                skd_rank=r.skd_rank,
                skb_score=r.skb_exact,
                final_score=r.final,
                rank=r.rank,
                status=r.status,
                step_above=int(r.step_above) if r.step_above else None,
                step_below=int(r.step_below) if r.step_below else None,
            )
        )
    Candidate.objects.bulk_update(rows, RESULT_FIELDS, batch_size=2000)


def selection_recompute(selection: Selection) -> list[Result]:
    """Rank again from the stored data and store the result columns. Callers hold the lock."""
    results = selection_results(selection)
    _store_results(selection, results)
    return results


def _ignored_skb_warnings(results: list[Result]) -> list[str]:
    return [
        _("SKB peserta %(no)s diabaikan: peserta tidak diundang SKB")
        % {"no": r.candidate.no_peserta}
        for r in results
        if r.ignored_skb
    ]


def _tenant(actor: Actor) -> Tenant:
    assert actor.tenant is not None  # require() refused tenant-less actors
    return actor.tenant


# --- load ---------------------------------------------------------------------------------


def _write_data(actor: Actor, selection: Selection, data: SelectionData) -> None:
    tenant = actor.tenant
    FormasiLine.objects.filter(selection=selection).delete()  # cascades candidates, marks
    line_rows = FormasiLine.objects.bulk_create(
        [
            FormasiLine(
                tenant=tenant,
                selection=selection,
                code=ln.code,
                jabatan=data.jabatan[ln.code],
                jalur=ln.jalur,
                kuota=ln.kuota,
                weights=[list(w) for w in ln.weights],
            )
            for ln in data.lines
        ],
        batch_size=2000,
    )
    line_by_code = {row.code: row for row in line_rows}
    candidate_rows = Candidate.objects.bulk_create(
        [
            Candidate(
                tenant=tenant,
                selection=selection,
                line=line_by_code[c.line_code],
                no_peserta=c.no_peserta,
                name=c.name,
                birth_date=c.birth_date,
                twk=c.twk,
                tiu=c.tiu,
                tkp=c.tkp,
                education=c.education,
                skd_total=c.skd_total,
            )
            for c in data.candidates
        ],
        batch_size=2000,
    )
    by_no = {row.no_peserta: row for row in candidate_rows}
    SkbScore.objects.bulk_create(
        [
            SkbScore(tenant=tenant, candidate=by_no[c.no_peserta], component=name, nilai=nilai)
            for c in data.candidates
            for name, nilai in c.skb.items()
        ],
        batch_size=5000,
    )


@transaction.atomic
def selection_load(
    *,
    actor: Actor,
    code: str,
    formasi: Source,
    peserta: Source,
    skb: Source,
    names: tuple[str, str, str] = ("formasi.csv", "peserta.csv", "skb.csv"),
    name: str = "",
) -> LoadOutcome:
    """Create or replace selection `code` from the three files (spec/selection.md).

    The same data again changes nothing. Other data after the announcement is refused.
    """
    require(actor, MANAGE)
    code = code.strip()
    if not code or len(code) > 40:
        raise InputErrors([InputError(_("kode seleksi wajib diisi (paling panjang 40 karakter)"))])
    data = read_selection_files(formasi, peserta, skb, names=names)
    selection = Selection.objects.select_for_update().filter(tenant=actor.tenant, code=code).first()
    created = selection is None
    if selection is None:
        selection = Selection.objects.create(tenant=_tenant(actor), code=code, name=name or code)
    elif selection.is_pppk:
        # The CASN files would replace its lines and rank it with the CASN rules.
        raise InputErrors(
            [
                InputError(
                    _("seleksi %(code)s adalah seleksi PPPK; berkas CASN tidak bisa dimuat ke sana")
                    % {"code": code}
                )
            ]
        )
    elif _stored_canonical(selection) == _canonical(data.lines, data.jabatan, data.candidates):
        results = selection_results(selection)
        return LoadOutcome(selection, False, warnings=_ignored_skb_warnings(results))
    elif selection.is_announced:
        raise InputErrors(
            [
                InputError(
                    _("seleksi %(code)s sudah diumumkan; datanya tidak bisa diganti lewat impor")
                    % {"code": code}
                )
            ]
        )
    _write_data(actor, selection, data)
    selection.source_sha256 = data.sha256
    selection.save(update_fields=["source_sha256", "updated_at"])
    results = selection_recompute(selection)
    audit(
        actor=actor,
        action="recruitment.selection.created" if created else "recruitment.selection.replaced",
        obj=selection,
        data={
            "files": data.sha256,
            "lines": len(data.lines),
            "candidates": len(data.candidates),
        },
    )
    return LoadOutcome(
        selection,
        True,
        lines=len(data.lines),
        candidates=len(data.candidates),
        warnings=_ignored_skb_warnings(results),
    )


# --- changes after loading ----------------------------------------------------------------


def _locked(selection: Selection) -> Selection:
    return Selection.objects.select_for_update().get(pk=selection.pk, tenant=selection.tenant)


@transaction.atomic
def skb_score_change(
    *, actor: Actor, candidate: Candidate, component: str, nilai: Decimal, reason: str = ""
) -> Candidate:
    """Change one SKB mark. After the announcement a reason is required. Audited."""
    require(actor, MANAGE)
    selection = _locked(candidate.selection)
    reason = reason.strip()
    if selection.is_announced and not reason:
        raise ValidationError({"reason": _("Seleksi sudah diumumkan: alasan perubahan wajib.")})
    weights = dict(candidate.line.weights)
    if component not in weights:
        raise ValidationError({"component": _("Komponen tidak ada di formasi ini.")})
    if not Decimal(0) <= nilai <= Decimal(100) or nilai != nilai.quantize(Decimal("0.01")):
        raise ValidationError({"nilai": _("Nilai 0–100 dengan paling banyak 2 desimal.")})
    marks = {s.component: s for s in SkbScore.objects.filter(candidate=candidate)}
    if not marks and len(weights) > 1:
        raise ValidationError(
            {"component": _("Peserta belum punya nilai SKB: muat berkas SKB lengkap dahulu.")}
        )
    before_rank, before_status = candidate.rank, candidate.status
    old = marks.get(component)
    if old is not None and old.nilai == nilai:
        return candidate
    if old is None:
        SkbScore.objects.create(
            tenant=_tenant(actor), candidate=candidate, component=component, nilai=nilai
        )
    else:
        SkbScore.objects.filter(pk=old.pk).update(nilai=nilai)
    selection_recompute(selection)
    candidate.refresh_from_db()
    audit(
        actor=actor,
        action="recruitment.skb_score.changed",
        obj=candidate,
        before={
            "nilai": str(old.nilai) if old else None,
            "rank": before_rank,
            "status": before_status,
        },
        after={"nilai": str(nilai), "rank": candidate.rank, "status": candidate.status},
        data={"component": component, "reason": reason, "announced": selection.is_announced},
    )
    return candidate


@transaction.atomic
def selection_announce(*, actor: Actor, selection: Selection) -> Selection:
    require(actor, MANAGE)
    selection = _locked(selection)
    if selection.is_announced:
        raise ValidationError(_("Seleksi ini sudah diumumkan."))
    if not Candidate.objects.filter(selection=selection).exists():
        raise ValidationError(_("Seleksi belum punya peserta."))
    selection.announced_at = clock.now()
    selection.announced_by = actor.user
    selection.save(update_fields=["announced_at", "announced_by", "updated_at"])
    audit(actor=actor, action="recruitment.selection.announced", obj=selection)
    return selection


def _casn_order_keys(selection: Selection) -> dict[str, tuple[Any, ...]]:
    """no_peserta -> the step-6 ranking key, comparable across lines (ranked only)."""
    keys: dict[str, tuple[Any, ...]] = {}
    for r in selection_results(selection):
        c = r.candidate
        if r.final_scaled is not None:
            keys[c.no_peserta] = (-r.final_scaled, -c.skd_total, -c.tkp, -c.tiu, -c.twk,
                                  -c.education, c.birth_date, c.no_peserta)  # fmt: skip
    return keys


@dataclass(frozen=True)
class Fill:
    candidate: Candidate
    line: FormasiLine


@transaction.atomic
def selection_fill_unfilled(*, actor: Actor, selection: Selection) -> list[Fill]:
    """Fill lines with fewer passing candidates than their quota from the TL candidates of
    other lines of the same jabatan (domain.md §7), best final ranking first. Audited per
    candidate; running it again only fills what is still open."""
    require(actor, MANAGE)
    selection = _locked(selection)
    keys = pppk_order_keys(selection) if selection.is_pppk else _casn_order_keys(selection)
    lines = list(FormasiLine.objects.filter(selection=selection).order_by("code"))
    candidates = list(
        Candidate.objects.filter(selection=selection).select_related("line", "filled_line")
    )
    passed: dict[int, int] = defaultdict(int)
    for c in candidates:
        if c.status == "L":
            passed[c.line_id] += 1
        if c.filled_line_id:
            passed[c.filled_line_id] += 1
    pool: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        if c.status == "TL" and c.filled_line_id is None:
            pool[c.line.jabatan.strip().casefold()].append(c)

    for group in pool.values():
        group.sort(key=lambda c: keys[c.no_peserta])
    fills: list[Fill] = []
    for line in lines:
        open_seats = line.kuota - passed[line.id]
        group = pool.get(line.jabatan.strip().casefold(), [])
        while open_seats > 0 and group:
            candidate = group.pop(0)
            candidate.filled_line = line
            candidate.save(update_fields=["filled_line"])
            audit(
                actor=actor,
                action="recruitment.candidate.filled",
                obj=candidate,
                after={"filled_line": line.code},
                data={"from_line": candidate.line.code, "rank": candidate.rank},
            )
            fills.append(Fill(candidate, line))
            open_seats -= 1
    return fills
