"""The SKP and the Dokumen Evaluasi Kinerja as PDF in the official layout (domain.md §1.3, §1.6).

Both end with signature blocks (name, NIP) of the employee, the pejabat penilai and the
penilai's superior (atasan pejabat penilai).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from reportlab.lib.units import mm

from pamong.appraisal.berakhlak import GUIDELINES, CoreValue
from pamong.appraisal.models import Evaluation, Indicator, Realisation, Rhk, Skp
from pamong.core import clock
from pamong.core.pdf import PdfDocument, Signatory
from pamong.org.models import Employee
from pamong.performance.models import UnitPredikat
from pamong.performance.predikat import Expectation

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def _identity(doc: PdfDocument, heading: str, employee: Employee | None) -> None:
    doc.heading(heading)
    if employee is None:
        doc.paragraph("–")
        return
    doc.key_values(
        [
            (_("Nama"), employee.name),
            ("NIP", employee.nip),
            (_("Pangkat/golongan"), employee.golongan),
            (_("Jabatan"), employee.position.name),
            (_("Unit kerja"), employee.unit.name),
        ]
    )


def _signatures(
    doc: PdfDocument,
    employee: Employee,
    penilai: Employee | None,
    place_date: str,
    kepala_daerah: str = "",
) -> None:
    """`kepala_daerah`: the Sekda's rating given by the kepala daerah (no NIP, no superior)."""
    people = [Signatory(_("Pegawai yang dinilai"), employee.name, employee.nip)]
    if kepala_daerah:
        people.append(Signatory(_("Pejabat penilai kinerja (Kepala Daerah)"), kepala_daerah))
        doc.signatures(people, place_date=place_date)
        return
    people.append(
        Signatory(_("Pejabat penilai kinerja"), penilai.name, penilai.nip)
        if penilai
        else Signatory(_("Pejabat penilai kinerja"), "…………………")
    )
    superior = penilai.supervisor if penilai else None
    people.append(
        Signatory(_("Atasan pejabat penilai kinerja"), superior.name, superior.nip)
        if superior
        else Signatory(_("Atasan pejabat penilai kinerja"), "…………………")
    )
    doc.signatures(people, place_date=place_date)


def _today(tenant_tz: str) -> str:
    today = clock.today(tenant_tz)
    return f"{today.day} {MONTHS[today.month - 1]} {today.year}"


def _employee(pk: int | None) -> Employee | None:
    if pk is None:
        return None
    return (
        Employee.objects.filter(pk=pk)
        .select_related("position", "unit", "supervisor", "supervisor__position")
        .first()
    )


def skp_pdf(skp: Skp) -> bytes:
    employee = _employee(skp.employee_id)
    assert employee is not None
    penilai = _employee(skp.approver_id or employee.supervisor_id)
    doc = PdfDocument(
        title=_("SASARAN KINERJA PEGAWAI"),
        tenant_name=skp.tenant.name,
        subtitle=_("Periode penilaian: 1 Januari s.d. 31 Desember %(year)d") % {"year": skp.year},
        landscape=True,
    )
    _identity(doc, _("Pegawai yang dinilai"), employee)
    _identity(doc, _("Pejabat penilai kinerja"), penilai)
    doc.heading(_("HASIL KERJA"))
    rhks = list(
        skp.rhks.select_related("parent_rhk")
        .prefetch_related("indicators")
        .order_by("kind", "order", "id")
    )
    rows: list[list[str]] = []
    for kind, letter, label in (
        (Rhk.Kind.UTAMA, "A.", _("Utama")),
        (Rhk.Kind.TAMBAHAN, "B.", _("Tambahan")),
    ):
        rows.append([letter, label, "", "", "", ""])
        group = [r for r in rhks if r.kind == kind]
        for n, rhk in enumerate(group, start=1):
            parent = rhk.parent_rhk.text if rhk.parent_rhk else ""
            indicators: list[Indicator | None] = [*rhk.indicators.all()] or [None]
            for i, ind in enumerate(indicators):
                rows.append(
                    [
                        str(n) if i == 0 else "",
                        parent if i == 0 else "",
                        rhk.text if i == 0 else "",
                        ind.get_aspect_display() if ind else "",
                        ind.text if ind else "",
                        ind.target if ind else "",
                    ]
                )
    doc.table(
        [
            "No",
            _("RHK pimpinan yang diintervensi"),
            _("Rencana hasil kerja"),
            _("Aspek"),
            _("Indikator kinerja individu"),
            _("Target"),
        ],
        rows,
        col_widths=[10 * mm, 55 * mm, 60 * mm, 22 * mm, None, 35 * mm],
    )
    doc.heading(_("PERILAKU KERJA"))
    doc.table(
        ["No", _("Perilaku kerja"), _("Panduan perilaku"), _("Ekspektasi khusus pimpinan")],
        [
            [
                str(n),
                label,
                "; ".join(str(g) for g in GUIDELINES[value]),
                skp.special_expectations.get(value, ""),
            ]
            for n, (value, label) in enumerate(CoreValue.choices, start=1)
        ],
    )
    doc.heading(_("LAMPIRAN SKP"))
    for title, body in (
        (_("Dukungan sumber daya"), skp.resources),
        (_("Skema pertanggungjawaban"), skp.accountability),
        (_("Konsekuensi"), skp.consequences),
    ):
        items = [line.strip() for line in body.splitlines() if line.strip()] or ["–"]
        doc.table(
            ["No", title],
            [[str(i), item] for i, item in enumerate(items, start=1)],
            col_widths=[10 * mm, None],
        )
    _signatures(doc, employee, penilai, f"{skp.tenant.name}, {_today(skp.tenant.timezone)}")
    return doc.render()


