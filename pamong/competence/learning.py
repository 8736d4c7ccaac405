"""E-learning services: building courses, progress, quiz attempts scored on the server, and
certificates with a signed verification code (the one write path for pages and the API)."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import require, sees_all
from pamong.org.models import Employee

from .models import JpEntry, ProgrammeKind
from .models_learning import Attempt, Course, CourseCertificate, Module, ModuleProgress, Question
from .rules import recognised_jp
from .selectors import MANAGE, settings_of
from .services import ledger_add

SOURCE = "kursus"
SALT = "pamong.competence.course-certificate"
GRACE = dt.timedelta(seconds=30)  # slow links: a submission this late still counts
VIDEO_MAX_BYTES = 100 * 1024 * 1024
PDF_MAX_BYTES = 20 * 1024 * 1024
COURSE_FIELDS = [
    "title", "description", "competency_kind", "jp", "pass_mark", "max_attempts",
    "time_limit_minutes", "questions_per_attempt", "status",
]  # fmt: skip
_rng = random.SystemRandom()


def _fail(field: str, message: str) -> InputErrors:
    return InputErrors([InputError(message=message, column=field, source=SOURCE)])


# --- building courses ---------------------------------------------------------------------


@transaction.atomic
def course_save(*, actor: Actor, course: Course | None = None, **fields: Any) -> Course:
    require(actor, MANAGE)
    if not (fields.get("title") or "").strip():
        raise _fail("title", _("Judul wajib diisi."))
    if not 0 <= int(fields.get("pass_mark") or 0) <= 100:
        raise _fail("pass_mark", _("Nilai lulus harus 0–100."))
    if int(fields.get("max_attempts") or 0) < 1:
        raise _fail("max_attempts", _("Minimal 1 percobaan."))
    before = snapshot(course, COURSE_FIELDS) if course else None
    obj = course or Course(tenant=actor.tenant)
    for key in COURSE_FIELDS:
        if key in fields:
            setattr(obj, key, fields[key])
    if obj.status == Course.Status.PUBLISHED and obj.pk:
        bank = Question.objects.filter(tenant=actor.tenant, course=obj).count()
        if bank < obj.questions_per_attempt:
            raise _fail(
                "status",
                _("Bank soal baru berisi %(n)s soal; kuis butuh %(k)s.")
                % {"n": bank, "k": obj.questions_per_attempt},
            )
    elif obj.status == Course.Status.PUBLISHED:
        raise _fail("status", _("Simpan sebagai draf dulu, lalu isi modul dan bank soal."))
    obj.save()
    action = "competence.course.updated" if before else "competence.course.created"
    audit(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj, COURSE_FIELDS))
    return obj


def check_module_file(upload: UploadedFile, kind: str) -> str:
    """PDF and video files: type from the extension and the first bytes, size per kind."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    name = (upload.name or "").lower()
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("Berkas kosong."))
    if kind == Module.Kind.PDF:
        if not (name.endswith(".pdf") and head.startswith(b"%PDF-")):
            raise ValidationError(_("Hanya berkas PDF yang diterima."))
        if size > PDF_MAX_BYTES:
            raise ValidationError(_("Berkas PDF lebih dari 20 MB."))
        return "application/pdf"
    if kind == Module.Kind.VIDEO:
        if name.endswith(".mp4") and head[4:8] == b"ftyp":
            content_type = "video/mp4"
        elif name.endswith(".webm") and head.startswith(b"\x1a\x45\xdf\xa3"):
            content_type = "video/webm"
        else:
            raise ValidationError(_("Hanya video MP4 atau WebM yang diterima."))
        if size > VIDEO_MAX_BYTES:
            raise ValidationError(_("Video lebih dari 100 MB."))
        return content_type
    raise ValidationError(_("Modul ini tidak memakai berkas."))


@transaction.atomic
def module_add(
    *,
    actor: Actor,
    course: Course,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    upload: UploadedFile | None = None,
) -> Module:
    require(actor, MANAGE)
    if not title.strip():
        raise _fail("title", _("Judul modul wajib diisi."))
    if kind == Module.Kind.TEXT and not body.strip():
        raise _fail("body", _("Isi modul teks wajib diisi."))
    if kind == Module.Kind.LINK and not url.startswith("https://"):
        raise _fail("url", _("Tautan harus diawali https://."))
    if kind in (Module.Kind.PDF, Module.Kind.VIDEO):
        if upload is None:
            raise _fail("file", _("Berkas wajib diunggah."))
        try:
            content_type = check_module_file(upload, kind)
        except ValidationError as exc:
            raise _fail("file", " ".join(exc.messages)) from exc
    last = Module.objects.filter(tenant=actor.tenant, course=course).order_by("-position").first()
    module = Module(
        tenant=actor.tenant, course=course, kind=kind, title=title.strip(), body=body.strip(),
        url=url.strip(), position=(last.position + 1) if last else 1,
    )  # fmt: skip
    if upload is not None and kind in (Module.Kind.PDF, Module.Kind.VIDEO):
        extension = "pdf" if kind == Module.Kind.PDF else content_type.split("/")[1]
        module.content_type = content_type
        module.file.save(f"{secrets.token_hex(16)}.{extension}", upload, save=False)
    module.save()
    audit(
        actor=actor,
        action="competence.module.created",
        obj=module,
        after=snapshot(module, ["course", "kind", "title"]),
    )
    return module


