"""Irreversible steps ask for confirmation first (issue 12, section 3).

Every form that posts to one of these steps carries `{% confirm_attrs %}` (a dialog with
JavaScript, `hx-confirm` for htmx forms) and `{% confirm_check %}` (a required checkbox the
browser asks for without JavaScript). The rendered pages are checked per app (TPP,
complaints, leave); this guards every template, so a new form cannot skip the question.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template

import pamong

IRREVERSIBLE = {
    "tpp:run-step",  # approve and pay; verify carries no question (see tpp tests)
    "participation:complaint-close",
    "participation:complaint-archive",
    "leave:request-decide",
    "leave:decide-bulk",
    "attendance:correction-decide",
    "attendance:correction-approve-bulk",
    "appraisal:skp-decide",
    "appraisal:finalize",
    "appraisal:finalize-bulk",
    "appraisal:calibration-finalize",
    "evaluation:sign",
    "kinerja_org:pk-sign",
    "competence:enrolment-decide",
}
ROOT = Path(pamong.__file__).parent


# Returning a run or an SKP to its author is the reversible way back: no question.
RETURN = ("'return' %}", 'value="return"')


def _forms_posting_to(name: str) -> list[tuple[Path, str]]:
    found = []
    for path in ROOT.glob("*/templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        # From each opening tag to the next end tag: forms that share their body (an
        # if/elif chain of opening tags) are each checked with that body.
        for start in (m.start() for m in re.finditer(r"<form\b", text)):
            form = text[start:].split("</form>", 1)[0]
            opening = form.split(">", 1)[0]
            mentions = f"'{name}'" in opening or f'"{name}"' in form
            if mentions and not any(marker in form for marker in RETURN):
                found.append((path, form))
    return found


@pytest.mark.parametrize("name", sorted(IRREVERSIBLE))
def test_every_form_of_an_irreversible_step_asks_first(name: str) -> None:
    forms = _forms_posting_to(name)
    assert forms, f"no form posts to {name}"
    for path, form in forms:
        where = path.relative_to(ROOT)
        assert "{% confirm_attrs" in form, f"{where}: {name} without confirm_attrs"
        assert "{% confirm_check" in form, f"{where}: {name} without confirm_check"


def test_confirm_tags_render_the_question_and_the_required_checkbox() -> None:
    html = Template(
        "{% load pamong_ui %}<form{% confirm_attrs q %}>{% confirm_check %}</form>"
        "<form{% confirm_attrs q htmx=True %}></form>"
    ).render(Context({"q": 'Tutup "laporan"?'}))
    assert '<form data-confirm="Tutup &quot;laporan&quot;?">' in html
    q = "Tutup &quot;laporan&quot;?"
    assert f'data-confirm="{q}" hx-confirm="{q}"' in html
    assert '<input type="checkbox" name="confirmed" value="1" required>' in html
    assert "Saya yakin; langkah ini tidak dapat dibatalkan." in html
