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
    for line in _particulars(request):
        doc.paragraph(line)
    days = request.working_days
    dates = {
        "days": days,
        "start": formats.date_format(request.start, "j F Y"),
        "end": formats.date_format(request.end, "j F Y"),
        "travel": request.travel_days,
        "destination": request.destination,
        "range_end": formats.date_format(request.range_end, "j F Y"),
    }
    if request.travel_days:
        doc.paragraph(
            _(
                "selama %(days)s hari kerja, terhitung mulai tanggal %(start)s sampai dengan "
                "tanggal %(end)s, ditambah waktu perjalanan %(travel)s hari kalender ke "
                "%(destination)s (tujuan yang sulit dijangkau), sehingga seluruhnya sampai "
                "dengan tanggal %(range_end)s, dengan ketentuan sebagai berikut:"
            )
            % dates
        )
    else:
        doc.paragraph(
            _(
                "selama %(days)s hari kerja, terhitung mulai tanggal %(start)s sampai dengan "
                "tanggal %(end)s, dengan ketentuan sebagai berikut:"
            )
            % dates
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
    if request.kind == "tahunan":
        doc.paragraph(_balance_line(request))
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


def _particulars(request: LeaveRequest) -> list[str]:
    """Why and on what grounds, where the rules ask for it."""
    lines = []
    if request.reason_category:
        lines.append(
            _("Kategori alasan: %(category)s") % {"category": request.get_reason_category_display()}
        )
    if request.sick_subtype:
        lines.append(
            _("Jenis cuti sakit: %(subtype)s") % {"subtype": request.get_sick_subtype_display()}
        )
    if request.attachment and request.attachment_kind:
        lines.append(_("Berdasarkan: %(what)s") % {"what": request.get_attachment_kind_display()})
    if request.tpk_extension:
        lines.append(_("Termasuk perpanjangan atas keterangan Tim Penguji Kesehatan."))
    return lines


def _balance_line(request: LeaveRequest) -> str:
    if request.travel_days:
        return _(
            "Cuti tahunan ini mengurangi hak cuti tahunan sebanyak %(days)s hari kerja; waktu "
            "perjalanan %(travel)s hari kalender tidak mengurangi hak cuti tahunan."
        ) % {"days": request.working_days, "travel": request.travel_days}
    return _("Cuti tahunan ini mengurangi hak cuti tahunan sebanyak %(days)s hari kerja.") % {
        "days": request.working_days
    }
