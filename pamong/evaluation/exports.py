"""The report as PDF (cover, tables, charts, signature block) and XLSX (the data behind
every chart and table). Both read only the report data, so a signed report exports the
frozen snapshot."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import PageBreak

from pamong.core import spreadsheet
from pamong.core.pdf import PdfDocument, Signatory

STATUS_LABELS = {
    "achieved": "Tercapai",
    "partly": "Sebagian tercapai",
    "not_achieved": "Belum tercapai",
    "no_target": "Tanpa target",
}
DECISIONS = {"keep": "Dilanjutkan", "change": "Diubah", "stop": "Dihentikan"}
CHART_INDICATORS = (
    "late_in_rate",
    "complaint_resolution",
    "predikat_sb_share",
    "tpp_spent",
    "ikm",
)


def fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "–"
    number = Decimal(str(value))
    text = f"{number:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    if unit == "Rp":
        return f"Rp{text[:-3]}"
    return f"{text}%" if unit == "%" else text


def _float(value: Any) -> float:
    return float(Decimal(str(value))) if value is not None else 0.0  # drawing coordinates only


def bar_chart(title: str, labels: list[str], values: list[Any]) -> Drawing:
    height = 30 + 14 * max(1, len(labels))
    drawing = Drawing(460, height + 20)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 10, 290, height - 10
    chart.data = [[_float(v) for v in values] or [0.0]]
    chart.categoryAxis.categoryNames = [label[:32] for label in labels] or ["-"]
    chart.categoryAxis.labels.fontSize = 6.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 6.5
    chart.bars[0].fillColor = colors.HexColor("#2b6cb0")
    drawing.add(chart)
    drawing.add(String(0, height + 8, title, fontSize=8.5, fontName="Helvetica-Bold"))
    return drawing


def line_chart(title: str, points: list[list[Any]]) -> Drawing:
    drawing = Drawing(460, 140)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 20, 400, 90
    chart.data = [[_float(v) for _p, v in points]]
    chart.categoryAxis.categoryNames = [p for p, _v in points]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.lines[0].strokeColor = colors.HexColor("#2b6cb0")
    drawing.add(chart)
    drawing.add(String(0, 126, title, fontSize=8.5, fontName="Helvetica-Bold"))
    return drawing


def report_pdf(
    data: dict[str, Any],
    *,
    version: int,
    state: str,
    unit_data: dict[str, Any] | None = None,
) -> bytes:
    """`unit_data` (units.py, already cut to what the reader may see) adds the units that
    missed their indicator's target."""
    tenant = data.get("tenant", "")
    doc = PdfDocument(
        title=f"Laporan Evaluasi Kebijakan Kepegawaian {data['period_label']}",
        tenant_name=tenant,
        subtitle=f"Periode {data['start']} s.d. {data['end']} · versi {version}",
    )
    signed = data.get("signed")
    doc.key_values(
        [
            ("Status", "Ditandatangani" if signed else "Draf (belum ditandatangani)"),
            ("Dihitung", data.get("generated_at", "")[:16]),
            ("Jumlah OPD", len(data.get("opds", []))),
            ("Jumlah kebijakan", len(data.get("policies", []))),
            ("Jumlah temuan", len(data.get("findings", []))),
        ]
    )
    doc.flowable(PageBreak())
    _policy_section(doc, data)
    _indicator_section(doc, data)
    _chart_section(doc, data)
    _opd_section(doc, data)
    _unit_section(doc, data, unit_data)
    _closing_section(doc, data)
    return doc.render()


def _policy_section(doc: PdfDocument, data: dict[str, Any]) -> None:
    doc.heading("1. Status kebijakan")
    for policy in data.get("policies", []):
        doc.paragraph(
            f"{policy['name']} ({policy['legal_basis']}): "
            f"{STATUS_LABELS.get(policy['status'], policy['status'])}. Tujuan: {policy['goal']}"
        )
        doc.table(
            ["Indikator", "Pemilik", "Nilai dasar", "Target", "Capaian", "Status"],
            [
                [
                    i["label"],
                    i["owner"],
                    fmt(i["baseline"], i["unit"]),
                    fmt(i["target"], i["unit"]),
                    fmt(i["value"], i["unit"]) if i["available"] else "belum tersedia",
                    {True: "tercapai", False: "belum tercapai"}.get(i["achieved"], "–"),
                ]
                for i in policy["indicators"]
            ],
        )
        doc.spacer(3)


