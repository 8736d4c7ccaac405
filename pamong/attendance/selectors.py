"""Permission-checked reads for attendance pages: whose attendance an actor may see,
and each day of a month as rows a template can show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.permissions import has_perm, opds_in_view
from pamong.org.models import Employee, Unit

from .calendar import CalendarView
from .classify import DayFacts, EmployeeMonth, classify_range
from .models import LeaveType


def section_links(actor: Actor) -> list[tuple[str, str]]:
    """(url name, label) of the attendance pages this actor may open, for a sub-menu."""
    links = [
        ("attendance:corrections", _("Koreksi presensi")),
        ("attendance:duties", _("Dinas luar")),
    ]  # noqa: E501
    if can_use_recap(actor):
        links.insert(0, ("attendance:recap", _("Rekap harian")))
    if has_perm(actor, "attendance.manage") or has_perm(actor, "attendance.view_all"):
        links.append(("attendance:calendar", _("Kalender kerja")))
    if has_perm(actor, "attendance.manage"):
        links.append(("attendance:devices", _("Perangkat presensi")))
    return links


def can_use_recap(actor: Actor) -> bool:
    """Supervisors, heads of OPD and holders of attendance.view_all."""
    if actor.tenant is None:
        return False
    return has_perm(actor, "attendance.view_all") or actor.is_supervisor or actor.is_opd_head


def attendance_employees_visible_to(actor: Actor) -> QuerySet[Employee]:
    """Employees whose attendance the actor may list in the recap (never other tenants)."""
    if actor.tenant is None:
        return Employee.objects.none()
    qs = Employee.objects.filter(tenant=actor.tenant)
    opds = opds_in_view(actor, "attendance.view_all")
    if opds is None:
        return qs
    q = Q(pk__in=[])
    if actor.employee_id is not None:
        q |= Q(supervisor_id=actor.employee_id)
    if opds:
        q |= Q(opd_id__in=opds)
    return qs.filter(q)


@dataclass(frozen=True)
class DayRow:
    """One calendar day of an employee's month, ready to show."""

    day: dt.date
    status: str  # css-friendly key: ok, late, early, missing, absent, leave, duty, off,
    # unpaid, planned (a working day that is not over yet: nothing to judge or correct)
    labels: list[str]
    facts: DayFacts | None = None


def day_is_over(cal: CalendarView, day: dt.date, now: dt.datetime | None) -> bool:
    """A day is judged only once it is over, or once its work hours are over for today.

    `now`: the tenant's local wall-clock time; None judges every day (no clock given)."""
    if now is None or day < now.date():
        return True
    if day > now.date():
        return False
    schedule = cal.schedule_for(day)
    return schedule is None or now.time() >= schedule.end


def planned(facts: DayFacts, today: bool) -> tuple[str, list[str]]:
    """(status, labels) of a working day that is not over: what is planned for it."""
    if facts.kind == "leave":
        return "planned", [leave_label(facts.leave_type or ""), _("direncanakan")]
    if facts.kind == "duty":
        return "planned", [_("dinas luar"), _("direncanakan")]
    if today:
        if facts.check_in is not None or facts.kind == "present":
            labels = [_("sudah absen masuk")]
            if facts.minutes_late and not facts.missing_in:
                labels.append(_("terlambat %(n)s menit") % {"n": facts.minutes_late})
            return "planned", labels + [_("jam kerja belum selesai")]
        return "planned", [_("belum absen masuk"), _("jam kerja belum selesai")]
    return "planned", [_("hari kerja")]


def leave_label(kind: str) -> str:
    try:
        return str(LeaveType(kind).label)
    except ValueError:
        return kind


