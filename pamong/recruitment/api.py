"""/api/v1/recruitment/: selections, their lines, a line's ranking (with the reason of each
rank), and the upload of the three files — through the same selectors and services as the
pages. Personal data (birth date, nilai pendidikan) only for `recruitment.manage`."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.core.api import TenantAPIView
from pamong.core.errors import InputErrors
from pamong.recruitment import selectors as sel
from pamong.recruitment import services as svc
from pamong.recruitment.explain import reason_above, reason_below
from pamong.recruitment.files_pppk import COMPONENTS
from pamong.recruitment.models import Candidate, FormasiLine, PppkWeight, Selection
from pamong.recruitment.services_pppk import pppk_load


class PppkWeightSerializer(serializers.ModelSerializer[PppkWeight]):
    class Meta:
        model = PppkWeight
        fields = ["component", "weight", "minimum"]


class SelectionSerializer(serializers.ModelSerializer[Selection]):
    n_lines = serializers.IntegerField(read_only=True)
    n_candidates = serializers.IntegerField(read_only=True)
    # PPPK only (empty for CASN): the four weights in tie-break order
    pppk_weights = serializers.SerializerMethodField()

    class Meta:
        model = Selection
        fields = ["id", "code", "name", "kind", "announced_at", "n_lines", "n_candidates"]
        fields += ["pppk_weights"]

    @extend_schema_field(PppkWeightSerializer(many=True))
    def get_pppk_weights(self, s: Selection) -> list[dict[str, Any]]:
        order = {c: i for i, c in enumerate(COMPONENTS)}
        rows = sorted(s.pppk_weights.all(), key=lambda w: order.get(w.component, 9))
        return list(PppkWeightSerializer(rows, many=True).data)


class LineSerializer(serializers.ModelSerializer[FormasiLine]):
    n_candidates = serializers.IntegerField(read_only=True)
    n_ranked = serializers.IntegerField(read_only=True)
    n_passed = serializers.IntegerField(read_only=True)
    n_filled = serializers.IntegerField(read_only=True)

    class Meta:
        model = FormasiLine
        fields = ["id", "code", "jabatan", "jalur", "kuota", "weights"]
        fields += ["n_candidates", "n_ranked", "n_passed", "n_filled"]


class RankingRowSerializer(serializers.ModelSerializer[Candidate]):
    reason_above = serializers.SerializerMethodField()
    reason_below = serializers.SerializerMethodField()
    filled_line = serializers.CharField(source="filled_line.code", default=None)

    # PPPK only (empty for CASN): component -> nilai
    pppk_scores = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = ["no_peserta", "name", "twk", "tiu", "tkp", "skd_total", "passes_pg"]
        fields += ["skd_rank", "skb_score", "final_score", "rank", "status"]
        fields += ["reason_above", "reason_below", "filled_line", "pppk_scores"]

    def get_pppk_scores(self, c: Candidate) -> dict[str, str]:
        return {s.component: str(s.nilai) for s in c.pppk_scores.all()}

    def get_reason_above(self, c: Candidate) -> str:
        return reason_above(c.step_above)

    def get_reason_below(self, c: Candidate) -> str:
        return reason_below(c.step_below)


class StaffRankingRowSerializer(RankingRowSerializer):
    class Meta(RankingRowSerializer.Meta):
        fields = [*RankingRowSerializer.Meta.fields, "birth_date", "education"]


class SelectionListApi(TenantAPIView):
    permission = sel.VIEW
    write_permission = sel.MANAGE
    parser_classes = [MultiPartParser]
    pagination_class = None  # a handful per tenant: the answer is a plain list

    @extend_schema(responses=SelectionSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = sel.selections_visible_to(self.actor)
        return Response(SelectionSerializer(rows, many=True).data)

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "formasi": {"type": "string", "format": "binary"},
                    "peserta": {"type": "string", "format": "binary"},
                    "kind": {"type": "string", "enum": ["CASN", "PPPK"]},
                    "skb": {"type": "string", "format": "binary"},
                    "bobot": {"type": "string", "format": "binary"},
                    "reason": {"type": "string"},
                },
                "required": ["code", "formasi", "peserta"],
            }
        },
        responses={200: SelectionSerializer, 400: None},
    )
    def post(self, request: Request) -> Response:
        if str(request.POST.get("kind", "")).upper() == "PPPK":
            return self._post_pppk(request)
        files = [request.FILES.get(k) for k in ("formasi", "peserta", "skb")]
        form = request.POST
        uploads = [f for f in files if f is not None]
        if len(uploads) != 3 or not form.get("code"):
            return Response({"errors": [_("code, formasi, peserta dan skb wajib diisi")]}, 400)
        try:
            outcome = svc.selection_load(
                actor=self.actor,
                code=str(form["code"]),
                formasi=uploads[0].read(),
                peserta=uploads[1].read(),
                skb=uploads[2].read(),
                names=(str(uploads[0].name), str(uploads[1].name), str(uploads[2].name)),
                name=str(form.get("name", "")),
            )
        except InputErrors as exc:
            return Response({"errors": exc.lines()}, status=400)
        row = sel.selections_visible_to(self.actor).get(pk=outcome.selection.pk)
        data: dict[str, Any] = dict(SelectionSerializer(row).data)
        data.update(changed=outcome.changed, warnings=outcome.warnings)
        return Response(data)

    def _post_pppk(self, request: Request) -> Response:
        files = [request.FILES.get(k) for k in ("formasi", "peserta", "bobot")]
        uploads = [f for f in files if f is not None]
        form = request.POST
        if len(uploads) != 3 or not form.get("code"):
            return Response({"errors": [_("code, formasi, peserta dan bobot wajib diisi")]}, 400)
        try:
            outcome = pppk_load(
                actor=self.actor,
                code=str(form["code"]),
                formasi=uploads[0].read(),
                peserta=uploads[1].read(),
                bobot=uploads[2].read(),
                names=(str(uploads[0].name), str(uploads[1].name), str(uploads[2].name)),
                name=str(form.get("name", "")),
                reason=str(form.get("reason", "")),
            )
        except InputErrors as exc:
            return Response({"errors": exc.lines()}, status=400)
        row = sel.selections_visible_to(self.actor).get(pk=outcome.selection.pk)
        data: dict[str, Any] = dict(SelectionSerializer(row).data)
        data.update(changed=outcome.changed, warnings=[])
        return Response(data)


class SelectionDetailApi(TenantAPIView):
    permission = sel.VIEW

    @extend_schema(responses=LineSerializer(many=True), operation_id="v1_recruitment_selection")
    def get(self, request: Request, pk: int) -> Response:
        selection = sel.get_selection_for_actor(self.actor, pk)
        data = dict(SelectionSerializer(sel.selections_visible_to(self.actor).get(pk=pk)).data)
        data["lines"] = LineSerializer(sel.lines_of(selection), many=True).data
        return Response(data)


class LineRankingApi(TenantAPIView):
    permission = sel.VIEW

    @extend_schema(responses=StaffRankingRowSerializer(many=True))
    def get(self, request: Request, pk: int, line_pk: int) -> Response:
        selection = sel.get_selection_for_actor(self.actor, pk)
        line = sel.get_line_for_actor(self.actor, selection, line_pk)
        serializer = (
            StaffRankingRowSerializer
            if sel.sees_personal_data(self.actor)
            else RankingRowSerializer
        )
        return Response(serializer(sel.ranking_of_line(line), many=True).data)


urlpatterns = [
    path("recruitment/selections/", SelectionListApi.as_view(), name="selections"),
    path("recruitment/selections/<int:pk>/", SelectionDetailApi.as_view(), name="selection"),
    path(
        "recruitment/selections/<int:pk>/lines/<int:line_pk>/ranking/",
        LineRankingApi.as_view(),
        name="ranking",
    ),
]
