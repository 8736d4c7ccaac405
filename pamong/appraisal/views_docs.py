"""PDF documents of the SKP and of one evaluation, evidence files (same read rights as
their pages)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from pamong.appraisal import selectors as sel
from pamong.appraisal.documents import evaluation_pdf, skp_pdf
from pamong.appraisal.views import actor_of
from pamong.core.pdf import pdf_response
from pamong.core.uploads import download_response


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
def realisation_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence file of a realisation, as a download (never a public media URL)."""
    realisation = sel.get_realisation_for_actor(actor_of(request), pk)
    if not realisation.evidence_file:
        raise Http404
    return download_response(realisation.evidence_file, f"bukti-{realisation.pk}")
