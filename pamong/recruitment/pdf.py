"""The announcement PDF: the passing candidates per formasi line (public fields only)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from pamong.core.pdf import PdfDocument
from pamong.recruitment.models import Candidate, FormasiLine, Selection

# plain strings, not Paragraphs: 5,000 rows render in a few seconds instead of a minute
STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("ALIGN", (3, 0), (4, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
)
WIDTHS = [10 * mm, 32 * mm, 80 * mm, 22 * mm, 20 * mm]


def announcement_pdf(
    selection: Selection, tenant_name: str, groups: Sequence[tuple[FormasiLine, list[Candidate]]]
) -> bytes:
    announced = selection.announced_at.date().isoformat() if selection.announced_at else ""
    doc = PdfDocument(
        title=_("Pengumuman hasil seleksi %(name)s") % {"name": selection.name or selection.code},
        tenant_name=tenant_name,
        subtitle=(_("Diumumkan %(date)s") % {"date": announced}) if announced else "",
    )
    header = ["No", _("No peserta"), _("Nama"), _("Nilai akhir"), _("Peringkat")]
    for line, passed in groups:
        # jalur is a CASN notion: a PPPK line shows the selection's kind instead
        track = selection.get_kind_display() if selection.is_pppk else line.get_jalur_display()
        doc.heading(
            f"{line.code} · {line.jabatan} · {track} · " + _("kuota %(n)s") % {"n": line.kuota}
        )
        if not passed:
            doc.paragraph(_("Tidak ada peserta yang lulus pada formasi ini."))
            continue
        rows: list[list[str]] = [header]
        for i, c in enumerate(passed, start=1):
            rank = str(c.rank)
            if c.filled_line_id is not None:
                rank = _("%(rank)s (dari %(code)s)") % {"rank": c.rank, "code": c.line.code}
            rows.append([str(i), c.no_peserta, c.name, f"{c.final_score}", rank])
        table = Table(rows, colWidths=WIDTHS, repeatRows=1, hAlign="LEFT")
        table.setStyle(STYLE)
        doc.flowable(table)
    doc.paragraph(
        _(
            "Peserta diurutkan menurut nilai akhir lalu nilai teknis, manajerial, sosial-kultural, "
            "wawancara, nilai pendidikan, usia dan nomor peserta. "
            "Nilai akhir dibulatkan ke 3 desimal; peringkat memakai nilai yang tepat."
        )
        if selection.is_pppk
        else _(
            "Peserta diurutkan menurut nilai akhir dan urutan penentuan PermenPANRB 6/2024. "
            "Nilai akhir dibulatkan ke 3 desimal; peringkat memakai nilai yang tepat."
        )
    )
    return doc.render()
