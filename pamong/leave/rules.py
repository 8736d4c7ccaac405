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

from .models import Approver, AttachmentKind, LeaveRule, ReasonCategory, SickSubtype

ANNUAL_DAYS = 12
CARRY_NORMAL = 6  # remnant carried into the next year: total at most 18
CARRY_MAX = 12  # unused two years running, or deferred: total at most 24
MELAHIRKAN_MAX_CHILDREN = 3
PPPK_EARLY_DAYS = 6  # cuti tahunan of a PPPK before one year of service (BKN)
PPPK_EARLY_REASONS = (ReasonCategory.DARURAT_KELUARGA, ReasonCategory.PERNIKAHAN_PERTAMA)
TRAVEL_MAX_DAYS = 12  # calendar days added to cuti tahunan for a hard-to-reach destination
PPPK_TRAVEL_MAX_DAYS = 6  # the same for a PPPK (Perban BKN 7/2022)
SICK_DOCTOR_DAYS = 14  # sick leave past this many calendar days: a government doctor's letter
SICK_TPK_MONTHS = 6  # extension past the maximum, on the word of the Tim Penguji Kesehatan


@dataclass(frozen=True)
class Rule:
    kind: str
    approver: str
    min_service_years: int
    max_months: int | None  # calendar length limit; None: limited by the balance (tahunan)
    attachment_over_days: int | None  # None: never required; 0: always
    attachment_label: str
    pppk: bool  # PPPK may take it (PP 49/2018)
    # Before min_service_years a PPPK may still take this many working days (0: none) ...
    early_days: int = 0
    # ... and only for these reasons (ReasonCategory values).
    early_reasons: tuple[str, ...] = ()


DEFAULT_RULES: dict[str, Rule] = {
    LeaveType.TAHUNAN: Rule(
        "tahunan",
        Approver.OPD_HEAD,
        1,
        None,
        None,
        "",
        True,
        early_days=PPPK_EARLY_DAYS,
        early_reasons=tuple(PPPK_EARLY_REASONS),
    ),  # fmt: skip
    LeaveType.BESAR: Rule("besar", Approver.BKPSDM, 5, 3, None, "", False),
    # At most one year; the Tim Penguji Kesehatan may extend it by six months.
    LeaveType.SAKIT: Rule("sakit", Approver.OPD_HEAD, 0, 12, 1, "surat keterangan dokter", True),
    LeaveType.MELAHIRKAN: Rule(
        "melahirkan", Approver.OPD_HEAD, 0, 3, 0, "surat keterangan dokter/bidan", True
    ),
    LeaveType.ALASAN_PENTING: Rule(
        "alasan_penting", Approver.OPD_HEAD, 0, 1, 0, "surat keterangan pendukung", False
    ),
    LeaveType.CLTN: Rule("cltn", Approver.BKPSDM, 5, 36, 0, "surat permohonan dan alasan", False),
}


def split_reasons(value: str) -> tuple[str, ...]:
    return tuple(v for v in (p.strip() for p in value.split(",")) if v)


def apply_row(rule: Rule, row: LeaveRule) -> Rule:
    """`rule` with the non-empty fields of one LeaveRule row."""
    changes: dict[str, object] = {}
    if row.approver:
        changes["approver"] = row.approver
    if row.attachment_label:
        changes["attachment_label"] = row.attachment_label
    if row.early_reasons:
        changes["early_reasons"] = split_reasons(row.early_reasons)
    for name in (
        "attachment_over_days", "max_months", "min_service_years", "early_days"
    ):  # fmt: skip
        if getattr(row, name) is not None:
            changes[name] = getattr(row, name)
    return replace(rule, **changes)  # type: ignore[arg-type]


def merge_rows(kind: str, rows: list[LeaveRule]) -> Rule:
    """Defaults, then the tenant-wide row, then the OPD's row (each non-empty field wins)."""
    rule = DEFAULT_RULES[kind]
    for row in sorted(rows, key=lambda r: r.unit_id is not None):
        rule = apply_row(rule, row)
    return rule


