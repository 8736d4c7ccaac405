"""/api/v1/performance/: coaching and mentoring (pembinaan), through the same selectors and
services as the pages (performance/pembinaan.py).

GET    performance/pembinaan/[?jenis=&status=]     plans the caller may read
POST   performance/pembinaan/                      {"nip", "jenis", "nip_mentor"?, "tujuan",
                                                   "langkah", "tanggal_tindak_lanjut"}
GET    performance/pembinaan/{id}/                 one plan with its sessions
POST   performance/pembinaan/{id}/sesi/            {"tanggal", "durasi_menit", "catatan",
                                                   "tindakan_disepakati"?}
GET    performance/sesi/{id}/                      one session
PUT    performance/sesi/{id}/                      the same fields: correct a session
DELETE performance/sesi/{id}/                      remove a session (its JP follow)
POST   performance/pembinaan/{id}/tutup/           {"hasil"}: close with the outcome
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.core.api import TenantAPIView
from pamong.org.models import Employee

from . import pembinaan as pb
from .followup import can_coach
from .models import CoachingPlan, CoachingSession


def _field_error(field: str, message: str) -> Response:
    return Response(
        {"errors": [{"field": field, "message": message}]}, status=status.HTTP_400_BAD_REQUEST
    )


def _bad(exc: ValidationError) -> Response:
    return Response(
        {"errors": [{"field": None, "message": m} for m in exc.messages]},
        status=status.HTTP_400_BAD_REQUEST,
    )


class SessionSerializer(serializers.ModelSerializer[CoachingSession]):
    tanggal = serializers.DateField(source="held_on")
    durasi_menit = serializers.IntegerField(source="minutes")
    catatan = serializers.CharField(source="notes")
    tindakan_disepakati = serializers.CharField(source="agreed_actions")

    class Meta:
        model = CoachingSession
        fields = ["id", "tanggal", "durasi_menit", "catatan", "tindakan_disepakati"]


class SessionInputSerializer(serializers.Serializer):
    tanggal = serializers.DateField()
    durasi_menit = serializers.IntegerField(min_value=1, max_value=pb.MAX_MINUTES)
    catatan = serializers.CharField(max_length=4000)
    tindakan_disepakati = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default=""
    )


class PlanSerializer(serializers.ModelSerializer[CoachingPlan]):
    nip = serializers.CharField(source="employee.nip")
    nama = serializers.CharField(source="employee.name")
    jenis = serializers.CharField(source="kind")
    nip_mentor = serializers.CharField(source="mentor.nip", allow_null=True, default=None)
    periode = serializers.CharField(source="period")
    tujuan = serializers.CharField(source="goals")
    langkah = serializers.CharField(source="actions")
    tanggal_tindak_lanjut = serializers.DateField(source="follow_up_date")
    hasil = serializers.CharField(source="outcome")
    # Plain codes (open/closed, the predikat): no second enum of the same name in the schema.
    predikat = serializers.CharField()
    status = serializers.CharField()

    class Meta:
        model = CoachingPlan
        fields = [
            "id", "nip", "nama", "jenis", "nip_mentor", "periode", "predikat", "tujuan",
            "langkah", "tanggal_tindak_lanjut", "hasil", "status",
        ]  # fmt: skip


class PlanDetailSerializer(PlanSerializer):
    sesi = SessionSerializer(source="sessions", many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "sesi"]


class PlanInputSerializer(serializers.Serializer):
    nip = serializers.CharField(max_length=30)
    jenis = serializers.ChoiceField(choices=[k.value for k in pb.STARTABLE])
    nip_mentor = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    tujuan = serializers.CharField(max_length=4000)
    langkah = serializers.CharField(max_length=4000)
    tanggal_tindak_lanjut = serializers.DateField()


class CloseSerializer(serializers.Serializer):
    hasil = serializers.CharField(max_length=4000)


class PlanListApi(TenantAPIView, generics.ListAPIView[CoachingPlan]):
    queryset = CoachingPlan.objects.none()
    serializer_class = PlanSerializer
    allow_write_without_permission = True  # the service checks supervisor, head or BKPSDM

    def get_queryset(self) -> QuerySet[CoachingPlan]:
        qs = pb.plans_visible_to(self.actor)
        params = self.request.query_params
        if params.get("jenis"):
            qs = qs.filter(kind=params["jenis"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs

    @extend_schema(request=PlanInputSerializer, responses={201: PlanSerializer})
    def post(self, request: Request) -> Response:
        data = PlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        tenant = self.actor.tenant
        if not pb.may_start(self.actor):
            raise PermissionDenied
        employee = Employee.objects.filter(tenant=tenant, nip=v["nip"]).first()
        mentor = (
            Employee.objects.filter(tenant=tenant, nip=v["nip_mentor"]).first()
            if v["nip_mentor"]
            else None
        )
        if employee is None or not can_coach(self.actor, employee):
            return _field_error("nip", pb.not_yours_message())
        if v["nip_mentor"] and mentor is None:
            return _field_error("nip_mentor", _("NIP tidak ditemukan."))
        try:
            plan = pb.plan_start(
                actor=self.actor, employee=employee, kind=v["jenis"], goals=v["tujuan"],
                actions=v["langkah"], follow_up_date=v["tanggal_tindak_lanjut"], mentor=mentor,
            )  # fmt: skip
        except ValidationError as exc:
            return _bad(exc)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class PlanDetailApi(TenantAPIView):
    @extend_schema(responses=PlanDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        plan = pb.get_plan(self.actor, pk)
        return Response(PlanDetailSerializer(plan).data)


class SessionAddApi(TenantAPIView):
    allow_write_without_permission = True  # the service checks supervisor, mentor or BKPSDM

    @extend_schema(request=SessionInputSerializer, responses={201: SessionSerializer})
    def post(self, request: Request, pk: int) -> Response:
        plan = pb.get_plan(self.actor, pk)
        data = SessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            session = pb.session_record(
                actor=self.actor, plan=plan, held_on=v["tanggal"], minutes=v["durasi_menit"],
                notes=v["catatan"], agreed_actions=v["tindakan_disepakati"],
            )  # fmt: skip
        except ValidationError as exc:
            return _bad(exc)
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


class SessionApi(TenantAPIView):
    allow_write_without_permission = True  # the service checks supervisor, mentor or BKPSDM

    @extend_schema(responses=SessionSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(SessionSerializer(pb.get_session(self.actor, pk)).data)

    @extend_schema(request=SessionInputSerializer, responses=SessionSerializer)
    def put(self, request: Request, pk: int) -> Response:
        session = pb.get_session(self.actor, pk)
        data = SessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            session = pb.session_update(
                actor=self.actor, session=session, held_on=v["tanggal"],
                minutes=v["durasi_menit"], notes=v["catatan"],
                agreed_actions=v["tindakan_disepakati"],
            )  # fmt: skip
        except ValidationError as exc:
            return _bad(exc)
        return Response(SessionSerializer(session).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        session = pb.get_session(self.actor, pk)
        try:
            pb.session_delete(actor=self.actor, session=session)
        except ValidationError as exc:
            return _bad(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlanCloseApi(TenantAPIView):
    allow_write_without_permission = True  # the service checks supervisor, mentor or BKPSDM

    @extend_schema(request=CloseSerializer, responses=PlanSerializer)
    def post(self, request: Request, pk: int) -> Response:
        plan = pb.get_plan(self.actor, pk)
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            plan = pb.plan_close(actor=self.actor, plan=plan, outcome=data.validated_data["hasil"])
        except ValidationError as exc:
            return _bad(exc)
        return Response(PlanSerializer(plan).data)


urlpatterns = [
    path("performance/pembinaan/", PlanListApi.as_view(), name="pembinaan"),
    path("performance/pembinaan/<int:pk>/", PlanDetailApi.as_view(), name="pembinaan-detail"),
    path("performance/pembinaan/<int:pk>/sesi/", SessionAddApi.as_view(), name="session-add"),
    path("performance/pembinaan/<int:pk>/tutup/", PlanCloseApi.as_view(), name="pembinaan-close"),
    path("performance/sesi/<int:pk>/", SessionApi.as_view(), name="session"),
]