def evaluation_pdf(evaluation: Evaluation) -> bytes:
    employee = _employee(evaluation.employee_id)
    penilai = _employee(evaluation.penilai_id)
    assert employee is not None
    tenant = evaluation.tenant
    annual = "-" not in evaluation.period
    if annual:  # penilaian akhir tahun
        subtitle = _("Periode: tahun %(year)s") % {"year": evaluation.period}
    else:
        year, month = evaluation.period.split("-")
        subtitle = _("Periode: %(month)s %(year)s") % {
            "month": MONTHS[int(month) - 1],
            "year": year,
        }
    doc = PdfDocument(
        title=_("DOKUMEN EVALUASI KINERJA PEGAWAI"),
        tenant_name=tenant.name,
        subtitle=subtitle,
    )
    _identity(doc, _("Pegawai yang dinilai"), employee)
    if evaluation.by_kepala_daerah:
        doc.heading(_("Pejabat penilai kinerja"))
        doc.key_values(
            [
                (_("Jabatan"), _("Kepala Daerah")),
                (_("Nama"), evaluation.kepala_daerah),
                (_("Dicatat oleh"), evaluation.penilai_label),
            ]
        )
    else:
        _identity(doc, _("Pejabat penilai kinerja"), penilai)
    unit_predikat = (
        UnitPredikat.objects.filter(
            tenant=tenant, period=evaluation.period, unit_id__in=[employee.unit_id, employee.opd_id]
        )
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )
    doc.heading(_("CAPAIAN KINERJA ORGANISASI"))
    doc.paragraph(
        f"{unit_predikat.unit.name}: {unit_predikat.get_predikat_display()}"
        if unit_predikat
        else _("Belum ditetapkan.")
    )
    doc.heading(_("CAPAIAN KINERJA PEGAWAI"))
    realisations = (
        Realisation.objects.filter(
            Q(period__startswith=f"{evaluation.period}-")
            if annual
            else Q(period=evaluation.period),
            tenant=tenant,
            indicator__rhk__skp__employee=employee,
        )
        .select_related("indicator", "indicator__rhk")
        .order_by("indicator__rhk__kind", "indicator__rhk__order", "indicator_id", "period")
    )
    doc.table(
        [_("Rencana hasil kerja"), _("Indikator"), _("Target"), _("Realisasi")],
        [
            [
                r.indicator.rhk.text,
                r.indicator.text,
                r.indicator.target,
                f"{r.period}: {r.value}" if annual else r.value,
            ]
            for r in realisations
        ]
        or [["–", "", "", ""]],
    )
    doc.heading(_("PENILAIAN"))
    doc.key_values(
        [
            (_("Rating hasil kerja"), Expectation(evaluation.hasil_kerja).label.upper()),
            (_("Rating perilaku kerja"), Expectation(evaluation.perilaku_kerja).label.upper()),
            (_("Predikat kinerja pegawai"), evaluation.get_predikat_display().upper()),
            (_("Alasan"), evaluation.reason or "–"),
            (_("Status"), evaluation.get_status_display()),
        ]
    )
    _signatures(
        doc,
        employee,
        penilai,
        f"{tenant.name}, {_today(tenant.timezone)}",
        kepala_daerah=evaluation.kepala_daerah if evaluation.by_kepala_daerah else "",
    )
    return doc.render()
