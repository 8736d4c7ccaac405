"""Draft KGB notice letter (surat pemberitahuan kenaikan gaji berkala) as PDF."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from pamong.careers.selectors import KgbRow
from pamong.core.pdf import PdfDocument, Signatory, rupiah
from pamong.org.models import Employee


def kgb_letter(row: KgbRow, employee: Employee, tenant_name: str, old_amount: int | None) -> bytes:
    doc = PdfDocument(
        title=_("PEMBERITAHUAN KENAIKAN GAJI BERKALA"),
        tenant_name=tenant_name,
        subtitle=_("KONSEP (belum ditandatangani)"),
    )
    doc.paragraph(
        _("Dengan ini diberitahukan bahwa berhubung telah dipenuhinya masa kerja dan syarat-"
          "syarat lainnya kepada:")
    )  # fmt: skip
    doc.key_values(
        [
            (_("Nama"), employee.name),
            (_("NIP"), employee.nip),
            (_("Pangkat/golongan"), row.golongan),
            (_("Jabatan"), employee.position.name),
            (_("Unit kerja"), employee.unit.name),
        ]
    )
    doc.heading(_("Atas dasar gaji pokok lama"))
    doc.key_values(
        [
            (_("Gaji pokok lama"), rupiah(old_amount) if old_amount else "–"),
            (_("TMT gaji berkala terakhir"), formats.date_format(row.tmt_kgb, "j F Y")),
            (_("Masa kerja golongan"), _("%(y)s tahun %(m)s bulan") % {
                "y": row.mkg_years, "m": row.mkg_months}),
        ]
    )  # fmt: skip
    doc.heading(_("Diberikan kenaikan gaji berkala"))
    if row.pay.amount is not None:
        amount = rupiah(row.pay.amount)
    else:
        amount = _("tidak ada di tabel yang tersimpan; isi dari lampiran peraturan")
    source = row.pay.table.source if row.pay.table else "–"
    doc.key_values(
        [
            (_("Gaji pokok baru"), amount),
            (_("Berdasarkan"), source),
            (_("Masa kerja golongan"), _("%(y)s tahun") % {"y": row.new_mkg}),
            (_("Terhitung mulai tanggal"), formats.date_format(row.effective, "j F Y")),
        ]
    )
    if row.postponed_months:
        doc.paragraph(
            _("Kenaikan gaji berkala ini ditunda %(n)s bulan dari %(due)s. Alasan: %(reason)s")
            % {
                "n": row.postponed_months,
                "due": formats.date_format(row.due, "j F Y"),
                "reason": row.postpone_reason,
            }
        )
    doc.paragraph(
        _("Kenaikan gaji berkala berikutnya dapat diberikan 2 tahun kemudian apabila "
          "memenuhi syarat.")
    )  # fmt: skip
    doc.signatures([Signatory(_("Kepala BKPSDM"), "", "")])
    return doc.render()
