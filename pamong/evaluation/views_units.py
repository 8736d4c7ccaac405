"""The report's drill-down: one OPD's units with each indicator's value, target status,
change and rank among the OPD's units. It reads the figures stored with the report, so a
signed report shows its frozen unit figures."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pamong.core.actor import Actor
from pamong.evaluation import selectors as sel
from pamong.evaluation.units import UNIT_CODES
from pamong.evaluation.views import reader
from pamong.org.models import Unit


def _indicators(data: dict[str, Any], unit_data: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's indicators that have unit figures, in the report's order."""
    computed = unit_data.get("indicators", {})
    rows = data.get("indicators", [])
    return [r for r in rows if r.get("code") in UNIT_CODES and r["code"] in computed]


@require_GET
@reader
def units(request: HttpRequest, actor: Actor, pk: int, opd_pk: int) -> HttpResponse:
    report = sel.get_report_for_actor(actor, pk)
    unit_data = sel.unit_data_for(actor, report, opd_pk)
    opd = Unit.objects.get(tenant=actor.tenant, pk=opd_pk)
    indicators = _indicators(report.data or {}, unit_data)
    codes = [r["code"] for r in indicators]
    code = request.GET.get("ind") or (codes[0] if codes else "")
    if indicators and code not in codes:
        raise Http404
    row = next((r for r in indicators if r["code"] == code), None)
    figures = unit_data["indicators"].get(code, {})
    lines = [(u, figures.get(str(u["id"]))) for u in unit_data["units"]]
    context = {
        "report": report,
        "opd": opd,
        "indicators": indicators,
        "row": row,
        "lines": lines,
        "ranked": sum(1 for _u, f in lines if f and f.get("rank")),
        "opd_figure": (row or {}).get("opds", {}).get(str(opd.pk)),
    }
    return render(request, "evaluation/units.html", context)
