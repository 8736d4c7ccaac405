"""A page title is plain text: markup that slips into {% block title %} ends up in the
browser tab and hides from the page (it happened to three templates)."""

from __future__ import annotations

import re
from pathlib import Path

import pamong

TITLE = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.S)


def test_title_blocks_hold_no_markup() -> None:
    root = Path(pamong.__file__).parent
    bad = []
    for template in sorted(root.glob("*/templates/**/*.html")):
        for body in TITLE.findall(template.read_text(encoding="utf-8")):
            if "<" in body or "\n" in body.strip():
                bad.append(str(template.relative_to(root)))
    assert bad == []
