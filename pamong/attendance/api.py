"""JSON API: device punch push and the daily attendance status (mounted under /api/v1/).

POST attendance/punches/  {"punches": [{"nip", "waktu", "perangkat"?}], "skip_unknown"?}
    Same validation and key (nip + waktu) as `pamong import attendance`: idempotent,
    all-or-nothing, audited. Needs attendance.manage (a device token of an admin account).
GET  attendance/daily/?date=YYYY-MM-DD[&unit=ID][&status=late|absent|leave|duty|...]
    Status of each visible employee on that date (supervisor: subordinates, head of OPD:
    the OPD, attendance.view_all: everyone).
GET  attendance/employees/<id>/month/?month=YYYY-MM
    Every day of an employee's month with its status and minutes (same as the calendar page).
Corrections, duties and the device push live in api_corrections/api_duties/api_devices.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.urls import path
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.core import clock
from pamong.core.api import ApiPagination, TenantAPIView, api_doc
from pamong.core.errors import InputErrors
from pamong.imports.tabular import Table, parse_date, parse_month
from pamong.org.selectors import get_employee_for_actor

from .api_corrections import urlpatterns as correction_urlpatterns
from .api_devices import urlpatterns as device_urlpatterns
from .api_duties import urlpatterns as duty_urlpatterns
from .calendar import calendar_for
from .classify import classify_range, month_bounds
from .imports import import_attendance
from .selectors import can_use_recap, daily_rows, month_rows, month_summary, recap_units

MAX_PUNCHES = 10000
DAILY_STATUSES = ("ok", "late", "early", "missing", "absent", "leave", "duty")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@api_doc("Push raw attendance punches (all-or-nothing)")
class PunchPushApi(TenantAPIView):
    write_permission = "attendance.manage"
    pagination_class = None

    def post(self, request: Request) -> Response:
        data: dict[str, Any] = request.data if isinstance(request.data, dict) else {}
        punches = data.get("punches")
        if not isinstance(punches, list) or not punches:
            raise exceptions.ValidationError({"punches": ["daftar punch wajib diisi"]})
        if len(punches) > MAX_PUNCHES:
            raise exceptions.ValidationError({"punches": [f"maksimum {MAX_PUNCHES} per kiriman"]})
        rows = []
        for index, item in enumerate(punches, start=1):
            if not isinstance(item, dict):
                raise exceptions.ValidationError({"punches": [f"item {index} bukan objek"]})
            rows.append(
                (index, {k: str(item.get(k) or "").strip() for k in ("nip", "waktu", "perangkat")})
            )
        raw = json.dumps(punches, sort_keys=True, default=str).encode()
        table = Table("api", hashlib.sha256(raw).hexdigest(), ["nip", "waktu", "perangkat"], rows)
        try:
            result = import_attendance(
                actor=self.actor,
                table_or_file=table,
                source="api",
                skip_unknown=bool(data.get("skip_unknown")),
            )
        except InputErrors as exc:
            # ROW is the 1-based index of the punch in the list.
            return Response(
                {"errors": [{"item": e.row, "field": e.column, "message": e.message}
                            for e in exc.errors]},
                status=status.HTTP_400_BAD_REQUEST,
            )  # fmt: skip
        return Response(
            {**result.as_dict(), "skipped": [{"item": r, "nip": n} for r, n in result.skipped]},
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


@api_doc("Attendance status of the visible employees on one day")
class DailyStatusApi(TenantAPIView):
    def get(self, request: Request) -> Response:
        actor = self.actor
        if not can_use_recap(actor):
            raise exceptions.PermissionDenied
        assert actor.tenant is not None
        try:
            day = parse_date(request.query_params.get("date", ""))
        except ValueError as exc:
            raise exceptions.ValidationError({"date": [str(exc)]}) from exc
        try:
            cal = calendar_for(actor.tenant)
        except InputErrors as exc:
            raise exceptions.ValidationError({"date": [exc.errors[0].message]}) from exc
        unit = None
        if request.query_params.get("unit"):
            unit = next(
                (u for u in recap_units(actor) if str(u.pk) == request.query_params["unit"]),
                None,
            )
            if unit is None:
                raise exceptions.NotFound
        working = cal.is_working_day(day)
        now = clock.local_now(actor.tenant)
        rows = daily_rows(actor, cal, day, unit, now) if working else []
        wanted = request.query_params.get("status", "")
        if wanted:
            if wanted not in DAILY_STATUSES:
                raise exceptions.ValidationError(
                    {"status": [f"pilih salah satu: {', '.join(DAILY_STATUSES)}"]}
                )
            rows = [r for r in rows if r["status"] == wanted]
        paginator = ApiPagination()
        page = paginator.paginate_queryset(rows, request, view=self) or []
        items = [
            {
                "nip": r["nip"], "nama": r["name"], "kode_unit": r["unit"], "status": r["status"],
                "keterangan": r["labels"], "jenis_cuti": r["facts"].leave_type,
                "jam_masuk": _iso(r["facts"].check_in), "jam_pulang": _iso(r["facts"].check_out),
                "menit_terlambat": r["facts"].minutes_late,
                "menit_pulang_cepat": r["facts"].minutes_early,
            }
            for r in page
        ]  # fmt: skip
        response = paginator.get_paginated_response(items)
        response.data = {"tanggal": day.isoformat(), "hari_kerja": working, **response.data}
        return response


@api_doc("One employee's attendance month")
class EmployeeMonthApi(TenantAPIView):
    pagination_class = None

    def get(self, request: Request, pk: int) -> Response:
        actor = self.actor
        assert actor.tenant is not None
        employee = get_employee_for_actor(actor, pk)  # 404 other tenant, 403 no right
        try:
            start = parse_month(request.query_params.get("month", ""))
        except ValueError as exc:
            raise exceptions.ValidationError({"month": [str(exc)]}) from exc
        try:
            cal = calendar_for(actor.tenant)
        except InputErrors as exc:
            raise exceptions.ValidationError({"month": [exc.errors[0].message]}) from exc
        first, last = month_bounds(start.year, start.month)
        result = classify_range(
            tenant=actor.tenant, first=first, last=last, employee_ids=[employee.pk],
            calendar=cal, with_punches=False,
        )  # fmt: skip
        rows = month_rows(
            cal, first, last, result.employees.get(employee.pk), clock.local_now(actor.tenant)
        )
        days = [
            {
                "tanggal": r.day.isoformat(), "status": r.status, "keterangan": r.labels,
                "jenis_cuti": r.facts.leave_type if r.facts else None,
                "jam_masuk": _iso(r.facts.check_in) if r.facts else None,
                "jam_pulang": _iso(r.facts.check_out) if r.facts else None,
                "menit_terlambat": r.facts.minutes_late if r.facts else 0,
                "menit_pulang_cepat": r.facts.minutes_early if r.facts else 0,
                "dikoreksi": bool(r.facts and r.facts.corrected),
            }
            for r in rows
        ]  # fmt: skip
        return Response(
            {"nip": employee.nip, "nama": employee.name, "bulan": f"{first:%Y-%m}",
             "ringkasan": month_summary(rows), "hari": days}
        )  # fmt: skip


urlpatterns = [
    path("attendance/punches/", PunchPushApi.as_view(), name="punches"),
    path("attendance/daily/", DailyStatusApi.as_view(), name="daily"),
    path("attendance/employees/<int:pk>/month/", EmployeeMonthApi.as_view(), name="employee-month"),
    *correction_urlpatterns,
    *device_urlpatterns,
    *duty_urlpatterns,
]
