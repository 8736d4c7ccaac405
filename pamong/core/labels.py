"""Codes as words: the one place a stored code becomes the label a person reads.

Every `choices` of every model is a vocabulary here without any app importing another:
`label("sangat_baik")` is "Sangat Baik" (English "Very good"), `label("opd_head")` is
"Kepala OPD". Codes that are not model choices (the TPP engine's "missing" predikat, time
zones, the parts of an audit action) are registered with `register()` by the app that
owns them. A code nobody knows reads as words ("tugas_x" -> "tugas x"), never as a code.

Templates use the `label` filter (a template builtin, see settings.TEMPLATES); Python code
calls `label()` or `labels()`. Machine-readable formats (imports, documented exports,
bank files) keep their codes and never go through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# vocabulary -> code -> label. Registered vocabularies win over model choices.
_REGISTRY: dict[str, dict[str, Any]] = {}

TIMEZONE_LABELS = {
    "Asia/Jakarta": _("WIB"),
    "Asia/Pontianak": _("WIB"),
    "Asia/Makassar": _("WITA"),
    "Asia/Jayapura": _("WIT"),
}


def register(vocabulary: str, labels: dict[str, Any]) -> None:
    """Add codes and their (lazy) labels to a vocabulary; later calls extend it."""
    _REGISTRY.setdefault(vocabulary, {}).update(labels)


register("timezone", TIMEZONE_LABELS)
register(
    "predikat",
    {
        "sangat_baik": _("Sangat Baik"),
        "baik": _("Baik"),
        "butuh_perbaikan": _("Butuh Perbaikan"),
        "kurang": _("Kurang/Misconduct"),
        "sangat_kurang": _("Sangat Kurang"),
        "missing": _("belum dinilai"),
    },
)


@cache
def _model_choices() -> dict[str, dict[str, Any]]:
    """Vocabularies from model fields: by "app.Model.field" ("org.Employee.status"), by
    field name alone ("predikat": the first model's) and all of them ("*")."""
    out: dict[str, dict[str, Any]] = {"*": {}}
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if not isinstance(f, models.Field) or not f.choices:
                continue
            for value, text in f.flatchoices:
                if not isinstance(value, str) or value == "":
                    continue
                out.setdefault(f.name, {}).setdefault(value, text)
                out.setdefault(f"{model._meta.label}.{f.name}", {})[value] = text
                out["*"].setdefault(value, text)
    return out


def readable(code: str) -> str:
    """The fallback for an unknown code: its words, without underscores."""
    return code.replace("_", " ").strip()


def label(code: Any, vocabulary: str = "") -> str:
    """The label of `code` in the current language, looked up in `vocabulary` first."""
    if code is None or code == "":
        return ""
    if isinstance(code, Promise):
        return str(code)
    if not isinstance(code, str):
        return str(code)
    choices = _model_choices()
    for vocab in (_REGISTRY.get(vocabulary), choices.get(vocabulary)):
        if vocab and code in vocab:
            return str(vocab[code])
    for vocab in _REGISTRY.values():
        if code in vocab and vocabulary == "":
            return str(vocab[code])
    if code in choices["*"]:
        return str(choices["*"][code])
    return readable(code)


def labels(codes: Iterable[Any], vocabulary: str = "", sep: str = ", ") -> str:
    """Several codes as one readable list: "Kepala OPD, BKPSDM"."""
    return sep.join(label(c, vocabulary) for c in codes if c not in (None, ""))


def timezone_label(name: str) -> str:
    """WIB, WITA or WIT for an Indonesian time zone; other zones keep their name."""
    return str(TIMEZONE_LABELS.get(name, name))
