"""Read and check the three PPPK selection files of docs/formats/selection.md (formasi,
peserta with the component scores, bobot). Every problem is FILE:ROW:COLUMN: message and
nothing is returned unless all three are clean (all-or-nothing), as for CASN."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from pamong.core.errors import InputError, InputErrors
from pamong.imports.tabular import RowErrors, Table, parse_date, read_table
from pamong.recruitment.files import INT_RE, Source
from pamong.recruitment.models import PppkComponent

COMPONENTS: tuple[str, ...] = tuple(PppkComponent.values)
FORMASI_COLUMNS = ["kode_formasi", "jabatan", "kuota"]
PESERTA_COLUMNS = ["no_peserta", "nama", "tanggal_lahir", "kode_formasi", "nilai_pendidikan"]
BOBOT_COLUMNS = ["komponen", "bobot"]
SCORE_MAX = Decimal("999.99")
DEC2_RE = re.compile(r"^\d+(\.\d{1,2})?$")


@dataclass(frozen=True)
class Weight:
    component: str
    weight: Decimal
    minimum: Decimal | None = None


@dataclass(frozen=True)
class Entry:
    """One candidate as loaded from a file or entered by hand (CASN or PPPK)."""

    no_peserta: str
    name: str
    birth_date: dt.date | None
    line_code: str
    education: Decimal
    # PPPK: component -> nilai (a missing component = did not sit it);
    # CASN: SKB component -> nilai (empty = did not sit the SKB)
    scores: dict[str, Decimal] = field(default_factory=dict)
    twk: int = 0
    tiu: int = 0
    tkp: int = 0


@dataclass
class PppkData:
    lines: dict[str, tuple[str, int]]  # code -> (jabatan, kuota)
    weights: list[Weight]
    entries: list[Entry]
    sha256: dict[str, str] = field(default_factory=dict)


def dec2(value: str, high: Decimal) -> Decimal:
    """A decimal with a dot and at most 2 places, 0..high; more places are refused, not
    rounded, so that a score is stored exactly as printed."""
    if not DEC2_RE.match(value):
        raise ValueError(_("harus angka dengan paling banyak 2 desimal (titik sebagai pemisah)"))
    number = Decimal(value)
    if number > high:
        raise ValueError(_("harus antara 0 dan %(high)s") % {"high": high})
    return number


def check_weights(weights: list[Weight]) -> list[str]:
    """The problems of a weight set: each of the four components once, sum exactly 100."""
    problems: list[str] = []
    names = [w.component for w in weights]
    missing = [c for c in COMPONENTS if c not in names]
    if missing or len(set(names)) != len(names):
        problems.append(
            _("bobot harus memuat tepat sekali tiap komponen: %(c)s") % {"c": ", ".join(COMPONENTS)}
        )
    total = sum((w.weight for w in weights), Decimal(0))
    if total != 100:
        problems.append(
            _("jumlah bobot harus tepat 100, bukan %(total)s") % {"total": total.normalize()}
        )
    return problems


def read_pppk_files(
    formasi: Source,
    peserta: Source,
    bobot: Source,
    *,
    names: tuple[str, str, str] = ("formasi.csv", "peserta.csv", "bobot.csv"),
) -> PppkData:
    problems: list[InputError] = []
    tables: list[Table] = []
    specs = (
        (formasi, FORMASI_COLUMNS, ()),
        (peserta, PESERTA_COLUMNS, COMPONENTS),
        (bobot, BOBOT_COLUMNS, ("nilai_minimum",)),
    )
    for (data, required, optional), name in zip(specs, names, strict=True):
        try:
            tables.append(read_table(data, source=name, required=required, optional=optional))
        except InputErrors as exc:
            problems.extend(exc.errors)
    if problems:
        raise InputErrors(problems)
    t_formasi, t_peserta, t_bobot = tables
    lines, e1 = _check_formasi(t_formasi, RowErrors(names[0]))
    entries, e2 = _check_peserta(t_peserta, lines, RowErrors(names[1]))
    weights, e3 = _check_bobot(t_bobot, RowErrors(names[2]))
    for errors in (e1, e2, e3):
        problems.extend(errors.errors)
    if problems:
        raise InputErrors(problems)
    sha = {t.source: t.sha256 for t in tables}
    return PppkData(lines, weights, entries, sha)


def _check_formasi(t: Table, errors: RowErrors) -> tuple[dict[str, tuple[str, int]], RowErrors]:
    lines: dict[str, tuple[str, int]] = {}
    for row, cells in t.rows:
        code = cells["kode_formasi"]
        if not code:
            errors.add(row, "kode_formasi", _("wajib diisi"))
        elif code in lines:
            errors.add(row, "kode_formasi", _("kode %(code)s sudah dipakai") % {"code": code})
        if not cells["jabatan"]:
            errors.add(row, "jabatan", _("wajib diisi"))
        kuota = int(cells["kuota"]) if INT_RE.match(cells["kuota"]) else 0
        if kuota < 1:
            errors.add(row, "kuota", _("harus bilangan bulat ≥ 1"))
        if code and code not in lines:
            lines[code] = (cells["jabatan"], kuota)
    return lines, errors


def _check_peserta(
    t: Table, lines: dict[str, tuple[str, int]], errors: RowErrors
) -> tuple[list[Entry], RowErrors]:
    entries: list[Entry] = []
    seen: set[str] = set()
    for row, cells in t.rows:
        before = len(errors.errors)
        no = cells["no_peserta"]
        if not no:
            errors.add(row, "no_peserta", _("wajib diisi"))
        elif no in seen:
            errors.add(row, "no_peserta", _("nomor %(no)s sudah dipakai") % {"no": no})
        seen.add(no)
        if not cells["nama"]:
            errors.add(row, "nama", _("wajib diisi"))
        birth = None
        try:
            birth = parse_date(cells["tanggal_lahir"])
        except ValueError as exc:
            errors.add(row, "tanggal_lahir", str(exc))
        if cells["kode_formasi"] not in lines:
            errors.add(
                row, "kode_formasi", _("formasi %(c)s tidak ada") % {"c": cells["kode_formasi"]}
            )
        education = Decimal(0)
        try:
            education = dec2(cells["nilai_pendidikan"], Decimal(100))
        except ValueError as exc:
            errors.add(row, "nilai_pendidikan", str(exc))
        scores: dict[str, Decimal] = {}
        for component in COMPONENTS:
            text = cells.get(component, "")
            if not text:
                continue  # did not sit this component
            try:
                scores[component] = dec2(text, SCORE_MAX)
            except ValueError as exc:
                errors.add(row, component, str(exc))
        if len(errors.errors) == before:
            entries.append(
                Entry(no, cells["nama"], birth, cells["kode_formasi"], education, scores)
            )
    return entries, errors


def _check_bobot(t: Table, errors: RowErrors) -> tuple[list[Weight], RowErrors]:
    weights: list[Weight] = []
    for row, cells in t.rows:
        component = cells["komponen"].strip().lower().replace("-", "_")
        if component not in COMPONENTS:
            errors.add(
                row, "komponen", _("harus salah satu dari: %(v)s") % {"v": ", ".join(COMPONENTS)}
            )
            continue
        if any(w.component == component for w in weights):
            errors.add(
                row, "komponen", _("komponen %(name)s disebut dua kali") % {"name": component}
            )
            continue
        try:
            weight = dec2(cells["bobot"], Decimal(100))
        except ValueError as exc:
            errors.add(row, "bobot", str(exc))
            continue
        minimum = None
        if cells.get("nilai_minimum", ""):
            try:
                minimum = dec2(cells["nilai_minimum"], SCORE_MAX)
            except ValueError as exc:
                errors.add(row, "nilai_minimum", str(exc))
                continue
        weights.append(Weight(component, weight, minimum))
    if not errors.errors:
        last_row = t.rows[-1][0] if t.rows else 1
        for message in check_weights(weights):
            errors.add(last_row, "bobot", message)
    return weights, errors
