"""The TPP policy's YAML keys in plain words, for the editor's validation messages.

`discipline.late_in[0].percent` reads "Potongan disiplin › Terlambat › rentang 1 › persen";
the key path stays next to it (it is what the person edits in the YAML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.core.errors import InputErrors
from pamong.core.labels import label

KEYS = {
    "name": gettext_lazy("Nama kebijakan"),
    "effective_from": gettext_lazy("Tanggal berlaku"),
    "weights": gettext_lazy("Bobot komponen"),
    "kinerja": gettext_lazy("kinerja"),
    "disiplin": gettext_lazy("disiplin"),
    "base_by_class": gettext_lazy("TPP dasar per kelas jabatan"),
    "jabatan_overrides": gettext_lazy("TPP dasar per jabatan"),
    "employee_type_percent": gettext_lazy("Persentase per jenis pegawai"),
    "kinerja_percent": gettext_lazy("Komponen kinerja per predikat"),
    "discipline": gettext_lazy("Potongan disiplin"),
    "late_in": gettext_lazy("Terlambat"),
    "early_out": gettext_lazy("Pulang sebelum waktunya"),
    "missing_in": gettext_lazy("Tidak absen masuk"),
    "missing_out": gettext_lazy("Tidak absen pulang"),
    "absent": gettext_lazy("Tidak masuk tanpa keterangan"),
    "cap": gettext_lazy("batas"),
    "from": gettext_lazy("dari menit"),
    "to": gettext_lazy("sampai menit"),
    "percent": gettext_lazy("persen"),
    "leave": gettext_lazy("Cuti"),
    "deduct": gettext_lazy("potongan per hari"),
    "after_days": gettext_lazy("jumlah hari pertama"),
    "deduct_after": gettext_lazy("potongan hari berikutnya"),
    "unpaid": gettext_lazy("tidak dibayar"),
    "not_paid_status": gettext_lazy("Status pegawai tanpa TPP"),
    "tax": gettext_lazy("Pajak"),
    "method": gettext_lazy("cara pemotongan"),
    "bpjs": gettext_lazy("Iuran BPJS Kesehatan"),
}
PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class FieldProblem:
    path: str
    field: str
    reason: str


def field_label(path: str) -> str:
    """The words for a key path of tpp-policy.yaml."""
    words: list[str] = []
    parent = ""
    for key, index in PART.findall(path):
        if index:
            words.append(_("ke-%(n)s") % {"n": int(index) + 1})
            continue
        if key in KEYS and parent != "base_by_class":
            words.append(str(KEYS[key]))
        elif parent == "base_by_class":
            words.append(_("kelas %(k)s") % {"k": key})
        elif parent == "kinerja_percent":
            words.append(_("predikat %(p)s") % {"p": label(key, "predikat")})
        elif parent == "leave":
            words.append(label(key, "attendance.Leave.kind"))
        elif parent == "percent" or parent == "tax":
            words.append(_("golongan %(g)s") % {"g": key} if key != "PPPK" else key)
        else:
            words.append(key)
        parent = key
    return " › ".join(words) or _("seluruh berkas")


def field_problems(exc: InputErrors) -> list[FieldProblem]:
    """Each problem as (key path, its words, the reason)."""
    out = []
    for error in exc.errors:
        path, sep, reason = error.message.partition(": ")
        if not sep or " " in path.strip():
            out.append(FieldProblem("", _("seluruh berkas"), error.message))
        else:
            out.append(FieldProblem(path, field_label(path), reason))
    return out
