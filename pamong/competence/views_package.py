"""Course packages on the web: BKPSDM downloads a course as one ZIP and imports another
Pemda's package as a new draft course (course_package.py does the work)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pamong.core.errors import InputErrors
from pamong.core.web import actor_of, tenant_view

from .course_package import course_export, course_import
from .models_learning import Course

MANAGE = ("competence.manage",)
MAX_UPLOAD = 400 * 1024 * 1024


@require_GET
@tenant_view(perms=MANAGE)
def package_download(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    course = Course.objects.filter(tenant=actor.tenant, pk=pk).first()
    if course is None:
        raise Http404
    response = HttpResponse(
        course_export(actor=actor, course=course), content_type="application/zip"
    )
    name = slugify(course.title)[:60] or "kursus"
    response["Content-Disposition"] = f'attachment; filename="kursus-{name}.zip"'
    return response


@require_POST
@tenant_view(perms=MANAGE)
def package_upload(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    upload = request.FILES.get("package")
    if upload is None or (upload.size or 0) > MAX_UPLOAD:
        messages.error(request, _("Pilih berkas paket kursus (ZIP, paling besar 400 MB)."))
        return redirect("competence:courses")
    try:
        course = course_import(actor=actor, data=upload.read(), source=upload.name or "kursus.zip")
    except InputErrors as exc:
        for line in exc.lines():
            messages.error(request, line)
        return redirect("competence:courses")
    messages.success(
        request,
        _("Kursus %(t)s diimpor sebagai draf: %(m)s modul, %(q)s soal. Periksa lalu terbitkan.")
        % {"t": course.title, "m": course.modules.count(), "q": course.questions.count()},
    )
    return redirect("competence:course", pk=course.pk)