@transaction.atomic
def question_add(
    *, actor: Actor, course: Course, text: str, choices: list[str], correct: int
) -> Question:
    require(actor, MANAGE)
    choices = [c.strip() for c in choices if c.strip()]
    if not text.strip():
        raise _fail("text", _("Pertanyaan wajib diisi."))
    if len(choices) < 2:
        raise _fail("choices", _("Minimal dua pilihan jawaban."))
    if not 0 <= correct < len(choices):
        raise _fail("correct", _("Jawaban benar harus salah satu pilihan."))
    question = Question.objects.create(
        tenant_id=course.tenant_id,
        course=course,
        text=text.strip(),
        choices=choices,
        correct=correct,
    )
    audit(
        actor=actor, action="competence.question.created", obj=question, data={"course": course.pk}
    )
    return question


# --- learning -------------------------------------------------------------------------------


def _learner(actor: Actor, course: Course) -> int:
    if actor.tenant is None or actor.employee_id is None or course.tenant_id != actor.tenant.pk:
        raise PermissionDenied
    if course.status != Course.Status.PUBLISHED:
        raise PermissionDenied
    return actor.employee_id


def progress_mark(*, actor: Actor, module: Module) -> bool:
    """Mark a module done (idempotent: a retry on a slow link changes nothing)."""
    employee_id = _learner(actor, module.course)
    _row, created = ModuleProgress.objects.get_or_create(
        tenant=actor.tenant, employee_id=employee_id, module=module
    )
    return created


def modules_done(tenant_id: int, employee_id: int, course: Course) -> set[int]:
    return set(
        ModuleProgress.objects.filter(
            tenant_id=tenant_id, employee_id=employee_id, module__course=course
        ).values_list("module_id", flat=True)
    )


@transaction.atomic
def attempt_start(*, actor: Actor, course: Course) -> Attempt:
    """Start (or resume) a quiz attempt with questions drawn at random from the bank."""
    employee_id = _learner(actor, course)
    Employee.objects.select_for_update(of=("self",)).get(pk=employee_id)  # one start at a time
    now = clock.now()
    attempts = list(
        Attempt.objects.filter(tenant=actor.tenant, course=course, employee_id=employee_id)
    )
    open_ = [
        a for a in attempts if a.submitted_at is None and (a.deadline is None or now <= a.deadline)
    ]
    if open_:
        return open_[0]  # resumable: the same questions in the same order
    if any(a.passed for a in attempts):
        raise _fail("attempt", _("Anda sudah lulus kursus ini."))
    if len(attempts) >= course.max_attempts:
        raise _fail("attempt", _("Batas %(n)s percobaan sudah habis.") % {"n": course.max_attempts})
    modules = set(
        Module.objects.filter(tenant=actor.tenant, course=course).values_list("pk", flat=True)
    )
    if modules - modules_done(actor.tenant.pk, employee_id, course):  # type: ignore[union-attr]
        raise _fail("attempt", _("Selesaikan semua modul sebelum kuis."))
    bank = list(
        Question.objects.filter(tenant=actor.tenant, course=course).values_list("pk", "choices")
    )
    if len(bank) < course.questions_per_attempt or not bank:
        raise _fail("attempt", _("Bank soal kursus ini belum lengkap."))
    drawn = _rng.sample(bank, course.questions_per_attempt)
    layout = []
    for pk, choices in drawn:
        order = list(range(len(choices)))
        _rng.shuffle(order)
        layout.append([pk, order])
    limit = course.time_limit_minutes
    attempt = Attempt.objects.create(
        tenant_id=course.tenant_id, course=course, employee_id=employee_id,
        number=len(attempts) + 1, layout=layout, started_at=now,
        deadline=now + dt.timedelta(minutes=limit) if limit else None,
    )  # fmt: skip
    audit(
        actor=actor,
        action="competence.attempt.started",
        obj=attempt,
        data={"course": course.pk, "number": attempt.number},
    )
    return attempt