def rule_for(tenant: Tenant, kind: str, opd_id: int | None) -> Rule:
    where = Q(unit__isnull=True) | Q(unit_id=opd_id) if opd_id else Q(unit__isnull=True)
    return merge_rows(kind, list(LeaveRule.objects.filter(where, tenant=tenant, kind=kind)))


def service_start(employee: Employee) -> dt.date | None:
    """TMT CPNS from the NIP (digits 9–14), else TMT in the Pemda. A PPPK's NIP gives only
    the year of the first appointment: the contract's start when it lies in that year."""
    return start_of_service(
        employee.nip, employee.employee_type, employee.tmt_unit, employee.contract_start
    )


def start_of_service(
    nip: str, employee_type: str, tmt_unit: dt.date | None, contract_start: dt.date | None
) -> dt.date | None:
    try:
        if employee_type == EmployeeType.PPPK:
            year = int(nip[8:12])
            if contract_start is not None and contract_start.year == year:
                return contract_start
            return dt.date(year, 1, 1)
        return dt.date(int(nip[8:12]), int(nip[12:14]), 1)
    except (ValueError, IndexError):
        return contract_start if employee_type == EmployeeType.PPPK and contract_start else tmt_unit


def has_annual_right(service_from: dt.date | None, year: int) -> bool:
    """Cuti tahunan needs one year of continuous service: no right in a year that ends
    before the first anniversary (domain.md §4.2). Unknown start: the right is assumed."""
    return service_from is None or add_months(service_from, 12) <= dt.date(year, 12, 31)


def pppk_carry_limit(contract_start: dt.date | None, contract_end: dt.date | None) -> int:
    """Days a PPPK may carry into the next year: a contract longer than 3 years as a PNS
    (to 24), longer than 2 years the remnant (to 18), else none (Perban BKN 7/2022)."""
    if contract_start is None or contract_end is None:
        return 0
    after_end = contract_end + dt.timedelta(days=1)
    if after_end > add_months(contract_start, 36):
        return CARRY_MAX
    if after_end > add_months(contract_start, 24):
        return CARRY_NORMAL
    return 0


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


def service_anniversary(employee: Employee, rule: Rule) -> dt.date | None:
    """The day the employee completes the rule's minimum years of service."""
    start = service_start(employee)
    return add_months(start, 12 * rule.min_service_years) if start is not None else None


def is_early_pppk(employee: Employee, rule: Rule, start: dt.date) -> bool:
    """A PPPK's cuti tahunan before the minimum service, which the rule still allows in part."""
    if employee.employee_type != EmployeeType.PPPK or not rule.min_service_years:
        return False
    if not rule.early_days or not rule.early_reasons:
        return False
    years = service_years(employee, start)
    return years is None or years < rule.min_service_years


def early_problems(
    rule: Rule, reason_category: str, days: int, taken: int, until: dt.date | None
) -> list[tuple[str, str]]:
    """PPPK before the minimum service: only the rule's reasons, at most early_days in all.

    `days`: working days of this request; `taken`: of earlier ones before `until`."""
    problems = []
    if reason_category not in rule.early_reasons:
        problems.append(
            (
                "reason_category",
                _(
                    "PPPK dengan masa kerja kurang dari %(years)s tahun hanya dapat mengambil "
                    "cuti tahunan karena: %(reasons)s; pilih kategori alasan"
                )
                % {
                    "years": rule.min_service_years,
                    "reasons": ", ".join(str(ReasonCategory(r).label) for r in rule.early_reasons),
                },
            )
        )
    if days + taken > rule.early_days:
        problems.append(
            (
                "end",
                _(
                    "PPPK dengan masa kerja kurang dari %(years)s tahun paling banyak "
                    "%(max)s hari kerja cuti tahunan sebelum %(until)s: diminta %(days)s, "
                    "sudah diajukan atau dipakai %(taken)s"
                )
                % {
                    "years": rule.min_service_years,
                    "max": rule.early_days,
                    "until": until or "-",
                    "days": days,
                    "taken": taken,
                },
            )
        )
    return problems


