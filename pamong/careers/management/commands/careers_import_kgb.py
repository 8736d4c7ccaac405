"""`pamong careers import kgb FILE --tenant X`: import KGB history (docs/formats/careers.md)."""

from __future__ import annotations

from pamong.careers.imports import kgb_history_import
from pamong.core.actor import Actor
from pamong.core.cli import FileImportCommand


class Command(FileImportCommand):
    help = "Import KGB history (CSV/XLSX, all or nothing; docs/formats/careers.md)."
    label = "kgb"

    def run_import(self, *, actor: Actor, data: bytes, source: str) -> dict[str, int]:
        return kgb_history_import(actor=actor, data=data, source=source)