def _indicator_section(doc: PdfDocument, data: dict[str, Any]) -> None:
    doc.heading("2. Indikator pemda")
    doc.table(
        ["Indikator", "Nilai", "Periode lalu", "Perubahan", "Definisi"],
        [
            [
                row["label"],
                fmt(row["total"]["value"], row["unit"]) if row["available"] else "belum tersedia",
                fmt(row["total"]["previous"], row["unit"]) if row["available"] else "",
                fmt(row["total"]["change"]) if row["available"] else "",
                f"{row['definition']['numerator']} / {row['definition']['denominator']}",
            ]
            for row in data["indicators"]
        ],
        col_widths=[120, 60, 60, 50, None],
    )


def _chart_section(doc: PdfDocument, data: dict[str, Any]) -> None:
    doc.heading("3. Grafik")
    names = {str(o["id"]): o["name"] for o in data.get("opds", [])}
    rows = {r["code"]: r for r in data["indicators"] if r["available"]}
    for code in CHART_INDICATORS:
        row = rows.get(code)
        if not row:
            continue
        known = [(names.get(o, o), f["value"]) for o, f in row["opds"].items() if f["value"]]
        if known:
            doc.flowable(
                bar_chart(
                    f"{row['label']} per OPD ({row['unit']})",
                    [k for k, _v in known],
                    [v for _k, v in known],
                )
            )
        points = data.get("trend", {}).get(code)
        if points:
            doc.flowable(line_chart(f"{row['label']}: tren", points))


def _opd_section(doc: PdfDocument, data: dict[str, Any]) -> None:
    names = {str(o["id"]): o["name"] for o in data.get("opds", [])}
    doc.heading("4. Nilai per OPD")
    for row in data["indicators"]:
        if not row["available"] or not row["opds"]:
            continue
        doc.paragraph(
            f"{row['label']} ({row['definition']['numerator']} / "
            f"{row['definition']['denominator']})"
        )
        doc.table(
            ["OPD", "Nilai", "Pembilang", "Penyebut", "Perubahan", "Peringkat"],
            [
                [
                    names.get(o, o),
                    fmt(f["value"], row["unit"]),
                    f["num"],
                    f["den"] or "–",
                    fmt(f.get("change")),
                    f.get("rank") or "–",
                ]
                for o, f in sorted(row["opds"].items(), key=lambda kv: kv[1].get("rank") or 10**6)
            ],
            col_widths=[170, 60, 60, 60, 50, 50],
        )


def _unit_section(doc: PdfDocument, data: dict[str, Any], unit_data: dict[str, Any] | None) -> None:
    """Per indicator with a target, the units that missed it, OPD by OPD. Every unit
    figure is in the XLSX's "Per unit" sheet; printing them all would run to a hundred
    pages for a large Pemda, so the PDF keeps the ones that need attention."""
    if unit_data is None:
        return
    doc.heading("5. Unit di bawah target")
    if not unit_data.get("units"):  # a report signed before unit figures existed
        doc.paragraph("Nilai per unit tidak tersedia untuk laporan ini.")
        return
    doc.paragraph(
        "Unit kerja (termasuk OPD untuk pegawai yang langsung di bawahnya) yang belum "
        "mencapai target indikatornya, dengan peringkat di antara unit OPD yang sama. Semua "
        'nilai per unit ada di lembar "Per unit" pada ekspor XLSX.'
    )
    units = {str(u["id"]): u for u in unit_data["units"]}
    order = {key: i for i, key in enumerate(units)}  # units.py lists them by tree path
    opd_names = {str(o["id"]): o["name"] for o in data.get("opds", [])}
    rows_by_code = {r["code"]: r for r in data["indicators"]}
    shown = 0
    for code, figures in unit_data.get("indicators", {}).items():
        row = rows_by_code.get(code)
        missed = sorted(
            (
                (units[u], f)
                for u, f in figures.items()
                if u in units and f.get("achieved") is False
            ),
            key=lambda uf: order[str(uf[0]["id"])],
        )
        if row is None or not missed:
            continue
        shown += 1
        doc.paragraph(f"{row['label']} (target {fmt(missed[0][1]['target'], row['unit'])})")
        doc.table(
            ["Unit", "OPD", "Nilai", "Pembilang", "Penyebut", "Peringkat"],
            [
                [
                    f"{u['code']} {u['name']}",
                    opd_names.get(str(u["opd_id"]), ""),
                    fmt(f["value"], row["unit"]),
                    f["num"],
                    f["den"] or "–",
                    f.get("rank") or "–",
                ]
                for u, f in missed
            ],
            col_widths=[140, 125, 55, 55, 55, 60],
        )
    if not shown:
        doc.paragraph("Semua unit yang bertarget mencapai targetnya, atau belum ada target.")


