"""Course packages: a course exported by one Pemda imports into another as a draft with the
same modules, files and question bank; bad packages name every problem and write nothing."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.competence import learning
from pamong.competence.course_package import FORMAT, course_export, course_import
from pamong.competence.models_learning import Course, Module
from pamong.core.actor import system_actor
from pamong.core.errors import InputErrors
from tests.conftest import World

from .helpers import actor
from .test_learning import make_course

PDF = b"%PDF-1.4\n" + b"0" * 100


def _with_pdf(world: World) -> Course:
    course = make_course(world)
    learning.module_add(
        actor=system_actor(world.tenant), course=course, kind="pdf", title="Modul PDF",
        upload=SimpleUploadedFile("m.pdf", PDF),
    )  # fmt: skip
    return course


def test_a_course_travels_to_another_pemda_as_a_draft(world: World) -> None:
    course = _with_pdf(world)
    package = course_export(actor=actor(world.admin_user), course=course)
    imported = course_import(actor=actor(world.other_admin_user), data=package)
    assert imported.tenant_id == world.other_tenant.pk and imported.status == "draft"
    assert (imported.title, imported.jp, imported.pass_mark) == (
        course.title, course.jp, course.pass_mark,
    )  # fmt: skip
    kinds = list(imported.modules.values_list("kind", "title"))
    assert kinds == list(course.modules.values_list("kind", "title"))
    pdf = imported.modules.get(kind="pdf")
    with pdf.file.open("rb") as handle:
        assert handle.read() == PDF
    assert pdf.file.name != course.modules.get(kind="pdf").file.name
    original = list(course.questions.values_list("text", "choices", "correct"))
    assert list(imported.questions.values_list("text", "choices", "correct")) == original
    # The new draft can be published like a hand-made one.
    system = system_actor(world.other_tenant)
    from pamong.competence.course_package import SETTINGS

    fields = {k: getattr(imported, k) for k in SETTINGS}
    learning.course_save(actor=system, course=imported, **fields, status="published")


def _package(manifest: dict, files: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("course.json", json.dumps(manifest))
        for name, content in (files or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_bad_package_names_each_problem_and_writes_nothing(world: World) -> None:
    manifest = {
        "format": FORMAT,
        "course": {"title": "", "competency_kind": "x", "jp": 0, "pass_mark": 70,
                   "max_attempts": 3, "time_limit_minutes": 30, "questions_per_attempt": 5},
        "modules": [
            {"kind": "pdf", "title": "A", "file": "files/a.pdf"},
            {"kind": "pdf", "title": "B", "file": "../../etc/passwd"},
            {"kind": "video", "title": "C", "file": "files/c.mp4"},
            {"kind": "link", "title": "D", "url": "http://tidak-aman.example"},
        ],
        "questions": [{"text": "S", "choices": ["a"], "correct": 0}],
    }  # fmt: skip
    data = _package(manifest, {"files/c.mp4": b"<html>bukan video</html>"})
    before = (Course.objects.count(), Module.objects.count())
    with pytest.raises(InputErrors) as exc:
        course_import(actor=actor(world.admin_user), data=data, source="k.zip")
    columns = {e.column for e in exc.value.errors}
    assert columns >= {
        "course.title", "course.competency_kind", "course.jp", "modules[1].file",
        "modules[2].file", "modules[3].file", "modules[4].url", "questions[1].choices",
    }  # fmt: skip
    assert (Course.objects.count(), Module.objects.count()) == before
    with pytest.raises(InputErrors):
        course_import(actor=actor(world.admin_user), data=b"not a zip")
    with pytest.raises(InputErrors):
        course_import(actor=actor(world.admin_user), data=_package({"format": "lain"}))


def test_only_bkpsdm_moves_packages_and_only_its_own_courses(world: World) -> None:
    course = make_course(world)
    with pytest.raises(PermissionDenied):
        course_export(actor=actor(world.employee_user), course=course)
    with pytest.raises(PermissionDenied):
        course_import(actor=actor(world.head_user), data=b"")
    url = reverse("competence:course-package", args=[course.pk])
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    assert world.client_for(world.employee_user).get(url).status_code == 403
    resp = world.client_for(world.admin_user).get(url)
    assert resp["Content-Type"] == "application/zip"
    upload = SimpleUploadedFile("etika.zip", resp.content, content_type="application/zip")
    other = world.client_for(world.other_admin_user)
    page = other.post(reverse("competence:course-import"), {"package": upload}, follow=True)
    assert "diimpor sebagai draf: 2 modul, 6 soal" in page.content.decode()
    assert Course.objects.filter(tenant=world.other_tenant, title="Etika ASN").exists()
    bad = SimpleUploadedFile("x.zip", b"rusak")
    page = other.post(reverse("competence:course-import"), {"package": bad}, follow=True)
    assert "x.zip" in page.content.decode()