def travel_problems(
    kind: str, hard_to_reach: bool, destination: str, travel_days: int, employee_type: str = ""
) -> list[tuple[str, str]]:
    """Travel time to a hard-to-reach destination: cuti tahunan only, 1–12 calendar days
    (a PPPK: 1–6)."""
    limit = PPPK_TRAVEL_MAX_DAYS if employee_type == EmployeeType.PPPK else TRAVEL_MAX_DAYS
    if not hard_to_reach:
        if travel_days:
            return [("travel_days", _("hari perjalanan hanya untuk tujuan yang sulit dijangkau"))]
        return []
    if kind != LeaveType.TAHUNAN:
        return [("hard_to_reach", _("tambahan waktu perjalanan hanya berlaku untuk cuti tahunan"))]
    problems = []
    if not destination.strip():
        problems.append(("destination", _("tujuan wajib diisi untuk tujuan yang sulit dijangkau")))
    if not 1 <= travel_days <= limit:
        problems.append(
            (
                "travel_days",
                _(
                    "waktu perjalanan ke tujuan yang sulit dijangkau 1 sampai %(max)s hari "
                    "kalender (diisi %(n)s)"
                )
                % {"max": limit, "n": travel_days},
            )
        )
    return problems


def eligibility_problem(
    employee: Employee,
    rule: Rule,
    start: dt.date,
    previous_births: int,
    reason_category: str = "",
) -> str | None:
    """Why this employee may not take this leave type from `start`; None when they may.

    A PPPK's early cuti tahunan passes here; early_problems() then limits it. A cuti besar
    for the first pilgrimage (haji) needs no minimum service (PP 11/2017)."""
    if employee.employee_type == EmployeeType.PPPK and not rule.pppk:
        return _("PPPK tidak berhak atas cuti jenis ini")
    first_hajj = rule.kind == LeaveType.BESAR and reason_category == ReasonCategory.HAJI_PERTAMA
    if rule.min_service_years and not first_hajj and not is_early_pppk(employee, rule, start):
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
    if rule.kind == LeaveType.SAKIT:
        return None  # sick_problems() counts the whole sick spell
    if rule.max_months is not None and end >= add_months(start, rule.max_months):
        return _("paling lama %(n)s bulan untuk %(kind)s (sampai %(last)s)") % {
            "n": rule.max_months,
            "kind": LeaveType(rule.kind).label,
            "last": add_months(start, rule.max_months) - dt.timedelta(days=1),
        }
    return None


def attachment_required(rule: Rule, working_days: int) -> bool:
    return rule.attachment_over_days is not None and working_days > rule.attachment_over_days


@dataclass(frozen=True)
class SickLeave:
    """A sick-leave request as the rules see it. `spell_start`: the first day of the sick
    leave this request continues without a break (its own start when it stands alone)."""

    spell_start: dt.date
    start: dt.date
    end: dt.date
    gender: str
    subtype: str = ""
    attachment: bool = False
    attachment_kind: str = ""
    tpk_extension: bool = False
    tpk_attachment: bool = False


def miscarriage_last_day(start: dt.date) -> dt.date:
    """Sick leave for a miscarriage: at most one and a half months."""
    return add_months(start, 1) + dt.timedelta(days=14)


def _miscarriage_problems(sick: SickLeave) -> list[tuple[str, str]]:
    problems = []
    if sick.gender != "P":
        problems.append(
            ("sick_subtype", _("cuti sakit karena gugur kandungan hanya untuk pegawai perempuan"))
        )
    last = miscarriage_last_day(sick.start)
    if sick.end > last:
        problems.append(
            (
                "end",
                _("cuti sakit karena gugur kandungan paling lama 1,5 bulan (sampai %(last)s)")
                % {"last": last},
            )
        )
    if sick.tpk_extension:
        problems.append(
            (
                "tpk_extension",
                _("perpanjangan Tim Penguji Kesehatan tidak berlaku untuk gugur kandungan"),
            )
        )
    if not sick.attachment:
        problems.append(
            (
                "attachment",
                _(
                    "lampiran wajib untuk cuti sakit karena gugur kandungan: surat keterangan "
                    "dokter atau bidan"
                ),
            )
        )
    return problems


