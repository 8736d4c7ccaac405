"""The indicator registry: what Pamong computes for the policy evaluation, and how.

Every indicator is a ratio numerator / denominator (or a plain count when the denominator
is None) computed per OPD from grouped queries of the source apps' selectors: never one
employee at a time. The tenant total is the ratio of the summed numerators and
denominators (not the mean of the OPDs' ratios), except where `total` says otherwise.

Indicators of apps that do not exist yet (competence, careers) are registered as
unavailable and shown as "belum tersedia"; `register()` plugs a real one in later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pamong.appraisal import selectors as appraisal
from pamong.appraisal.calibration import check_distribution, rules_for
from pamong.attendance import selectors as attendance
from pamong.core.models import Tenant
from pamong.evaluation.periods import Period
from pamong.org import selectors as org
from pamong.participation import selectors as participation
from pamong.performance import selectors as performance
from pamong.tpp import selectors as tpp

# SKP of a year must be submitted by the end of January (domain.md §1.3, planning phase).
SKP_DEADLINE = (1, 31)
# An evaluation counts as on time when given within this many days after the period.
RATING_GRACE_DAYS = 14
DAY_LINE_KINDS = ("late_in", "early_out", "absent")

Ratio = tuple[int | Decimal, int | Decimal | None]  # (numerator, denominator)


class Context:
    """One tenant and period; each source is read once and shared by its indicators."""

    def __init__(self, tenant: Tenant, period: Period, opd_ids: list[int]) -> None:
        self.tenant = tenant
        self.period = period
        self.opd_ids = opd_ids
        self.zone = ZoneInfo(tenant.timezone)

    def _end_of(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time.max, self.zone)

    @cached_property
    def employees(self) -> dict[int, int]:
        return org.active_employees_per_opd(self.tenant.pk, self.period.start, self.period.end)

    @cached_property
    def skp(self) -> dict[int, int]:
        deadline = self._end_of(dt.date(self.period.year, *SKP_DEADLINE))
        return appraisal.skp_submitted_per_opd(self.tenant.pk, self.period.year, deadline)

    @cached_property
    def evaluations(self) -> dict[int, dict[str, int]]:
        deadline = self._end_of(self.period.end + dt.timedelta(days=RATING_GRACE_DAYS))
        return appraisal.evaluations_per_opd(self.tenant.pk, self.period.code, deadline)

    @cached_property
    def objections(self) -> dict[int, dict[str, int]]:
        return appraisal.objections_per_opd(self.tenant.pk, self.period.code)

    @cached_property
    def predikat(self) -> dict[int, dict[str, int]]:
        return performance.predikat_counts_per_opd(self.tenant.pk, self.period.code)

    @cached_property
    def org_predikat(self) -> dict[int, str]:
        return performance.org_predikat_per_opd(self.tenant.pk, self.period.code)

    @cached_property
    def slips(self) -> dict[int, dict[str, Any]]:
        return tpp.slips_per_opd(self.tenant.pk, self.period.months)

    @cached_property
    def kinerja(self) -> dict[int, dict[str, dict[str, int]]]:
        return tpp.kinerja_by_predikat_per_opd(self.tenant.pk, self.period.months)

    @cached_property
    def day_lines(self) -> dict[int, dict[str, int]]:
        return tpp.day_lines_per_opd(self.tenant.pk, self.period.months, DAY_LINE_KINDS)

    @cached_property
    def pagu(self) -> dict[int, int]:
        return tpp.pagu_per_opd(self.tenant.pk, self.period.year)

    @cached_property
    def corrections(self) -> dict[int, dict[str, int]]:
        return attendance.corrections_per_opd(self.tenant.pk, self.period.start, self.period.end)

    @cached_property
    def leave(self) -> dict[int, dict[str, int]]:
        return attendance.leave_days_per_opd(self.tenant.pk, self.period.start, self.period.end)

    @cached_property
    def complaints(self) -> dict[int, dict[str, Any]]:
        return participation.complaints_per_opd(self.tenant, self.period.start, self.period.end)

    @cached_property
    def ikm(self) -> dict[int, Any]:
        return participation.ikm_per_opd(
            self.tenant, self.opd_ids, self.period.start, self.period.end
        )

    @cached_property
    def forum(self) -> dict[int, dict[str, int]]:
        return participation.forum_items_per_opd(self.tenant, self.period.start, self.period.end)


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    label: str | Promise
    label_en: str
    numerator: str | Promise
    denominator: str | Promise
    unit: str | Promise  # "%", "Rp", "hari/pegawai", "laporan", "skala 1-5", "IKM", "aturan"
    higher_is_better: bool
    compute: Callable[[Context], dict[Any, Ratio]] | None = None
    scale: int = 100  # value = numerator * scale / denominator
    source: str = ""  # the trace source (trace.py) behind the number
    available: bool = True

    @property
    def period_note(self) -> str:
        return str(_("semester atau tahun yang dievaluasi"))


GROUPS: dict[str, Promise] = {
    "appraisal": _("Penilaian kinerja"),
    "pay": _("TPP"),
    "discipline": _("Disiplin"),
    "leave": _("Cuti"),
    "public": _("Pelayanan publik"),
    "competence": _("Kompetensi"),
    "careers": _("Karier"),
    "manual": _("Indikator manual"),
}


def _ratios(
    source: dict[int, Any], num: Callable[[Any], Any], den: Callable[[Any], Any] | None
) -> dict[Any, Ratio]:
    return {o: (num(v), den(v) if den else None) for o, v in source.items()}


def _skp(ctx: Context) -> dict[Any, Ratio]:
    return {o: (ctx.skp.get(o, 0), n) for o, n in ctx.employees.items()}


def _rating_on_time(ctx: Context) -> dict[Any, Ratio]:
    ev = ctx.evaluations
    return {o: (ev.get(o, {}).get("on_time", 0), n) for o, n in ctx.employees.items()}


def _objections_filed(ctx: Context) -> dict[Any, Ratio]:
    filed = ctx.objections
    return {o: (filed.get(o, {}).get("filed", 0), v["all"]) for o, v in ctx.evaluations.items()}


def _sb_share(ctx: Context) -> dict[Any, Ratio]:
    return _ratios(ctx.predikat, lambda c: c.get("sangat_baik", 0), lambda c: sum(c.values()))


def _rule_breaks(ctx: Context) -> dict[Any, Ratio]:
    rules = rules_for(ctx.tenant)
    out: dict[Any, Ratio] = {}
    for opd_id, counts in ctx.predikat.items():
        org_predikat = ctx.org_predikat.get(opd_id)
        if org_predikat:
            out[opd_id] = (len(check_distribution(counts, org_predikat, rules)), None)
    return out


def _kinerja_ratio(ctx: Context) -> dict[Any, Ratio]:
    """Mean kinerja component of Sangat Baik over that of Baik: sb_sum*b_n / (b_sum*sb_n)."""
    out: dict[Any, Ratio] = {}
    tot = {"sb_sum": 0, "sb_n": 0, "b_sum": 0, "b_n": 0}
    for opd_id, per in ctx.kinerja.items():
        sb, b = per.get("sangat_baik"), per.get("baik")
        if sb:
            tot["sb_sum"] += sb["kinerja"]
            tot["sb_n"] += sb["n"]
        if b:
            tot["b_sum"] += b["kinerja"]
            tot["b_n"] += b["n"]
        if sb and b:
            out[opd_id] = (sb["kinerja"] * b["n"], b["kinerja"] * sb["n"])
    if tot["sb_n"] and tot["b_n"]:
        out["total"] = (tot["sb_sum"] * tot["b_n"], tot["b_sum"] * tot["sb_n"])
    else:
        out["total"] = (0, 0)
    return out


def _spent(ctx: Context) -> dict[Any, Ratio]:
    share = len(ctx.period.months)
    out: dict[Any, Ratio] = {}
    for opd_id, pagu in ctx.pagu.items():
        spent = ctx.slips.get(opd_id, {}).get("sum_bruto") or 0
        # The pagu is yearly: a semester is measured against its months' share.
        out[opd_id] = (spent * 12, pagu * share)
    return out


def _lines(kind: str) -> Callable[[Context], dict[Any, Ratio]]:
    def compute(ctx: Context) -> dict[Any, Ratio]:
        return {
            o: (ctx.day_lines.get(o, {}).get(kind, 0), s["sum_hari_kerja"] or 0)
            for o, s in ctx.slips.items()
        }

    return compute


def _leave_days(ctx: Context) -> dict[Any, Ratio]:
    return {o: (sum(ctx.leave.get(o, {}).values()), n) for o, n in ctx.employees.items()}


def _leave_kind(kind: str) -> Callable[[Context], dict[Any, Ratio]]:
    def compute(ctx: Context) -> dict[Any, Ratio]:
        return {o: (ctx.leave.get(o, {}).get(kind, 0), n) for o, n in ctx.employees.items()}

    return compute


def _ikm(ctx: Context) -> dict[Any, Ratio]:
    """IKM konversi per OPD; the tenant figure weighs the OPDs by their respondents."""
    out: dict[Any, Ratio] = {}
    weighted, respondents = Decimal(0), 0
    for opd_id, p in ctx.ikm.items():
        if p.ikm_konversi is not None:
            out[opd_id] = (p.ikm_konversi, 1)
            weighted += p.ikm_konversi * p.responden
            respondents += p.responden
    out["total"] = (weighted, respondents) if respondents else (0, 0)
    return out


def ikm_band(value: Decimal | None) -> str:
    if value is None:
        return ""
    from pamong.participation.ikm import band

    return band(value.quantize(Decimal("0.01"), ROUND_HALF_UP))[0]


REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> None:
    """Add or replace an indicator (the competence and careers apps plug theirs in here)."""
    REGISTRY[indicator.code] = indicator


for _indicator in [
    Indicator(
        "skp_on_time", "appraisal", _("SKP diajukan tepat waktu"),
        "SKP submitted on time",
        _("pegawai yang SKP tahunnya diajukan paling lambat 31 Januari"),
        _("pegawai yang tercatat pada periode"), "%", True, _skp, source="skp",
    ),
    Indicator(
        "rating_on_time", "appraisal", _("Penilaian diberikan tepat waktu"),
        "Ratings given on time",
        _("pegawai yang dinilai untuk periode ini paling lambat 14 hari setelah periode"),
        _("pegawai yang tercatat pada periode"), "%", True, _rating_on_time,
        source="evaluations",
    ),
    Indicator(
        "predikat_sb_share", "appraisal", _("Porsi predikat Sangat Baik"),
        "Share rated Sangat Baik",
        _("predikat Sangat Baik pada periode"), _("seluruh predikat pada periode"),
        "%", False, _sb_share, source="ratings",
    ),
    Indicator(
        "predikat_rule_breaks", "appraisal", _("Pelanggaran pola distribusi predikat"),
        "Distribution rules broken",
        _("aturan pola distribusi (SE MenPANRB 3/2023) yang dilanggar, sesuai predikat "
          "organisasi"), _("tanpa pembagi (jumlah)"), _("aturan"), False, _rule_breaks,
        source="ratings",
    ),
    Indicator(
        "objections_filed", "appraisal", _("Keberatan diajukan"), "Objections filed",
        _("keberatan atas penilaian periode ini"), _("penilaian periode ini"), "%", False,
        _objections_filed,
        source="evaluations",
    ),
    Indicator(
        "objections_upheld", "appraisal", _("Keberatan diterima"), "Objections upheld",
        _("keberatan yang diterima"), _("keberatan yang sudah diputus"), "%", False,
        lambda c: _ratios(c.objections, lambda v: v["upheld"], lambda v: v["decided"]),
        source="evaluations",
    ),
    Indicator(
        "tpp_spent", "pay", _("Realisasi TPP terhadap pagu"), "TPP spent against pagu",
        _("TPP bruto pada perhitungan yang disetujui atau dibayar"),
        _("pagu tahunan x jumlah bulan periode / 12"), "%", False, _spent,
        source="tpp_slips",
    ),
    Indicator(
        "tpp_discipline_deduction", "pay", _("Rata-rata potongan disiplin"),
        "Average discipline deduction",
        _("jumlah persen potongan disiplin pada slip"), _("jumlah slip"), "%", False,
        lambda c: _ratios(c.slips, lambda v: v["sum_disiplin_persen"] or 0, lambda v: v["slips"]),
        scale=1, source="tpp_slips",
    ),
    Indicator(
        "tpp_sanction_deduction", "pay", _("Potongan hukuman disiplin"),
        "Deductions for sanctions", _("jumlah rupiah potongan hukuman disiplin"),
        _("tanpa pembagi (jumlah)"), "Rp", False,
        lambda c: _ratios(c.slips, lambda v: v["sum_hukdis"] or 0, None),
        source="tpp_slips",
    ),
    Indicator(
        "tpp_kinerja_sb_vs_baik", "pay", _("TPP kinerja Sangat Baik dibanding Baik"),
        "Performance TPP: Sangat Baik against Baik",
        _("rata-rata komponen kinerja TPP pegawai berpredikat Sangat Baik"),
        _("rata-rata komponen kinerja TPP pegawai berpredikat Baik"), "%", True,
        _kinerja_ratio, source="tpp_slips",
    ),
    Indicator(
        "late_in_rate", "discipline", _("Tingkat terlambat masuk"), "Late arrival rate",
        _("hari terlambat masuk pada slip TPP"), _("hari kerja pada slip TPP"), "%", False,
        _lines("late_in"), source="tpp_slips",
    ),
    Indicator(
        "early_out_rate", "discipline", _("Tingkat pulang sebelum waktunya"),
        "Early leave rate", _("hari pulang cepat pada slip TPP"),
        _("hari kerja pada slip TPP"), "%", False, _lines("early_out"), source="tpp_slips",
    ),
    Indicator(
        "absent_rate", "discipline", _("Hari tanpa keterangan"), "Days without explanation",
        _("hari tanpa keterangan pada slip TPP"), _("hari kerja pada slip TPP"), "%", False,
        _lines("absent"), source="tpp_slips",
    ),
    Indicator(
        "corrections_approved", "discipline", _("Koreksi presensi disetujui"),
        "Attendance corrections approved", _("koreksi yang disetujui"),
        _("koreksi yang sudah diputus (disetujui atau ditolak)"), "%", False,
        lambda c: _ratios(c.corrections, lambda v: v["approved"], lambda v: v["decided"]),
        source="corrections",
    ),
    Indicator(
        "leave_days", "leave", _("Hari cuti per pegawai"), "Leave days per employee",
        _("hari kalender cuti (semua jenis) di dalam periode"),
        _("pegawai yang tercatat pada periode"), _("hari/pegawai"), False, _leave_days,
        scale=1, source="leave",
    ),
    *[
        Indicator(
            f"leave_days_{kind}", "leave", format_lazy(_("Hari {type} per pegawai"), type=label),
            f"Days of leave ({kind}) per employee",
            format_lazy(_("hari kalender {type} di dalam periode"), type=label),
            _("pegawai yang tercatat pada periode"), _("hari/pegawai"), False,
            _leave_kind(kind), scale=1, source="leave",
        )
        for kind, label in attendance.leave_types()
    ],
    Indicator(
        "complaints_received", "public", _("Laporan masyarakat diterima"),
        "Complaints received", _("laporan yang masuk pada periode"),
        _("tanpa pembagi (jumlah)"), _("laporan"), False,
        lambda c: _ratios(c.complaints, lambda v: v["received"], None), source="complaints",
    ),
    Indicator(
        "complaint_first_response", "public", _("Tanggapan pertama tepat waktu"),
        "First response within deadline",
        _("laporan yang ditanggapi paling lambat tanggal batas tanggapan pertama"),
        _("laporan pada periode yang tidak diarsipkan"), "%", True,
        lambda c: _ratios(c.complaints, lambda v: v["fr_ok"], lambda v: v["fr_due"]),
        source="complaints",
    ),
    Indicator(
        "complaint_resolution", "public", _("Penyelesaian laporan tepat waktu"),
        "Resolution within deadline", _("laporan selesai paling lambat batas penyelesaian"),
        _("laporan selesai yang memiliki batas penyelesaian"), "%", True,
        lambda c: _ratios(c.complaints, lambda v: v["res_ok"], lambda v: v["res_due"]),
        source="complaints",
    ),
    Indicator(
        "reporter_satisfaction", "public", _("Kepuasan pelapor"), "Reporter satisfaction",
        _("jumlah nilai penilaian pelapor (1-5)"), _("laporan yang dinilai pelapor"),
        _("skala 1-5"), True,
        lambda c: _ratios(c.complaints, lambda v: v["rating_sum"], lambda v: v["rated"]),
        scale=1, source="complaints",
    ),
    Indicator(
        "ikm", "public", _("Indeks Kepuasan Masyarakat (IKM)"), "Public satisfaction index",
        _("nilai konversi IKM dari jawaban SKM pada periode (PermenPANRB 14/2017); "
          "total pemda: rata-rata OPD tertimbang jumlah responden"),
        _("—"), "IKM", True, _ikm, scale=1,
    ),
    Indicator(
        "forum_items_done", "public", _("Tindak lanjut forum warga selesai"),
        "Forum action items done",
        _("tindak lanjut forum yang selesai paling lambat akhir periode"),
        _("tindak lanjut forum yang jatuh tempo pada periode"), "%", True,
        lambda c: _ratios(c.forum, lambda v: v["done"], lambda v: v["due"]),
        source="forum_items",
    ),
    Indicator(
        "jp_attainment", "competence", _("Capaian 20 JP pengembangan kompetensi"),
        "20 JP competence development attained",
        _("pegawai yang mencapai 20 JP"), _("pegawai"), "%", True, available=False,
    ),
    Indicator(
        "promotion_on_time", "careers", _("Kenaikan pangkat tepat waktu"),
        "Promotions on time", _("kenaikan pangkat tepat waktu"),
        _("pegawai yang memenuhi syarat kenaikan pangkat"), "%", True, available=False,
    ),
]:  # fmt: skip
    register(_indicator)


def as_value(num: Any, den: Any, scale: int) -> Decimal | None:
    """numerator * scale / denominator to 2 decimals (half up); a count when den is None."""
    if den is None:
        return Decimal(num).quantize(Decimal("0.01"))
    if not den:
        return None
    value = Decimal(num) * scale / Decimal(den)
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def compute(indicator: Indicator, ctx: Context) -> dict[str, Any]:
    """{"total": figure, "opds": {opd_id: figure}}; a figure is {num, den, value}."""
    assert indicator.compute is not None
    ratios = indicator.compute(ctx)
    total = ratios.pop("total", None)
    if total is None:
        nums = [r[0] for r in ratios.values()]
        dens = [r[1] for r in ratios.values()]
        has_den = any(d is not None for d in dens)
        total = (sum(nums), sum(d or 0 for d in dens) if has_den else None)

    def figure(r: Ratio) -> dict[str, Any]:
        value = as_value(r[0], r[1], indicator.scale)
        return {
            "num": str(r[0]),
            "den": None if r[1] is None else str(r[1]),
            "value": None if value is None else str(value),
        }

    return {
        "total": figure(total),
        "opds": {str(o): figure(r) for o, r in ratios.items() if o in set(ctx.opd_ids)},
    }
