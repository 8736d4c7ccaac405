"""/api/v1/careers/: KP and KGB due lists, KP proposals (create, submit, decide), the 9-box
grid and succession plans, through the same selectors and services as the pages."""

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

from pamong.careers import rules, talent
from pamong.careers import selectors as sel
from pamong.careers import services as svc
from pamong.careers.models import KpProposal
from pamong.careers.succession import succession_plans
from pamong.careers.talent_selectors import nine_box
from pamong.core import clock
from pamong.core.api import TenantAPIView
from pamong.core.permissions import has_perm, sees_all
from pamong.org.models import PNS_GOLONGAN, Employee, PositionKind

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


class PlacementSerializer(serializers.Serializer):
    employee_id = serializers.IntegerField()
    nip = serializers.CharField()
    name = serializers.CharField()
    opd = serializers.CharField()
    position = serializers.CharField()
    position_kind = serializers.CharField()
    golongan = serializers.CharField()
    predikat = serializers.ListField(child=serializers.CharField(allow_null=True))
    performance = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    potential = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    computed_box = serializers.IntegerField(allow_null=True)
    box = serializers.IntegerField(allow_null=True)
    moved = serializers.BooleanField()


class BoxSerializer(serializers.Serializer):
    box = serializers.IntegerField()
    count = serializers.IntegerField()
    action = serializers.CharField()


class GridSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    predikat_years = serializers.ListField(child=serializers.IntegerField())
    boxes = BoxSerializer(many=True)
    unplaced = serializers.IntegerField()
    drill = PlacementSerializer(many=True)


class CandidateSerializer(serializers.Serializer):
    nip = serializers.CharField()
    name = serializers.CharField()
    golongan = serializers.CharField()
    education = serializers.CharField()
    box = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class PostPlanSerializer(serializers.Serializer):
    position_id = serializers.IntegerField(source="post.position_id")
    position = serializers.CharField(source="post.position.name")
    holder = serializers.CharField()
    min_golongan = serializers.CharField(source="post.min_golongan")
    min_education = serializers.CharField(source="post.min_education")
    plt_since = serializers.DateField(source="post.plt_since", allow_null=True)
    plt_until = serializers.DateField(allow_null=True)
    plt_overdue = serializers.BooleanField()
    ready = serializers.BooleanField()
    candidates = CandidateSerializer(many=True)


def _year(request: Request, api: TenantAPIView) -> int:
    raw = request.query_params.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return clock.today(api.actor.tenant).year


class TalentAdminMixin(TenantAPIView):
    # Talent and succession are BKPSDM's (and auditors') view of the whole tenant, as on the
    # pages; an OPD head reads the due lists but not the 9-box.
    def check_talent_reader(self, request: Request) -> None:
        if not has_perm(self.actor, sel.VIEW):
            self.permission_denied(request)


class TalentGridApi(TalentAdminMixin):
    """The 9-box grid of a year (counts per box, with the typical action), per OPD or job
    family; `box=N` lists that box's employees (at most 200)."""

    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="tahun talent review"),
            OPD,
            OpenApiParameter("kind", OpenApiTypes.STR, enum=PositionKind.values),
            OpenApiParameter("box", OpenApiTypes.INT, description="kotak 1-9 untuk rincian"),
        ],
        responses={200: GridSerializer},
    )
    def get(self, request: Request) -> Response:
        self.check_talent_reader(request)
        kind = request.query_params.get("kind", "")
        box_raw = request.query_params.get("box", "")
        box = int(box_raw) if box_raw.isdigit() and 1 <= int(box_raw) <= 9 else None
        grid = nine_box(
            self.actor,
            _year(request, self),
            opd_id=_opd(request),
            position_kind=kind if kind in PositionKind.values else None,
            box=box,
        )
        data = {
            "year": grid.year,
            "predikat_years": grid.years,
            "boxes": [
                {"box": b, "count": grid.counts[b], "action": str(talent.BOX_ACTION[b])}
                for b in range(1, 10)
            ],
            "unplaced": grid.unplaced,
            "drill": grid.drill,
        }
        return Response(GridSerializer(data).data)


class SuccessionApi(TalentAdminMixin):
    """Key posts with their ranked successors (boxes 7-9 meeting the post's requirements),
    whether one is ready, and whether a Plt. has held the post past the allowed time."""

    pagination_class = None

    @extend_schema(responses={200: PostPlanSerializer(many=True)})
    def get(self, request: Request) -> Response:
        # Key posts are the tenant's, not an OPD's: a tenant-wide grant is needed.
        if not sees_all(self.actor, sel.VIEW):
            self.permission_denied(request)
        today = clock.today(self.actor.tenant)
        plans = succession_plans(self.actor, today.year, today)
        return Response(PostPlanSerializer(plans, many=True).data)


urlpatterns = [
    path("careers/talent/", TalentGridApi.as_view(), name="talent-grid"),
    path("careers/succession/", SuccessionApi.as_view(), name="succession"),
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
