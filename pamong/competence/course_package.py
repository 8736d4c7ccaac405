"""A course as one package that another Pemda can import: a ZIP with `course.json` (the
course's settings, modules in order, the question bank) and the module files under `files/`.

Import builds a new draft course through the same services as the pages, so every rule of a
hand-made course holds (file types and sizes, questions with a correct choice); the package
is checked whole first and nothing is written when any part is wrong. Progress, attempts and
certificates never travel: they are personal data of the exporting Pemda.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import require

from . import learning
from .models import CompetencyKind
from .models_learning import Course, Module
from .selectors import MANAGE

FORMAT = "pamong-course/1"
MANIFEST = "course.json"
MAX_ENTRIES = 500
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
# Every file within its kind's limit, and the whole package within this.
MAX_TOTAL_BYTES = 400 * 1024 * 1024
SETTINGS = [
    "title", "description", "competency_kind", "jp", "pass_mark", "max_attempts",
    "time_limit_minutes", "questions_per_attempt",
]  # fmt: skip


def course_export(*, actor: Actor, course: Course) -> bytes:
    require(actor, MANAGE)
    if course.tenant_id != actor.tenant.pk:  # type: ignore[union-attr]
        raise ValidationError(_("Kursus tidak ditemukan."))
    buffer = io.BytesIO()
    modules: list[dict[str, Any]] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, m in enumerate(course.modules.order_by("position", "id"), start=1):
            entry: dict[str, Any] = {"kind": m.kind, "title": m.title, "body": m.body, "url": m.url}
            if m.file:
                name = f"files/{n:03d}-{(m.file.name or 'berkas').rsplit('/', 1)[-1]}"
                with m.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
                entry["file"] = name
            modules.append(entry)
        manifest = {
            "format": FORMAT,
            "course": {k: getattr(course, k) for k in SETTINGS},
            "modules": modules,
            "questions": [
                {"text": q.text, "choices": q.choices, "correct": q.correct}
                for q in course.questions.order_by("id")
            ],
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    audit(actor=actor, action="competence.course.exported", obj=course)
    return buffer.getvalue()


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[InputError] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(InputError(message=message, column=where, source=self.source))

    def raise_if_any(self) -> None:
        if self.items:
            raise InputErrors(self.items)


def _open(data: bytes, problems: _Problems) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile:
        problems.add("paket", _("bukan berkas ZIP paket kursus Pamong"))
        problems.raise_if_any()
        raise AssertionError from None
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        problems.add("paket", _("paket terlalu besar"))
        problems.raise_if_any()
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        problems.add("paket", _("course.json tidak ada di paket"))
        problems.raise_if_any()
        raise AssertionError from None
    if info.file_size > MAX_MANIFEST_BYTES:
        problems.add(MANIFEST, _("course.json terlalu besar"))
        problems.raise_if_any()
    try:
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        problems.add(MANIFEST, _("bukan paket kursus Pamong (format %(f)s)") % {"f": FORMAT})
        problems.raise_if_any()
    return archive, manifest


def _check_course(course: Any, problems: _Problems) -> dict[str, Any]:
    if not isinstance(course, dict):
        problems.add("course", _("wajib berupa objek"))
        return {}
    settings = {k: course.get(k) for k in SETTINGS}
    if not isinstance(settings["title"], str) or not settings["title"].strip():
        problems.add("course.title", _("wajib diisi"))
    if settings["competency_kind"] not in CompetencyKind.values:
        problems.add("course.competency_kind", _("jenis kompetensi tidak dikenal"))
    limits = {"jp": (1, 1000), "pass_mark": (0, 100), "max_attempts": (1, 20),
              "time_limit_minutes": (0, 600), "questions_per_attempt": (1, 200)}  # fmt: skip
    for key, (low, high) in limits.items():
        value = settings[key]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            problems.add(f"course.{key}", _("bilangan bulat %(a)s–%(b)s") % {"a": low, "b": high})
    settings["description"] = settings["description"] or ""
    return settings


def _check_modules(
    archive: zipfile.ZipFile, modules: Any, problems: _Problems
) -> list[dict[str, Any]]:
    if not isinstance(modules, list):
        problems.add("modules", _("wajib berupa daftar"))
        return []
    names = set(archive.namelist())
    checked = []
    for n, m in enumerate(modules, start=1):
        where = f"modules[{n}]"
        if not isinstance(m, dict) or m.get("kind") not in Module.Kind.values:
            problems.add(f"{where}.kind", _("jenis modul tidak dikenal"))
            continue
        entry = {k: m.get(k) or "" for k in ("kind", "title", "body", "url")}
        upload = None
        if m["kind"] in (Module.Kind.PDF, Module.Kind.VIDEO):
            name = m.get("file")
            # Only the files the manifest names, and only under files/: no path tricks.
            if not isinstance(name, str) or not name.startswith("files/") or ".." in name:
                problems.add(f"{where}.file", _("berkas modul tidak disebut dengan benar"))
                continue
            if name not in names:
                problems.add(f"{where}.file", _("berkas %(n)s tidak ada di paket") % {"n": name})
                continue
            upload = SimpleUploadedFile(name.rsplit("/", 1)[-1], archive.read(name))
            try:
                learning.check_module_file(upload, m["kind"])
            except ValidationError as exc:
                problems.add(f"{where}.file", " ".join(exc.messages))
                continue
        if not str(entry["title"]).strip():
            problems.add(f"{where}.title", _("judul modul wajib diisi"))
        if m["kind"] == Module.Kind.TEXT and not str(entry["body"]).strip():
            problems.add(f"{where}.body", _("isi modul teks wajib diisi"))
        if m["kind"] == Module.Kind.LINK and not str(entry["url"]).startswith("https://"):
            problems.add(f"{where}.url", _("tautan harus diawali https://"))
        checked.append({**entry, "upload": upload})
    return checked


def _check_questions(questions: Any, problems: _Problems) -> list[dict[str, Any]]:
    if not isinstance(questions, list):
        problems.add("questions", _("wajib berupa daftar"))
        return []
    checked = []
    for n, q in enumerate(questions, start=1):
        where = f"questions[{n}]"
        ok = isinstance(q, dict) and isinstance(q.get("text"), str) and q["text"].strip()
        choices = q.get("choices") if isinstance(q, dict) else None
        if not ok:
            problems.add(f"{where}.text", _("pertanyaan wajib diisi"))
            continue
        if not isinstance(choices, list) or len([c for c in choices if str(c).strip()]) < 2:
            problems.add(f"{where}.choices", _("minimal dua pilihan jawaban"))
            continue
        correct = q.get("correct")
        if not isinstance(correct, int) or not 0 <= correct < len(choices):
            problems.add(f"{where}.correct", _("jawaban benar harus salah satu pilihan"))
            continue
        checked.append(
            {"text": q["text"], "choices": [str(c) for c in choices], "correct": correct}
        )
    return checked


@transaction.atomic
def course_import(*, actor: Actor, data: bytes, source: str = "kursus.zip") -> Course:
    """A new draft course from a package; every problem is reported, nothing half-written."""
    require(actor, MANAGE)
    problems = _Problems(source)
    archive, manifest = _open(data, problems)
    settings = _check_course(manifest.get("course"), problems)
    modules = _check_modules(archive, manifest.get("modules", []), problems)
    questions = _check_questions(manifest.get("questions", []), problems)
    problems.raise_if_any()
    course = learning.course_save(actor=actor, status=Course.Status.DRAFT, **settings)
    for m in modules:
        learning.module_add(actor=actor, course=course, **m)
    for q in questions:
        learning.question_add(actor=actor, course=course, **q)
    audit(
        actor=actor,
        action="competence.course.imported",
        obj=course,
        data={"file": source, "modules": len(modules), "questions": len(questions)},
    )
    return course
