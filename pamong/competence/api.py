"""/api/v1/competence/: the JP ledger, the catalogue, enrolments, quiz attempts and the
20 JP dashboard, through the same selectors and services as the pages.

GET  competence/ledger/?year=YYYY[&nip=]          own JP entries; any employee with view_all
GET  competence/programmes/                       the catalogue open to the caller
POST competence/programmes/{id}/apply/            {"alasan"}: the caller applies
GET  competence/enrolments/[?status=]             enrolments the caller may see
POST competence/enrolments/{id}/consider/         {"decision": approve|reject, "note"} (supervisor)
POST competence/enrolments/{id}/decide/           {"decision", "note"} (BKPSDM)
POST competence/attempts/{id}/submit/             {"answers": {"<question id>": position}}
GET  competence/dashboard/?year=YYYY              per OPD (tenant, or the OPDs the caller heads)
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.core import clock
from pamong.core.api import TenantAPIView
from pamong.core.errors import InputErrors
from pamong.org.selectors import get_employee_by_nip_for_actor

from . import learning, services, stats
from .models import Enrolment, JpEntry, Programme
from .models_learning import Attempt
from .selectors import (
    can_view_all,
    dashboard_opd_ids,
    enrolments_visible_to,
    get_enrolment_for_actor,
    get_programme_for_actor,
    programmes_open_to,
    settings_of,
)

FIELD_NAMES = {"note": "note", "decision": "decision", "programme": "program"}


def _bad(exc: InputErrors) -> Response:
    errors = [
        {"field": FIELD_NAMES.get(e.column or "", e.column), "message": e.message}
        for e in exc.errors
    ]
    return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)


def _year(request: Request) -> int:
    raw = request.query_params.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    actor = getattr(request._request, "actor", None)
    return clock.today(actor.tenant if actor else None).year


class JpEntrySerializer(serializers.ModelSerializer[JpEntry]):
    tahun = serializers.IntegerField(source="year")
    kegiatan = serializers.CharField(source="title")
    bentuk = serializers.CharField(source="kind")
    sumber = serializers.CharField(source="source")
    selesai = serializers.DateField(source="completed_on")

    class Meta:
        model = JpEntry
        fields = ["id", "tahun", "jp", "kegiatan", "bentuk", "sumber", "selesai"]


class LedgerApi(TenantAPIView, generics.ListAPIView[JpEntry]):
    queryset = JpEntry.objects.none()
    serializer_class = JpEntrySerializer

    def get_queryset(self) -> QuerySet[JpEntry]:
        actor = self.actor
        nip = self.request.query_params.get("nip", "")
        if nip:
            employee = get_employee_by_nip_for_actor(actor, nip)
            if employee.pk != actor.employee_id and not can_view_all(actor):
                raise Http404
            employee_id = employee.pk
        elif actor.employee_id is not None:
            employee_id = actor.employee_id
        else:
            return JpEntry.objects.none()
        return JpEntry.objects.filter(
            tenant=actor.tenant, employee_id=employee_id, year=_year(self.request)
        ).order_by("-completed_on", "-id")


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    judul = serializers.CharField(source="title")
    bentuk = serializers.CharField(source="kind")
    kompetensi = serializers.CharField(source="competency")
    jenis_kompetensi = serializers.CharField(source="competency_kind")
    biaya_per_peserta = serializers.IntegerField(source="cost_per_participant")
    kuota = serializers.IntegerField(source="quota")
    mulai = serializers.DateField(source="start")
    selesai = serializers.DateField(source="end")

    class Meta:
        model = Programme
        fields = [
            "id", "judul", "bentuk", "kompetensi", "jenis_kompetensi", "jp",
            "biaya_per_peserta", "kuota", "mulai", "selesai", "status",
        ]  # fmt: skip


class ProgrammeListApi(TenantAPIView, generics.ListAPIView[Programme]):
    queryset = Programme.objects.none()
    serializer_class = ProgrammeSerializer

    def get_queryset(self) -> QuerySet[Programme]:
        return programmes_open_to(self.actor).order_by("-start", "id")


class ApplySerializer(serializers.Serializer):
    alasan = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EnrolmentSerializer(serializers.ModelSerializer[Enrolment]):
    nip = serializers.CharField(source="employee.nip")
    nama = serializers.CharField(source="employee.name")
    program = serializers.IntegerField(source="programme_id")
    ditunjuk = serializers.BooleanField(source="nominated")
    selesai = serializers.DateField(source="completed_on")

    class Meta:
        model = Enrolment
        fields = ["id", "nip", "nama", "program", "status", "ditunjuk", "selesai"]


class ProgrammeApplyApi(TenantAPIView):
    allow_write_without_permission = True  # an employee applies for themselves

    @extend_schema(request=ApplySerializer, responses=EnrolmentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        programme = get_programme_for_actor(self.actor, pk)
        data = ApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            enrolment = services.enrolment_apply(
                actor=self.actor, programme=programme, motivation=data.validated_data["alasan"]
            )
        except InputErrors as exc:
            return _bad(exc)
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)


class EnrolmentListApi(TenantAPIView, generics.ListAPIView[Enrolment]):
    queryset = Enrolment.objects.none()
    serializer_class = EnrolmentSerializer

    def get_queryset(self) -> QuerySet[Enrolment]:
        qs = enrolments_visible_to(self.actor).select_related("employee").order_by("-id")
        wanted = self.request.query_params.get("status", "")
        return qs.filter(status=wanted) if wanted else qs


# Named apart from leave's DecisionSerializer so that the OpenAPI components differ.
@extend_schema_serializer(component_name="CompetenceDecision")
class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class _EnrolmentDecisionApi(TenantAPIView):
    allow_write_without_permission = True  # the service checks the supervisor or BKPSDM
    service: Any = None

    @extend_schema(request=DecisionSerializer, responses=EnrolmentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        enrolment = get_enrolment_for_actor(self.actor, pk)
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            enrolment = type(self).service(
                actor=self.actor, enrolment=enrolment,
                approve=data.validated_data["decision"] == "approve",
                note=data.validated_data["note"],
            )  # fmt: skip
        except InputErrors as exc:
            return _bad(exc)
        return Response(EnrolmentSerializer(enrolment).data)


class EnrolmentConsiderApi(_EnrolmentDecisionApi):
    service = staticmethod(services.enrolment_consider)


class EnrolmentDecideApi(_EnrolmentDecisionApi):
    service = staticmethod(services.enrolment_decide)


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=50))


class AttemptResultSerializer(serializers.ModelSerializer[Attempt]):
    nilai = serializers.DecimalField(source="score", max_digits=5, decimal_places=2)
    lulus = serializers.BooleanField(source="passed")
    terlambat = serializers.BooleanField(source="late")

    class Meta:
        model = Attempt
        fields = ["id", "number", "nilai", "lulus", "terlambat", "submitted_at"]


class AttemptSubmitApi(TenantAPIView):
    allow_write_without_permission = True  # only the attempt's owner; the service checks

    @extend_schema(request=AnswersSerializer, responses=AttemptResultSerializer)
    def post(self, request: Request, pk: int) -> Response:
        attempt = Attempt.objects.filter(tenant=self.actor.tenant, pk=pk).first()
        if attempt is None:
            raise Http404
        data = AnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            attempt = learning.attempt_submit(
                actor=self.actor, attempt=attempt, answers=data.validated_data["answers"]
            )
        except InputErrors as exc:
            return _bad(exc)
        return Response(AttemptResultSerializer(attempt).data)


class DashboardRowSerializer(serializers.Serializer):
    opd_id = serializers.IntegerField()
    opd = serializers.CharField(source="name")
    pegawai = serializers.IntegerField(source="employees")
    kurang_jp = serializers.IntegerField(source="below")
    rata_rata_jp = serializers.IntegerField(source="avg_jp")
    pppk_di_atas_hak = serializers.IntegerField(source="over_pppk")
    belanja = serializers.IntegerField(source="spend")
    anggaran = serializers.IntegerField(source="budget", allow_null=True)
    peserta = serializers.IntegerField(source="seated")
    selesai = serializers.IntegerField(source="completed")
    persen_penyelesaian = serializers.IntegerField(source="completion_pct", allow_null=True)


class DashboardSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    jp_minimal_pns = serializers.IntegerField()
    hak_jp_pppk = serializers.IntegerField()
    opd = DashboardRowSerializer(many=True)


class DashboardApi(TenantAPIView):
    pagination_class = None

    @extend_schema(responses=DashboardSerializer)
    def get(self, request: Request) -> Response:
        actor = self.actor
        assert actor.tenant is not None
        pns_min, pppk_max, _rules = settings_of(actor.tenant.pk)
        year = _year(request)
        board = stats.dashboard(actor.tenant, year, pns_min, pppk_max, dashboard_opd_ids(actor))
        return Response(
            {
                "tahun": year,
                "jp_minimal_pns": pns_min,
                "hak_jp_pppk": pppk_max,
                "opd": DashboardRowSerializer(board.rows, many=True).data,
            }
        )


urlpatterns = [
    path("competence/ledger/", LedgerApi.as_view(), name="ledger"),
    path("competence/programmes/", ProgrammeListApi.as_view(), name="programmes"),
    path(
        "competence/programmes/<int:pk>/apply/", ProgrammeApplyApi.as_view(), name="programme-apply"
    ),
    path("competence/enrolments/", EnrolmentListApi.as_view(), name="enrolments"),
    path(
        "competence/enrolments/<int:pk>/consider/",
        EnrolmentConsiderApi.as_view(),
        name="enrolment-consider",
    ),
    path(
        "competence/enrolments/<int:pk>/decide/",
        EnrolmentDecideApi.as_view(),
        name="enrolment-decide",
    ),
    path("competence/attempts/<int:pk>/submit/", AttemptSubmitApi.as_view(), name="attempt-submit"),
    path("competence/dashboard/", DashboardApi.as_view(), name="dashboard"),
]
