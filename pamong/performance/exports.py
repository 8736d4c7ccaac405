"""XLSX export of the ratings of one unit (its whole subtree) for one period."""

from __future__ import annotations

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font

from pamong.core.permissions import opds_in_view
from pamong.core.spreadsheet import xlsx_append
from pamong.core.web import previous_month
from pamong.core.web import tenant_actor as actor_of
from pamong.org.models import Unit
from pamong.performance.followup import ANY_PERIOD_RE, VIEW_ALL
from pamong.performance.models import Rating

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unit_ratings(unit: Unit, period: str) -> list[Rating]:
    return list(
        Rating.objects.filter(tenant=unit.tenant, period=period)
        .filter(Q(employee__unit=unit) | Q(employee__unit__path__startswith=f"{unit.path}/"))
        .select_related("employee", "employee__position", "employee__unit")
        .order_by("employee__unit__path", "employee__name")
    )


def ratings_workbook(unit: Unit, period: str, ratings: list[Rating]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = period
    xlsx_append(
        ws, [_("Penilaian kinerja %(unit)s, %(period)s") % {"unit": unit.name, "period": period}]
    )
    xlsx_append(ws, [])
    header = [
        "NIP",
        _("Nama"),
        _("Jabatan"),
        _("Unit kerja"),
        _("Periode"),
        _("Hasil kerja"),
        _("Perilaku kerja"),
        _("Predikat"),
        _("Sumber"),
        _("Ditetapkan"),
    ]
    xlsx_append(ws, header)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for r in ratings:
        xlsx_append(
            ws,
            [
                r.employee.nip,  # text: an 18-digit NIP must not become a float
                r.employee.name,
                r.employee.position.name,
                r.employee.unit.name,
                r.period,
                r.get_hasil_kerja_display(),
                r.get_perilaku_kerja_display(),
                r.get_predikat_display(),
                r.get_source_display(),
                _("ya") if r.finalized else _("belum"),
            ],
        )
    for col, width in zip("ABCDEFGHIJ", [21, 30, 28, 28, 9, 20, 20, 18, 16, 11], strict=True):
        ws.column_dimensions[col].width = width
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@login_required
@require_GET
def ratings_xlsx(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    try:
        unit_id = int(request.GET.get("unit", ""))
    except ValueError as exc:
        raise Http404 from exc
    unit = Unit.objects.filter(tenant=actor.tenant, pk=unit_id).first()
    if unit is None:
        raise Http404
    opds = opds_in_view(actor, VIEW_ALL)
    if not (opds is None or unit.opd_id in opds):
        raise PermissionDenied
    period = request.GET.get("period") or previous_month(actor)
    if not ANY_PERIOD_RE.match(period):
        raise Http404
    content = ratings_workbook(unit, period, unit_ratings(unit, period))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="penilaian-{unit.code}-{period}.xlsx"'
    return response
