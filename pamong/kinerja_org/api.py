"""/api/v1/ performance tree: the tree of a year, one sasaran's subtree, the Perjanjian
Kinerja of the units (list, detail, sign), through the same selectors and services as the
pages."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.core import clock
from pamong.core.api import TenantAPIView
from pamong.kinerja_org import selectors as sel
from pamong.kinerja_org import services as svc
from pamong.kinerja_org.models import PerjanjianKinerja, PerjanjianKinerjaItem
from pamong.kinerja_org.tree import SasaranNode, build_tree

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="tahun (default: tahun ini)")


class TargetSerializer(serializers.Serializer):
    target_value = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    target_unit = serializers.CharField()
    target_text = serializers.CharField()
    target_display = serializers.CharField()


class RhkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    nip = serializers.CharField(source="skp.employee.nip")
    name = serializers.CharField(source="skp.employee.name")


class RhkNodeSerializer(serializers.Serializer):
    """A unit head's RHK and the subordinates' RHK that intervene it."""

    id = serializers.IntegerField(source="rhk.pk")
    text = serializers.CharField(source="rhk.text")
    nip = serializers.CharField(source="rhk.skp.employee.nip")
    name = serializers.CharField(source="rhk.skp.employee.name")
    covered = serializers.BooleanField()
    supporting = RhkSerializer(many=True)


class ItemNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.pk")
    perjanjian = serializers.IntegerField(source="item.perjanjian_id")
    unit = serializers.CharField(source="item.perjanjian.unit.code")
    unit_name = serializers.CharField(source="item.perjanjian.unit.name")
    status = serializers.CharField(source="item.perjanjian.status")
    target = TargetSerializer(source="item")
    covered = serializers.BooleanField()
    hidden_rhks = serializers.IntegerField(source="hidden")
    rhks = RhkNodeSerializer(many=True)


class IndikatorNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="indikator.pk")
    code = serializers.CharField(source="indikator.code")
    statement = serializers.CharField(source="indikator.statement")
    target = TargetSerializer(source="indikator")
    agreed = serializers.BooleanField()
    items = ItemNodeSerializer(many=True)


class SasaranNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="sasaran.pk")
    year = serializers.IntegerField(source="sasaran.year")
    code = serializers.CharField(source="sasaran.code")
    statement = serializers.CharField(source="sasaran.statement")
    unit = serializers.CharField(source="sasaran.unit.code", allow_null=True, default=None)
    indikator = IndikatorNodeSerializer(many=True)


class PkItemSerializer(serializers.ModelSerializer[PerjanjianKinerjaItem]):
    indikator_code = serializers.CharField(source="indikator.code")
    indikator = serializers.CharField(source="indikator.statement")
    sasaran = serializers.CharField(source="indikator.sasaran.code")
    rhks = serializers.SerializerMethodField()

    class Meta:
        model = PerjanjianKinerjaItem
        fields = [
            "id", "sasaran", "indikator_code", "indikator", "target_value", "target_unit",
            "target_text", "rhks",
        ]  # fmt: skip

    def get_rhks(self, item: PerjanjianKinerjaItem) -> list[int]:
        return [r.pk for r in item.rhks.all()]


class PkSerializer(serializers.ModelSerializer[PerjanjianKinerja]):
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    signer_nip = serializers.CharField(source="signer.nip", allow_null=True, default=None)

    class Meta:
        model = PerjanjianKinerja
        fields = ["id", "unit", "unit_name", "year", "status", "signer_nip", "signed_at"]


class PkDetailSerializer(PkSerializer):
    items = serializers.SerializerMethodField()

    class Meta(PkSerializer.Meta):
        fields = [*PkSerializer.Meta.fields, "items"]

    @extend_schema_field(PkItemSerializer(many=True))
    def get_items(self, perjanjian: PerjanjianKinerja) -> list[dict[str, Any]]:
        return list(PkItemSerializer(sel.pk_items(perjanjian), many=True).data)


def _year(request: Request, api: TenantAPIView) -> int:
    raw = request.query_params.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return clock.today(api.actor.tenant).year


class KinerjaTreeApi(TenantAPIView):
    """The performance tree of a year: sasaran → indikator → PK items → RHK (coverage)."""

    pagination_class = None

    @extend_schema(parameters=[YEAR], responses={200: SasaranNodeSerializer(many=True)})
    def get(self, request: Request) -> Response:
        if not sel.may_read(self.actor):
            self.permission_denied(request)
        tree = build_tree(self.actor, _year(request, self))
        return Response(SasaranNodeSerializer(tree.sasaran, many=True).data)


class KinerjaSasaranApi(TenantAPIView):
    """One sasaran strategis with its subtree."""

    @extend_schema(responses={200: SasaranNodeSerializer})
    def get(self, request: Request, pk: int) -> Response:
        sasaran = sel.get_sasaran_for_actor(self.actor, pk)
        tree = build_tree(self.actor, sasaran.year, sasaran_id=sasaran.pk)
        node: SasaranNode = tree.sasaran[0]
        return Response(SasaranNodeSerializer(node).data)


class PkListApi(TenantAPIView):
    """The Perjanjian Kinerja of a year; `unit` (a unit code) narrows to one unit."""

    pagination_class = None

    @extend_schema(
        parameters=[YEAR, OpenApiParameter("unit", OpenApiTypes.STR, description="kode unit")],
        responses={200: PkSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        if not sel.may_read(self.actor):
            self.permission_denied(request)
        qs = PerjanjianKinerja.objects.filter(
            tenant=self.actor.tenant, year=_year(request, self)
        ).select_related("unit", "signer")
        if unit := request.query_params.get("unit"):
            qs = qs.filter(unit__code=unit)
        return Response(PkSerializer(qs.order_by("unit__path"), many=True).data)


class PkDetailApi(TenantAPIView):
    @extend_schema(responses={200: PkDetailSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return Response(PkDetailSerializer(sel.get_pk_for_actor(self.actor, pk)).data)


class PkSignApi(TenantAPIView):
    """Sign a draft PK (unit head, head of the parent unit or BKPSDM)."""

    allow_write_without_permission = True

    @extend_schema(request=None, responses={200: PkSerializer})
    def post(self, request: Request, pk: int) -> Response:
        perjanjian = sel.get_pk_for_actor(self.actor, pk, write=True)
        perjanjian = svc.pk_sign(actor=self.actor, perjanjian=perjanjian)
        return Response(PkSerializer(perjanjian).data)


urlpatterns = [
    path("kinerja/tree/", KinerjaTreeApi.as_view(), name="tree"),
    path("kinerja/sasaran/<int:pk>/", KinerjaSasaranApi.as_view(), name="sasaran"),
    path("kinerja/pk/", PkListApi.as_view(), name="pks"),
    path("kinerja/pk/<int:pk>/", PkDetailApi.as_view(), name="pk"),
    path("kinerja/pk/<int:pk>/sign/", PkSignApi.as_view(), name="pk-sign"),
]
