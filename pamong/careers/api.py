"""/api/v1/careers/: KP and KGB due lists, KP proposals (create, submit, decide), through
the same selectors and services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.careers import rules
from pamong.careers import selectors as sel
from pamong.careers import services as svc
from pamong.careers.models import KpProposal
from pamong.core import clock
from pamong.core.api import TenantAPIView
from pamong.org.models import PNS_GOLONGAN, Employee

PERIOD = OpenApiParameter("period", OpenApiTypes.STR, description="periode KP, YYYY-MM")
MONTH = OpenApiParameter("month", OpenApiTypes.STR, description="bulan, YYYY-MM")
OPD = OpenApiParameter("opd", OpenApiTypes.INT, description="id OPD")


class KpRowSerializer(serializers.Serializer):
    employee_id = serializers.IntegerField()
    nip = serializers.CharField()
    name = serializers.CharField()
    opd = serializers.CharField()
    position = serializers.CharField()
    golongan = serializers.CharField()
    target = serializers.CharField(source="verdict.target", allow_null=True)
    education = serializers.CharField()
    tmt_pangkat = serializers.DateField()
    predikat = serializers.ListField(child=serializers.CharField(allow_null=True))
    sanctioned = serializers.BooleanField()
    proposal_id = serializers.IntegerField(allow_null=True)
    proposal_status = serializers.CharField(allow_null=True)
    documents_missing = serializers.IntegerField(allow_null=True)
    blockers = serializers.ListField(child=serializers.CharField(), source="verdict.blockers")
    ready = serializers.BooleanField(source="verdict.ready")


class KgbRowSerializer(serializers.Serializer):
    employee_id = serializers.IntegerField()
    nip = serializers.CharField()
    name = serializers.CharField()
    opd = serializers.CharField()
    employee_type = serializers.CharField()
    golongan = serializers.CharField()
    tmt_kgb = serializers.DateField()
    due = serializers.DateField()
    effective = serializers.DateField()
    new_mkg = serializers.IntegerField()
    gaji_pokok = serializers.IntegerField(source="pay.amount", allow_null=True)
    predikat = serializers.CharField(allow_null=True)
    adequate = serializers.BooleanField()
    postponed_months = serializers.IntegerField()
    postpone_reason = serializers.CharField()


class KpProposalSerializer(serializers.ModelSerializer[KpProposal]):
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.name")
    documents = serializers.SerializerMethodField()

    class Meta:
        model = KpProposal
        fields = [
            "id", "nip", "name", "period", "status", "from_golongan", "to_golongan", "note",
            "sk_number", "sk_date", "new_golongan", "tmt", "applied", "documents",
        ]  # fmt: skip

    def get_documents(self, proposal: KpProposal) -> list[dict[str, Any]]:
        return [
            {"id": d.pk, "code": d.code, "label": d.label, "present": d.present,
             "verified": d.verified}
            for d in proposal.documents.all()
        ]  # fmt: skip


class KpProposalCreateSerializer(serializers.Serializer):
    nip = serializers.CharField(max_length=18)
    period = serializers.DateField()


class KpDecisionSerializer(serializers.Serializer):
    sk_number = serializers.CharField(max_length=100)
    sk_date = serializers.DateField()
    new_golongan = serializers.ChoiceField(choices=PNS_GOLONGAN)
    tmt = serializers.DateField()


def _month(raw: str) -> dt.date | None:
    try:
        year, month = (int(x) for x in raw.split("-")[:2])
        return dt.date(year, month, 1)
    except ValueError:
        return None


def _opd(request: Request) -> int | None:
    raw = request.query_params.get("opd", "")
    return int(raw) if raw.isdigit() else None


class ReadMixin(TenantAPIView):
    def check_reader(self, request: Request) -> None:
        if not sel.may_read(self.actor):
            self.permission_denied(request)


class KpDueApi(ReadMixin):
    """Employees due for KP reguler in a period, with the reasons any is blocked."""

    pagination_class = None

    @extend_schema(parameters=[PERIOD, OPD], responses={200: KpRowSerializer(many=True)})
    def get(self, request: Request) -> Response:
        self.check_reader(request)
        period = _month(request.query_params.get("period", "")) or rules.next_kp_period(
            clock.today(self.actor.tenant)
        )
        rows = sel.kp_due(self.actor, period, opd_id=_opd(request))
        return Response(KpRowSerializer(rows, many=True).data)


class KgbDueApi(ReadMixin):
    """KGB falling due in a month (after postponements), with the new gaji pokok."""

    pagination_class = None

    @extend_schema(parameters=[MONTH, OPD], responses={200: KgbRowSerializer(many=True)})
    def get(self, request: Request) -> Response:
        self.check_reader(request)
        month = _month(request.query_params.get("month", "")) or clock.this_month(self.actor.tenant)
        rows = sel.kgb_due(self.actor, month, opd_id=_opd(request))
        return Response(KgbRowSerializer(rows, many=True).data)


class ProposalListApi(ReadMixin, generics.GenericAPIView):
    """KP proposals of a period (`period=YYYY-MM`); POST opens a file for a due employee."""

    allow_write_without_permission = True  # OPD heads prepare files; the service checks
    serializer_class = KpProposalCreateSerializer  # OPTIONS describes the POST body

    @extend_schema(parameters=[PERIOD], responses={200: KpProposalSerializer(many=True)})
    def get(self, request: Request) -> Response:
        self.check_reader(request)
        qs = sel.proposals_visible_to(self.actor).select_related("employee")
        if period := _month(request.query_params.get("period", "")):
            qs = qs.filter(period=period)
        qs = qs.prefetch_related("documents").order_by("period", "employee__nip")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(KpProposalSerializer(page, many=True).data)

    @extend_schema(request=KpProposalCreateSerializer, responses={201: KpProposalSerializer})
    def post(self, request: Request) -> Response:
        self.check_reader(request)
        data = KpProposalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        employee = (
            Employee.objects.filter(tenant=self.actor.tenant, nip=data.validated_data["nip"])
            .select_related("position")
            .first()
        )
        if employee is None:
            raise ValidationError({"nip": ["NIP tidak ditemukan"]})
        proposal = svc.kp_proposal_create(
            actor=self.actor, employee=employee, period=data.validated_data["period"]
        )
        return Response(KpProposalSerializer(proposal).data, status=201)


def _proposal(api: TenantAPIView, pk: int) -> KpProposal:
    # Another tenant's id: 404; same tenant outside the actor's OPDs: 403 (DRF maps both).
    return sel.get_proposal_for_actor(api.actor, pk)


class ProposalDetailApi(ReadMixin):
    @extend_schema(responses={200: KpProposalSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return Response(KpProposalSerializer(_proposal(self, pk)).data)


class ProposalSubmitApi(ReadMixin):
    """OPD sends a complete file to BKPSDM."""

    allow_write_without_permission = True  # OPD heads; the service checks the OPD

    @extend_schema(request=None, responses={200: KpProposalSerializer})
    def post(self, request: Request, pk: int) -> Response:
        proposal = svc.kp_proposal_submit(actor=self.actor, proposal=_proposal(self, pk))
        return Response(KpProposalSerializer(proposal).data)


class ProposalDecisionApi(ReadMixin):
    """Record the SK kenaikan pangkat (BKPSDM); the golongan follows from the TMT."""

    write_permission = sel.MANAGE

    @extend_schema(request=KpDecisionSerializer, responses={200: KpProposalSerializer})
    def post(self, request: Request, pk: int) -> Response:
        proposal = _proposal(self, pk)
        data = KpDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = svc.kp_decide(actor=self.actor, proposal=proposal, **data.validated_data)
        return Response(KpProposalSerializer(proposal).data)


urlpatterns = [
    path("careers/kp/due/", KpDueApi.as_view(), name="kp-due"),
    path("careers/kgb/due/", KgbDueApi.as_view(), name="kgb-due"),
    path("careers/kp/proposals/", ProposalListApi.as_view(), name="kp-proposals"),
    path("careers/kp/proposals/<int:pk>/", ProposalDetailApi.as_view(), name="kp-proposal"),
    path(
        "careers/kp/proposals/<int:pk>/submit/",
        ProposalSubmitApi.as_view(),
        name="kp-proposal-submit",
    ),
    path(
        "careers/kp/proposals/<int:pk>/decision/",
        ProposalDecisionApi.as_view(),
        name="kp-proposal-decision",
    ),
]
