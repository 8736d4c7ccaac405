"""/api/v1/tpp/: runs (list, compute, lifecycle), slips (with their lines), policy versions,
and the budget per OPD, all through the same services and selectors as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.core.api import TenantAPIView, api_doc
from pamong.core.errors import InputErrors
from pamong.core.permissions import perm_opds
from pamong.imports.tabular import parse_month
from pamong.org.models import Unit
from pamong.tpp import runs as run_services
from pamong.tpp.budget import budget_overview, tpp_budget_set
from pamong.tpp.models import TppBudget, TppPolicy, TppRun, TppSlip
from pamong.tpp.policy import policy_to_yaml
from pamong.tpp.selectors import (
    get_run_for_actor,
    get_slip_for_actor,
    own_slips,
    run_slips_for_actor,
    runs_visible_to,
)
from pamong.tpp.services import policy_of, tpp_policy_load
from pamong.tpp.slipdoc import build_breakdown, percent_text

STEPS = {
    "verify": run_services.tpp_run_verify,
    "approve": run_services.tpp_run_approve,
    "pay": run_services.tpp_run_mark_paid,
}


class RunOutputSerializer(serializers.ModelSerializer[TppRun]):
    period = serializers.DateField(format="%Y-%m")
    policy = serializers.CharField(source="policy.name")

    class Meta:
        model = TppRun
        fields = [
            "id", "period", "kind", "status", "policy", "hari_kerja", "employee_count",
            "totals", "warnings", "computed_at", "verified_at", "approved_at", "paid_at",
            "revision", "provisional", "returned_at", "return_reason",
        ]  # fmt: skip


class RunInputSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="YYYY-MM")
    adjustment = serializers.BooleanField(default=False)
    # (not "partial": a serializer's own attribute) the CLI's --partial.
    provisional = serializers.BooleanField(
        default=False, help_text="a month not over yet: compute a provisional draft"
    )


class StepInputSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        help_text="the run's `revision` the caller checked; refused if it was recomputed since"
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class SlipOutputSerializer(serializers.ModelSerializer[TppSlip]):
    period = serializers.DateField(source="run.period", format="%Y-%m")

    class Meta:
        model = TppSlip
        fields = [
            "id", "period", "nip", "name", "unit_code", "employee_type", "golongan", "kelas",
            "hari_kerja", "hari_dibayar", "tpp_dasar", "predikat", "kinerja",
            "potongan_disiplin_persen", "disiplin", "potongan_hukdis", "bruto", "pph21",
            "iuran_bpjs", "netto", "keterangan",
        ]  # fmt: skip


def _bad_request(exc: InputErrors) -> exceptions.ValidationError:
    return exceptions.ValidationError({"non_field_errors": exc.lines()})


class RunListApi(TenantAPIView, generics.ListCreateAPIView[TppRun]):
    permission = "tpp.view_all"
    write_permission = "tpp.run"
    queryset = TppRun.objects.none()
    serializer_class = RunOutputSerializer

    def get_queryset(self) -> QuerySet[TppRun]:
        return runs_visible_to(self.actor)

    @extend_schema(request=RunInputSerializer, responses={201: RunOutputSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = RunInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            period = parse_month(data.validated_data["period"])
        except ValueError as exc:
            raise exceptions.ValidationError({"period": [str(exc)]}) from exc
        try:
            run = run_services.tpp_run_compute(
                actor=self.actor,
                period=period,
                adjustment=data.validated_data["adjustment"],
                partial=data.validated_data["provisional"],
            )
        except InputErrors as exc:
            raise _bad_request(exc) from exc
        return Response(RunOutputSerializer(run).data, status=status.HTTP_201_CREATED)


class RunDetailApi(TenantAPIView, generics.RetrieveAPIView[TppRun]):
    permission = "tpp.view_all"
    queryset = TppRun.objects.none()
    serializer_class = RunOutputSerializer

    def get_object(self) -> TppRun:
        return get_run_for_actor(self.actor, self.kwargs["pk"])


@api_doc("Run a TPP step (verify, approve, pay ...)", post="v1_tpp_runs_step")
class RunStepApi(TenantAPIView, generics.GenericAPIView[TppRun]):
    """POST verify / approve / pay / return with the `revision` checked; the service checks
    the step's own capability."""

    permission = "tpp.view_all"
    allow_write_without_permission = True
    queryset = TppRun.objects.none()
    serializer_class = RunOutputSerializer

    @extend_schema(request=StepInputSerializer, responses={200: RunOutputSerializer})
    def post(self, request: Request, pk: int, step: str) -> Response:
        if step not in STEPS and step != "return":
            raise exceptions.NotFound
        run = get_run_for_actor(self.actor, pk)
        data = StepInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        revision = data.validated_data["revision"]
        try:
            if step == "return":
                reason = data.validated_data.get("reason", "")
                run = run_services.tpp_run_return(
                    actor=self.actor, run=run, reason=reason, revision=revision
                )
            else:
                run = STEPS[step](actor=self.actor, run=run, revision=revision)
        except InputErrors as exc:
            raise _bad_request(exc) from exc
        return Response(RunOutputSerializer(run).data)


