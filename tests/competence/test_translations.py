"""The competence app keeps its own English catalogue; every entry is translated."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

import pamong.competence

PO = Path(pamong.competence.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_competence_string_is_translated() -> None:
    blocks = PO.read_text(encoding="utf-8").split("\n\n")[1:]
    assert len(blocks) > 300
    # An empty msgstr not followed by a continuation line ("..." wrapped text) is missing.
    missing = [b for b in blocks if re.search(r'^msgstr(\[\d\])? ""(?!\n")', b + "\n", re.M)]
    assert missing == []
    assert not any("#, fuzzy" in b for b in blocks)


def test_the_compiled_catalogue_is_used() -> None:
    from pamong.competence.models import Enrolment, ProgrammeKind

    with translation.override("en"):
        assert translation.gettext("Dasbor 20 JP") == "20 JP dashboard"
        assert str(ProgrammeKind.BELAJAR_MANDIRI.label) == "self-study"
        assert str(Enrolment.Status.SUPERVISOR_APPROVED.label) == "waiting for BKPSDM"
    with translation.override("id"):
        assert translation.gettext("Dasbor 20 JP") == "Dasbor 20 JP"
