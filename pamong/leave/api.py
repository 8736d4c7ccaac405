"""/api/v1/leave/: leave requests and annual balances, through the same services as the pages.

GET  leave/requests/[?status=&mine=1]       requests the caller may see
POST leave/requests/                        file the caller's own request (JSON or multipart
                                            with `lampiran`, `lampiran_tpk`); type-specific:
                                            kategori_alasan (PPPK before 1 year),
                                            tujuan_sulit_dijangkau, tujuan, hari_perjalanan
                                            (cuti tahunan), subjenis_sakit, jenis_lampiran,
                                            perpanjangan_tpk (cuti sakit)
GET  leave/requests/{id}/
POST leave/requests/{id}/consider/          {"decision": approve|reject|defer, "note"}
POST leave/requests/{id}/decide/            {"decision", "note", "nomor_surat"}
POST leave/requests/{id}/cancel/            {"note"}
GET  leave/balances/?year=YYYY[&nip=]       own, team, OPD, or all (leave.view_all)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.attendance.calendar import calendar_for
from pamong.attendance.models import LeaveType
from pamong.core import clock
from pamong.core.api import ApiPagination, TenantAPIView
from pamong.core.errors import InputErrors
from pamong.org.selectors import get_employee_for_actor

from . import services
from .balances import compute_balances
from .models import AttachmentKind, LeaveRequest, ReasonCategory, SickSubtype
from .selectors import get_request_for_actor, requests_visible_to, team_employees

FIELD_NAMES = {
    "kind": "jenis",
    "start": "mulai",
    "end": "selesai",
    "reason": "alasan",
    "attachment": "lampiran",
    "note": "catatan",
    "decision": "keputusan",
    "reason_category": "kategori_alasan",
    "hard_to_reach": "tujuan_sulit_dijangkau",
    "destination": "tujuan",
    "travel_days": "hari_perjalanan",
    "sick_subtype": "subjenis_sakit",
    "attachment_kind": "jenis_lampiran",
    "tpk_extension": "perpanjangan_tpk",
    "tpk_attachment": "lampiran_tpk",
}


class RequestOutputSerializer(serializers.ModelSerializer[LeaveRequest]):
    nip = serializers.CharField(source="employee.nip")
    nama = serializers.CharField(source="employee.name")
    jenis = serializers.CharField(source="kind")
    mulai = serializers.DateField(source="start")
    selesai = serializers.DateField(source="end")
    hari_kerja = serializers.IntegerField(source="working_days")
    alasan = serializers.CharField(source="reason")
    ada_lampiran = serializers.SerializerMethodField()
    pertimbangan_atasan = serializers.CharField(source="supervisor_note")
    catatan_pejabat = serializers.CharField(source="decision_note")
    nomor_surat = serializers.CharField(source="letter_number")
    kategori_alasan = serializers.CharField(source="reason_category")
    tujuan_sulit_dijangkau = serializers.BooleanField(source="hard_to_reach")
    tujuan = serializers.CharField(source="destination")
    hari_perjalanan = serializers.IntegerField(source="travel_days")
    selesai_termasuk_perjalanan = serializers.DateField(source="range_end")
    subjenis_sakit = serializers.CharField(source="sick_subtype")
    jenis_lampiran = serializers.CharField(source="attachment_kind")
    perpanjangan_tpk = serializers.BooleanField(source="tpk_extension")
    ada_lampiran_tpk = serializers.SerializerMethodField()

    class Meta:
        model = LeaveRequest
        fields = [
            "id",
            "nip",
            "nama",
            "jenis",
            "mulai",
            "selesai",
            "hari_kerja",
            "alasan",
            "status",
            "approver",
            "ada_lampiran",
            "pertimbangan_atasan",
            "catatan_pejabat",
            "nomor_surat",
            "kategori_alasan",
            "tujuan_sulit_dijangkau",
            "tujuan",
            "hari_perjalanan",
            "selesai_termasuk_perjalanan",
            "subjenis_sakit",
            "jenis_lampiran",
            "perpanjangan_tpk",
            "ada_lampiran_tpk",
            "created_at",
            "decided_at",
        ]

    def get_ada_lampiran(self, obj: LeaveRequest) -> bool:
        return bool(obj.attachment)

    def get_ada_lampiran_tpk(self, obj: LeaveRequest) -> bool:
        return bool(obj.tpk_attachment)


class RequestInputSerializer(serializers.Serializer):
    jenis = serializers.ChoiceField(choices=LeaveType.choices)
    mulai = serializers.DateField()
    selesai = serializers.DateField()
    alasan = serializers.CharField(max_length=2000)
    alamat = serializers.CharField(max_length=300, required=False, allow_blank=True)
    lampiran = serializers.FileField(required=False)
    kategori_alasan = serializers.ChoiceField(
        choices=ReasonCategory.choices, required=False, allow_blank=True, default=""
    )
    tujuan_sulit_dijangkau = serializers.BooleanField(required=False, default=False)
    tujuan = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    hari_perjalanan = serializers.IntegerField(min_value=0, required=False, default=0)
    subjenis_sakit = serializers.ChoiceField(
        choices=SickSubtype.choices, required=False, allow_blank=True, default=""
    )
    jenis_lampiran = serializers.ChoiceField(
        choices=AttachmentKind.choices, required=False, allow_blank=True, default=""
    )
    perpanjangan_tpk = serializers.BooleanField(required=False, default=False)
    lampiran_tpk = serializers.FileField(required=False)

    def details(self) -> services.RequestDetails:
        v = self.validated_data
        return services.RequestDetails(
            reason_category=v["kategori_alasan"],
            hard_to_reach=v["tujuan_sulit_dijangkau"],
            destination=v["tujuan"],
            travel_days=v["hari_perjalanan"],
            sick_subtype=v["subjenis_sakit"],
            attachment_kind=v["jenis_lampiran"],
            tpk_extension=v["perpanjangan_tpk"],
        )


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=services.DECISIONS)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    nomor_surat = serializers.CharField(required=False, allow_blank=True, default="")


class CancelSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BalanceSerializer(serializers.Serializer):
    nip = serializers.CharField()
    nama = serializers.CharField(source="name")
    tahun = serializers.IntegerField(source="year")
    hak_tahun_ini = serializers.IntegerField()
    sisa_tahun_lalu = serializers.IntegerField()
    hak_total = serializers.IntegerField()
    terpakai = serializers.IntegerField()
    sisa = serializers.IntegerField()
    diajukan = serializers.IntegerField(source="pending")


def _bad(exc: InputErrors) -> Response:
    return Response(
        {
            "errors": [
                {"field": FIELD_NAMES.get(e.column or "", e.column), "message": e.message}
                for e in exc.errors
            ]
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


def _today(request: Request, tenant: Any) -> dt.date:
    return clock.today(tenant)


class RequestListApi(TenantAPIView, generics.ListAPIView[LeaveRequest]):
    allow_write_without_permission = True  # an employee files their own; the service checks
    queryset = LeaveRequest.objects.none()
    serializer_class = RequestOutputSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[LeaveRequest]:
        qs = requests_visible_to(self.actor).select_related("employee").order_by("-start", "-id")
        status_filter = self.request.query_params.get("status")
        if status_filter:
            qs = qs.filter(status=status_filter)
        if self.request.query_params.get("mine") == "1":
            qs = qs.filter(employee_id=self.actor.employee_id or 0)
        return qs

    @extend_schema(
        parameters=[OpenApiParameter("status", str), OpenApiParameter("mine", str)],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=RequestInputSerializer, responses={201: RequestOutputSerializer})
    def post(self, request: Request) -> Response:
        actor = self.actor
        if actor.employee_id is None:
            raise exceptions.PermissionDenied
        data = RequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        employee = get_employee_for_actor(actor, actor.employee_id)
        try:
            created = services.request_submit(
                actor=actor,
                employee=employee,
                kind=v["jenis"],
                start=v["mulai"],
                end=v["selesai"],
                reason=v["alasan"],
                address=v.get("alamat", ""),
                attachment=v.get("lampiran"),
                tpk_attachment=v.get("lampiran_tpk"),
                details=data.details(),
            )
        except InputErrors as exc:
            return _bad(exc)
        return Response(RequestOutputSerializer(created).data, status=status.HTTP_201_CREATED)


class RequestDetailApi(TenantAPIView):
    pagination_class = None

    @extend_schema(responses=RequestOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(RequestOutputSerializer(get_request_for_actor(self.actor, pk)).data)


class _StepApi(TenantAPIView):
    allow_write_without_permission = True  # who may act is an object rule: the service checks
    pagination_class = None
    step = ""

    def post(self, request: Request, pk: int) -> Response:
        actor = self.actor
        leave_request = get_request_for_actor(actor, pk)
        try:
            if self.step == "cancel":
                c = CancelSerializer(data=request.data)
                c.is_valid(raise_exception=True)
                result = services.request_cancel(
                    actor=actor,
                    request=leave_request,
                    today=_today(request, actor.tenant),
                    note=c.validated_data["note"],
                )
            else:
                d = DecisionSerializer(data=request.data)
                d.is_valid(raise_exception=True)
                v = d.validated_data
                if self.step == "consider":
                    result = services.request_consider(
                        actor=actor, request=leave_request, decision=v["decision"], note=v["note"]
                    )
                else:
                    result = services.request_decide(
                        actor=actor,
                        request=leave_request,
                        decision=v["decision"],
                        note=v["note"],
                        letter_number=v["nomor_surat"],
                    )
        except InputErrors as exc:
            return _bad(exc)
        return Response(RequestOutputSerializer(result).data)


@extend_schema(request=DecisionSerializer, responses=RequestOutputSerializer)
class ConsiderApi(_StepApi):
    step = "consider"


@extend_schema(request=DecisionSerializer, responses=RequestOutputSerializer)
class DecideApi(_StepApi):
    step = "decide"


@extend_schema(request=CancelSerializer, responses=RequestOutputSerializer)
class CancelApi(_StepApi):
    step = "cancel"


class BalanceListApi(TenantAPIView):
    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("nip", str)],
        responses=BalanceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = self.actor
        assert actor.tenant is not None
        try:
            year = int(request.query_params.get("year") or _today(request, actor.tenant).year)
        except ValueError as exc:
            raise exceptions.ValidationError({"year": ["tahun harus angka"]}) from exc
        if not 2000 <= year <= 2100:
            raise exceptions.ValidationError({"year": ["tahun tidak sah"]})
        people = team_employees(actor)
        if request.query_params.get("nip"):
            people = people.filter(nip=request.query_params["nip"])
        paginator = ApiPagination()
        ids = (
            paginator.paginate_queryset(
                people.order_by("nip").values_list("pk", flat=True), request, view=self
            )
            or []
        )
        try:
            cal = calendar_for(actor.tenant)
        except InputErrors as exc:
            return _bad(exc)
        result = compute_balances(actor.tenant, year, cal, employee_ids=ids)
        rows = [result[pk] for pk in ids if pk in result]
        return paginator.get_paginated_response(BalanceSerializer(rows, many=True).data)


urlpatterns = [
    path("leave/requests/", RequestListApi.as_view(), name="requests"),
    path("leave/requests/<int:pk>/", RequestDetailApi.as_view(), name="request"),
    path("leave/requests/<int:pk>/consider/", ConsiderApi.as_view(), name="request-consider"),
    path("leave/requests/<int:pk>/decide/", DecideApi.as_view(), name="request-decide"),
    path("leave/requests/<int:pk>/cancel/", CancelApi.as_view(), name="request-cancel"),
    path("leave/balances/", BalanceListApi.as_view(), name="balances"),
]
