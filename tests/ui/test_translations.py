"""Every UI string has an English translation in the committed catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _ui_entries() -> list[tuple[str, list[str]]]:
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        refs = " ".join(re.findall(r"^#: (.*)$", block, re.M))
        if "ui/" not in refs:
            continue
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', block, re.M)
        assert msgid is not None
        entries.append((msgid.group(1), strs))
    return entries


def test_every_ui_string_is_translated_to_english() -> None:
    entries = _ui_entries()
    assert len(entries) > 100
    missing = [msgid for msgid, strs in entries if not all(strs)]
    assert missing == []
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8").split("\n\n", 2)[2]


def test_compiled_catalogue_is_used() -> None:
    with translation.override("en"):
        assert translation.gettext("Struktur organisasi") == "Organisation"
        assert translation.gettext("NIP atau nama pengguna") == "NIP or username"
    with translation.override("id"):
        assert translation.gettext("Struktur organisasi") == "Struktur organisasi"