def score_of(layout: list[list[Any]], correct: dict[int, int], answers: dict[str, int]) -> Decimal:
    """Percentage of questions answered right, two decimals, half up. `answers` maps a
    question id (as text) to the position shown; `layout` maps positions to choices."""
    if not layout:
        return Decimal(0)
    right = 0
    for question_id, order in layout:
        shown = answers.get(str(question_id))
        if shown is not None and 0 <= shown < len(order) and order[shown] == correct[question_id]:
            right += 1
    return (Decimal(100) * right / len(layout)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def attempt_submit(*, actor: Actor, attempt: Attempt | int, answers: dict[str, int]) -> Attempt:
    """Score an attempt once. A second submission (a replay) is refused; a late one fails.

    `attempt` may be an id: the page passes it so the attempt is read once, locked here
    (Attempt.DoesNotExist when it is not the tenant's). Only the attempt row is locked, not
    the course every learner's attempt joins (that would serialise all submissions)."""
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("course", "employee")
        .get(pk=attempt if isinstance(attempt, int) else attempt.pk, tenant=actor.tenant)
    )
    if attempt.employee_id != actor.employee_id:
        raise PermissionDenied
    if attempt.submitted_at is not None:
        raise _fail("attempt", _("Percobaan ini sudah dikirim dan tidak dapat dikirim ulang."))
    now = clock.now()
    ids = [q for q, _order in attempt.layout]
    correct = dict(
        Question.objects.filter(tenant=actor.tenant, pk__in=ids).values_list("pk", "correct")
    )
    allowed = {str(q) for q in ids}
    clean = {k: int(v) for k, v in answers.items() if k in allowed}
    attempt.answers = clean
    attempt.submitted_at = now
    attempt.late = attempt.deadline is not None and now > attempt.deadline + GRACE
    attempt.score = Decimal(0) if attempt.late else score_of(attempt.layout, correct, clean)
    attempt.passed = not attempt.late and attempt.score >= attempt.course.pass_mark
    attempt.save(update_fields=["answers", "submitted_at", "late", "score", "passed"])
    audit(
        actor=actor,
        action="competence.attempt.submitted",
        obj=attempt,
        data={"score": attempt.score, "passed": attempt.passed, "late": attempt.late},
    )
    if attempt.passed:
        _issue(actor, attempt)
    return attempt


def _issue(actor: Actor, attempt: Attempt) -> CourseCertificate:
    course = attempt.course
    employee = attempt.employee  # read with the locked attempt
    try:
        with transaction.atomic():
            cert = CourseCertificate.objects.create(
                tenant_id=course.tenant_id, course=course, employee=employee, attempt=attempt,
                token=secrets.token_hex(16), score=attempt.score or 0, issued_at=clock.now(),
            )  # fmt: skip
    except IntegrityError:  # already passed before: one certificate per course
        return CourseCertificate.objects.get(tenant=actor.tenant, course=course, employee=employee)
    rules = settings_of(actor.tenant.pk)[2]  # type: ignore[union-attr]
    today = clock.today(actor.tenant)
    ledger_add(
        employee=employee, opd_id=employee.opd_id, year=today.year,
        jp=recognised_jp(ProgrammeKind.E_LEARNING, course.jp, rules),
        source=JpEntry.Source.PROGRAMME, activity_key=f"course:{course.pk}",
        title=course.title, kind=ProgrammeKind.E_LEARNING, completed_on=today,
    )  # fmt: skip
    audit(
        actor=actor,
        action="competence.course_certificate.issued",
        obj=cert,
        data={"course": course.pk},
    )
    return cert


# --- certificates ---------------------------------------------------------------------------


def certificate_code(cert: CourseCertificate) -> str:
    return signing.Signer(salt=SALT).sign(cert.token)


def certificate_by_code(code: str) -> CourseCertificate | None:
    """The certificate a public code names, or None: a forged or altered code fails the
    signature before any lookup."""
    try:
        token = signing.Signer(salt=SALT).unsign(code)
    except signing.BadSignature:
        return None
    with scopes_disabled():
        return (
            CourseCertificate.objects.filter(token=token)
            .select_related("course", "employee", "tenant")
            .first()
        )


def can_download(actor: Actor, cert: CourseCertificate) -> bool:
    if actor.tenant is None or cert.tenant_id != actor.tenant.pk:
        return False
    return cert.employee_id == actor.employee_id or sees_all(actor, "competence.view_all")


def certificate_pdf(cert: CourseCertificate, verify_url: str) -> bytes:
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    from pamong.core.pdf import PdfDocument

    doc = PdfDocument(title=_("Sertifikat Kursus Daring"), tenant_name=cert.tenant.name)
    doc.paragraph(_("Diberikan kepada"))
    doc.heading(f"{cert.employee.name} (NIP {cert.employee.nip})")  # escaped by PdfDocument
    doc.paragraph(
        _("telah lulus kursus “%(course)s” (%(jp)s JP) dengan nilai %(score)s.")
        % {"course": cert.course.title, "jp": cert.course.jp, "score": cert.score}
    )
    doc.key_values(
        [
            (_("Tanggal"), cert.issued_at.astimezone(clock.zone(cert.tenant)).date().isoformat()),
            (_("Kode verifikasi"), certificate_code(cert)),
        ]
    )
    widget = QrCodeWidget(verify_url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    size = 110.0
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    doc.flowable(drawing)
    doc.paragraph(_("Periksa keaslian: %(url)s") % {"url": verify_url})
    return doc.render()
