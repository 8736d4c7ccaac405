"""Audit entries as sentences: who did what to which object, with labelled old → new values.

An entry stores codes (`tpp.run.paid`, `tpp.tpprun`, `user:keuangan.kupang`, field names,
choice values); a person reads "keuangan.kupang menandai dibayar perhitungan TPP «TPP
2026-10»" with "Status: disetujui → dibayar". The words come from `pamong.ui.audit_labels`
(action, verb and object registry) and `pamong.core.labels` (choice values); an action
that no registry knows still reads as words (its verb, or its parts without dots and
underscores), never as a code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.core.labels import label, readable
from pamong.core.models import AuditLog
from pamong.ui.audit_labels import ACTIONS, OBJECTS, VERBS

MAX_VALUE = 160
CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Field names that models do not name in Indonesian themselves (no verbose_name).
FIELDS = {
    "status": gettext_lazy("status"),
    "note": gettext_lazy("catatan"),
    "reason": gettext_lazy("alasan"),
    "staff_note": gettext_lazy("catatan petugas"),
    "starts_at": gettext_lazy("mulai"),
    "handling_unit": gettext_lazy("unit penanganan"),
    "follow_up": gettext_lazy("tindak lanjut"),
    "unit_response": gettext_lazy("jawaban unit"),
    "name": gettext_lazy("nama"),
    "employees": gettext_lazy("pegawai"),
    "created": gettext_lazy("dibuat"),
    "updated": gettext_lazy("diubah"),
    "period": gettext_lazy("periode"),
    "file": gettext_lazy("berkas"),
    "kind": gettext_lazy("jenis"),
    "revision": gettext_lazy("revisi"),
    "roles": gettext_lazy("peran"),
    "role": gettext_lazy("peran"),
    "effective_from": gettext_lazy("berlaku sejak"),
}
# The area an action belongs to: its first part, for the filter.
AREAS = {
    "core": gettext_lazy("Pemda"),
    "accounts": gettext_lazy("Akun dan akses"),
    "api": gettext_lazy("Akses API"),
    "org": gettext_lazy("Kepegawaian"),
    "imports": gettext_lazy("Impor data"),
    "attendance": gettext_lazy("Presensi"),
    "leave": gettext_lazy("Cuti"),
    "performance": gettext_lazy("Penilaian kinerja"),
    "kinerja_org": gettext_lazy("Pohon kinerja"),
    "appraisal": gettext_lazy("SKP"),
    "tpp": gettext_lazy("TPP"),
    "participation": gettext_lazy("Partisipasi publik"),
    "recruitment": gettext_lazy("Rekrutmen"),
    "competence": gettext_lazy("Kompetensi"),
    "careers": gettext_lazy("Karier"),
    "evaluation": gettext_lazy("Evaluasi"),
    "demo": gettext_lazy("Data contoh"),
}


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditRow:
    entry: AuditLog
    changes: list[Change]
    actor: str
    what: str
    target: str
    details: list[Change]

    @property
    def sentence(self) -> str:
        return " ".join(p for p in (self.actor, self.what, self.target) if p)


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def field_label(model: type[models.Model] | None, name: str) -> str:
    if name in FIELDS:
        return capfirst(str(FIELDS[name]))
    field = _field(model, name)
    auto = name.replace("_", " ")
    if field is not None and str(field.verbose_name) != auto:
        return capfirst(str(field.verbose_name))
    return capfirst(readable(name))


def value_label(value: Any, model: type[models.Model] | None = None, name: str = "") -> str:
    """A stored value as words: choice labels, yes/no, lists and small mappings."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, list | tuple):
        return ", ".join(value_label(v, model, name) for v in value) or "–"
    if isinstance(value, dict):
        text = "; ".join(f"{field_label(None, str(k))}: {value_label(v)}" for k, v in value.items())
        return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"
    if isinstance(value, str):
        field = _field(model, name)
        if field is not None and field.choices:
            return label(value, f"{field.model._meta.label}.{name}")
        return label(value) if " " not in value else value
    return str(value)


