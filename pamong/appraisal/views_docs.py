"""PDF documents of the SKP and of one evaluation (same read rights as their pages)."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from pamong.appraisal import selectors as sel
from pamong.appraisal.documents import evaluation_pdf, skp_pdf
from pamong.appraisal.models import Realisation
from pamong.appraisal.views import actor_of
from pamong.core.pdf import pdf_response


@login_required
@require_GET
def skp_document(request: HttpRequest, pk: int) -> HttpResponse:
    skp = sel.get_skp_for_actor(actor_of(request), pk)
    return pdf_response(skp_pdf(skp), f"skp-{skp.year}-{skp.employee.nip}.pdf")


@login_required
@require_GET
def evaluation_document(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = sel.get_evaluation_for_actor(actor_of(request), pk)
    name = f"evaluasi-kinerja-{evaluation.period}-{evaluation.employee.nip}.pdf"
    return pdf_response(evaluation_pdf(evaluation), name)


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A realisation's evidence file, as a download, to whoever may read its SKP (never a
    public media URL: the media folder is not served)."""
    actor = actor_of(request)
    if actor.tenant is None:
        raise Http404
    row = (
        Realisation.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("indicator__rhk")
        .first()
    )
    if row is None:
        raise Http404
    sel.get_skp_for_actor(actor, row.indicator.rhk.skp_id)  # 403 when not allowed
    if not row.evidence_file:
        raise Http404
    name = (row.evidence_file.name or "bukti").rsplit("/", 1)[-1]
    try:
        handle = row.evidence_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return cast(HttpResponse, FileResponse(handle, as_attachment=True, filename=name))
