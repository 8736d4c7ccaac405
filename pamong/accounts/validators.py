"""Password validators beyond Django's own."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator

LIST_FILE = Path(__file__).resolve().parent / "data" / "common-passwords-id.txt"


class IndonesianCommonPasswordValidator(CommonPasswordValidator):
    """Common Indonesian passwords and words of Pemda life (one a line, lower case).

    Django's CommonPasswordValidator stays on for the international list; this one adds
    `data/common-passwords-id.txt`. Comparison ignores case, like Django's.
    """

    def __init__(self, password_list_path: Path | str = LIST_FILE) -> None:
        super().__init__(password_list_path)