def _sick_length_problem(rule: Rule, sick: SickLeave) -> str | None:
    if rule.max_months is None:
        return None
    months = rule.max_months + (SICK_TPK_MONTHS if sick.tpk_extension else 0)
    limit = add_months(sick.spell_start, months)
    if sick.end < limit:
        return None
    values = {
        "n": months,
        "last": limit - dt.timedelta(days=1),
        "ext": SICK_TPK_MONTHS,
        "first": sick.spell_start,
    }
    if sick.tpk_extension:
        message = _(
            "cuti sakit paling lama %(n)s bulan termasuk perpanjangan Tim Penguji Kesehatan "
            "(sampai %(last)s)"
        )
    else:
        message = _(
            "cuti sakit paling lama %(n)s bulan (sampai %(last)s); lebih lama hanya dengan "
            "perpanjangan paling lama %(ext)s bulan atas keterangan Tim Penguji Kesehatan"
        )
    if sick.spell_start < sick.start:
        message += " " + _("(dihitung sejak %(first)s: cuti sakit yang bersambung)")
    return message % values


def sick_problems(rule: Rule, sick: SickLeave) -> list[tuple[str, str]]:
    """Cuti sakit (domain.md §4.2): at most a year (+6 months via the Tim Penguji
    Kesehatan, with its letter); past 14 calendar days a government doctor's letter;
    a miscarriage up to 1.5 months. Returns (field, message) pairs."""
    if sick.subtype == SickSubtype.KEGUGURAN:
        return _miscarriage_problems(sick)
    problems = []
    if sick.subtype:
        problems.append(("sick_subtype", _("jenis cuti sakit tidak dikenal")))
    problem = _sick_length_problem(rule, sick)
    if problem:
        problems.append(("end", problem))
    days = (sick.end - sick.spell_start).days + 1
    if days > SICK_DOCTOR_DAYS:
        values = {"days": days, "max": SICK_DOCTOR_DAYS}
        if not sick.attachment:
            problems.append(
                (
                    "attachment",
                    _(
                        "lampiran wajib: cuti sakit lebih dari %(max)s hari (%(days)s hari "
                        "kalender) memerlukan surat keterangan dokter pemerintah"
                    )
                    % values,
                )
            )
        elif sick.attachment_kind != AttachmentKind.DOKTER_PEMERINTAH:
            problems.append(
                (
                    "attachment_kind",
                    _(
                        "cuti sakit lebih dari %(max)s hari (%(days)s hari kalender) memerlukan "
                        "surat keterangan dokter pemerintah: pilih jenis lampiran itu"
                    )
                    % values,
                )
            )
    if sick.tpk_extension and not sick.tpk_attachment:
        problems.append(
            (
                "tpk_attachment",
                _("perpanjangan cuti sakit memerlukan surat keterangan Tim Penguji Kesehatan"),
            )
        )
    return problems


def misplaced_problems(
    kind: str, reason_category: str, sick_subtype: str, tpk_extension: bool
) -> list[tuple[str, str]]:
    """Fields that belong to another leave type."""
    problems = []
    if reason_category and reason_category not in ReasonCategory.values:
        problems.append(("reason_category", _("kategori alasan tidak dikenal")))
    elif reason_category == ReasonCategory.HAJI_PERTAMA and kind != LeaveType.BESAR:
        problems.append(
            ("reason_category", _("ibadah haji pertama adalah alasan untuk cuti besar"))
        )
    elif (
        reason_category
        and reason_category != ReasonCategory.HAJI_PERTAMA
        and kind != LeaveType.TAHUNAN
    ):
        problems.append(("reason_category", _("kategori alasan hanya untuk cuti tahunan")))
    if sick_subtype and kind != LeaveType.SAKIT:
        problems.append(("sick_subtype", _("jenis cuti sakit hanya untuk cuti sakit")))
    if tpk_extension and kind != LeaveType.SAKIT:
        problems.append(
            ("tpk_extension", _("perpanjangan Tim Penguji Kesehatan hanya untuk cuti sakit"))
        )
    return problems
