"""The policy in plain Indonesian, for publication to employees (tpp:policy)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pamong.core.labels import label, labels
from pamong.tpp.policy import Bracket, Policy

PREDIKAT_CODES = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")


def _leave(kind: str) -> str:
    return capfirst(label(kind, "attendance.Leave.kind"))


def number(value: Decimal | int) -> str:
    """Indonesian notation: decimal comma, dot for thousands: 0,5 · 1,25 · 12.000.000."""
    text = format(Decimal(value).normalize(), "f")
    whole, _sep, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    out = sign + ".".join(groups)
    return f"{out},{fraction}" if fraction else out


def rupiah(value: int) -> str:
    return "Rp" + number(value)


@dataclass
class Section:
    title: str
    items: list[str] = field(default_factory=list)


def _bracket(kind: str, b: Bracket) -> str:
    params = {"kind": kind, "from": b.start, "to": b.end, "p": number(b.percent)}
    if b.end is None:
        return _("%(kind)s %(from)s menit atau lebih: potongan %(p)s%% per hari") % params
    return _("%(kind)s %(from)s–%(to)s menit: potongan %(p)s%% per hari") % params


def describe_policy(policy: Policy) -> list[Section]:
    sections = []
    base = Section(_("Besaran TPP dasar per kelas jabatan"))
    for kelas, amount in sorted(policy.base_by_class.items()):
        base.items.append(_("Kelas %(k)s: %(rp)s per bulan") % {"k": kelas, "rp": rupiah(amount)})
    for name, amount in sorted(policy.jabatan_overrides.items()):
        base.items.append(_("Jabatan %(j)s: %(rp)s per bulan") % {"j": name, "rp": rupiah(amount)})
    for kind, percent in policy.employee_type_percent.items():
        base.items.append(
            _("%(t)s menerima %(p)s%% dari TPP dasar") % {"t": kind, "p": number(percent)}
        )
    sections.append(base)
    weights = Section(_("Komponen"))
    weights.items.append(
        _("Kinerja %(k)s%% dan disiplin %(d)s%% dari TPP dasar")
        % {"k": number(policy.weight_kinerja), "d": number(policy.weight_disiplin)}
    )
    for key in PREDIKAT_CODES:
        weights.items.append(
            _("Predikat %(l)s: komponen kinerja dibayar %(p)s%%")
            % {"l": label(key, "predikat"), "p": number(policy.kinerja_percent[key])}
        )
    weights.items.append(
        _("Tanpa penilaian kinerja bulanan: komponen kinerja dibayar %(p)s%%")
        % {"p": number(policy.kinerja_percent["missing"])}
    )
    sections.append(weights)
    disc = Section(_("Potongan disiplin (dari komponen disiplin)"))
    disc.items.extend(_bracket(_("Terlambat"), b) for b in policy.late_in)
    disc.items.extend(_bracket(_("Pulang sebelum waktunya"), b) for b in policy.early_out)
    for text, value in (
        (_("Tidak absen masuk: potongan %(p)s%% per hari"), policy.missing_in),
        (_("Tidak absen pulang: potongan %(p)s%% per hari"), policy.missing_out),
        (_("Tidak masuk tanpa keterangan: potongan %(p)s%% per hari"), policy.absent),
        (_("Potongan disiplin sebulan paling banyak %(p)s%%"), policy.cap),
    ):
        disc.items.append(text % {"p": number(value)})
    sections.append(disc)
    leave = Section(_("Cuti"))
    for kind, rule in policy.leave.items():
        if rule.unpaid:
            leave.items.append(_("%(t)s: hari kerja tersebut tidak dibayar") % {"t": _leave(kind)})
        elif rule.after_days is not None:
            leave.items.append(
                _(
                    "%(t)s: %(n)s hari kerja pertama dalam sebulan potongan %(p)s%%, "
                    "hari berikutnya %(q)s%% per hari"
                )
                % {
                    "t": _leave(kind),
                    "n": rule.after_days,
                    "p": number(rule.deduct),
                    "q": number(rule.deduct_after or 0),
                }
            )
        else:
            params = {"t": _leave(kind), "p": number(rule.deduct)}
            leave.items.append(_("%(t)s: potongan %(p)s%% per hari") % params)
    if policy.not_paid_status:
        leave.items.append(
            _("Tidak menerima TPP: pegawai berstatus %(s)s")
            % {"s": labels(policy.not_paid_status, "org.Employee.status")}
        )
    sections.append(leave)
    deductions = Section(_("Pajak dan iuran"))
    if policy.tax_method == "by_golongan":
        for group, percent in policy.tax_percent.items():
            group_label = _("PPPK") if group == "PPPK" else _("golongan %(g)s") % {"g": group}
            deductions.items.append(
                _("PPh 21 %(g)s: %(p)s%% dari bruto") % {"g": group_label, "p": number(percent)}
            )
    else:
        deductions.items.append(_("PPh 21 tidak dipotong dari TPP"))
    deductions.items.append(
        _("Iuran BPJS Kesehatan: %(p)s%% dari bruto, paling tinggi dihitung dari %(cap)s")
        % {"p": number(policy.bpjs_percent), "cap": rupiah(policy.bpjs_cap)}
    )
    sections.append(deductions)
    return sections
