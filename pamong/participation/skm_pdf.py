"""SKM printables: the QR-code poster of a service and the IKM report, as PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from pamong.core.pdf import PdfDocument
from pamong.participation.ikm import minimum_sample
from pamong.participation.models import SkmService
from pamong.participation.skm import ReportRow

QR_SIZE = 110 * mm
UNSUR_LABELS = (
    "Persyaratan",
    "Sistem, mekanisme dan prosedur",
    "Waktu penyelesaian",
    "Biaya/tarif",
    "Produk spesifikasi jenis pelayanan",
    "Kompetensi pelaksana",
    "Perilaku pelaksana",
    "Penanganan pengaduan, saran dan masukan",
    "Sarana dan prasarana",
)


def qr_drawing(url: str, size: float = QR_SIZE) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    width, height = x2 - x1, y2 - y1
    drawing = Drawing(size, size, transform=[size / width, 0, 0, size / height, 0, 0])
    drawing.add(widget)
    return drawing


def poster_pdf(service: SkmService, url: str, tenant_name: str) -> bytes:
    """A4 poster for the service counter: QR code to the survey form and its address."""
    doc = PdfDocument(
        title="Survei Kepuasan Masyarakat",
        tenant_name=tenant_name,
        subtitle=f"{service.name} · {service.unit.name}",
    )
    doc.paragraph(
        "Bantu kami memperbaiki pelayanan. Pindai kode QR ini dengan ponsel Anda dan isi "
        "survei singkat (9 pertanyaan, tanpa nama, kurang dari 2 menit)."
    )
    doc.spacer(6)
    code = qr_drawing(url)
    code.hAlign = "CENTER"
    doc.flowable(code)
    doc.spacer(6)
    doc.paragraph(f"Atau buka: {url}")
    doc.paragraph("Survei sesuai PermenPANRB Nomor 14 Tahun 2017.")
    return doc.render()


def _konversi_chart(rows: Sequence[ReportRow]) -> Drawing:
    units = [r for r in rows if r.layanan == "*" and r.kode_unit != "*"]
    drawing = Drawing(170 * mm, 70 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 25, 170 * mm - 50, 70 * mm - 45
    chart.data = [[float(r.result.konversi) for r in units] or [0]]
    chart.categoryAxis.categoryNames = [r.kode_unit for r in units] or ["-"]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#14457a")
    drawing.add(chart)
    drawing.add(String(30, 70 * mm - 12, "IKM konversi per unit", fontSize=9))
    return drawing


def report_pdf(
    rows: Sequence[ReportRow], tenant_name: str, date_from: dt.date, date_to: dt.date
) -> bytes:
    """The IKM report (same rows and rounding as `pamong skm report`) with a chart."""
    doc = PdfDocument(
        title="Laporan Indeks Kepuasan Masyarakat",
        tenant_name=tenant_name,
        subtitle=f"Periode {date_from:%d-%m-%Y} s.d. {date_to:%d-%m-%Y}",
        landscape=True,
    )
    if not rows:
        doc.paragraph("Belum ada jawaban survei pada periode ini.")
        return doc.render()
    doc.flowable(_konversi_chart(rows))
    doc.heading("IKM per unit dan layanan")
    header = ["Unit", "Layanan", "Resp."]
    header += [f"U{n}" for n in range(1, 10)] + [
        "IKM",
        "Konversi",
        "Mutu",
        "Kinerja",
        "Sampel min.",
    ]
    body = []
    for row in rows:
        cells = row.cells()
        unit = "Semua unit" if row.kode_unit == "*" else f"{row.kode_unit} {row.unit_name}"
        layanan = "Semua layanan" if row.layanan == "*" else row.layanan
        sample = "" if row.yearly_users is None else str(minimum_sample(row.yearly_users))
        body.append([unit, layanan, *cells[2:], sample])
    doc.table(header, body, align_right=set(range(2, 14)) | {16})
    doc.heading("Unsur pelayanan")
    doc.key_values([(f"U{n}", label) for n, label in enumerate(UNSUR_LABELS, start=1)])
    doc.paragraph(
        "NRR per unsur = jumlah nilai / jumlah responden; IKM = jumlah NRR × 1/9; "
        "konversi = IKM × 25, dibulatkan setengah ke atas ke 2 desimal. "
        "Mutu: A 88,31–100; B 76,61–88,30; C 65,00–76,60; D 25,00–64,99. "
        "Sampel minimum menurut tabel Krejcie dan Morgan."
    )
    return doc.render()
