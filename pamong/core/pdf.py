"""Official-looking PDF documents (slips, SKP, surat izin cuti, payroll lists, posters).

One small layer over reportlab's platypus so every module prints the same letterhead,
tables and signature blocks. Pure Python: no system fonts or libraries are needed, which
keeps installs on Pemda servers trivial; Helvetica covers the Latin-1 Indonesian needs.

Usage::

    doc = PdfDocument(title="Slip TPP Oktober 2026", tenant_name=tenant.name)
    doc.heading("Rincian")
    doc.key_values([("NIP", nip), ("Nama", name)])
    doc.table(["Komponen", "Rupiah"], rows, align_right={1}, total_row=["Jumlah", "1.000"])
    doc.signatures([Signatory("Bendahara", "Ani", "19800101...")], place_date="Sofifi, 1 Nov 2026")
    return pdf_response(doc.render(), "slip.pdf")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.http import HttpResponse
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

_BASE = getSampleStyleSheet()
STYLES = {
    "kop": ParagraphStyle("kop", parent=_BASE["Title"], fontSize=13, leading=16, spaceAfter=0),
    "kop_sub": ParagraphStyle("kop_sub", parent=_BASE["Normal"], alignment=TA_CENTER),
    "title": ParagraphStyle("title", parent=_BASE["Heading2"], alignment=TA_CENTER),
    "heading": ParagraphStyle("heading", parent=_BASE["Heading4"], spaceBefore=8),
    "body": ParagraphStyle("body", parent=_BASE["Normal"], fontSize=9.5, leading=12),
    "cell": ParagraphStyle("cell", parent=_BASE["Normal"], fontSize=8.5, leading=10),
    "small": ParagraphStyle("small", parent=_BASE["Normal"], fontSize=7.5, textColor="#555555"),
}


def text(value: Any) -> str:
    """Escape user data for reportlab's mini-markup: names may contain '&' or '<'."""
    return escape("" if value is None else str(value))


@dataclass(frozen=True)
class Signatory:
    role: str  # e.g. "Pejabat Penilai Kinerja", "Bendahara Pengeluaran"
    name: str
    nip: str = ""


@dataclass
class PdfDocument:
    title: str
    tenant_name: str = ""
    subtitle: str = ""
    landscape: bool = False
    story: list[Flowable] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.tenant_name:
            self.story.append(Paragraph(text(self.tenant_name).upper(), STYLES["kop"]))
        self.story.append(Paragraph(text(self.title), STYLES["title"]))
        if self.subtitle:
            self.story.append(Paragraph(text(self.subtitle), STYLES["kop_sub"]))
        self.story.append(Spacer(1, 4 * mm))

    # building blocks -------------------------------------------------------------------
    def heading(self, value: str) -> None:
        self.story.append(Paragraph(text(value), STYLES["heading"]))

    def paragraph(self, value: str) -> None:
        self.story.append(Paragraph(text(value), STYLES["body"]))

    def spacer(self, height_mm: float = 4) -> None:
        self.story.append(Spacer(1, height_mm * mm))

    def flowable(self, item: Flowable) -> None:
        self.story.append(item)

    def key_values(self, pairs: Iterable[tuple[str, Any]]) -> None:
        rows = [
            [Paragraph(text(k), STYLES["cell"]), ":", Paragraph(text(v), STYLES["cell"])]
            for k, v in pairs
        ]
        table = Table(rows, colWidths=[45 * mm, 4 * mm, None], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        self.story.append(table)

    def table(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        col_widths: Sequence[float | None] | None = None,
        align_right: set[int] | frozenset[int] = frozenset(),
        total_row: Sequence[Any] | None = None,
    ) -> None:
        """A bordered table that repeats its header on every page."""
        data: list[list[Any]] = [[Paragraph(f"<b>{text(h)}</b>", STYLES["cell"]) for h in header]]
        for row in rows:
            data.append([Paragraph(text(c), STYLES["cell"]) for c in row])
        if total_row is not None:
            data.append([Paragraph(f"<b>{text(c)}</b>", STYLES["cell"]) for c in total_row])
        widths = list(col_widths) if col_widths else None
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        style: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        for col in align_right:
            for r in range(len(data)):
                cell = data[r][col]
                cell.style = ParagraphStyle("r", parent=cell.style, alignment=2)
        if total_row is not None:
            style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f3f3")))
        table.setStyle(TableStyle(style))
        self.story.append(table)

    def signatures(self, signatories: Sequence[Signatory], place_date: str = "") -> None:
        """Signature blocks side by side: role, room to sign, name underlined, NIP."""
        if not signatories:
            return
        cells = []
        for i, s in enumerate(signatories):
            lines = []
            # The place and date sit above the last block, as on Indonesian official letters.
            if place_date and i == len(signatories) - 1:
                lines.append(text(place_date))
            lines.append(text(s.role))
            lines.extend(["", "", ""])
            lines.append(f"<u><b>{text(s.name)}</b></u>")
            if s.nip:
                lines.append(f"NIP {text(s.nip)}")
            cells.append(Paragraph("<br/>".join(lines), STYLES["body"]))
        table = Table([cells], hAlign="CENTER")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
        self.story.append(Spacer(1, 8 * mm))
        self.story.append(KeepTogether([table]))

    # output ----------------------------------------------------------------------------
    def render(self) -> bytes:
        buffer = BytesIO()
        pagesize = landscape(A4) if self.landscape else A4
        doc = SimpleDocTemplate(
            buffer,
            pagesize=pagesize,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=15 * mm,
            bottomMargin=15 * mm,
            title=self.title,
            author=self.tenant_name or "Pamong",
            creator="Pamong",
        )
        printed = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        label = f"{self.title} · Pamong · {printed}"

        def footer(canvas: Any, document: Any) -> None:
            canvas.saveState()
            canvas.setFont("Helvetica", 7)
            canvas.setFillColor(colors.grey)
            canvas.drawString(18 * mm, 8 * mm, label)
            canvas.drawRightString(pagesize[0] - 18 * mm, 8 * mm, str(document.page))
            canvas.restoreState()

        doc.build(list(self.story), onFirstPage=footer, onLaterPages=footer)
        return buffer.getvalue()


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def rupiah(amount: int | Any) -> str:
    """1234567 -> '1.234.567' (Indonesian thousands separator)."""
    return f"{int(amount):,}".replace(",", ".")
