"""/api/v1/ SKP cycle endpoints: SKP, realisation, ratings and predikat, organisation
predikat and calibration status, through the same services and selectors as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.appraisal import selectors as sel
from pamong.appraisal import services as asvc
from pamong.appraisal.calibration import check_distribution, rules_for, unit_counts
from pamong.appraisal.models import CalibrationLock, Skp
from pamong.core.api import TenantAPIView, api_doc
from pamong.core.permissions import sees_all
from pamong.org.models import Employee, Unit
from pamong.performance import services as psvc
from pamong.performance.followup import ANY_PERIOD_RE, employee_scope
from pamong.performance.models import Rating, UnitPredikat


def _field(request: Request, name: str) -> str:
    data = request.data
    return str(data.get(name, "")) if isinstance(data, dict) else ""


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    aspect = serializers.CharField()
    text = serializers.CharField()
    target = serializers.CharField()
    target_unit = serializers.CharField()


@extend_schema_serializer(component_name="SkpRhk")
class RhkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    parent_rhk = serializers.IntegerField(source="parent_rhk_id", allow_null=True)
    indicators = IndicatorSerializer(many=True, source="indicators.all")


class SkpSerializer(serializers.ModelSerializer[Skp]):
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.name")

    class Meta:
        model = Skp
        fields = ["id", "year", "status", "version", "nip", "name", "return_comment"]


class SkpDetailSerializer(SkpSerializer):
    rhks = RhkSerializer(many=True, source="rhks.all")

    class Meta(SkpSerializer.Meta):
        fields = [*SkpSerializer.Meta.fields, "rhks"]


class RatingSerializer(serializers.ModelSerializer[Rating]):
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.name")

    class Meta:
        model = Rating
        fields = [
            "nip", "name", "period", "hasil_kerja", "perilaku_kerja", "predikat", "source",
            "finalized",
        ]  # fmt: skip


class SkpListApi(TenantAPIView, generics.ListAPIView[Skp]):
    """The actor's own SKPs and those of their direct reports; POST creates one's own."""

    allow_write_without_permission = True
    serializer_class = SkpSerializer
    queryset = Skp.objects.none()

    def get_queryset(self) -> QuerySet[Skp]:
        me = self.actor.employee_id or 0
        return (
            Skp.objects.filter(Q(employee_id=me) | Q(employee__supervisor_id=me))
            .filter(tenant=self.actor.tenant)
            .select_related("employee")
            .order_by("-year", "employee__name")
        )

    def post(self, request: Request) -> Response:
        try:
            year = int(_field(request, "year"))
        except (TypeError, ValueError):
            return Response({"year": ["YYYY"]}, status=status.HTTP_400_BAD_REQUEST)
        skp = asvc.skp_create(actor=self.actor, year=year)
        return Response(SkpSerializer(skp).data, status=status.HTTP_201_CREATED)


@api_doc("One SKP with its RHK and indicators", response=SkpDetailSerializer)
class SkpDetailApi(TenantAPIView):
    def get(self, request: Request, pk: int) -> Response:
        return Response(SkpDetailSerializer(sel.get_skp_for_actor(self.actor, pk)).data)


@api_doc("Submit, approve or return an SKP", post="v1_skp_action")
class SkpActionApi(TenantAPIView):
    """POST submit / approve / return (with `comment`)."""

    allow_write_without_permission = True

    def post(self, request: Request, pk: int, action: str) -> Response:
        skp = sel.get_skp_for_actor(self.actor, pk)
        if action == "submit":
            skp = asvc.skp_submit(actor=self.actor, skp=skp)
        elif action == "approve":
            skp = asvc.skp_approve(actor=self.actor, skp=skp)
        elif action == "return":
            comment = _field(request, "comment")
            skp = asvc.skp_return(actor=self.actor, skp=skp, comment=comment)
        else:
            raise Http404
        return Response(SkpSerializer(skp).data)


@api_doc("Record a realisation of an indicator")
class RealisationApi(TenantAPIView):
    allow_write_without_permission = True

    def post(self, request: Request, pk: int) -> Response:
        indicator = sel.get_indicator_for_actor(self.actor, pk)
        realisation = asvc.realisation_record(
            actor=self.actor,
            indicator=indicator,
            period=_field(request, "period"),
            value=_field(request, "value"),
            evidence_url=_field(request, "evidence_url"),
            note=_field(request, "note"),
        )
        body = {"id": realisation.pk, "period": realisation.period, "value": realisation.value}
        return Response(body, status=status.HTTP_201_CREATED)


class RatingListApi(TenantAPIView, generics.ListAPIView[Rating]):
    """Ratings the actor may read (own, subordinates, own OPD, all); POST rates a subordinate
    as pejabat penilai (the predikat follows the matrix), or, for BKPSDM, the Sekda on behalf
    of the kepala daerah (with `kepala_daerah`, their name)."""

    allow_write_without_permission = True
    serializer_class = RatingSerializer
    queryset = Rating.objects.none()

    def get_queryset(self) -> QuerySet[Rating]:
        scope = employee_scope(self.actor, "employee__")
        rule = Q(employee_id=self.actor.employee_id or 0)
        if scope is not None:
            rule |= scope
        qs = Rating.objects.filter(rule, tenant=self.actor.tenant).select_related("employee")
        if period := self.request.query_params.get("period"):
            qs = qs.filter(period=period)
        return qs.order_by("-period", "employee__nip")

    def post(self, request: Request) -> Response:
        nip = _field(request, "nip")
        employee = Employee.objects.filter(tenant=self.actor.tenant, nip=nip).first()
        if employee is None:
            raise Http404
        evaluation = asvc.evaluation_rate(
            actor=self.actor,
            employee=employee,
            period=_field(request, "period"),
            hasil_kerja=_field(request, "hasil_kerja"),
            perilaku_kerja=_field(request, "perilaku_kerja"),
            reason=_field(request, "reason"),
            # BKPSDM, recording the kepala daerah's rating of the Sekda: their name.
            kepala_daerah=_field(request, "kepala_daerah"),
        )
        body = {
            "id": evaluation.pk,
            "predikat": evaluation.predikat,
            "status": evaluation.status,
            "penilai": evaluation.penilai_label,
        }
        return Response(body, status=status.HTTP_201_CREATED)


def _unit(actor_tenant: Any, raw: Any) -> Unit:
    try:
        unit = Unit.objects.filter(tenant=actor_tenant, pk=int(raw)).first()
    except (TypeError, ValueError):
        unit = None
    if unit is None:
        raise Http404
    return unit


class UnitPredikatSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="unit code")
    period = serializers.CharField()
    predikat = serializers.CharField()


@api_doc("Organisation predikat per unit: read and set")
class UnitPredikatApi(TenantAPIView):
    allow_write_without_permission = True
    pagination_class = None  # at most 1,000 rows, as a list

    @extend_schema(
        parameters=[OpenApiParameter("period", str, required=False)],
        responses=UnitPredikatSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        qs = UnitPredikat.objects.filter(tenant=self.actor.tenant).select_related("unit")
        if period := request.query_params.get("period"):
            qs = qs.filter(period=period)
        rows = [
            {"unit": up.unit.code, "period": up.period, "predikat": up.predikat}
            for up in qs.order_by("period", "unit__path")[:1000]
        ]
        return Response(rows)

    @extend_schema(responses={201: UnitPredikatSerializer})
    def post(self, request: Request) -> Response:
        up = psvc.unit_predikat_set(
            actor=self.actor,
            unit=_unit(self.actor.tenant, _field(request, "unit")),
            period=_field(request, "period"),
            predikat=_field(request, "predikat"),
            reason=_field(request, "reason"),
        )
        body = {"unit": up.unit.code, "period": up.period, "predikat": up.predikat}
        return Response(body, status=status.HTTP_201_CREATED)


@api_doc("Calibration status of the rating period")
class CalibrationStatusApi(TenantAPIView):
    """Distribution, pattern check and lock of one unit and period."""

    def get(self, request: Request) -> Response:
        actor = self.actor
        unit = _unit(actor.tenant, request.query_params.get("unit"))
        if not (asvc.can_calibrate(actor, unit) or sees_all(actor, sel.VIEW_ALL)):
            raise PermissionDenied
        period = request.query_params.get("period", "")
        if not ANY_PERIOD_RE.match(period):
            return Response({"period": ["YYYY-MM"]}, status=status.HTTP_400_BAD_REQUEST)
        assert actor.tenant is not None
        counts = unit_counts(actor.tenant, unit, period)
        org = UnitPredikat.objects.filter(tenant=actor.tenant, unit=unit, period=period).first()
        codes = unit.path.split("/") if unit.path else [unit.code]
        lock = CalibrationLock.objects.filter(
            tenant=actor.tenant, period=period, unit__code__in=codes
        ).first()
        violations = (
            check_distribution(counts, org.predikat, rules_for(actor.tenant)) if org else []
        )
        return Response(
            {
                "unit": unit.code,
                "period": period,
                "counts": counts,
                "org_predikat": org.predikat if org else None,
                "violations": [v.message for v in violations],
                "finalized": lock is not None,
                "finalized_at": lock.finalized_at.isoformat() if lock else None,
            }
        )


urlpatterns = [
    path("skp/", SkpListApi.as_view(), name="skps"),
    path("skp/<int:pk>/", SkpDetailApi.as_view(), name="skp"),
    path("skp/<int:pk>/<str:action>/", SkpActionApi.as_view(), name="skp-action"),
    path("indicators/<int:pk>/realisations/", RealisationApi.as_view(), name="realisations"),
    path("ratings/", RatingListApi.as_view(), name="ratings"),
    path("unit-predikat/", UnitPredikatApi.as_view(), name="unit-predikat"),
    path("calibration/", CalibrationStatusApi.as_view(), name="calibration"),
]