def describe(facts: DayFacts) -> tuple[str, list[str]]:
    """(status key, Indonesian labels) of a classified working day."""
    if facts.kind == "leave":
        return "leave", [leave_label(facts.leave_type or "")]
    if facts.kind == "duty":
        return "duty", [_("dinas luar")]
    if facts.kind == "absent":
        return "absent", [_("tanpa keterangan")]
    labels: list[str] = []
    status = "ok"
    if facts.missing_in:
        labels.append(_("tidak absen masuk"))
        status = "missing"
    if facts.missing_out:
        labels.append(_("tidak absen pulang"))
        status = "missing"
    if facts.minutes_late:
        labels.append(_("terlambat %(n)s menit") % {"n": facts.minutes_late})
        status = "late" if status == "ok" else status
    if facts.minutes_early:
        labels.append(_("pulang cepat %(n)s menit") % {"n": facts.minutes_early})
        status = "early" if status == "ok" else status
    labels = labels or [_("hadir tepat waktu")]
    if facts.corrected:
        labels.append(_("dikoreksi"))
    return status, labels


def month_rows(
    cal: CalendarView,
    first: dt.date,
    last: dt.date,
    month: EmployeeMonth | None,
    now: dt.datetime | None = None,
) -> list[DayRow]:
    """Every calendar day from first to last with its status for the employee; working
    days that are not over yet (see day_is_over) show what is planned."""
    facts = {f.day: f for f in month.days} if month else {}
    unpaid = dict(month.unpaid_leave_days) if month else {}
    rows: list[DayRow] = []
    day = first
    while day <= last:
        if day in facts and not day_is_over(cal, day, now):
            status, labels = planned(facts[day], today=now is not None and day == now.date())
            rows.append(DayRow(day, status, labels, facts[day]))
        elif day in facts:
            status, labels = describe(facts[day])
            rows.append(DayRow(day, status, labels, facts[day]))
        elif day in unpaid:
            rows.append(DayRow(day, "unpaid", [leave_label(unpaid[day]), _("tidak dibayar")]))
        elif cal.schedule_for(day) is None:
            rows.append(DayRow(day, "off", [_("bukan hari kerja")]))
        elif (name := cal.holiday_name(day)) is not None:
            rows.append(DayRow(day, "off", [name]))
        else:
            rows.append(DayRow(day, "off", [_("di luar masa kerja")]))
        day += dt.timedelta(days=1)
    return rows


def weeks(rows: list[DayRow]) -> list[list[DayRow | None]]:
    """Rows laid out Monday..Sunday for a calendar grid (None pads the first/last week)."""
    if not rows:
        return []
    cells: list[DayRow | None] = [None] * rows[0].day.weekday() + list(rows)
    cells += [None] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


def month_summary(rows: list[DayRow]) -> dict[str, int]:
    paid = [r for r in rows if r.facts is not None]
    # Days that are not over are counted as paid working days, never as absent or late.
    worked = [r for r in paid if r.status != "planned"]
    return {
        "working": len(paid) + sum(1 for r in rows if r.status == "unpaid"),
        "paid": len(paid),
        "planned": len(paid) - len(worked),
        "present": sum(1 for r in worked if r.facts and r.facts.kind in ("present", "duty")),
        "late_days": sum(1 for r in worked if r.facts and r.facts.minutes_late),
        "late_minutes": sum(r.facts.minutes_late for r in worked if r.facts),
        "early_minutes": sum(r.facts.minutes_early for r in worked if r.facts),
        "missing": sum(1 for r in worked if r.status == "missing"),
        "absent": sum(1 for r in worked if r.status == "absent"),
        "leave": sum(1 for r in worked if r.status == "leave"),
        "duty": sum(1 for r in worked if r.status == "duty"),
    }


