"""The decision letter (surat izin cuti) as PDF, through the shared pamong.core.pdf layer."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from pamong.core.pdf import PdfDocument, Signatory

from .models import LeaveRequest


def surat_izin_cuti(request: LeaveRequest, tenant_name: str, place: str = "") -> bytes:
    employee = request.employee
    doc = PdfDocument(
        title=_("SURAT IZIN %(kind)s") % {"kind": request.get_kind_display().upper()},
        tenant_name=tenant_name,
        subtitle=_("Nomor: %(number)s") % {"number": request.letter_number},
    )
    who = (
        _("Pegawai Negeri Sipil")
        if employee.employee_type != "PPPK"
        else _("Pegawai Pemerintah dengan Perjanjian Kerja")
    )
    kind = request.get_kind_display()
    doc.paragraph(_("Diberikan %(kind)s kepada %(who)s:") % {"kind": kind, "who": who})
    doc.key_values(
        [
            (_("Nama"), employee.name),
            (_("NIP"), employee.nip),
            (_("Pangkat/golongan"), employee.golongan),
            (_("Jabatan"), employee.position.name),
            (_("Unit kerja"), employee.unit.name),
        ]
    )
    doc.spacer()
    days = request.working_days
    doc.paragraph(
        _(
            "selama %(days)s hari kerja, terhitung mulai tanggal %(start)s sampai dengan "
            "tanggal %(end)s, dengan ketentuan sebagai berikut:"
        )
        % {
            "days": days,
            "start": formats.date_format(request.start, "j F Y"),
            "end": formats.date_format(request.end, "j F Y"),
        }
    )
    doc.paragraph(
        _(
            "a. Sebelum menjalankan cuti wajib menyerahkan pekerjaannya kepada atasan langsung "
            "atau pejabat lain yang ditentukan."
        )
    )
    doc.paragraph(
        _("b. Setelah selesai menjalankan cuti wajib melaporkan diri kepada atasan langsung.")
    )
    if request.address:
        doc.paragraph(_("Alamat selama cuti: %(address)s") % {"address": request.address})
    doc.spacer()
    doc.paragraph(
        _("Demikian surat izin cuti ini dibuat untuk dapat dipergunakan sebagaimana mestinya.")
    )
    decided = formats.date_format(request.decided_at, "j F Y") if request.decided_at else ""
    doc.signatures(
        [
            Signatory(
                request.official_title or _("Pejabat yang berwenang"),
                request.official_name,
                request.official_nip,
            )
        ],
        place_date=f"{place}, {decided}" if place else decided,
    )
    return doc.render()
