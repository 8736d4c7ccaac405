"""The worked example's slips: every breakdown adds up, and the PDFs carry the same sums."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from pamong.core.pdf import Signatory
from pamong.org.models import Unit
from pamong.tpp.models import TppRun, TppSlip
from pamong.tpp.pdf import payroll_pdf, slip_pdf
from pamong.tpp.slipdoc import build_breakdown, signed
from tests.tpp.test_worked_example import example_run  # noqa: F401 - the fixture


def _text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages)


def test_every_example_slip_adds_up(example_run: Path) -> None:  # noqa: F811
    run = TppRun.objects.get()
    slips = list(
        TppSlip.objects.filter(run=run).select_related("run__policy", "employee__position")
    )
    assert len(slips) == 6
    for slip in slips:
        b = build_breakdown(slip)
        assert b.adds_up, slip.nip
        text = _text(slip_pdf(b, "Kota Contoh"))
        assert slip.nip in text and signed(slip.netto) in text
    netto = 0
    for opd in Unit.objects.filter(tenant=run.tenant, parent__isnull=True):
        count = TppSlip.objects.filter(run=run, opd=opd).count()
        if not count:
            continue
        text = _text(payroll_pdf(run, opd, Signatory("Bendahara", "X"), "Kota Contoh"))
        total = sum(TppSlip.objects.filter(run=run, opd=opd).values_list("netto", flat=True))
        assert f"Jumlah ({count} pegawai)" in text and signed(total) in text
        netto += total
    assert netto == run.totals["netto"] == 23474082