def daily_rows(
    actor: Actor,
    cal: CalendarView,
    day: dt.date,
    unit: Unit | None = None,
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """The recap of one date: one row per visible employee with a paid working day.
    Before the day's work hours are over (`now`, local) nobody is absent yet.

    Rows hold id, nip, name, unit (code), status, labels and facts; sorted by unit, name.
    """
    assert actor.tenant is not None
    qs = attendance_employees_visible_to(actor)
    if unit is not None:
        qs = qs.filter(Q(unit=unit) | Q(unit__path__startswith=unit.path + "/"))
    people = {pk: (nip, name, code) for pk, nip, name, code in qs.values_list(
        "pk", "nip", "name", "unit__code")}  # fmt: skip
    result = classify_range(
        tenant=actor.tenant, first=day, last=day, employee_ids=list(people), calendar=cal,
        with_punches=False,
    )  # fmt: skip
    rows: list[dict[str, Any]] = []
    over = day_is_over(cal, day, now)
    for employee_id, month in result.employees.items():
        if not month.days:
            continue
        facts = month.days[0]
        if over:
            key, labels = describe(facts)
        else:
            key, labels = planned(facts, today=now is not None and day == now.date())
        nip, name, code = people[employee_id]
        rows.append({"id": employee_id, "nip": nip, "name": name, "unit": code,
                     "status": key, "labels": labels, "facts": facts})  # fmt: skip
    rows.sort(key=lambda r: (r["unit"], r["name"], r["nip"]))
    return rows


def recap_units(actor: Actor) -> list[Unit]:
    """Units offered as a recap filter: all for attendance.view_all, else the actor's OPDs."""
    qs = Unit.objects.filter(tenant=actor.tenant)
    opds = opds_in_view(actor, "attendance.view_all")
    if opds is not None:
        qs = qs.filter(opd_id__in=opds)
    return list(qs.order_by("path"))


# Aggregates for the policy evaluation (evaluation app): per OPD for start..end, no
# permission check (the caller decides who sees which OPD). level="unit" groups by the
# employee's own unit instead.


def corrections_per_opd(
    tenant_id: int, start: dt.date, end: dt.date, *, level: str = "opd"
) -> dict[int, dict[str, int]]:
    """Corrections of days in start..end per OPD: requested, decided, approved."""
    from django.db.models import Count

    from .models import Correction, CorrectionStatus

    qs = (
        Correction.objects.filter(tenant_id=tenant_id, day__gte=start, day__lte=end)
        .values_list("employee__unit_id" if level == "unit" else "employee__opd_id")
        .annotate(
            requested=Count("id"),
            decided=Count(
                "id",
                filter=Q(status__in=[CorrectionStatus.APPROVED, CorrectionStatus.REJECTED]),
            ),
            approved=Count("id", filter=Q(status=CorrectionStatus.APPROVED)),
        )
        .order_by()
    )
    return {o: {"requested": r, "decided": d, "approved": a} for o, r, d, a in qs if o}


def leave_days_per_opd(
    tenant_id: int, start: dt.date, end: dt.date, *, level: str = "opd"
) -> dict[int, dict[str, int]]:
    """Calendar days of approved leave inside start..end per OPD and leave type.

    One query; one row per leave record (not per day), clipped to the period in Python.
    """
    from .models import Leave

    out: dict[int, dict[str, int]] = {}
    rows = (
        Leave.objects.filter(tenant_id=tenant_id, start__lte=end, end__gte=start)
        .values_list(
            "employee__unit_id" if level == "unit" else "employee__opd_id", "kind", "start", "end"
        )
        .order_by()
    )
    for opd_id, kind, first, last in rows:
        if opd_id is None:
            continue
        days = (min(last, end) - max(first, start)).days + 1
        per_kind = out.setdefault(opd_id, {})
        per_kind[kind] = per_kind.get(kind, 0) + days
    return out


def leave_types() -> list[tuple[str, Any]]:
    """The leave types (code, lazy label) as the evaluation lists them."""
    return [(str(choice.value), choice.label) for choice in LeaveType]


def leave_rows(tenant_id: int, start: dt.date, end: dt.date, opd_id: int | None) -> QuerySet[Any]:
    """The leave records overlapping start..end behind the leave figures (for tracing)."""
    from .models import Leave

    qs = Leave.objects.filter(tenant_id=tenant_id, start__lte=end, end__gte=start)
    return qs.filter(employee__opd_id=opd_id) if opd_id else qs


def correction_rows(
    tenant_id: int, start: dt.date, end: dt.date, opd_id: int | None
) -> QuerySet[Any]:
    """The corrections of days in start..end behind the corrections figure (for tracing)."""
    from .models import Correction

    qs = Correction.objects.filter(tenant_id=tenant_id, day__gte=start, day__lte=end)
    return qs.filter(employee__opd_id=opd_id) if opd_id else qs