class RunSlipListApi(TenantAPIView, generics.ListAPIView[TppSlip]):
    permission = "tpp.view_all"
    queryset = TppSlip.objects.none()
    serializer_class = SlipOutputSerializer

    def get_queryset(self) -> QuerySet[TppSlip]:
        run = get_run_for_actor(self.actor, self.kwargs["pk"])
        return run_slips_for_actor(self.actor, run).select_related("run")


class MySlipListApi(TenantAPIView, generics.ListAPIView[TppSlip]):
    permission = None  # every employee may read their own slips
    queryset = TppSlip.objects.none()
    serializer_class = SlipOutputSerializer

    def get_queryset(self) -> QuerySet[TppSlip]:
        return own_slips(self.actor)


class PolicyVersionSerializer(serializers.ModelSerializer[TppPolicy]):
    class Meta:
        model = TppPolicy
        fields = ["id", "effective_from", "name", "sha256", "loaded_at"]


class PolicyDetailSerializer(PolicyVersionSerializer):
    yaml = serializers.SerializerMethodField()
    document = serializers.JSONField()

    class Meta(PolicyVersionSerializer.Meta):
        fields = [*PolicyVersionSerializer.Meta.fields, "document", "yaml"]

    def get_yaml(self, row: TppPolicy) -> str:
        return policy_to_yaml(policy_of(row))


class PolicyInputSerializer(serializers.Serializer):
    yaml = serializers.CharField(help_text="tpp-policy.yaml (tpp.md §1)", trim_whitespace=False)


