"""Upload page for unit and employee files, background job progress, employee export."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core import jobs
from pamong.core.actor import Actor
from pamong.core.errors import InputErrors
from pamong.core.models import BackgroundJob
from pamong.core.permissions import has_perm
from pamong.imports import xlsx
from pamong.imports.export import FORMATS, export_employees
from pamong.imports.retention import discard
from pamong.imports.tabular import XLSX_MAGIC
from pamong.imports.tasks import (
    MAX_STORED_ERRORS,
    SERVICES,
    errors_as_rows,
    job_key,
    run_import_job,
)
from pamong.org.selectors import employees_visible_to

View = Callable[..., HttpResponse]


def _actor(request: HttpRequest) -> Actor:
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None or actor.tenant is None:
        raise PermissionDenied
    return actor


def needs(perm: str | None) -> Callable[[View], View]:
    """Login, a tenant, and (if given) the capability `perm`; else 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = _actor(request)
            if perm and not has_perm(actor, perm):
                raise PermissionDenied
            return view(request, actor, *args, **kwargs)

        return login_required(wrapper)

    return decorator


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Jenis data"),
        choices=[("units", gettext_lazy("Unit kerja")), ("employees", gettext_lazy("Pegawai"))],
    )
    file = forms.FileField(
        label=gettext_lazy("Berkas"),
        help_text=gettext_lazy("CSV (UTF-8) atau XLSX dengan baris judul kolom"),
    )
    ignore_unknown_columns = forms.BooleanField(
        label=gettext_lazy("Abaikan kolom yang tidak dikenal"), required=False
    )


def _estimated_rows(data: bytes) -> int:
    """Data rows, cheaply: newlines of a CSV, the sheet dimension of an XLSX."""
    if not data.startswith(XLSX_MAGIC):
        return max(data.count(b"\n") - 1, 0)
    try:
        return max(xlsx.estimated_rows(data) - 1, 0)
    except Exception:  # noqa: BLE001 - the import itself reports an unreadable file
        return 0


def _store_upload(actor: Actor, name: str, data: bytes) -> Path:
    assert actor.tenant is not None
    folder = Path(settings.MEDIA_ROOT) / "imports" / actor.tenant.slug
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}-{get_valid_filename(name)[:80]}"
    path.write_bytes(data)
    return path


@require_http_methods(["GET", "POST"])
@needs("org.import")
def index(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        name = Path(upload.name).name
        if upload.size > settings.PAMONG_IMPORT_MAX_BYTES:
            limit = settings.PAMONG_IMPORT_MAX_BYTES // 2**20
            message = _("berkas terlalu besar (maksimum %(mb)s MB)") % {"mb": limit}
            context.update(errors=[{"row": None, "column": "", "message": message}], file=name)
            context["error_count"] = 1
            return render(request, "imports/index.html", context, status=400)
        data = upload.read()
        path = _store_upload(actor, name, data)
        rows = _estimated_rows(data)
        if rows > settings.PAMONG_IMPORT_BACKGROUND_ROWS:
            assert actor.user is not None and actor.tenant is not None
            job = BackgroundJob.objects.create(
                tenant=actor.tenant,
                kind=f"imports.{kind}",
                key=job_key(kind),
                total=rows,
                created_by=actor.user,
                result={"file": name, "kind": kind, "path": str(path)},
            )
            run_import_job.delay(job.pk, actor.tenant.pk, actor.user.pk, kind, str(path))
            return redirect("imports:job", pk=job.pk)
        try:
            result = SERVICES[kind](
                actor=actor,
                table_or_file=data,
                source=name,
                ignore_unknown_columns=form.cleaned_data["ignore_unknown_columns"],
            )
        except InputErrors as exc:
            discard(path)  # only successful imports keep their file (retention.py)
            context.update(errors=errors_as_rows(exc), error_count=len(exc.errors), file=name)
        else:
            context.update(result=result.as_dict(), file=name, kind=kind)
    context["max_errors"] = MAX_STORED_ERRORS
    return render(request, "imports/index.html", context)


def _job_for(actor: Actor, pk: int) -> BackgroundJob:
    """An import job of the actor's tenant (404 otherwise, also for other tenants' ids)."""
    job = BackgroundJob.objects.filter(
        tenant=actor.tenant, pk=pk, kind__startswith="imports."
    ).first()
    if job is None:
        raise Http404
    return job


def _job_context(actor: Actor, pk: int) -> dict[str, Any]:
    jobs.expire_stale(actor.tenant)  # a dead worker's job shows as failed, with a retry
    item = _job_for(actor, pk)
    return {"job": item, "can_retry": jobs.can_retry(item) and "path" in item.result}


@require_GET
@needs("org.import")
def job(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return render(request, "imports/job.html", _job_context(actor, pk))


@require_GET
@needs("org.import")
def job_status(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return render(request, "imports/_job_status.html", _job_context(actor, pk))


@require_POST
@needs("org.import")
def job_retry(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """Start a failed background import again as a new job (same stored file)."""
    item = _job_for(actor, pk)
    if not jobs.can_retry(item) or "path" not in item.result:
        return redirect("imports:job", pk=item.pk)
    assert actor.tenant is not None and actor.user is not None
    new = jobs.retry(item)
    new.total = item.total
    new.save(update_fields=["total"])
    kind, path = item.result["kind"], item.result["path"]
    run_import_job.delay(new.pk, actor.tenant.pk, actor.user.pk, kind, path)
    return redirect("imports:job", pk=new.pk)


@require_GET
@needs(None)
def export(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Employees the actor may see, in the employees.csv format."""
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        return HttpResponse(_("format harus csv atau xlsx"), status=400)
    response = HttpResponse(export_employees(employees_visible_to(actor), fmt), FORMATS[fmt])
    assert actor.tenant is not None
    response["Content-Disposition"] = f'attachment; filename="pegawai-{actor.tenant.slug}.{fmt}"'
    return response