def _closing_section(doc: PdfDocument, data: dict[str, Any]) -> None:
    names = {str(o["id"]): o["name"] for o in data.get("opds", [])}
    doc.heading("6. Temuan")
    for finding in data.get("findings", []) or [{"message": "Tidak ada temuan otomatis."}]:
        doc.paragraph(f"• {finding['message']}")

    if data.get("ranking"):
        doc.heading("7. Peringkat capaian kinerja OPD")
        doc.table(
            ["#", "OPD", "Capaian", "Dinilai", "% Baik ke atas"],
            [
                [r["rank"], r["name"], r["score"] or "–", r["rated"], r["baik_or_better"]]
                for r in data["ranking"]
            ],
        )

    doc.heading("Penjelasan dan tindak lanjut OPD")
    explanations = data.get("explanations", {})
    if not explanations:
        doc.paragraph("Belum ada penjelasan OPD.")
    for opd, item in explanations.items():
        doc.paragraph(f"{names.get(opd, opd)}: {item['explanation']}")
        if item.get("follow_up"):
            doc.paragraph(f"Tindak lanjut: {item['follow_up']}")

    doc.heading("Kesimpulan dan rekomendasi BKPSDM")
    signed = data.get("signed")
    doc.paragraph(data.get("conclusions") or "–")
    policy_names = {p["code"]: p["name"] for p in data.get("policies", [])}
    for code, rec in data.get("recommendations", {}).items():
        decision = DECISIONS.get(rec["decision"], rec["decision"])
        doc.paragraph(f"{policy_names.get(code, code)}: {decision}. {rec['note']}")
    if signed:
        doc.signatures(
            [Signatory("Kepala BKPSDM", signed["name"], signed.get("nip", ""))],
            place_date=signed["at"][:10],
        )


def _unit_sheet(
    wb: Workbook, data: dict[str, Any], unit_data: dict[str, Any] | None, trace_url: str
) -> None:
    if unit_data is None:
        return
    sheet = wb.create_sheet("Per unit")
    spreadsheet.xlsx_append(
        sheet,
        [
            "kode_indikator",
            "opd_id",
            "unit_id",
            "kode_unit",
            "unit",
            "nilai",
            "pembilang",
            "penyebut",
            "target",
            "tercapai",
            "periode_lalu",
            "perubahan",
            "peringkat_dalam_opd",
            "jejak",
        ],
    )
    sources = {r["code"]: r.get("source") or "" for r in data.get("indicators", [])}
    units = unit_data.get("units", [])
    for code, figures in unit_data.get("indicators", {}).items():
        source = sources.get(code, "")
        for u in units:
            f = figures.get(str(u["id"]))
            if f is None:
                continue
            trace = ""
            if source and trace_url:
                trace = f"{trace_url.format(source=source)}?unit={u['id']}"
            spreadsheet.xlsx_append(
                sheet,
                [
                    code,
                    u["opd_id"],
                    u["id"],
                    u["code"],
                    u["name"],
                    f["value"],
                    f["num"],
                    f["den"],
                    f.get("target"),
                    f.get("achieved"),
                    f.get("previous"),
                    f.get("change"),
                    f.get("rank"),
                    trace,
                ],
            )


