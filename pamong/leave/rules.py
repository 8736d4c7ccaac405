"""Per-type leave rules (domain.md §4.2): defaults, tenant/OPD overrides, eligibility, limits.

Pure functions over plain values where possible, so the service and the tests share them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Q
from django.utils.translation import gettext as _

from pamong.attendance.models import LeaveType
from pamong.core.models import Tenant
from pamong.org.models import Employee, EmployeeType

from .models import Approver, LeaveRule

ANNUAL_DAYS = 12
CARRY_NORMAL = 6  # remnant carried into the next year: total at most 18
CARRY_MAX = 12  # unused two years running, or deferred: total at most 24
MELAHIRKAN_MAX_CHILDREN = 3


@dataclass(frozen=True)
class Rule:
    kind: str
    approver: str
    min_service_years: int
    max_months: int | None  # calendar length limit; None: limited by the balance (tahunan)
    attachment_over_days: int | None  # None: never required; 0: always
    attachment_label: str
    pppk: bool  # PPPK may take it (PP 49/2018)


DEFAULT_RULES: dict[str, Rule] = {
    LeaveType.TAHUNAN: Rule("tahunan", Approver.OPD_HEAD, 1, None, None, "", True),
    LeaveType.BESAR: Rule("besar", Approver.BKPSDM, 5, 3, None, "", False),
    LeaveType.SAKIT: Rule("sakit", Approver.OPD_HEAD, 0, 18, 1, "surat keterangan dokter", True),
    LeaveType.MELAHIRKAN: Rule(
        "melahirkan", Approver.OPD_HEAD, 0, 3, 0, "surat keterangan dokter/bidan", True
    ),
    LeaveType.ALASAN_PENTING: Rule(
        "alasan_penting", Approver.OPD_HEAD, 0, 1, 0, "surat keterangan pendukung", False
    ),
    LeaveType.CLTN: Rule("cltn", Approver.BKPSDM, 5, 36, 0, "surat permohonan dan alasan", False),
}


def rule_for(tenant: Tenant, kind: str, opd_id: int | None) -> Rule:
    """Defaults, then the tenant-wide row, then the OPD's row (each non-empty field wins)."""
    rule = DEFAULT_RULES[kind]
    where = Q(unit__isnull=True) | Q(unit_id=opd_id) if opd_id else Q(unit__isnull=True)
    rows = LeaveRule.objects.filter(where, tenant=tenant, kind=kind)
    for row in sorted(rows, key=lambda r: r.unit_id is not None):
        if row.approver:
            rule = replace(rule, approver=row.approver)
        if row.attachment_over_days is not None:
            rule = replace(rule, attachment_over_days=row.attachment_over_days)
        if row.attachment_label:
            rule = replace(rule, attachment_label=row.attachment_label)
        if row.max_months is not None:
            rule = replace(rule, max_months=row.max_months)
        if row.min_service_years is not None:
            rule = replace(rule, min_service_years=row.min_service_years)
    return rule


def service_start(employee: Employee) -> dt.date | None:
    """TMT CPNS from the NIP (digits 9–14; PPPK: appointment year), else TMT in the Pemda."""
    nip = employee.nip
    try:
        if employee.employee_type == EmployeeType.PPPK:
            return dt.date(int(nip[8:12]), 1, 1)
        return dt.date(int(nip[8:12]), int(nip[12:14]), 1)
    except (ValueError, IndexError):
        return employee.tmt_unit


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def service_years(employee: Employee, on: dt.date) -> int | None:
    start = service_start(employee)
    if start is None:
        return None
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    return max(years, 0)


def eligibility_problem(
    employee: Employee, rule: Rule, start: dt.date, previous_births: int
) -> str | None:
    """Why this employee may not take this leave type from `start`; None when they may."""
    if employee.employee_type == EmployeeType.PPPK and not rule.pppk:
        return _("PPPK tidak berhak atas cuti jenis ini")
    if rule.min_service_years:
        years = service_years(employee, start)
        if years is None or years < rule.min_service_years:
            return _(
                "belum berhak: cuti ini memerlukan masa kerja %(need)s tahun "
                "(masa kerja pada tanggal mulai: %(have)s tahun)"
            ) % {"need": rule.min_service_years, "have": years if years is not None else 0}
    if rule.kind == LeaveType.MELAHIRKAN:
        if employee.gender != "P":
            return _(
                "cuti melahirkan hanya untuk pegawai perempuan; suami memakai cuti alasan penting"
            )
        if previous_births >= MELAHIRKAN_MAX_CHILDREN:
            return _(
                "cuti melahirkan hanya untuk anak pertama sampai ketiga "
                "(sudah %(n)s kali); untuk anak keempat dst. gunakan cuti besar"
            ) % {"n": previous_births}
    return None


def length_problem(rule: Rule, start: dt.date, end: dt.date) -> str | None:
    if rule.max_months is not None and end >= add_months(start, rule.max_months):
        return _("paling lama %(n)s bulan untuk %(kind)s (sampai %(last)s)") % {
            "n": rule.max_months,
            "kind": LeaveType(rule.kind).label,
            "last": add_months(start, rule.max_months) - dt.timedelta(days=1),
        }
    return None


def attachment_required(rule: Rule, working_days: int) -> bool:
    return rule.attachment_over_days is not None and working_days > rule.attachment_over_days
