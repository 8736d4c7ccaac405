"""Work calendar page: see the schedule and the year's days off; edit (attendance.manage);
upload and download calendar.yaml."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_http_methods

from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import has_perm
from pamong.core.web import actor_of, tenant_view
from pamong.imports.tabular import parse_date

from . import calendar_edit as edit
from .calendar import WEEKDAYS, CalendarView, export_calendar, load_calendar
from .models import WorkCalendar
from .views import local_today

WEEKDAY_LABELS = dict(
    zip(
        WEEKDAYS,
        [
            _l("Senin"),
            _l("Selasa"),
            _l("Rabu"),
            _l("Kamis"),
            _l("Jumat"),
            _l("Sabtu"),
            _l("Minggu"),
        ],
        strict=True,
    )
)
MAX_YAML_BYTES = 256 * 1024


def _week_from_post(request: HttpRequest, prefix: str = "") -> dict[str, str]:
    return {day: request.POST.get(prefix + day, "") for day in WEEKDAYS}


def _date(request: HttpRequest, name: str) -> dt.date:
    try:
        return parse_date(request.POST.get(name, ""))
    except ValueError as exc:
        raise _problem(name, str(exc)) from exc


def _problem(name: str, message: str) -> InputErrors:
    return InputErrors([InputError(message=f"{name}: {message}", column=name, source="kalender")])


def _apply(request: HttpRequest) -> str:
    """Run the edit named by POST[action]; returns the success message."""
    actor = actor_of(request)
    action = request.POST.get("action", "")
    if action == "schedule":
        edit.set_schedule(actor=actor, week=_week_from_post(request))
        return _("Jadwal mingguan disimpan.")
    if action == "override-add":
        edit.add_override(
            actor=actor,
            start=_date(request, "from"),
            end=_date(request, "to"),
            week=_week_from_post(request, "o_"),
        )
        return _("Jadwal khusus ditambahkan.")
    if action == "override-remove":
        try:
            index = int(request.POST.get("index", ""))
        except ValueError:
            index = -1
        edit.remove_override(actor=actor, index=index)
        return _("Jadwal khusus dihapus.")
    if action == "holiday-add":
        edit.add_holiday(actor=actor, day=_date(request, "date"), name=request.POST.get("name", ""))
        return _("Hari libur daerah ditambahkan.")
    if action == "holiday-remove":
        edit.remove_holiday(actor=actor, day=_date(request, "date"))
        return _("Hari libur daerah dihapus.")
    if action == "cuti-add":
        edit.add_cuti_bersama(actor=actor, day=_date(request, "date"))
        return _("Cuti bersama ditambahkan.")
    if action == "cuti-remove":
        edit.remove_cuti_bersama(actor=actor, day=_date(request, "date"))
        return _("Cuti bersama dihapus.")
    if action == "national":
        edit.set_national_holidays(actor=actor, enabled=request.POST.get("enabled") == "1")
        return _("Pengaturan libur nasional disimpan.")
    if action == "upload":
        upload = request.FILES.get("file")
        if upload is None or upload.size is None or upload.size > MAX_YAML_BYTES:
            raise _problem("file", _("pilih berkas calendar.yaml (maks. 256 KB)"))
        load_calendar(actor=actor, data=upload.read(), source=upload.name or "calendar.yaml")
        return _("calendar.yaml dimuat.")
    raise _problem("action", _("tindakan tidak dikenal"))


def _days_off(cal: CalendarView, year: int) -> list[tuple[dt.date, str]]:
    days: list[tuple[dt.date, str]] = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        name = cal.holiday_name(day)
        if name is not None:
            days.append((day, name))
        day += dt.timedelta(days=1)
    return days


@require_http_methods(["GET", "POST"])
@tenant_view(perms=("attendance.manage", "attendance.view_all"))
def calendar_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    assert actor.tenant is not None
    can_edit = has_perm(actor, "attendance.manage")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        try:
            messages.success(request, _apply(request))
        except InputErrors as exc:
            for error in exc.errors:
                messages.error(request, error.message)
            return _render(request, can_edit, status=400)
        return redirect("attendance:calendar")
    return _render(request, can_edit)


def _render(request: HttpRequest, can_edit: bool, status: int = 200) -> HttpResponse:
    actor = actor_of(request)
    assert actor.tenant is not None
    calendar = WorkCalendar.objects.filter(tenant=actor.tenant, unit__isnull=True).first()
    try:
        year = int(request.GET.get("year", ""))
        year = year if 2000 <= year <= 2100 else local_today(actor.tenant).year
    except ValueError:
        year = local_today(actor.tenant).year
    context: dict[str, Any] = {
        "calendar": calendar,
        "can_edit": can_edit,
        "year": year,
        "week_rows": [
            (d, WEEKDAY_LABELS[d], (calendar.schedule if calendar else {}).get(d, ""))
            for d in WEEKDAYS
        ],
    }
    if calendar is not None:
        view = CalendarView.from_model(calendar)
        context["days_off"] = _days_off(view, year)
        context["working_count"] = len(
            view.working_days(dt.date(year, 1, 1), dt.date(year, 12, 31))
        )
    return render(request, "attendance/calendar.html", context, status=status)


@require_GET
@tenant_view(perms=("attendance.manage", "attendance.view_all"))
def calendar_yaml(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    assert actor.tenant is not None
    try:
        text = export_calendar(actor.tenant)
    except InputErrors as exc:
        return HttpResponse(exc.errors[0].message, status=404, content_type="text/plain")
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="calendar.yaml"'
    return response
