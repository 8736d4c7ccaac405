"""/api/v1/participation/: public reports (read-only) and the IKM report, same rules as pages.

PDP: a report's reporter is only ever a name for a *named* report; e-mail and phone go to
verifying staff (participation.manage) only; anonymous and confidential reports store no
identity, so none can leak here. Ticket codes are never exposed (they are the reporter's key).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import path
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.core.api import TenantAPIView, actor_of, api_doc
from pamong.core.permissions import has_perm
from pamong.participation.complaints import complaints_visible_to, get_complaint_for_actor
from pamong.participation.models import Complaint
from pamong.participation.skm import REPORT_HEADER, skm_report


class ComplaintSerializer(serializers.ModelSerializer[Complaint]):
    unit = serializers.CharField(source="unit.code", default=None)  # None: "Belum tahu"
    handling_unit = serializers.CharField(source="handling_unit.code", default=None)
    reporter = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id", "category", "state", "identity", "unit", "handling_unit", "officer_name",
            "description", "incident_date", "place", "submitted_at", "first_response_due",
            "handling", "resolution_due", "first_response_at", "closed_at", "unit_response",
            "follow_up", "postpone_reason", "postponed_at", "paused_days", "reporter_reply",
            "rating", "reporter",
        ]  # fmt: skip

    def get_reporter(self, obj: Complaint) -> dict[str, str] | None:
        if not obj.shows_identity:
            return None
        request = self.context.get("request")
        actor = actor_of(request) if request is not None else None
        out = {"name": obj.reporter_name}
        if actor is not None and has_perm(actor, "participation.manage"):
            out |= {"email": obj.reporter_email, "phone": obj.reporter_phone}
        return out


class ComplaintListApi(TenantAPIView, generics.ListAPIView[Complaint]):
    permission = None  # the selector limits: staff all, an OPD head the OPD's reports
    queryset = Complaint.objects.none()
    serializer_class = ComplaintSerializer

    def get_queryset(self) -> QuerySet[Complaint]:
        qs = complaints_visible_to(self.actor).select_related("unit", "handling_unit")
        state = self.request.query_params.get("state")
        return qs.filter(state=state) if state in Complaint.State.values else qs


class ComplaintDetailApi(TenantAPIView, generics.RetrieveAPIView[Complaint]):
    permission = None
    queryset = Complaint.objects.none()
    serializer_class = ComplaintSerializer

    def get_object(self) -> Complaint:
        return get_complaint_for_actor(self.actor, self.kwargs["pk"])


@api_doc("IKM (SKM) report per unit and service")
class IkmReportApi(TenantAPIView, generics.GenericAPIView[Any]):
    """GET ?from=YYYY-MM-DD&to=YYYY-MM-DD: the `pamong skm report` rows as JSON objects."""

    permission = "participation.view"
    pagination_class = None

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            start = dt.date.fromisoformat(request.query_params.get("from", ""))
            end = dt.date.fromisoformat(request.query_params.get("to", ""))
        except ValueError as exc:
            raise exceptions.ValidationError(
                {"from": ["YYYY-MM-DD"], "to": ["YYYY-MM-DD"]}
            ) from exc
        rows = skm_report(actor=self.actor, date_from=start, date_to=end)
        return Response([dict(zip(REPORT_HEADER, row.cells(), strict=True)) for row in rows])


urlpatterns = [
    path("participation/complaints/", ComplaintListApi.as_view(), name="complaints"),
    path("participation/complaints/<int:pk>/", ComplaintDetailApi.as_view(), name="complaint"),
    path("participation/ikm/", IkmReportApi.as_view(), name="ikm"),
]
