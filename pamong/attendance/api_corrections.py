"""JSON API for corrections (koreksi presensi), through the same services as the pages.

GET  attendance/corrections/[?status=pending]     visible corrections (paginated)
POST attendance/corrections/                      the employee asks: tanggal, jam_masuk?,
     jam_pulang?, alasan, bukti? (multipart file)
GET  attendance/corrections/<id>/
POST attendance/corrections/<id>/decision/        {"keputusan": "setujui"|"tolak", "catatan"}
POST attendance/corrections/<id>/cancel/
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import path
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.core.api import ApiPagination, TenantAPIView, api_doc
from pamong.core.errors import InputErrors
from pamong.imports.tabular import parse_date

from .corrections import (
    cancel_correction,
    corrections_visible_to,
    decide_correction,
    get_correction_for_actor,
    request_correction,
)
from .models import Correction, CorrectionStatus


def input_errors_response(exc: InputErrors) -> Response:
    return Response(
        {"errors": [{"field": e.column, "message": e.message} for e in exc.errors]},
        status=status.HTTP_400_BAD_REQUEST,
    )


def _time(value: Any, field: str) -> dt.time | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return dt.time.fromisoformat(text)
    except ValueError as exc:
        raise exceptions.ValidationError({field: ["jam harus berformat HH:MM[:SS]"]}) from exc


def body(request: Request) -> Any:
    """request.data as a mapping (a JSON list body counts as empty)."""
    data = request.data
    return data if hasattr(data, "get") else {}


def correction_json(c: Correction) -> dict[str, Any]:
    return {
        "id": c.pk,
        "nip": c.employee.nip,
        "nama": c.employee.name,
        "tanggal": c.day.isoformat(),
        "jam_masuk": c.check_in.isoformat() if c.check_in else None,
        "jam_pulang": c.check_out.isoformat() if c.check_out else None,
        "alasan": c.reason,
        "bukti": c.evidence_name or None,
        "status": c.status,
        "diputuskan_pada": c.decided_at.isoformat() if c.decided_at else None,
        "catatan_keputusan": c.decision_note,
    }


@api_doc("Attendance corrections: list and request", get="v1_attendance_corrections_list")
class CorrectionListApi(TenantAPIView):
    # Any employee may ask for their own correction; the service checks who asks.
    allow_write_without_permission = True

    def get(self, request: Request) -> Response:
        qs = corrections_visible_to(self.actor).select_related("employee")
        wanted = request.query_params.get("status", "")
        if wanted:
            if wanted not in CorrectionStatus.values:
                raise exceptions.ValidationError({"status": ["status tidak dikenal"]})
            qs = qs.filter(status=wanted)
        paginator = ApiPagination()
        page = paginator.paginate_queryset(qs.order_by("-day", "-pk"), request, view=self) or []
        return paginator.get_paginated_response([correction_json(c) for c in page])

    def post(self, request: Request) -> Response:
        data = body(request)
        try:
            day = parse_date(str(data.get("tanggal") or ""))
        except ValueError as exc:
            raise exceptions.ValidationError({"tanggal": [str(exc)]}) from exc
        try:
            correction = request_correction(
                actor=self.actor,
                day=day,
                check_in=_time(data.get("jam_masuk"), "jam_masuk"),
                check_out=_time(data.get("jam_pulang"), "jam_pulang"),
                reason=str(data.get("alasan") or ""),
                evidence=request.FILES.get("bukti"),
            )
        except InputErrors as exc:
            return input_errors_response(exc)
        return Response(correction_json(correction), status=status.HTTP_201_CREATED)


@api_doc("One attendance correction")
class CorrectionDetailApi(TenantAPIView):
    pagination_class = None

    def get(self, request: Request, pk: int) -> Response:
        return Response(correction_json(get_correction_for_actor(self.actor, pk)))


@api_doc("Approve or reject an attendance correction")
class CorrectionDecisionApi(TenantAPIView):
    allow_write_without_permission = True  # the service checks the direct supervisor
    pagination_class = None

    def post(self, request: Request, pk: int) -> Response:
        correction = get_correction_for_actor(self.actor, pk)
        data = body(request)
        decision = data.get("keputusan")
        if decision not in ("setujui", "tolak"):
            raise exceptions.ValidationError({"keputusan": ["pilih setujui atau tolak"]})
        try:
            correction = decide_correction(
                actor=self.actor,
                correction=correction,
                approve=decision == "setujui",
                note=str(data.get("catatan") or ""),
            )
        except InputErrors as exc:
            return input_errors_response(exc)
        return Response(correction_json(correction))


@api_doc("Cancel an attendance correction")
class CorrectionCancelApi(TenantAPIView):
    allow_write_without_permission = True  # the service checks the requester
    pagination_class = None

    def post(self, request: Request, pk: int) -> Response:
        correction = get_correction_for_actor(self.actor, pk)
        try:
            correction = cancel_correction(actor=self.actor, correction=correction)
        except InputErrors as exc:
            return input_errors_response(exc)
        return Response(correction_json(correction))


urlpatterns = [
    path("attendance/corrections/", CorrectionListApi.as_view(), name="corrections"),
    path("attendance/corrections/<int:pk>/", CorrectionDetailApi.as_view(), name="correction"),
    path(
        "attendance/corrections/<int:pk>/decision/",
        CorrectionDecisionApi.as_view(),
        name="correction-decision",
    ),
    path(
        "attendance/corrections/<int:pk>/cancel/",
        CorrectionCancelApi.as_view(),
        name="correction-cancel",
    ),
]