def report_xlsx(
    data: dict[str, Any], trace_url: str = "", unit_data: dict[str, Any] | None = None
) -> bytes:
    """The data behind every chart. `trace_url` (the report's trace address with a
    `{source}` placeholder) adds a "jejak" column: where the rows behind a number are.
    `unit_data` (units.py) adds the "Per unit" sheet."""
    wb = Workbook()
    names = {str(o["id"]): (o["code"], o["name"]) for o in data.get("opds", [])}
    ws = wb.active
    assert ws is not None
    ws.title = "Indikator"
    header = [
        "kode",
        "indikator",
        "kelompok",
        "satuan",
        "tersedia",
        "nilai",
        "pembilang",
        "penyebut",
        "periode_lalu",
        "perubahan",
        "definisi_pembilang",
        "definisi_penyebut",
        "periode",
    ]
    spreadsheet.xlsx_append(ws, header)
    for row in data["indicators"]:
        total = row.get("total", {})
        d = row["definition"]
        spreadsheet.xlsx_append(
            ws,
            [
                row["code"],
                row["label"],
                row["group_label"],
                row["unit"],
                row["available"],
                total.get("value"),
                total.get("num"),
                total.get("den"),
                total.get("previous"),
                total.get("change"),
                d["numerator"],
                d["denominator"],
                data["period"],
            ],
        )
    per = wb.create_sheet("Per OPD")
    spreadsheet.xlsx_append(
        per,
        [
            "kode_indikator",
            "opd_id",
            "kode_opd",
            "opd",
            "nilai",
            "pembilang",
            "penyebut",
            "periode_lalu",
            "perubahan",
            "peringkat",
            "jejak",
        ],
    )
    for row in data["indicators"]:
        source = row.get("source") or ""
        for opd, f in row.get("opds", {}).items():
            code, name = names.get(opd, ("", ""))
            trace = f"{trace_url.format(source=source)}?opd={opd}" if source and trace_url else ""
            spreadsheet.xlsx_append(
                per,
                [
                    row["code"],
                    int(opd),
                    code,
                    name,
                    f["value"],
                    f["num"],
                    f["den"],
                    f.get("previous"),
                    f.get("change"),
                    f.get("rank"),
                    trace,
                ],
            )
    _unit_sheet(wb, data, unit_data, trace_url)
    trend = wb.create_sheet("Tren")
    spreadsheet.xlsx_append(trend, ["kode_indikator", "periode", "nilai"])
    for code, points in data.get("trend", {}).items():
        for period, value in points:
            spreadsheet.xlsx_append(trend, [code, period, value])
    pol = wb.create_sheet("Kebijakan")
    spreadsheet.xlsx_append(
        pol,
        [
            "kebijakan",
            "dasar_hukum",
            "status",
            "indikator",
            "pemilik",
            "nilai_dasar",
            "target",
            "capaian",
            "tercapai",
            "bukti",
        ],
    )
    for p in data.get("policies", []):
        for i in p["indicators"]:
            spreadsheet.xlsx_append(
                pol,
                [
                    p["name"],
                    p["legal_basis"],
                    p["status"],
                    i["label"],
                    i["owner"],
                    i["baseline"],
                    i["target"],
                    i["value"],
                    i["achieved"],
                    i["evidence"],
                ],
            )
    fnd = wb.create_sheet("Temuan")
    spreadsheet.xlsx_append(fnd, ["jenis", "opd_id", "uraian"])
    for f in data.get("findings", []):
        spreadsheet.xlsx_append(fnd, [f["kind"], f.get("opd"), f["message"]])
    if data.get("ranking"):
        rk = wb.create_sheet("Peringkat")
        spreadsheet.xlsx_append(
            rk, ["peringkat", "opd_id", "kode", "opd", "capaian", "dinilai", "pct_baik"]
        )
        for r in data["ranking"]:
            spreadsheet.xlsx_append(
                rk,
                [
                    r["rank"],
                    r["unit_id"],
                    r["code"],
                    r["name"],
                    r["score"],
                    r["rated"],
                    r["baik_or_better"],
                ],
            )
    exp = wb.create_sheet("Penjelasan")
    spreadsheet.xlsx_append(exp, ["opd_id", "opd", "penjelasan", "tindak_lanjut"])
    for opd, item in data.get("explanations", {}).items():
        spreadsheet.xlsx_append(
            exp,
            [int(opd), names.get(opd, ("", ""))[1], item["explanation"], item.get("follow_up", "")],
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
