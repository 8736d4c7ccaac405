"""Tracing a number to the rows behind it, through the source apps' selectors.

Each source lists the live rows of one OPD (or the tenant) for the report's period, with
their ids; the capability says who may open them besides the OPD's own head.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pamong.appraisal import selectors as appraisal
from pamong.attendance import selectors as attendance
from pamong.core.models import Tenant
from pamong.evaluation.periods import Period
from pamong.participation import selectors as participation
from pamong.performance import selectors as performance
from pamong.tpp import selectors as tpp

LIMIT = 500


@dataclass(frozen=True)
class Source:
    label: str | Promise
    columns: list[tuple[str, str | Promise]]  # (field, heading)
    rows: Callable[[Tenant, Period, int | None], QuerySet[Any]]
    capability: str
    opd_head: bool  # may the OPD's own head open its rows


SOURCES: dict[str, Source] = {
    "evaluations": Source(
        _("Penilaian kinerja (SKP)"),
        [("id", "id"), ("employee__nip", _("NIP")), ("period", _("periode")),
         ("predikat", _("predikat")), ("created_at", _("dinilai"))],
        lambda t, p, o: appraisal.evaluation_rows(t.pk, p.code, o),
        "performance.view_all", True,
    ),
    "ratings": Source(
        _("Predikat kinerja"),
        [("id", "id"), ("employee__nip", _("NIP")), ("period", _("periode")),
         ("predikat", _("predikat"))],
        lambda t, p, o: performance.rating_rows(t.pk, p.code, o),
        "performance.view_all", True,
    ),
    "tpp_slips": Source(
        _("Slip TPP"),
        [("id", "id"), ("nip", _("NIP")), ("run__period", _("bulan")),
         ("predikat", _("predikat")), ("hari_kerja", _("hari kerja")),
         ("potongan_disiplin_persen", _("potongan disiplin (%)")),
         ("potongan_hukdis", _("potongan hukdis")), ("bruto", _("bruto"))],
        lambda t, p, o: tpp.slip_rows(t.pk, p.months, o),
        "tpp.view_all", False,
    ),
    "skp": Source(
        _("SKP tahunan"),
        [("id", "id"), ("employee__nip", _("NIP")), ("year", _("tahun")),
         ("status", _("status")), ("first_submitted", _("pertama diajukan"))],
        lambda t, p, o: appraisal.skp_rows(t.pk, p.year, o),
        "performance.view_all", True,
    ),
    "leave": Source(
        _("Cuti"),
        [("id", "id"), ("employee__nip", _("NIP")), ("kind", _("jenis")),
         ("start", _("mulai")), ("end", _("selesai"))],
        lambda t, p, o: attendance.leave_rows(t.pk, p.start, p.end, o),
        "leave.view_all", True,
    ),
    "corrections": Source(
        _("Koreksi presensi"),
        [("id", "id"), ("employee__nip", _("NIP")), ("day", _("tanggal")),
         ("status", _("status")), ("requested_at", _("diajukan"))],
        lambda t, p, o: attendance.correction_rows(t.pk, p.start, p.end, o),
        "attendance.view_all", True,
    ),
    "forum_items": Source(
        _("Tindak lanjut forum warga"),
        [("id", "id"), ("forum_id", _("forum")), ("due_date", _("batas waktu")),
         ("state", _("status")), ("closed_at", _("selesai"))],
        lambda t, p, o: participation.forum_item_rows(t, p.start, p.end, o),
        "participation.view", True,
    ),
    "complaints": Source(
        _("Laporan masyarakat"),
        [("id", "id"), ("category", _("kategori")), ("state", _("status")),
         ("submitted_at", _("masuk")), ("first_response_due", _("batas tanggapan")),
         ("first_response_at", _("ditanggapi")), ("resolution_due", _("batas selesai")),
         ("closed_at", _("selesai"))],
        lambda t, p, o: participation.complaint_rows(t, p.start, p.end, o),
        "participation.view", True,
    ),
}  # fmt: skip


def trace_rows(source: Source, tenant: Tenant, period: Period, opd_id: int | None) -> list[Any]:
    fields = [f for f, _label in source.columns]
    qs = source.rows(tenant, period, opd_id).order_by("id").values_list(*fields)
    return list(qs[:LIMIT])
