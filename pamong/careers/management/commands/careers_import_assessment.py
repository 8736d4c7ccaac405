"""`pamong careers import assessment FILE --tenant X`: potential scores for the 9-box
(docs/formats/careers.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from pamong.careers.imports import assessment_import
from pamong.core.actor import Actor
from pamong.core.cli import FileImportCommand


class Command(FileImportCommand):
    help = "Import 9-box assessment scores (CSV/XLSX, all or nothing; docs/formats/careers.md)."
    label = gettext_lazy("asesmen")

    def run_import(self, *, actor: Actor, data: bytes, source: str) -> dict[str, int]:
        return assessment_import(actor=actor, data=data, source=source)
