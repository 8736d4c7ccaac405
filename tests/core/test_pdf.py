"""The shared PDF layer prints what callers give it, escaped, with signature blocks."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from pamong.core.pdf import PdfDocument, Signatory, pdf_response, rupiah


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_document_has_letterhead_table_totals_and_signatures() -> None:
    doc = PdfDocument(title="Daftar Pembayaran TPP", tenant_name="Kota Sofifi", subtitle="Okt 2026")
    doc.key_values([("OPD", "Dinas Kesehatan & KB <Sofifi>")])
    rows = [[f"19800101200001100{i}", f"Pegawai {i}", rupiah(1_500_000 + i)] for i in range(80)]
    doc.table(["NIP", "Nama", "Jumlah"], rows, align_right={2}, total_row=["", "Jumlah", "x"])
    doc.signatures(
        [Signatory("Kepala OPD", "Dr. Ani", "197001011990032001"), Signatory("Bendahara", "Budi")],
        place_date="Sofifi, 1 November 2026",
    )
    content = doc.render()
    assert content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(content))
    assert len(reader.pages) >= 2  # the 80 rows flow onto a second page
    text = _text(content)
    assert "KOTA SOFIFI" in text
    assert "Dinas Kesehatan & KB <Sofifi>" in text  # escaped, not parsed as markup
    assert "1.500.079" in text
    assert "NIP 197001011990032001" in text
    assert "Sofifi, 1 November 2026" in text


def test_pdf_response_headers() -> None:
    response = pdf_response(b"%PDF-1.4", "slip.pdf", inline=False)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="slip.pdf"'


def test_rupiah_uses_dot_thousands() -> None:
    assert rupiah(1234567) == "1.234.567"
    assert rupiah(0) == "0"