class PolicyListApi(TenantAPIView, generics.ListCreateAPIView[TppPolicy]):
    """Every version (the policy is published to every employee); POST loads a version."""

    permission = None
    write_permission = "tpp.manage_policy"
    queryset = TppPolicy.objects.none()
    serializer_class = PolicyVersionSerializer

    def get_queryset(self) -> QuerySet[TppPolicy]:
        return TppPolicy.objects.filter(tenant=self.actor.tenant).order_by("-effective_from")

    @extend_schema(request=PolicyInputSerializer, responses={201: PolicyDetailSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = PolicyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            row, created = tpp_policy_load(
                actor=self.actor,
                data=data.validated_data["yaml"].encode("utf-8"),
                source="tpp-policy.yaml",
            )
        except InputErrors as exc:
            raise exceptions.ValidationError({"yaml": exc.lines()}) from exc
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(PolicyDetailSerializer(row).data, status=code)


class PolicyDetailApi(TenantAPIView, generics.RetrieveAPIView[TppPolicy]):
    permission = None
    queryset = TppPolicy.objects.none()
    serializer_class = PolicyDetailSerializer

    def get_object(self) -> TppPolicy:
        row = TppPolicy.objects.filter(tenant=self.actor.tenant, pk=self.kwargs["pk"]).first()
        if row is None:
            raise exceptions.NotFound
        return row


class SlipDetailApi(TenantAPIView, generics.GenericAPIView[TppSlip]):
    """One slip with every line that explains it (own slip, or tpp.view_all)."""

    permission = None
    queryset = TppSlip.objects.none()
    serializer_class = SlipOutputSerializer

    def get(self, request: Request, pk: int) -> Response:
        b = build_breakdown(get_slip_for_actor(self.actor, pk))
        data = dict(SlipOutputSerializer(b.slip).data)
        data["kind"] = b.slip.run.kind
        data["adds_up"] = b.adds_up
        data["components"] = [
            {"label": c.label, "formula": c.formula, "amount": c.amount} for c in b.components
        ]
        data["days"] = [
            {
                "day": day.isoformat(),
                "lines": [
                    {"kind": x.kind, "percent": percent_text(x.percent), "note": x.note}
                    for x in lines
                ],
            }
            for day, lines in b.days
        ]
        data["other_lines"] = [
            {"kind": x.kind, "percent": percent_text(x.percent), "note": x.note}
            for x in b.other_lines
        ]
        return Response(data)


class BudgetInputSerializer(serializers.Serializer):
    kode_unit = serializers.CharField(help_text="the OPD's code")
    tahun = serializers.IntegerField()
    pagu = serializers.CharField(help_text="whole rupiah, no separators")


class BudgetApi(TenantAPIView, generics.GenericAPIView[TppBudget]):
    """GET ?bulan=YYYY-MM: per OPD the ceiling, the month, the year to date. POST: set pagu."""

    permission = "tpp.view_all"
    write_permission = "tpp.budget"
    queryset = TppBudget.objects.none()
    serializer_class = BudgetInputSerializer
    pagination_class = None

    def get(self, request: Request) -> Response:
        try:
            month = parse_month(request.query_params.get("bulan", ""))
        except ValueError as exc:
            raise exceptions.ValidationError({"bulan": [str(exc)]}) from exc
        assert self.actor.tenant is not None
        overview = budget_overview(
            self.actor.tenant, month.year, month.month, perm_opds(self.actor, "tpp.view_all")
        )
        rows = [
            {
                "kode_unit": r.unit.code,
                "nama_unit": r.unit.name,
                "pagu": r.pagu,
                "pagu_bulanan": r.month_share,
                "bruto_bulan": r.month,
                "pagu_sd_bulan": r.ytd_share,
                "realisasi_sd_bulan": r.ytd,
                "per_bulan": r.months,
            }
            for r in overview.rows
        ]
        return Response({"bulan": month.strftime("%Y-%m"), "opd": rows})

    @extend_schema(request=BudgetInputSerializer, responses={200: BudgetInputSerializer})
    def post(self, request: Request) -> Response:
        data = BudgetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        unit = Unit.objects.filter(tenant=self.actor.tenant, code=v["kode_unit"]).first()
        if unit is None:
            raise exceptions.ValidationError({"kode_unit": [_("tidak ditemukan")]})
        try:
            row = tpp_budget_set(actor=self.actor, opd=unit, year=v["tahun"], pagu=v["pagu"])
        except InputErrors as exc:
            detail: dict[str, list[str]] = {}
            for e in exc.errors:
                key = "kode_unit" if e.column == "opd" else e.column or "non_field_errors"
                detail.setdefault(key, []).append(e.message)
            raise exceptions.ValidationError(detail) from exc
        return Response({"kode_unit": unit.code, "tahun": row.year, "pagu": row.pagu})


urlpatterns = [
    path("tpp/runs/", RunListApi.as_view(), name="runs"),
    path("tpp/runs/<int:pk>/", RunDetailApi.as_view(), name="run"),
    path("tpp/runs/<int:pk>/slips/", RunSlipListApi.as_view(), name="run-slips"),
    path("tpp/runs/<int:pk>/<str:step>/", RunStepApi.as_view(), name="run-step"),
    path("tpp/slips/mine/", MySlipListApi.as_view(), name="my-slips"),
    path("tpp/slips/<int:pk>/", SlipDetailApi.as_view(), name="slip"),
    path("tpp/policies/", PolicyListApi.as_view(), name="policies"),
    path("tpp/policies/<int:pk>/", PolicyDetailApi.as_view(), name="policy"),
    path("tpp/budget/", BudgetApi.as_view(), name="budget"),
]
