"""A PPPK selection read back into `pppk.py`'s terms, ranked, stored and written out.

The same rank path as CASN: `selection_results_any` and `recompute` pick the engine by the
selection's kind, so the CLI, the pages, the API and the announcement need no other branch.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from pamong.recruitment.explain import pppk_step, reason_above
from pamong.recruitment.export import table_csv, table_xlsx
from pamong.recruitment.files_pppk import COMPONENTS
from pamong.recruitment.models import Candidate, FormasiLine, PppkScore, PppkWeight, Selection
from pamong.recruitment.pppk import Applicant, Component, PppkResult, Scheme, rank_pppk_line

RESULT_FIELDS = [
    "skd_total",
    "passes_pg",
    "skd_rank",
    "skb_score",
    "final_score",
    "rank",
    "status",
    "step_above",
    "step_below",
]
COLUMNS = [
    "kode_formasi",
    "no_peserta",
    "nama",
    *COMPONENTS,
    "nilai_akhir",
    "peringkat",
    "status",
    "alasan",
]


def pppk_scheme(selection: Selection) -> Scheme | None:
    """The four components in their fixed tie-break order (teknis, manajerial,
    sosial-kultural, wawancara), or None while the weights are not set."""
    rows = {
        w.component: w
        for w in PppkWeight.objects.filter(selection=selection, tenant_id=selection.tenant_id)
    }
    if set(rows) != set(COMPONENTS):
        return None
    return Scheme(tuple(Component(c, rows[c].weight, rows[c].minimum) for c in COMPONENTS))


def pppk_results(selection: Selection) -> list[PppkResult]:
    """Every candidate, by line code (as text), then in the order of `rank_pppk_line`."""
    scheme = pppk_scheme(selection)
    lines = list(FormasiLine.objects.filter(selection=selection).values_list("id", "code", "kuota"))
    scores: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for cid, component, nilai in PppkScore.objects.filter(
        candidate__selection=selection
    ).values_list("candidate_id", "component", "nilai"):
        scores[cid][component] = nilai
    by_line: dict[int, list[Applicant]] = defaultdict(list)
    for row in Candidate.objects.filter(selection=selection).values(
        "id", "no_peserta", "line_id", "birth_date", "education", "name"
    ):
        by_line[row["line_id"]].append(
            Applicant(
                no_peserta=row["no_peserta"],
                line_code="",
                birth_date=row["birth_date"],
                education=row["education"],
                scores=scores.get(row["id"], {}),
                name=row["name"],
            )
        )
    results: list[PppkResult] = []
    for line_id, code, kuota in sorted(lines, key=lambda x: x[1]):
        people = [
            Applicant(a.no_peserta, code, a.birth_date, a.education, a.scores, a.name)
            for a in by_line[line_id]
        ]
        if scheme is None:  # no weights yet: nobody can be ranked
            results.extend(
                PppkResult(a, status="TH") for a in sorted(people, key=lambda a: a.no_peserta)
            )
        else:
            results.extend(rank_pppk_line(scheme, kuota, people))
    return results


def _steps(results: list[PppkResult]) -> dict[str, tuple[int | None, int | None]]:
    """no_peserta -> (step above, step below) from each rank's `decided_below`."""
    steps: dict[str, tuple[int | None, int | None]] = {}
    previous: PppkResult | None = None
    for r in results:
        if r.rank is None:
            steps[r.applicant.no_peserta] = (None, None)
            previous = None
            continue
        above = pppk_step(previous.decided_below) if previous and r.rank > 1 else None
        steps[r.applicant.no_peserta] = (above, pppk_step(r.decided_below))
        previous = r
    return steps


def pppk_recompute(selection: Selection) -> list[PppkResult]:
    """Rank again and store the result columns. Callers hold the selection lock."""
    results = pppk_results(selection)
    ids = dict(Candidate.objects.filter(selection=selection).values_list("no_peserta", "id"))
    steps = _steps(results)
    rows = [
        Candidate(
            id=ids[r.applicant.no_peserta],
            skd_total=0,
            passes_pg=r.rank is not None,
            skd_rank=None,
            skb_score=None,
            final_score=r.final,
            rank=r.rank,
            status=r.status,
            step_above=steps[r.applicant.no_peserta][0],
            step_below=steps[r.applicant.no_peserta][1],
        )
        for r in results
    ]
    Candidate.objects.bulk_update(rows, RESULT_FIELDS, batch_size=2000)
    return results


def pppk_order_keys(selection: Selection) -> dict[str, tuple[object, ...]]:
    """no_peserta -> the ranking key of `pppk.py`, comparable across lines (ranked only);
    used to fill unfilled lines in ranking order."""
    scheme = pppk_scheme(selection)
    keys: dict[str, tuple[object, ...]] = {}
    for r in pppk_results(selection):
        if r.rank is not None and scheme is not None:
            a = r.applicant
            assert r.final_exact is not None
            keys[a.no_peserta] = (
                -r.final_exact,
                *(-a.scores[c.name] for c in scheme.components),
                -a.education,
                a.birth_date,
                a.no_peserta,
            )
    return keys


def pppk_rows(results: list[PppkResult]) -> list[list[str]]:
    steps = _steps(results)
    out = []
    for r in results:
        a = r.applicant
        out.append(
            [
                a.line_code,
                a.no_peserta,
                a.name,
                *(str(a.scores[c]) if c in a.scores else "" for c in COMPONENTS),
                "" if r.final is None else str(r.final),
                "" if r.rank is None else str(r.rank),
                r.status,
                reason_above(steps[a.no_peserta][0]),
            ]
        )
    return out


def pppk_csv(results: list[PppkResult]) -> bytes:
    return table_csv(COLUMNS, pppk_rows(results))


def pppk_xlsx(results: list[PppkResult]) -> bytes:
    return table_xlsx(COLUMNS, pppk_rows(results))
