"""Formasi planning, pure: the workload analysis (ABK: staff needed) per OPD and jabatan
against those in post, retirements projected from birth dates and the retirement age (BUP),
planned transfers, and the proposal for the year built from the gap, with its reasons.

BUP (batas usia pensiun, PP 11/2017 as amended by PP 17/2020): 58 for pejabat administrasi
(administrator, pengawas, pelaksana) and fungsional ahli pertama/muda/keterampilan; 60 for
JPT and fungsional ahli madya; 65 for fungsional ahli utama. The jabatan kind alone does not
say the fungsional level, so Pamong reads it from the kelas jabatan (ahli utama from kelas
14, ahli madya from kelas 12); `bup_for` takes an override table for a Pemda that knows
better. A civil servant retires at the start of the month after reaching the BUP (TMT
pensiun).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

DEFAULT_BUP = {"jpt": 60, "administrator": 58, "pengawas": 58, "pelaksana": 58}


def bup_for(kind: str, kelas: int, overrides: Mapping[str, int] | None = None) -> int:
    """Retirement age for a jabatan kind (and kelas, for fungsional)."""
    if overrides and kind in overrides:
        return overrides[kind]
    if kind == "fungsional":
        return 65 if kelas >= 14 else 60 if kelas >= 12 else 58
    return DEFAULT_BUP.get(kind, 58)


def retirement_date(birth: dt.date, bup: int) -> dt.date:
    """TMT pensiun: the first day of the month after the month the BUP is reached."""
    year, month = birth.year + bup, birth.month + 1
    if month == 13:
        year, month = year + 1, 1
    return dt.date(year, month, 1)


@dataclass(frozen=True)
class Need:
    opd: str
    jabatan: str
    needed: int  # from the ABK
    transfers_in: int = 0
    transfers_out: int = 0


@dataclass(frozen=True)
class Person:
    opd: str
    jabatan: str
    birth_date: dt.date
    kind: str
    kelas: int


@dataclass
class ProposalRow:
    opd: str
    jabatan: str
    needed: int
    in_post: int
    retiring: int
    transfers_in: int
    transfers_out: int
    projected: int  # in post at the end of the year
    proposal: int
    reasons: list[str] = field(default_factory=list)


def proposal(
    needs: Iterable[Need],
    people: Iterable[Person],
    year: int,
    *,
    bup_overrides: Mapping[str, int] | None = None,
) -> list[ProposalRow]:
    """One row per (OPD, jabatan) that has a need or people in post, ordered by both.

    Retiring = people whose TMT pensiun falls on or before 1 January of the next year (they
    leave during `year`). Projected = in post − retiring − transfers out + transfers in.
    Proposal = needed − projected when positive, else 0.
    """
    end = dt.date(year + 1, 1, 1)
    counts: dict[tuple[str, str], list[int]] = {}
    for p in people:
        slot = counts.setdefault((p.opd, p.jabatan), [0, 0])
        slot[0] += 1
        if retirement_date(p.birth_date, bup_for(p.kind, p.kelas, bup_overrides)) <= end:
            slot[1] += 1
    by_key = {(n.opd, n.jabatan): n for n in needs}
    rows = []
    for key in sorted(set(by_key) | set(counts)):
        n = by_key.get(key)
        in_post, retiring = counts.get(key, [0, 0])
        t_in, t_out = (n.transfers_in, n.transfers_out) if n else (0, 0)
        needed = n.needed if n else 0
        projected = in_post - retiring - t_out + t_in
        row = ProposalRow(
            key[0], key[1], needed, in_post, retiring, t_in, t_out, projected,
            max(needed - projected, 0),
        )  # fmt: skip
        if n is None:
            row.reasons.append(_("tidak ada ABK untuk jabatan ini"))
        if needed > in_post:
            row.reasons.append(
                _("kebutuhan ABK %(n)s > %(p)s yang menjabat") % {"n": needed, "p": in_post}
            )
        if retiring:
            row.reasons.append(_("%(n)s pensiun sampai akhir %(y)s") % {"n": retiring, "y": year})
        if t_out:
            row.reasons.append(_("%(n)s pindah keluar") % {"n": t_out})
        if t_in:
            row.reasons.append(_("%(n)s pindah masuk") % {"n": t_in})
        if projected > needed:
            row.reasons.append(_("kelebihan %(n)s pegawai") % {"n": projected - needed})
        rows.append(row)
    return rows