def actor_text(entry: AuditLog) -> str:
    """Who acted: the person's name or login, an API token, the system, a device."""
    user = entry.actor_user
    employee = getattr(user, "employee", None) if user is not None else None
    if employee is not None:
        return str(employee.name)
    kind, _sep, rest = entry.actor_label.partition(":")
    if not rest:
        return _("Sistem") if kind in ("system", "") else readable(kind)
    if kind in ("user", "superadmin", "demo"):
        return rest
    if kind == "token":
        return _("Token API %(name)s") % {"name": rest}
    if kind == "cli":
        return _("Baris perintah (%(who)s)") % {"who": rest}
    if kind == "device":
        return _("Perangkat presensi %(code)s") % {"code": rest}
    if kind == "publik":
        return _("Masyarakat (formulir publik)")
    if kind == "sign-in":
        return _("Percobaan masuk dari %(ip)s") % {"ip": rest}
    return rest


def object_noun(object_type: str) -> str:
    if object_type in OBJECTS:
        return str(OBJECTS[object_type])
    model = _model(object_type)
    if model is not None:
        return str(model._meta.verbose_name)
    return readable(object_type.rpartition(".")[2])


def action_text(action: str, has_object: bool) -> str:
    """What was done, as a verb phrase: registry first, then the verb of the last part."""
    if action in ACTIONS:
        return str(ACTIONS[action])
    parts = [p for p in action.split(".") if p]
    verb = next((str(VERBS[p]) for p in reversed(parts) if p in VERBS), "")
    if verb and has_object:
        return verb
    subject = " ".join(readable(p) for p in parts[1:-1] if p not in VERBS)
    if verb:
        return f"{verb} {subject}".strip()
    return " ".join(readable(p) for p in parts[1:]) or readable(action)


def changes_of(entry: AuditLog) -> list[Change]:
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    model = _model(entry.object_type)
    fields = sorted(set(before) | set(after))
    return [
        Change(
            field_label(model, f),
            value_label(before.get(f), model, f),
            value_label(after.get(f), model, f),
        )
        for f in fields
        if before.get(f) != after.get(f)
    ]


def _technical(value: Any) -> bool:
    """Data for developers (module paths as keys, e.g. the demo's hooks): not shown."""
    return isinstance(value, dict) and any("." in str(k) for k in value)


def details_of(entry: AuditLog) -> list[Change]:
    """The entry's extra data as labelled "name: value" pairs (no JSON)."""
    data = entry.data if isinstance(entry.data, dict) else {}
    return [
        Change(field_label(None, str(k)), None, value_label(v))
        for k, v in data.items()
        if not _technical(v)
    ]


def words(text: str) -> str:
    """Codes inside a stored description (`2026-10 56 butuh_perbaikan`) as their labels."""
    return CODE.sub(lambda m: label(m.group(0)), text)


def audit_row(entry: AuditLog) -> AuditRow:
    has_object = bool(entry.object_type)
    target = ""
    if has_object:
        noun = object_noun(entry.object_type)
        target = f"{noun} «{words(entry.object_repr)}»" if entry.object_repr else noun
    return AuditRow(
        entry=entry,
        changes=changes_of(entry),
        actor=actor_text(entry),
        what=action_text(entry.action, has_object),
        target=target,
        details=details_of(entry),
    )


def audit_rows(entries: list[AuditLog]) -> list[AuditRow]:
    return [audit_row(entry) for entry in entries]


def object_type_choices() -> list[tuple[str, str]]:
    return sorted(((k, capfirst(str(v))) for k, v in OBJECTS.items()), key=lambda kv: kv[1])


def area_choices() -> list[tuple[str, str]]:
    return sorted(((f"{k}.", str(v)) for k, v in AREAS.items()), key=lambda kv: kv[1])
