"""Irreversible steps ask for confirmation first (issue 12, section 3).

Every form that posts to one of these steps carries `{% confirm_attrs %}` (a dialog with
JavaScript, `hx-confirm` for htmx forms) and `{% confirm_check %}` (a required checkbox the
browser asks for without JavaScript). The rendered pages are checked per app (TPP,
complaints, leave); this guards every template, so a new form cannot skip the question.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from django_htmx.middleware import HtmxDetails

import pamong
from pamong.core.confirm import irreversible, require_confirmed
from pamong.core.feedback import MESSAGE_HEADER, HtmxFeedbackMiddleware

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
    "recruitment:announce",
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


# The server's half (pamong.core.confirm): a POST without `confirmed=1` changes nothing.


def _view_named(name: str) -> Any:
    namespace, _sep, short = name.rpartition(":")
    resolver = get_resolver()
    for part in namespace.split(":"):
        resolver = next(
            p for p in resolver.url_patterns
            if isinstance(p, URLResolver) and p.namespace == part
        )  # fmt: skip
    return next(
        p.callback for p in resolver.url_patterns if isinstance(p, URLPattern) and p.name == short
    )


@pytest.mark.parametrize("name", sorted(IRREVERSIBLE))
def test_every_irreversible_step_is_enforced_on_the_server(name: str) -> None:
    assert getattr(_view_named(name), "irreversible", False), f"{name} lacks @irreversible"


@irreversible
def _step(request: HttpRequest) -> HttpResponse:
    require_confirmed(request)
    return HttpResponse("done")


def test_unconfirmed_step_answers_400_in_place_or_as_a_page(rf: RequestFactory) -> None:
    request = rf.post("/langkah/", {}, HTTP_REFERER="http://testserver/asal/")
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    request.session = {}  # type: ignore[assignment]
    request.user = AnonymousUser()
    page = _step(request)
    assert page.status_code == 400
    body = page.content.decode()
    assert (
        "centang “Saya yakin” lalu kirim lagi" in body and 'href="http://testserver/asal/"' in body
    )
    assert "<html" in body.lower()

    htmx = rf.post("/langkah/", {}, HTTP_HX_REQUEST="true")
    htmx.htmx = HtmxDetails(htmx)  # type: ignore[attr-defined]
    shown = HtmxFeedbackMiddleware(_step)(htmx)
    assert shown.status_code == 400
    assert "Tidak ada yang diubah" in unquote(shown[MESSAGE_HEADER])
    assert shown.content.decode().startswith('<p class="error" role="alert">')

    foreign = rf.post("/langkah/", {}, HTTP_REFERER="https://evil.example/")
    foreign.htmx = HtmxDetails(foreign)  # type: ignore[attr-defined]
    foreign.session = {}  # type: ignore[assignment]
    foreign.user = AnonymousUser()
    assert "evil.example" not in _step(foreign).content.decode()

    done = rf.post("/langkah/", {"confirmed": "1"})
    assert _step(done).content == b"done"


def test_the_message_is_english_under_english(rf: RequestFactory) -> None:
    htmx = rf.post("/langkah/", {}, HTTP_HX_REQUEST="true")
    htmx.htmx = HtmxDetails(htmx)  # type: ignore[attr-defined]
    with translation.override("en"):
        shown = HtmxFeedbackMiddleware(_step)(htmx)
    assert unquote(shown[MESSAGE_HEADER]) == (
        "This step cannot be undone: tick “I am sure” and send again. Nothing was changed."
    )
