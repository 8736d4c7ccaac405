"""The worked examples of docs/formats.md, kept in the repository so their tests run on
any clone: one tenant's files for October 2026 with the TPP export they must give, and a
CASN selection with the ranking it must give."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORKED_EXAMPLE = REPO / "docs" / "formats" / "example"
SELECTION_EXAMPLE = REPO / "docs" / "formats" / "example-selection"
