"""E-learning pages: the course list, a course with its modules and progress, a module, the
quiz attempt, certificates, and the public verification page (no login)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core import clock
from pamong.core.errors import InputErrors
from pamong.core.pdf import pdf_response
from pamong.core.web import actor_of, tenant_view

from . import learning
from .forms import InputErrorsMixin
from .models import CompetencyKind
from .models_learning import Attempt, Course, CourseCertificate, Module, Question
from .selectors import can_manage

MANAGE = ("competence.manage",)


class CourseForm(InputErrorsMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Judul kursus"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Deskripsi"), max_length=4000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    competency_kind = forms.ChoiceField(
        label=gettext_lazy("Jenis kompetensi"), choices=CompetencyKind.choices
    )
    jp = forms.IntegerField(label="JP", min_value=1, max_value=1000)
    pass_mark = forms.IntegerField(
        label=gettext_lazy("Nilai lulus (0–100)"), min_value=0, max_value=100, initial=70
    )
    max_attempts = forms.IntegerField(
        label=gettext_lazy("Batas percobaan kuis"), min_value=1, max_value=20, initial=3
    )
    time_limit_minutes = forms.IntegerField(
        label=gettext_lazy("Batas waktu kuis (menit, 0: tanpa batas)"),
        min_value=0,
        max_value=600,
        initial=30,
    )
    questions_per_attempt = forms.IntegerField(
        label=gettext_lazy("Jumlah soal per percobaan"), min_value=1, max_value=200, initial=10
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Course.Status.choices)


class ModuleForm(InputErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis modul"), choices=Module.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Judul modul"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Isi (modul teks)"), max_length=20000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip
    url = forms.URLField(
        label=gettext_lazy("Tautan (modul tautan luar)"), required=False, assume_scheme="https"
    )
    file = forms.FileField(
        label=gettext_lazy("Berkas (PDF maks. 20 MB, video MP4/WebM maks. 100 MB)"), required=False
    )


class QuestionForm(InputErrorsMixin, forms.Form):
    text = forms.CharField(label=gettext_lazy("Pertanyaan"), max_length=2000)
    choice_1 = forms.CharField(label=gettext_lazy("Pilihan 1"), max_length=500)
    choice_2 = forms.CharField(label=gettext_lazy("Pilihan 2"), max_length=500)
    choice_3 = forms.CharField(label=gettext_lazy("Pilihan 3"), max_length=500, required=False)
    choice_4 = forms.CharField(label=gettext_lazy("Pilihan 4"), max_length=500, required=False)
    correct = forms.TypedChoiceField(
        label=gettext_lazy("Jawaban benar"), coerce=int,
        choices=[(i, str(i + 1)) for i in range(4)],
    )  # fmt: skip


def _course(actor: Any, pk: int) -> Course:
    course = Course.objects.filter(tenant=actor.tenant, pk=pk).first()
    if course is None:
        raise Http404
    if course.status != Course.Status.PUBLISHED and not can_manage(actor):
        raise PermissionDenied
    return course


@require_GET
@tenant_view()
def courses(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    qs = Course.objects.filter(tenant=actor.tenant)
    if not can_manage(actor):
        qs = qs.filter(status=Course.Status.PUBLISHED)
    return render(
        request, "competence/courses.html",
        {"courses": qs.order_by("title")[:200], "can_manage": can_manage(actor)},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@tenant_view(perms=MANAGE)
def course_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    actor = actor_of(request)
    course = _course(actor, pk) if pk else None
    initial = {f: getattr(course, f) for f in learning.COURSE_FIELDS} if course else None
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = learning.course_save(actor=actor, course=course, **form.cleaned_data)
        except InputErrors as exc:
            form.add_input_errors(exc)
        else:
            messages.success(request, _("Kursus disimpan."))
            return redirect("competence:course", pk=saved.pk)
    status = 400 if form.errors else 200
    return render(
        request, "competence/form.html",
        {"form": form, "title": _("Kursus daring"), "back": "competence:courses"}, status=status,
    )  # fmt: skip


@require_GET
@tenant_view()
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    course = _course(actor, pk)
    modules = list(Module.objects.filter(tenant=actor.tenant, course=course))
    done: set[int] = set()
    attempts: list[Attempt] = []
    cert = None
    if actor.employee_id is not None:
        done = learning.modules_done(course.tenant_id, actor.employee_id, course)
        attempts = list(
            Attempt.objects.filter(
                tenant=actor.tenant, course=course, employee_id=actor.employee_id
            )
        )
        cert = CourseCertificate.objects.filter(
            tenant=actor.tenant, course=course, employee_id=actor.employee_id
        ).first()
    context = {
        "course": course,
        "modules": [(m, m.pk in done) for m in modules],
        "all_done": all(m.pk in done for m in modules),
        "attempts": attempts,
        "attempts_left": max(course.max_attempts - len(attempts), 0),
        "cert": cert,
        "can_manage": can_manage(actor),
        "bank_size": Question.objects.filter(tenant=actor.tenant, course=course).count(),
        "module_form": ModuleForm(),
        "question_form": QuestionForm(),
    }
    return render(request, "competence/course.html", context)


@require_POST
@tenant_view(perms=MANAGE)
def module_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    course = _course(actor, pk)
    form = ModuleForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            learning.module_add(
                actor=actor, course=course, kind=data["kind"], title=data["title"],
                body=data["body"], url=data["url"], upload=data["file"],
            )  # fmt: skip
        except InputErrors as exc:
            for error in exc.errors:
                messages.error(request, error.message)
        else:
            messages.success(request, _("Modul ditambahkan."))
    else:
        messages.error(request, _("Periksa isian modul."))
    return redirect("competence:course", pk=pk)


@require_POST
@tenant_view(perms=MANAGE)
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    course = _course(actor, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        choices = [data[f"choice_{i}"] for i in range(1, 5)]
        try:
            learning.question_add(
                actor=actor, course=course, text=data["text"], choices=choices,
                correct=data["correct"],
            )  # fmt: skip
        except InputErrors as exc:
            for error in exc.errors:
                messages.error(request, error.message)
        else:
            messages.success(request, _("Soal ditambahkan ke bank soal."))
    else:
        messages.error(request, _("Periksa isian soal."))
    return redirect("competence:course", pk=pk)


def _module(actor: Any, pk: int, module_pk: int) -> Module:
    course = _course(actor, pk)
    module = Module.objects.filter(tenant=actor.tenant, course=course, pk=module_pk).first()
    if module is None:
        raise Http404
    return module


@require_http_methods(["GET", "POST"])
@tenant_view()
def module_view(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    actor = actor_of(request)
    module = _module(actor, pk, module_pk)
    if request.method == "POST":
        learning.progress_mark(actor=actor, module=module)
        following = (
            Module.objects.filter(tenant=actor.tenant, course_id=pk, position__gt=module.position)
            .order_by("position", "id")
            .first()
        )
        if following is not None:
            return redirect("competence:module", pk=pk, module_pk=following.pk)
        return redirect("competence:course", pk=pk)
    return render(request, "competence/module.html", {"module": module, "course": module.course})


@require_GET
@tenant_view()
def module_file(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    actor = actor_of(request)
    module = _module(actor, pk, module_pk)
    if not module.file:
        raise Http404
    # FileResponse streams the file; the browser's own player or PDF viewer shows it.
    response = FileResponse(module.file.open("rb"), content_type=module.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return cast(HttpResponse, response)  # a streaming response; the decorators accept it


@require_POST
@tenant_view()
def attempt_start(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    course = _course(actor, pk)
    try:
        attempt = learning.attempt_start(actor=actor, course=course)
    except InputErrors as exc:
        for error in exc.errors:
            messages.error(request, error.message)
        return redirect("competence:course", pk=pk)
    return redirect("competence:attempt", pk=attempt.pk)


def _attempt(actor: Any, pk: int) -> Attempt:
    attempt = Attempt.objects.filter(tenant=actor.tenant, pk=pk).select_related("course").first()
    if attempt is None:
        raise Http404
    if attempt.employee_id != actor.employee_id:
        raise PermissionDenied
    return attempt


@require_http_methods(["GET", "POST"])
@tenant_view()
def attempt_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        answers: dict[str, int] = {}
        for key in request.POST:
            value = request.POST.get(key, "")
            if key.startswith("q") and value.isdigit():
                answers[key[1:]] = int(value)
        try:
            # The service reads the attempt once, locked, and checks it is the actor's.
            learning.attempt_submit(actor=actor, attempt=pk, answers=answers)
        except Attempt.DoesNotExist:
            raise Http404 from None
        except InputErrors as exc:
            for error in exc.errors:
                messages.error(request, error.message)
        return redirect("competence:attempt", pk=pk)
    attempt = _attempt(actor, pk)
    questions = {
        q.pk: q
        for q in Question.objects.filter(
            tenant=actor.tenant, pk__in=[i for i, _o in attempt.layout]
        )
    }
    items = []
    for number, (question_id, order) in enumerate(attempt.layout, start=1):
        question = questions.get(question_id)
        if question is not None:
            shown = [(position, question.choices[i]) for position, i in enumerate(order)]
            items.append((number, question, shown))
    cert = None
    if attempt.passed:
        cert = CourseCertificate.objects.filter(attempt=attempt).first()
    context = {
        "attempt": attempt,
        "course": attempt.course,
        "items": items,
        "cert": cert,
        "seconds_left": int((attempt.deadline - clock.now()).total_seconds())
        if attempt.deadline and attempt.submitted_at is None
        else None,
    }
    return render(request, "competence/attempt.html", context)


@require_GET
@tenant_view()
def course_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    cert = (
        CourseCertificate.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("course", "employee", "tenant")
        .first()
    )
    if cert is None:
        raise Http404
    if not learning.can_download(actor, cert):
        raise PermissionDenied
    url = request.build_absolute_uri(
        reverse("competence:verify", args=[learning.certificate_code(cert)])
    )
    return pdf_response(learning.certificate_pdf(cert, url), f"sertifikat-kursus-{cert.pk}.pdf")


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding a certificate's code sees whether it is genuine. Shows only what
    the certificate itself shows (name, NIP masked, course, JP, date, issuing Pemda)."""
    cert = learning.certificate_by_code(code)
    context: dict[str, Any] = {"cert": cert, "code": code}
    if cert is not None:
        nip = cert.employee.nip
        context["nip"] = nip[:4] + "*" * (len(nip) - 8) + nip[-4:]
        context["issued"] = cert.issued_at.astimezone(clock.zone(cert.tenant)).date()
    response = render(request, "competence/verify.html", context, status=200 if cert else 404)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
