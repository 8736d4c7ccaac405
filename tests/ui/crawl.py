"""A bounded same-origin crawler for the plain-language test (Django test client, no browser).

It starts at a role's home page, follows GET links breadth-first (CSV and XLSX downloads
included: their text cells are checked like a page, except the documented contract formats
in CONTRACT_EXPORTS) and returns the visible
text of every HTML page: the text nodes outside <script>, <style> and <template>, without
attributes, nor inside an element marked translate="no" (the HTML attribute for text
that stays as it is: the column names of an import format, the YAML of the TPP policy
editor). `problems()` then names what a person should not have to read: snake_case or
dotted codes, raw choice values, and untranslated source strings on English pages.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

# PAMONG_CRAWL_DUMP=DIR writes every page crawled there, to find what a problem comes from.
DUMP = os.environ.get("PAMONG_CRAWL_DUMP", "")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
SKIP_TAGS = {"script", "style", "template", "noscript"}
# Links that end the session or leave the page's world: never followed.
SKIP_PATHS = ("/accounts/logout", "/logout", "/static/", "/media/", "/i18n/", "/jsi18n/")
# Exports read by the checks too (PDF is not).
DOWNLOAD_TYPES = ("text/csv", "application/vnd.openxmlformats")

# Genuine non-codes a person reads as they are (documented allowlist): e-mail addresses,
# file names with an extension, URLs and host names. They are removed before the checks.
ALLOWED = [
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"\b[\w.-]+\.(csv|xlsx|pdf|json|yaml|yml|txt|zip|png|jpg|ics|md)\b", re.I),
    re.compile(r"https?://\S+"),
    re.compile(r"\b[\w-]+(\.[\w-]+)*\.(test|id|go\.id|local)\b"),  # host names
]
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Two letters or more per part: "s.d." and "e.g." are abbreviations, not codes.
DOTTED = re.compile(r"\b[a-z][a-z_]+(?:\.[a-z_]{2,}){1,3}\b")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.skipping: list[str] = []
        self.nodes: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag not in VOID and (tag in SKIP_TAGS or a.get("translate") == "no"):
            self.skip += 1
            self.skipping.append(tag)
        if tag == "a" and a.get("href") and not a.get("hx-post"):
            self.links.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self.skip:
            self.nodes.append(text)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.nodes)


@dataclass
class Page:
    url: str
    status: int
    nodes: list[str] = field(default_factory=list)


# Exports in a documented machine-readable format keep their codes (docs/formats,
# ../shared/spec): the employee export (employees.csv), the TPP run export (tpp.md §7),
# the bank transfer file, the KP list for SIASN (docs/formats/careers.md), the IKM
# report (formats.md "skm report output"), the leave balances, whose columns are the
# opening-balance import's, and the formasi proposal (docs/formats/selection.md).
CONTRACT_EXPORTS = [
    re.compile(r"^/impor/ekspor/pegawai/"),
    re.compile(r"^/tpp/perhitungan/\d+/ekspor\."),
    re.compile(r"^/tpp/perhitungan/\d+/transfer-bank\."),  # the bank's own file (tpp.md)
    re.compile(r"^/karier/.*format=csv"),
    re.compile(r"^/publik/ikm/unduh/"),
    re.compile(r"^/cuti/saldo/.*format="),
    re.compile(r"^/rekrutmen/formasi/.*format=csv"),
]


def _contract(url: str) -> bool:
    return any(p.search(url) for p in CONTRACT_EXPORTS)


def _cells(content: bytes, ctype: str) -> list[str]:
    """The text cells of a CSV or XLSX export, as the text nodes of a page."""
    if ctype.startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig", "replace"))))
    else:
        book = load_workbook(io.BytesIO(content), read_only=True)
        rows = [list(r) for ws in book.worksheets for r in ws.iter_rows(values_only=True)]
    return [" ".join(str(c).split()) for row in rows for c in row if isinstance(c, str) and c]


def _pattern(url: str) -> str:
    """Pages of one kind: ids and dates as placeholders, query values dropped."""
    parts = urlsplit(url)
    path = re.sub(r"/\d[\d-]*(?=/|$)", "/N", parts.path)
    path = re.sub(r"/[0-9a-f]{8,}(?=/|$)", "/H", path)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return path + ("?" + "&".join(keys) if keys else "")


def crawl(
    client: Client, start: str = "/", *, max_pages: int = 120, per_pattern: int = 2
) -> list[Page]:
    """Breadth-first over same-origin GET links; at most `per_pattern` pages of each kind."""
    seen: set[str] = set()
    kinds: dict[str, int] = {}
    queue: deque[str] = deque([start])
    pages: list[Page] = []
    while queue and len(pages) < max_pages:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        kind = _pattern(url)
        if kinds.get(kind, 0) >= per_pattern:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        response = client.get(url)
        ctype = response.get("Content-Type", "")
        if response.status_code in (301, 302):
            queue.append(urljoin(url, response["Location"]))
            continue
        if ctype.startswith(DOWNLOAD_TYPES):
            if not _contract(url):
                pages.append(Page(url, response.status_code, _cells(response.content, ctype)))
            continue
        if "text/html" not in ctype:
            continue
        parser = _Text()
        html = response.content.decode("utf-8", "replace")
        parser.feed(html)
        if DUMP:
            name = re.sub(r"[^\w.-]+", "_", url)[:150] or "_"
            (Path(DUMP) / f"{name}.html").write_text(html, encoding="utf-8")
        pages.append(Page(url, response.status_code, parser.nodes))
        for href in parser.links:
            target = urljoin(url, href.split("#")[0])
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                if parts.netloc not in ("", "testserver"):
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
            if not target.startswith("/") or target.startswith(SKIP_PATHS):
                continue
            if target not in seen:
                queue.append(target)
    return pages


def _po_entries() -> dict[str, str]:
    """Indonesian msgid -> English msgstr of every catalogue, where they differ."""
    out: dict[str, str] = {}
    base = Path(settings.BASE_DIR)
    for po in base.rglob("locale/en/LC_MESSAGES/django.po"):
        for block in po.read_text(encoding="utf-8").split("\n\n"):
            if "#, fuzzy" in block:
                continue
            msgid = re.search(r'^msgid "(.*)"$', block, re.M)
            msgstr = re.search(r'^msgstr(?:\[0\])? "(.*)"$', block, re.M)
            if msgid and msgstr and msgid.group(1) and msgstr.group(1) != msgid.group(1):
                out[msgid.group(1).replace('\\"', '"')] = msgstr.group(1)
    return out


def choice_codes(language: str) -> dict[str, str]:
    """Stored values of model choices whose label in `language` reads differently
    (`cltn` -> "cuti di luar tanggungan negara"). Upper-case values are acronyms a person
    reads as they are (SMP, PNS), not codes."""
    with translation.override(language):
        return _choice_codes()


def _choice_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    words: set[str] = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            choices = getattr(f, "choices", None)
            if not isinstance(f, models.Field) or not choices:
                continue
            for value, label in f.flatchoices:
                if isinstance(value, str) and len(value) > 2 and value == value.lower():
                    if str(label).lower() == value:
                        words.add(value)  # a value that is its own label is a word
                    else:
                        codes[value] = str(label)
    return {k: v for k, v in codes.items() if k not in words}


def _clean(text: str) -> str:
    for pattern in ALLOWED:
        text = pattern.sub(" ", text)
    return text


def problems(
    pages: Iterable[Page], language: str, msgids: dict[str, str], names: set[str]
) -> list[str]:
    """What a person should not read. `names` are login names (`admin.sofifi`): a person
    types them to sign in, so they are shown as they are."""
    codes = choice_codes(language)
    english_words = {v for k, v in msgids.items()}
    found: list[str] = []
    for page in pages:
        if page.status >= 500:
            found.append(f"{page.url}: HTTP {page.status}")
            continue
        for node in page.nodes:
            text = _clean(node)
            for name in names & set(text.split()):
                text = text.replace(name, " ")
            for m in SNAKE.finditer(text):
                found.append(f"{page.url}: code {m.group(0)!r} in {node[:80]!r}")
            for m in DOTTED.finditer(text):
                found.append(f"{page.url}: code {m.group(0)!r} in {node[:80]!r}")
            # In English a translation may be the very word of a code ("acknowledged").
            if text.strip() in codes and not (language == "en" and node in english_words):
                found.append(f"{page.url}: raw choice {text.strip()!r}")
            if language == "en" and node in msgids:
                found.append(f"{page.url}: untranslated {node[:80]!r}")
            if language == "id" and node.islower() and node in english_words and node not in msgids:
                found.append(f"{page.url}: English {node[:80]!r}")
    return found


def msgid_map() -> dict[str, str]:
    return _po_entries()
