"""`pamong careers import kp FILE --tenant X`: import KP history (docs/formats/careers.md)."""

from __future__ import annotations

from pamong.careers.imports import kp_history_import
from pamong.core.actor import Actor
from pamong.core.cli import FileImportCommand


class Command(FileImportCommand):
    help = "Import KP history (CSV/XLSX, all or nothing; docs/formats/careers.md)."
    label = "kp"

    def run_import(self, *, actor: Actor, data: bytes, source: str) -> dict[str, int]:
        return kp_history_import(actor=actor, data=data, source=source)
