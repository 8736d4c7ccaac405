"""Self-hosted e-learning: courses built from modules, a question bank per course, progress
per module, quiz attempts scored on the server, and course certificates with a signed code.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.core.models import TenantOwned
from pamong.org.models import Employee

from .choices import CompetencyKind


class Course(TenantOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draf")
        PUBLISHED = "published", _("terbit")

    title = models.CharField(_("judul kursus"), max_length=200)
    description = models.TextField(_("deskripsi"), max_length=4000, blank=True)
    competency_kind = models.CharField(
        _("jenis kompetensi"), max_length=20, choices=CompetencyKind.choices
    )
    jp = models.PositiveSmallIntegerField(_("JP"))
    pass_mark = models.PositiveSmallIntegerField(_("nilai lulus (0–100)"), default=70)
    max_attempts = models.PositiveSmallIntegerField(_("batas percobaan kuis"), default=3)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("batas waktu kuis (menit, 0: tanpa batas)"), default=30
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("jumlah soal per percobaan"), default=10
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("kursus daring")
        constraints = [
            models.CheckConstraint(condition=models.Q(pass_mark__lte=100), name="course_pass_mark"),
        ]

    def __str__(self) -> str:
        return self.title


def module_path(instance: Module, filename: str) -> str:
    return f"competence/courses/{instance.tenant_id}/{filename}"


class Module(TenantOwned):
    class Kind(models.TextChoices):
        TEXT = "text", _("teks")
        PDF = "pdf", _("berkas PDF")
        VIDEO = "video", _("video")
        LINK = "link", _("tautan luar")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("urutan"), default=1)
    kind = models.CharField(_("jenis modul"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("judul modul"), max_length=200)
    body = models.TextField(_("isi"), max_length=20000, blank=True)
    url = models.URLField(_("tautan"), blank=True)
    file = models.FileField(upload_to=module_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["tenant", "course"])]

    def __str__(self) -> str:
        return self.title


class Question(TenantOwned):
    """One multiple-choice question of the course's bank; `correct` is an index of `choices`."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("pertanyaan"), max_length=2000)
    choices = models.JSONField(_("pilihan"))
    correct = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["tenant", "course"])]


class ModuleProgress(TenantOwned):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "employee", "module"], name="uniq_module_progress"
            ),
        ]


class Attempt(TenantOwned):
    """One quiz attempt: its questions and their order are fixed when it starts, answers are
    scored on the server once, and a submitted attempt cannot be submitted again."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attempts")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField()
    # [[question id, [choice indexes in the order shown]], ...]
    layout = models.JSONField()
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(default=False)
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "course", "employee", "number"], name="uniq_attempt_number"
            ),
        ]


class CourseCertificate(TenantOwned):
    """Issued once per employee and course when an attempt passes; `token` is random and the
    public code is the token signed with the installation's secret."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    attempt = models.OneToOneField(Attempt, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=32, unique=True)
    score = models.DecimalField(max_digits=5, decimal_places=2)
    issued_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "course", "employee"], name="uniq_course_certificate"
            ),
        ]
