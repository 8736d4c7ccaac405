"""/api/v1/evaluation/: indicator definitions, reports, and a report's indicator values.

Values come from the stored report (the frozen snapshot once signed), cut to the OPDs the
token's user may see, like the pages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.core.api import TenantAPIView
from pamong.evaluation import selectors as sel
from pamong.evaluation.indicators import GROUPS, REGISTRY
from pamong.evaluation.report import definition


class IndicatorDefinitionSerializer(serializers.Serializer):
    code = serializers.CharField()
    group = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    unit = serializers.CharField()
    higher_is_better = serializers.BooleanField()
    available = serializers.BooleanField()
    definition = serializers.DictField(child=serializers.CharField())


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    period = serializers.CharField()
    version = serializers.IntegerField()
    state = serializers.CharField()
    generated_at = serializers.DateTimeField(allow_null=True)
    signed_at = serializers.DateTimeField(allow_null=True)


class _Reader(TenantAPIView):
    pagination_class = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not sel.may_read(self.actor):
            raise PermissionDenied


class IndicatorListApi(_Reader):
    @extend_schema(responses=IndicatorDefinitionSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = [
            {
                "code": i.code,
                "group": str(GROUPS[i.group]),
                "title": str(i.label),
                "title_en": i.label_en,
                "unit": str(i.unit),
                "higher_is_better": i.higher_is_better,
                "available": i.available,
                "definition": definition(i),
            }
            for i in REGISTRY.values()
        ]
        return Response(IndicatorDefinitionSerializer(rows, many=True).data)


class ReportListApi(_Reader):
    @extend_schema(responses=ReportSerializer(many=True))
    def get(self, request: Request) -> Response:
        reports = sel.reports_visible_to(self.actor).order_by("-period", "-version")[:200]
        return Response(ReportSerializer(reports, many=True).data)


class ReportValuesApi(_Reader):
    """Every indicator's value for the tenant and each visible OPD, with previous and rank;
    with level=unit, per unit below the visible OPDs (optionally one OPD's, opd=<id>)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "level",
                str,
                enum=["opd", "unit"],
                description="opd (default): the tenant and each OPD; unit: each unit of the "
                "visible OPDs with value, target, achieved, previous, change and rank among "
                "its OPD's units (indicators not computed per unit are left out).",
            ),
            OpenApiParameter(
                "opd",
                int,
                description="With level=unit: only this OPD's units (404 for an OPD of "
                "another tenant, 403 for an OPD the user may not see).",
            ),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, pk: int) -> Response:
        report = sel.get_report_for_actor(self.actor, pk)
        level = request.query_params.get("level", "opd")
        if level == "unit":
            return Response(self._units(request, report))
        if level != "opd":
            raise ValidationError({"level": [_("isi opd atau unit")]})
        data = sel.data_for(self.actor, report.data) if report.data else {}
        return Response(
            {
                "report": ReportSerializer(report).data,
                "period": data.get("period", report.period),
                "opds": data.get("opds", []),
                "indicators": [
                    {k: row.get(k) for k in ("code", "label", "unit", "available", "total", "opds")}
                    for row in data.get("indicators", [])
                ],
                "findings": data.get("findings", []),
            }
        )

    def _units(self, request: Request, report: Any) -> dict[str, Any]:
        raw = request.query_params.get("opd")
        try:
            opd_id = int(raw) if raw else None
        except ValueError as exc:
            raise ValidationError({"opd": [_("bukan angka")]}) from exc
        units = sel.unit_data_for(self.actor, report, opd_id)
        rows = {r["code"]: r for r in (report.data or {}).get("indicators", [])}
        return {
            "report": ReportSerializer(report).data,
            "period": report.period,
            "level": "unit",
            "units": units.get("units", []),
            "indicators": [
                {
                    "code": code,
                    "label": rows.get(code, {}).get("label", code),
                    "unit": rows.get(code, {}).get("unit", ""),
                    "units": figures,
                }
                for code, figures in units.get("indicators", {}).items()
            ],
        }


urlpatterns = [
    path("evaluation/indicators/", IndicatorListApi.as_view(), name="indicators"),
    path("evaluation/reports/", ReportListApi.as_view(), name="reports"),
    path("evaluation/reports/<int:pk>/values/", ReportValuesApi.as_view(), name="values"),
]
