"""Attendance pages: my month, an employee's month, and the daily recap (+ CSV)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from pamong.core import clock, spreadsheet
from pamong.core.actor import Actor
from pamong.core.errors import InputErrors
from pamong.core.labels import label, register
from pamong.core.models import Tenant
from pamong.core.spreadsheet import xlsx_append
from pamong.core.web import actor_of, tenant_view
from pamong.imports.tabular import parse_date, parse_month
from pamong.org.models import Employee
from pamong.org.selectors import get_employee_for_actor

from .calendar import calendar_for
from .classify import classify_range, month_bounds
from .selectors import (
    can_use_recap,
    daily_rows,
    month_rows,
    month_summary,
    recap_units,
    weeks,
)

RECAP_PAGE_SIZE = 100
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECAP_STATUSES = ["late", "early", "missing", "absent", "leave", "duty", "ok", "planned"]


def local_today(tenant: Tenant) -> dt.date:
    return clock.today(tenant)


def _month_param(request: HttpRequest, tenant: Tenant) -> dt.date:
    try:
        return parse_month(request.GET.get("month", ""))
    except ValueError:
        return local_today(tenant).replace(day=1)


def _shift_month(first: dt.date, delta: int) -> str:
    index = first.year * 12 + first.month - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _month_page(request: HttpRequest, actor: Actor, employee: Employee, own: bool) -> HttpResponse:
    assert actor.tenant is not None
    start = _month_param(request, actor.tenant)
    first, last = month_bounds(start.year, start.month)
    context: dict[str, Any] = {
        "employee": employee,
        "own": own,
        "month": f"{first:%Y-%m}",
        "first": first,
        "prev_month": _shift_month(first, -1),
        "next_month": _shift_month(first, 1),
        "can_recap": can_use_recap(actor),
        "correctable": ("absent", "missing", "late", "early"),
    }
    try:
        cal = calendar_for(actor.tenant)
    except InputErrors:
        context["no_calendar"] = True
        return render(request, "attendance/month.html", context)
    result = classify_range(
        tenant=actor.tenant, first=first, last=last, employee_ids=[employee.pk], calendar=cal
    )
    now = clock.local_now(actor.tenant)
    rows = month_rows(cal, first, last, result.employees.get(employee.pk), now)
    context.update(
        rows=rows, weeks=weeks(rows), summary=month_summary(rows), tz=actor.tenant.timezone
    )
    # Punch times are shown in the tenant's zone, whatever the server's zone is.
    with timezone.override(ZoneInfo(actor.tenant.timezone)):
        return render(request, "attendance/month.html", context)


@require_GET
@tenant_view()
def index(request: HttpRequest) -> HttpResponse:
    """My month; actors without an employee record go to the recap if they may use it."""
    actor = actor_of(request)
    if actor.employee_id is None:
        if can_use_recap(actor):
            return redirect("attendance:recap")
        raise PermissionDenied
    employee = get_employee_for_actor(actor, actor.employee_id)
    return _month_page(request, actor, employee, own=True)


@require_GET
@tenant_view()
def employee_month(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    employee = get_employee_for_actor(actor, pk)  # 404 other tenant, 403 no right
    return _month_page(request, actor, employee, own=employee.pk == actor.employee_id)


def _time(moment: dt.datetime | None) -> str:
    return f"{moment:%H:%M:%S}" if moment else ""


# The recap export is for people (not a contract format): headers and statuses in words.
RECAP_COLUMNS = [
    gettext_lazy("Tanggal"), "NIP", gettext_lazy("Nama"), gettext_lazy("Kode unit"),
    gettext_lazy("Status"), gettext_lazy("Jam masuk"), gettext_lazy("Jam pulang"),
    gettext_lazy("Menit terlambat"), gettext_lazy("Menit pulang cepat"),
    gettext_lazy("Keterangan"),
]  # fmt: skip
register(
    "attendance.day",
    {
        "late": gettext_lazy("terlambat"),
        "early": gettext_lazy("pulang cepat"),
        "missing": gettext_lazy("absen tidak lengkap"),
        "absent": gettext_lazy("tanpa keterangan"),
        "leave": gettext_lazy("cuti"),
        "duty": gettext_lazy("dinas luar"),
        "ok": gettext_lazy("hadir tepat waktu"),
        "planned": gettext_lazy("belum berlalu"),
    },
)


def _recap_table(day: dt.date, rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [day.isoformat(), row["nip"], row["name"], row["unit"],
         label(row["status"], "attendance.day"),
         _time(row["facts"].check_in), _time(row["facts"].check_out),
         row["facts"].minutes_late, row["facts"].minutes_early, "; ".join(row["labels"])]
        for row in rows
    ]  # fmt: skip


def _recap_export(day: dt.date, rows: list[dict[str, Any]], fmt: str) -> HttpResponse:
    """The filtered recap as CSV or XLSX (NIP stays text; minutes are numbers)."""
    name = f"rekap-presensi-{day}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = spreadsheet.csv_writer(response)
        writer.writerow([str(c) for c in RECAP_COLUMNS])
        writer.writerows(_recap_table(day, rows))
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("rekap")
        xlsx_append(sheet, [str(c) for c in RECAP_COLUMNS])
        for line in _recap_table(day, rows):
            xlsx_append(sheet, line)
        binary = io.BytesIO()
        workbook.save(binary)
        response = HttpResponse(binary.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@tenant_view()
def recap(request: HttpRequest) -> HttpResponse:
    """Who is late, absent, on leave or on duty on a date, for the actor's people."""
    actor = actor_of(request)
    if not can_use_recap(actor):
        raise PermissionDenied
    assert actor.tenant is not None
    try:
        day = parse_date(request.GET.get("date", ""))
    except ValueError:
        day = local_today(actor.tenant)
    units = recap_units(actor)
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), None)
    status = request.GET.get("status", "")
    status = status if status in RECAP_STATUSES else ""
    context: dict[str, Any] = {
        "day": day, "units": units, "unit": unit, "status": status,
        "q": request.GET.get("q", ""),
        "statuses": RECAP_STATUSES, "prev_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
    }  # fmt: skip
    try:
        cal = calendar_for(actor.tenant)
    except InputErrors:
        context["no_calendar"] = True
        return render(request, "attendance/recap.html", context)
    context["holiday"] = None if cal.is_working_day(day) else (
        cal.holiday_name(day) or _("bukan hari kerja"))  # fmt: skip
    rows = daily_rows(actor, cal, day, unit, clock.local_now(actor.tenant))
    counts = dict.fromkeys(RECAP_STATUSES, 0)
    for row in rows:
        counts[row["status"]] += 1
    if status:
        rows = [row for row in rows if row["status"] == status]
    query = request.GET.get("q", "").strip().lower()
    if query:
        rows = [row for row in rows if query in row["name"].lower() or query in row["nip"]]
    if request.GET.get("format") in ("csv", "xlsx"):
        return _recap_export(day, rows, request.GET["format"])
    page = Paginator(rows, RECAP_PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(page_obj=page, counts=counts, total=len(rows))
    with timezone.override(ZoneInfo(actor.tenant.timezone)):
        return render(request, "attendance/recap.html", context)
