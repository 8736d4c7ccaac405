"""A slip explained line by line, shared by the slip page and the slip PDF.

Everything is rebuilt from what the run stored (the slip, its lines, the policy version
and the calendar snapshot); nothing is recomputed, so an approved slip never changes.
`Breakdown.adds_up` checks the arithmetic a reader would do with a pencil.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from pamong.core.labels import label
from pamong.tpp.engine import bpjs_room, format_percent, tax_group
from pamong.tpp.models import TppRun, TppSlip, TppSlipLine
from pamong.tpp.policy import Policy
from pamong.tpp.policy_text import number, rupiah
from pamong.tpp.services import policy_of

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
# Line kinds whose percent counts towards the month's discipline sum S (tpp.md §4).
PERCENT_KINDS = frozenset(
    {"late_in", "early_out", "missing_in", "missing_out", "absent", "leave", "duty"}
)


def month_label(period: dt.date) -> str:
    return f"{MONTHS[period.month - 1]} {period.year}"


def kind_labels() -> dict[str, str]:
    return {
        "late_in": _("Terlambat masuk"),
        "early_out": _("Pulang sebelum waktunya"),
        "missing_in": _("Tidak absen masuk"),
        "missing_out": _("Tidak absen pulang"),
        "absent": _("Tanpa keterangan"),
        "leave": _("Cuti"),
        "duty": _("Dinas luar"),
        "unpaid": _("Tidak dibayar"),
        "sanction": _("Hukuman disiplin"),
        "cap": _("Batas potongan"),
        "status": _("Status pegawai"),
        "outside": _("Di luar masa kerja"),
        "income": _("Penghasilan tetap (gaji)"),
    }


@dataclass(frozen=True)
class Component:
    label: str
    formula: str  # how the amount follows from the lines above, in words and numbers
    amount: int  # signed: deductions are negative
    total: bool = False  # a subtotal row (gross, bruto, netto)

    @property
    def shown(self) -> str:
        return signed(self.amount)


def signed(amount: int) -> str:
    """1234567 -> '1.234.567'; deductions with a minus sign: '−12.000'."""
    text = f"{abs(amount):,}".replace(",", ".")
    return f"−{text}" if amount < 0 else text


@dataclass
class Breakdown:
    slip: TppSlip
    policy: Policy
    jabatan: str
    components: list[Component] = field(default_factory=list)
    # Every working day of the run: (day, its lines); no lines = present, on time.
    days: list[tuple[dt.date, list[TppSlipLine]]] = field(default_factory=list)
    other_lines: list[TppSlipLine] = field(default_factory=list)
    discipline_sum: Decimal = ZERO
    leave_days: int = 0  # paid working days on leave (each has its line and note)
    unpaid_days: int = 0
    sanction_percent: Decimal = ZERO
    is_adjustment: bool = False
    penghasilan_tetap: int | None = None  # the payroll's figure the BPJS cap used

    @property
    def adds_up(self) -> bool:
        """Signed components add up to netto, and the day percents to the deduction %."""
        s = self.slip
        money = s.kinerja + s.disiplin - s.potongan_hukdis - s.pph21 - s.iuran_bpjs
        if money != s.netto or s.kinerja + s.disiplin - s.potongan_hukdis != s.bruto:
            return False
        if self.is_adjustment:
            return True
        return min(self.discipline_sum, self.policy.cap) == s.potongan_disiplin_persen


def _pct(value: Decimal | int) -> str:
    return f"{number(Decimal(value))}%"


def build_breakdown(slip: TppSlip, lines: list[TppSlipLine] | None = None) -> Breakdown:
    run: TppRun = slip.run
    if lines is None:
        lines = list(
            TppSlipLine.objects.filter(tenant_id=slip.tenant_id, slip=slip).order_by("day", "id")
        )
    policy = policy_of(run.policy)
    position = slip.employee.position
    jabatan = position.name if position is not None else ""
    b = Breakdown(
        slip=slip,
        policy=policy,
        jabatan=jabatan,
        is_adjustment=run.kind == TppRun.Kind.ADJUSTMENT,
    )
    by_day: dict[dt.date, list[TppSlipLine]] = {}
    for line in lines:
        if line.day is not None:
            by_day.setdefault(line.day, []).append(line)
        else:
            b.other_lines.append(line)
        if line.kind in PERCENT_KINDS and line.percent is not None:
            b.discipline_sum += line.percent
        if line.kind == "leave":
            b.leave_days += 1
        if line.kind == "unpaid":
            b.unpaid_days += 1
        if line.kind == "income":
            b.penghasilan_tetap = line.amount
        if line.kind == "sanction":
            b.sanction_percent = min(b.sanction_percent + (line.percent or ZERO), HUNDRED)
    if not any(line.kind == "status" for line in lines):
        b.days = [
            (day, by_day.get(day, []))
            for day in map(dt.date.fromisoformat, run.calendar.get("working_days", []))
        ]
    b.components = _adjustment(slip) if b.is_adjustment else _components(b)
    return b


def _components(b: Breakdown) -> list[Component]:
    s, policy, jabatan = b.slip, b.policy, b.jabatan
    base = policy.base_for(jabatan=jabatan, kelas=s.kelas) or 0
    base_source = (
        _("jabatan %(j)s") % {"j": jabatan}
        if jabatan in policy.jabatan_overrides
        else _("kelas %(k)s") % {"k": s.kelas}
    )
    type_percent = policy.employee_type_percent.get(s.employee_type, ZERO)
    kinerja_percent = policy.kinerja_percent.get(s.predikat, ZERO)
    keep = HUNDRED - s.potongan_disiplin_persen
    gross = s.kinerja + s.disiplin
    taxed = policy.tax_method == "by_golongan"
    group = tax_group(s.employee_type, s.golongan)
    tax = policy.tax_percent.get(group, ZERO) if taxed else ZERO
    hukdis = (
        _("%(g)s × %(p)s (hukuman disiplin aktif)")
        % {"g": rupiah(gross), "p": _pct(b.sanction_percent)}
        if s.potongan_hukdis
        else _("tidak ada hukuman disiplin aktif")
    )
    return [
        Component(
            _("TPP dasar"),
            _("%(base)s (%(src)s) × %(t)s (%(type)s) × %(paid)s/%(work)s hari kerja dibayar")
            % {
                "base": rupiah(base),
                "src": base_source,
                "t": _pct(type_percent),
                "type": s.employee_type,
                "paid": s.hari_dibayar,
                "work": s.hari_kerja,
            },
            s.tpp_dasar,
        ),
        Component(
            _("Komponen kinerja"),
            _("%(d)s × bobot %(w)s × %(p)s (predikat %(pr)s)")
            % {
                "d": rupiah(s.tpp_dasar),
                "w": _pct(policy.weight_kinerja),
                "p": _pct(kinerja_percent),
                "pr": label(s.predikat, "predikat"),
            },
            s.kinerja,
        ),
        Component(
            _("Komponen disiplin"),
            _("%(d)s × bobot %(w)s × (100%% − potongan %(p)s) = × %(k)s")
            % {
                "d": rupiah(s.tpp_dasar),
                "w": _pct(policy.weight_disiplin),
                "p": _pct(s.potongan_disiplin_persen),
                "k": _pct(keep),
            },
            s.disiplin,
        ),
        Component(_("Jumlah kotor"), _("kinerja + disiplin"), gross, total=True),
        Component(_("Potongan hukuman disiplin"), hukdis, -s.potongan_hukdis),
        Component(_("Bruto"), _("jumlah kotor − potongan hukuman disiplin"), s.bruto, True),
        Component(
            _("PPh 21"),
            _("%(b)s × %(p)s (%(g)s)") % {"b": rupiah(s.bruto), "p": _pct(tax), "g": group}
            if taxed
            else _("tidak dipotong menurut kebijakan"),
            -s.pph21,
        ),
        _bpjs(b),
        Component(_("Netto (diterima)"), _("bruto − PPh 21 − iuran BPJS"), s.netto, True),
    ]


def _bpjs(b: Breakdown) -> Component:
    """The cap is on salary and TPP together: the salary takes its share first (tpp.md §5)."""
    s, policy = b.slip, b.policy
    room = bpjs_room(policy.bpjs_cap, b.penghasilan_tetap)
    values = {
        "b": rupiah(min(s.bruto, room)),
        "p": _pct(policy.bpjs_percent),
        "cap": rupiah(policy.bpjs_cap),
        "i": rupiah(b.penghasilan_tetap or 0),
        "room": rupiah(room),
    }
    if b.penghasilan_tetap is None:
        formula = _(
            "%(b)s × %(p)s; batas %(cap)s untuk gaji dan TPP bersama, tanpa data penghasilan "
            "tetap dari gaji (dihitung 0): sisa %(room)s untuk TPP"
        )
    else:
        formula = _(
            "%(b)s × %(p)s; batas %(cap)s untuk gaji dan TPP bersama, penghasilan tetap dari "
            "gaji %(i)s: sisa %(room)s untuk TPP"
        )
    formula = formula % values
    return Component(_("Iuran BPJS Kesehatan"), formula, -s.iuran_bpjs)


def _adjustment(s: TppSlip) -> list[Component]:
    """An adjustment slip holds differences against what was already settled."""
    note = _("selisih terhadap perhitungan yang sudah disetujui")
    rows = [
        (_("TPP dasar"), s.tpp_dasar, False),
        (_("Komponen kinerja"), s.kinerja, False),
        (_("Komponen disiplin"), s.disiplin, False),
        (_("Potongan hukuman disiplin"), -s.potongan_hukdis, False),
        (_("Bruto"), s.bruto, True),
        (_("PPh 21"), -s.pph21, False),
        (_("Iuran BPJS Kesehatan"), -s.iuran_bpjs, False),
        (_("Netto (diterima)"), s.netto, True),
    ]
    return [Component(label, note, amount, total) for label, amount, total in rows]


def percent_text(value: Decimal | None) -> str:
    return "" if value is None else format_percent(value)
