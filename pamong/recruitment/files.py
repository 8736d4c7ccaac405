"""Read and check the three selection files of spec/selection.md (formasi, peserta, skb).

All three are checked together and every problem is reported as FILE:ROW:COLUMN: message;
nothing is returned unless all three are clean (all-or-nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from pamong.core.errors import InputError, InputErrors
from pamong.imports.tabular import RowErrors, Table, parse_date, read_table
from pamong.recruitment.ranking import JALUR, TIU_MAX, TKP_MAX, TWK_MAX, Candidate, Line

FORMASI_COLUMNS = ["kode_formasi", "jabatan", "jalur", "kuota", "bobot_skb"]
PESERTA_COLUMNS = [
    "no_peserta",
    "nama",
    "tanggal_lahir",
    "kode_formasi",
    "twk",
    "tiu",
    "tkp",
    "nilai_pendidikan",
]
SKB_COLUMNS = ["no_peserta", "komponen", "nilai"]

INT_RE = re.compile(r"^\d+$")
DEC2_RE = re.compile(r"^\d+(\.\d{1,2})?$")
COMPONENT_RE = re.compile(r"^[a-z0-9_]+$")

Source = bytes | IO[bytes] | Path | str


@dataclass
class SelectionData:
    lines: list[Line]
    jabatan: dict[str, str]
    candidates: list[Candidate]
    sha256: dict[str, str] = field(default_factory=dict)


def parse_weights(text: str) -> tuple[tuple[str, int], ...]:
    """`cat=60;wawancara=40` -> (("cat", 60), ("wawancara", 40)); weights sum to 100."""
    pairs: list[tuple[str, int]] = []
    for part in text.split(";"):
        name, sep, weight = part.partition("=")
        name, weight = name.strip().lower(), weight.strip()
        if not sep or not COMPONENT_RE.match(name) or not INT_RE.match(weight):
            raise ValueError(_("harus berbentuk nama=bobot;nama=bobot dengan bobot bilangan bulat"))
        if any(n == name for n, _w in pairs):
            raise ValueError(_("komponen %(name)s disebut dua kali") % {"name": name})
        pairs.append((name, int(weight)))
    total = sum(w for _n, w in pairs)
    if total != 100:
        raise ValueError(_("jumlah bobot harus 100, bukan %(total)s") % {"total": total})
    return tuple(pairs)


def _int_in(value: str, low: int, high: int) -> int:
    if not INT_RE.match(value):
        raise ValueError(_("harus bilangan bulat"))
    number = int(value)
    if not low <= number <= high:
        raise ValueError(_("harus antara %(low)s dan %(high)s") % {"low": low, "high": high})
    return number


def _dec2_in(value: str, low: int, high: int) -> Decimal:
    if not DEC2_RE.match(value):
        raise ValueError(_("harus angka dengan paling banyak 2 desimal (titik sebagai pemisah)"))
    try:
        number = Decimal(value)
    except InvalidOperation as exc:  # pragma: no cover - the regex already checked
        raise ValueError(_("bukan angka")) from exc
    if not low <= number <= high:
        raise ValueError(_("harus antara %(low)s dan %(high)s") % {"low": low, "high": high})
    return number


def read_selection_files(
    formasi: Source,
    peserta: Source,
    skb: Source,
    *,
    names: tuple[str, str, str] = ("formasi.csv", "peserta.csv", "skb.csv"),
) -> SelectionData:
    """Parse and check the three files together. Raises InputErrors listing every problem."""
    problems: list[InputError] = []
    tables = []
    for data, name, columns in zip(
        (formasi, peserta, skb), names, (FORMASI_COLUMNS, PESERTA_COLUMNS, SKB_COLUMNS), strict=True
    ):
        try:
            tables.append(read_table(data, source=name, required=columns))
        except InputErrors as exc:
            problems.extend(exc.errors)
    if problems:
        raise InputErrors(problems)
    t_formasi, t_peserta, t_skb = tables
    lines, jabatan = _check_formasi(t_formasi, RowErrors(names[0]), problems)
    people = _check_peserta(t_peserta, jabatan, RowErrors(names[1]), problems)
    marks = _check_skb(t_skb, lines, people, RowErrors(names[2]), problems)
    if problems:
        raise InputErrors(problems)
    candidates = [
        Candidate(
            no_peserta=no,
            line_code=str(v["line_code"]),
            twk=v["twk"],  # type: ignore[arg-type]
            tiu=v["tiu"],  # type: ignore[arg-type]
            tkp=v["tkp"],  # type: ignore[arg-type]
            education=v["education"],  # type: ignore[arg-type]
            birth_date=v["birth_date"],  # type: ignore[arg-type]
            skb=marks.get(no, {}),
            name=str(v["name"]),
        )
        for no, v in people.items()
    ]
    sha = {t.source: t.sha256 for t in tables}
    return SelectionData(list(lines.values()), jabatan, candidates, sha)


def _check_formasi(
    t_formasi: Table, errors: RowErrors, problems: list[InputError]
) -> tuple[dict[str, Line], dict[str, str]]:
    lines: dict[str, Line] = {}
    jabatan: dict[str, str] = {}
    for row, cells in t_formasi.rows:
        code = cells["kode_formasi"]
        ok = True
        if not code:
            errors.add(row, "kode_formasi", _("wajib diisi"))
            ok = False
        elif code in lines or code in jabatan:
            errors.add(row, "kode_formasi", _("kode %(code)s sudah dipakai") % {"code": code})
            ok = False
        if not cells["jabatan"]:
            errors.add(row, "jabatan", _("wajib diisi"))
        jalur = cells["jalur"].lower()
        if jalur not in JALUR:
            errors.add(row, "jalur", _("harus salah satu dari: %(v)s") % {"v": ", ".join(JALUR)})
            ok = False
        try:
            kuota = int(cells["kuota"]) if INT_RE.match(cells["kuota"]) else 0
            if kuota < 1:
                raise ValueError(_("harus bilangan bulat ≥ 1"))
        except ValueError as exc:
            errors.add(row, "kuota", str(exc))
            ok = False
        try:
            weights = parse_weights(cells["bobot_skb"])
        except ValueError as exc:
            errors.add(row, "bobot_skb", str(exc))
            ok = False
        if code:
            jabatan[code] = cells["jabatan"]
        if ok:
            lines[code] = Line(code=code, jalur=jalur, kuota=kuota, weights=weights)
    problems.extend(errors.errors)
    return lines, jabatan


def _check_peserta(
    t_peserta: Table, jabatan: dict[str, str], errors: RowErrors, problems: list[InputError]
) -> dict[str, dict[str, object]]:
    people: dict[str, dict[str, object]] = {}
    for row, cells in t_peserta.rows:
        no = cells["no_peserta"]
        ok = True
        if not no:
            errors.add(row, "no_peserta", _("wajib diisi"))
            ok = False
        elif no in people:
            errors.add(row, "no_peserta", _("nomor %(no)s sudah dipakai") % {"no": no})
            ok = False
        if not cells["nama"]:
            errors.add(row, "nama", _("wajib diisi"))
        values: dict[str, object] = {"name": cells["nama"]}
        try:
            values["birth_date"] = parse_date(cells["tanggal_lahir"])
        except ValueError as exc:
            errors.add(row, "tanggal_lahir", str(exc))
            ok = False
        line_code = cells["kode_formasi"]
        if line_code not in jabatan:
            errors.add(row, "kode_formasi", _("formasi %(c)s tidak ada") % {"c": line_code})
            ok = False
        values["line_code"] = line_code
        for column, high in (("twk", TWK_MAX), ("tiu", TIU_MAX), ("tkp", TKP_MAX)):
            try:
                values[column] = _int_in(cells[column], 0, high)
            except ValueError as exc:
                errors.add(row, column, str(exc))
                ok = False
        try:
            values["education"] = _dec2_in(cells["nilai_pendidikan"], 0, 100)
        except ValueError as exc:
            errors.add(row, "nilai_pendidikan", str(exc))
            ok = False
        if ok:
            people[no] = values
    problems.extend(errors.errors)
    return people


def _check_skb(
    t_skb: Table,
    lines: dict[str, Line],
    people: dict[str, dict[str, object]],
    errors: RowErrors,
    problems: list[InputError],
) -> dict[str, dict[str, Decimal]]:
    marks: dict[str, dict[str, Decimal]] = {}
    first_row: dict[str, int] = {}
    for row, cells in t_skb.rows:
        no, component = cells["no_peserta"], cells["komponen"].lower()
        person = people.get(no)
        if person is None:
            errors.add(row, "no_peserta", _("peserta %(no)s tidak ada") % {"no": no})
            continue
        line = lines.get(str(person["line_code"]))
        if line is None:
            continue  # the line itself is wrong; reported in formasi
        if component not in {name for name, _w in line.weights}:
            errors.add(
                row,
                "komponen",
                _("komponen %(c)s tidak ada di bobot_skb formasi %(f)s")
                % {"c": component, "f": line.code},
            )
            continue
        try:
            nilai = _dec2_in(cells["nilai"], 0, 100)
        except ValueError as exc:
            errors.add(row, "nilai", str(exc))
            continue
        own = marks.setdefault(no, {})
        if component in own:
            errors.add(row, "komponen", _("nilai %(c)s sudah ada") % {"c": component})
            continue
        own[component] = nilai
        first_row.setdefault(no, row)
    for no, own in marks.items():
        line = lines[str(people[no]["line_code"])]
        missing = [name for name, _w in line.weights if name not in own]
        if missing:
            errors.add(
                first_row[no],
                "komponen",
                _("peserta %(no)s tidak punya nilai untuk: %(m)s")
                % {"no": no, "m": ", ".join(missing)},
            )
    problems.extend(errors.errors)
    return marks
