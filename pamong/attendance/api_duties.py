"""JSON API for official duty (dinas luar), through the same service as the pages.

GET    attendance/duties/[?month=YYYY-MM&nip=...]   visible duties (paginated)
POST   attendance/duties/    {"nip", "mulai", "selesai", "nomor_surat", "keterangan"?}
GET    attendance/duties/<id>/
DELETE attendance/duties/<id>/
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.core.api import ApiPagination, TenantAPIView, api_doc
from pamong.core.errors import InputErrors
from pamong.imports.tabular import parse_date, parse_month
from pamong.org.models import Employee

from .api_corrections import body, input_errors_response
from .classify import month_bounds
from .duties import delete_duty, duties_visible_to, get_duty_for_actor, record_duty
from .models import Duty


def duty_json(d: Duty) -> dict[str, Any]:
    return {
        "id": d.pk,
        "nip": d.employee.nip,
        "nama": d.employee.name,
        "mulai": d.start.isoformat(),
        "selesai": d.end.isoformat(),
        "nomor_surat": d.letter_number,
        "keterangan": d.note,
    }


@api_doc("Official duties (surat tugas): list and record", get="v1_attendance_duties_list")
class DutyListApi(TenantAPIView):
    allow_write_without_permission = True  # the service checks unit/supervisor rights

    def get(self, request: Request) -> Response:
        qs = duties_visible_to(self.actor).select_related("employee")
        params = request.query_params
        if params.get("month"):
            try:
                first = parse_month(params["month"])
            except ValueError as exc:
                raise exceptions.ValidationError({"month": [str(exc)]}) from exc
            start, last = month_bounds(first.year, first.month)
            qs = qs.filter(start__lte=last, end__gte=start)
        if params.get("nip"):
            qs = qs.filter(employee__nip=params["nip"])
        paginator = ApiPagination()
        page = paginator.paginate_queryset(qs.order_by("-start", "pk"), request, view=self) or []
        return paginator.get_paginated_response([duty_json(d) for d in page])

    def post(self, request: Request) -> Response:
        data = body(request)
        dates = {}
        for field in ("mulai", "selesai"):
            try:
                dates[field] = parse_date(str(data.get(field) or ""))
            except ValueError as exc:
                raise exceptions.ValidationError({field: [str(exc)]}) from exc
        nip = str(data.get("nip") or "").strip()
        employee = Employee.objects.filter(tenant=self.actor.tenant, nip=nip).first()
        if employee is None:
            raise exceptions.ValidationError({"nip": [f"NIP {nip} tidak dikenal"]})
        try:
            duty = record_duty(
                actor=self.actor, employee=employee, start=dates["mulai"], end=dates["selesai"],
                letter_number=str(data.get("nomor_surat") or ""),
                note=str(data.get("keterangan") or ""),
            )  # fmt: skip
        except InputErrors as exc:
            return input_errors_response(exc)
        return Response(duty_json(duty), status=status.HTTP_201_CREATED)


@api_doc("One official duty: read or delete")
class DutyDetailApi(TenantAPIView):
    allow_write_without_permission = True
    pagination_class = None

    def get(self, request: Request, pk: int) -> Response:
        return Response(duty_json(get_duty_for_actor(self.actor, pk)))

    def delete(self, request: Request, pk: int) -> Response:
        delete_duty(actor=self.actor, duty=get_duty_for_actor(self.actor, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("attendance/duties/", DutyListApi.as_view(), name="duties"),
    path("attendance/duties/<int:pk>/", DutyDetailApi.as_view(), name="duty"),
]
