"""TPP documents as PDF: an employee's slip and the payroll list (daftar pembayaran) of an OPD."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from reportlab.lib.units import mm

from pamong.core import clock
from pamong.core.pdf import PdfDocument, Signatory, rupiah
from pamong.org.models import Unit
from pamong.tpp.engine import MONEY_COLUMNS
from pamong.tpp.models import TppRun, TppSlip
from pamong.tpp.policy_text import number
from pamong.tpp.slipdoc import Breakdown, kind_labels, month_label, signed

BLANK_NAME = "...................................."
BLANK_NIP = "...................................."


def _percent(value: Decimal | None) -> str:
    """Indonesian notation on paper: 0,5 · 1,25."""
    return "" if value is None else number(value)


def place_of(tenant_name: str) -> str:
    """'Kota Sofifi' -> 'Sofifi', for the place and date above a signature."""
    for prefix in ("Kota ", "Kabupaten ", "Kab. ", "Provinsi "):
        if tenant_name.startswith(prefix):
            return tenant_name.removeprefix(prefix)
    return tenant_name


def _status(run: TppRun) -> str:
    status = str(run.get_status_display())
    return f"{status} ({_('sementara')})" if run.provisional else status


def slip_pdf(b: Breakdown, tenant_name: str) -> bytes:
    s, run = b.slip, b.slip.run
    doc = PdfDocument(
        title=_("Slip TPP %(m)s") % {"m": month_label(run.period)},
        tenant_name=tenant_name,
        subtitle=f"{run.get_kind_display()} · {_status(run)} · {run.policy.name}",
    )
    doc.key_values(
        [
            (_("Nama"), s.name),
            ("NIP", s.nip),
            (_("Unit"), s.unit_code),
            (_("Jabatan / kelas"), f"{b.jabatan} / {s.kelas}"),
            (_("Jenis pegawai / golongan"), f"{s.employee_type} / {s.golongan}"),
            (_("Hari kerja / hari dibayar"), f"{s.hari_kerja} / {s.hari_dibayar}"),
            (_("Predikat kinerja"), s.predikat),
            (_("Hari cuti (dibayar / tidak dibayar)"), f"{b.leave_days} / {b.unpaid_days}"),
            (_("Keterangan"), s.keterangan or "-"),
        ]
    )
    doc.heading(_("Rincian"))
    doc.table(
        [_("Komponen"), _("Perhitungan"), _("Rupiah")],
        [(c.label, c.formula, signed(c.amount)) for c in b.components],
        col_widths=[45 * mm, None, 30 * mm],
        align_right={2},
    )
    if not b.is_adjustment:
        doc.heading(_("Potongan disiplin per hari kerja"))
        labels = kind_labels()
        rows = []
        for day, lines in b.days:
            if not lines:
                rows.append((day.isoformat(), _("Hadir"), _("tepat waktu, tanpa potongan"), "0"))
            for line in lines:
                label = labels.get(line.kind, line.kind)
                rows.append((day.isoformat(), label, line.note, _percent(line.percent)))
        capped = b.discipline_sum > b.policy.cap
        total = [
            _("Jumlah"),
            "",
            _("dibatasi %(cap)s%%") % {"cap": number(b.policy.cap)} if capped else "",
            number(s.potongan_disiplin_persen),
        ]
        doc.table(
            [_("Tanggal"), _("Jenis"), _("Keterangan (jam absen)"), _("Potongan (%)")],
            rows,
            col_widths=[22 * mm, 38 * mm, None, 22 * mm],
            align_right={3},
            total_row=total,
        )
    if b.other_lines:
        doc.heading(_("Lainnya"))
        labels = kind_labels()
        for line in b.other_lines:
            percent = f" ({_percent(line.percent)}%)" if line.percent is not None else ""
            doc.paragraph(f"{labels.get(line.kind, line.kind)}: {line.note}{percent}")
    doc.spacer()
    doc.paragraph(
        _("Netto = bruto − PPh 21 − iuran BPJS = %(n)s rupiah. Dasar: %(p)s.")
        % {"n": rupiah(s.netto), "p": run.policy.name}
    )
    return doc.render()


PAYROLL_HEADER = ("No", "NIP", "Nama", "Gol.", "Kelas", "Hari", "Bruto", "PPh 21", "BPJS",
                  "Netto", "Bank", "No. rekening")  # fmt: skip


def payroll_pdf(run: TppRun, opd: Unit, bendahara: Signatory, tenant_name: str) -> bytes:
    """The OPD's daftar pembayaran: one row per slip, totals, the two signatures."""
    slips = (
        TppSlip.objects.filter(tenant_id=run.tenant_id, run=run, opd=opd)
        .order_by("nip")
        .values_list(
            "nip",
            "name",
            "golongan",
            "kelas",
            "hari_dibayar",
            "hari_kerja",
            "bruto",
            "pph21",
            "iuran_bpjs",
            "netto",
            "bank_name",
            "bank_account",
        )  # fmt: skip
    )
    rows = []
    for i, (nip, name, gol, kelas, paid, work, *money, bank, account) in enumerate(slips, 1):
        rows.append(
            [i, nip, name, gol, kelas, f"{paid}/{work}", *map(signed, money), bank, account]
        )
    sums = TppSlip.objects.filter(tenant_id=run.tenant_id, run=run, opd=opd).aggregate(
        **{c: Sum(c) for c in MONEY_COLUMNS}
    )
    total = ["", "", _("Jumlah (%(n)s pegawai)") % {"n": len(rows)}, "", "", ""]
    total += [signed(sums[c] or 0) for c in ("bruto", "pph21", "iuran_bpjs", "netto")]
    total += ["", ""]
    kind = _(" (penyesuaian)") if run.kind == TppRun.Kind.ADJUSTMENT else ""
    doc = PdfDocument(
        title=_("Daftar Pembayaran TPP %(m)s%(k)s") % {"m": month_label(run.period), "k": kind},
        tenant_name=tenant_name,
        subtitle=f"{opd.code} {opd.name} · {_status(run)} · {run.policy.name}",
        landscape=True,
    )
    doc.table(
        PAYROLL_HEADER,
        rows,
        col_widths=[
            9 * mm,
            37 * mm,
            None,
            12 * mm,
            13 * mm,
            13 * mm,
            24 * mm,
            21 * mm,
            19 * mm,
            24 * mm,
            20 * mm,
            27 * mm,
        ],  # fmt: skip
        align_right={0, 4, 5, 6, 7, 8, 9},
        total_row=total,
    )
    head = opd.head
    today = clock.today(opd.tenant)
    # Head of the OPD on the left ("Mengetahui"), the bendahara with place and date on the
    # right, as on Pemda payroll lists.
    doc.signatures(
        [
            Signatory(
                _("Mengetahui, Kepala %(opd)s") % {"opd": opd.name},
                head.name if head is not None else BLANK_NAME,
                head.nip if head is not None else BLANK_NIP,
            ),
            Signatory(bendahara.role, bendahara.name, bendahara.nip or BLANK_NIP),
        ],
        place_date=f"{place_of(tenant_name)}, {today.day} {month_label(today)}",
    )
    return doc.render()
