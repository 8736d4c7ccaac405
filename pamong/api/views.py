"""/api/v1/units and /api/v1/employees: thin views over org selectors and services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from pamong.api.serializers import (
    ORDERINGS,
    EmployeeCreateSerializer,
    EmployeeFilterSerializer,
    EmployeeOutputSerializer,
    EmployeeUpdateSerializer,
    UnitFilterSerializer,
    UnitInputSerializer,
    UnitOutputSerializer,
)
from pamong.core.actor import Actor
from pamong.core.api import TenantAPIView
from pamong.org.models import Employee, Unit
from pamong.org.selectors import (
    employees_visible_to,
    get_employee_for_actor,
    get_unit_for_actor,
    units_visible_to,
)
from pamong.org.services import (
    employee_create,
    employee_update,
    position_get_or_create,
    unit_create,
    unit_update,
)

UNIT_RELATED = ("parent", "opd", "head")
EMPLOYEE_RELATED = ("position", "unit", "opd", "supervisor")


def _unit_by_code(actor: Actor, code: str, field: str) -> Unit:
    unit = units_visible_to(actor).filter(code=code).first()
    if unit is None:
        raise ValidationError(
            {field: [_("unit dengan kode %(code)s tidak ditemukan") % {"code": code}]}
        )
    return unit


def _employee_by_nip(actor: Actor, nip: str, field: str) -> Employee:
    employee = employees_visible_to(actor).filter(nip=nip).first()
    if employee is None:
        raise ValidationError(
            {field: [_("pegawai dengan NIP %(nip)s tidak ditemukan") % {"nip": nip}]}
        )
    return employee


def _employee_changes(
    actor: Actor, data: dict[str, Any], current: Employee | None
) -> dict[str, Any]:
    """Turn API codes (unit kode, supervisor NIP, jabatan) into the services' arguments."""
    changes = {
        k: v
        for k, v in data.items()
        if k not in {"unit", "supervisor", "position", "position_kind", "kelas", "effective"}
    }
    if "unit" in data:
        changes["unit"] = _unit_by_code(actor, data["unit"], "unit")
    if "supervisor" in data:
        nip = data["supervisor"]
        changes["supervisor_explicit"] = _employee_by_nip(actor, nip, "supervisor") if nip else None
    if {"position", "position_kind", "kelas"} & set(data):
        assert actor.tenant is not None
        base = current.position if current is not None else None
        changes["position"] = position_get_or_create(
            tenant=actor.tenant,
            name=data.get("position", base.name if base else ""),
            kind=data.get("position_kind", base.kind if base else ""),
            kelas=data.get("kelas", base.kelas if base else 0),
        )
    return changes


def _reload_employee(employee: Employee) -> Employee:
    return Employee.objects.select_related(*EMPLOYEE_RELATED).get(pk=employee.pk)


class UnitListApi(TenantAPIView, generics.GenericAPIView[Unit]):
    queryset = Unit.objects.none()
    serializer_class = UnitOutputSerializer
    write_permission = "org.change"

    def get_queryset(self) -> QuerySet[Unit]:
        if getattr(self, "swagger_fake_view", False):
            return Unit.objects.none()
        return units_visible_to(self.actor).select_related(*UNIT_RELATED)

    @extend_schema(
        tags=["units"],
        summary="List the units the caller may see, in tree order",
        parameters=[UnitFilterSerializer],
        responses=UnitOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = UnitFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        qs = self.get_queryset()
        if "parent" in f:
            qs = qs.filter(parent__code=f["parent"])
        if "kind" in f:
            qs = qs.filter(kind=f["kind"])
        if f.get("q"):
            qs = qs.filter(Q(code__icontains=f["q"]) | Q(name__icontains=f["q"]))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(UnitOutputSerializer(page, many=True).data)

    @extend_schema(
        tags=["units"],
        summary="Create a unit (needs org.change)",
        request=UnitInputSerializer,
        responses={201: UnitOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = UnitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parent_code = data.pop("parent", None)
        parent = _unit_by_code(self.actor, parent_code, "parent") if parent_code else None
        unit = unit_create(actor=self.actor, parent=parent, **data)
        unit = Unit.objects.select_related(*UNIT_RELATED).get(pk=unit.pk)
        return Response(UnitOutputSerializer(unit).data, status=status.HTTP_201_CREATED)


class UnitDetailApi(TenantAPIView, generics.GenericAPIView[Unit]):
    queryset = Unit.objects.none()
    serializer_class = UnitOutputSerializer
    write_permission = "org.change"

    def _get(self, pk: int, *, write: bool = False) -> Unit:
        unit = get_unit_for_actor(self.actor, pk, write=write)
        return Unit.objects.select_related(*UNIT_RELATED).get(pk=unit.pk)

    @extend_schema(tags=["units"], summary="One unit", responses=UnitOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(UnitOutputSerializer(self._get(pk)).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        unit = self._get(pk, write=True)
        serializer = UnitInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if "parent" in changes:
            code = changes["parent"]
            changes["parent"] = _unit_by_code(self.actor, code, "parent") if code else None
        unit = unit_update(actor=self.actor, unit=unit, **changes)
        return Response(UnitOutputSerializer(self._get(unit.pk)).data)

    @extend_schema(
        tags=["units"],
        summary="Replace a unit's code, name, kind and parent",
        request=UnitInputSerializer,
        responses=UnitOutputSerializer,
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(
        tags=["units"],
        summary="Change some fields of a unit (moving it rebuilds the tree)",
        request=UnitInputSerializer,
        responses=UnitOutputSerializer,
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)


class EmployeeListApi(TenantAPIView, generics.GenericAPIView[Employee]):
    queryset = Employee.objects.none()
    serializer_class = EmployeeOutputSerializer
    write_permission = "org.change"
    error_field_names = {"supervisor_explicit": "supervisor"}

    def get_queryset(self) -> QuerySet[Employee]:
        if getattr(self, "swagger_fake_view", False):
            return Employee.objects.none()
        return employees_visible_to(self.actor).select_related(*EMPLOYEE_RELATED)

    def _filtered(self, f: dict[str, Any]) -> QuerySet[Employee]:
        qs = self.get_queryset()
        if f.get("q"):
            qs = qs.filter(Q(name__icontains=f["q"]) | Q(nip__startswith=f["q"]))
        if "unit" in f:
            unit = _unit_by_code(self.actor, f["unit"], "unit")
            qs = qs.filter(Q(unit_id=unit.pk) | Q(unit__path__startswith=f"{unit.path}/"))
        for field in ("golongan", "employee_type", "status"):
            if field in f:
                qs = qs.filter(**{field: f[field]})
        if "ordering" in f:
            key = f["ordering"]
            column = ORDERINGS[key.lstrip("-")]
            qs = qs.order_by(f"-{column}" if key.startswith("-") else column, "nip")
        return qs

    @extend_schema(
        tags=["employees"],
        summary="List the employees the caller may see",
        description="An employee sees themselves, a supervisor also their subordinates, an "
        "OPD head their OPD, BKPSDM, finance and auditors the whole tenant.",
        parameters=[EmployeeFilterSerializer],
        responses=EmployeeOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = EmployeeFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(self._filtered(dict(filters.validated_data)))
        return self.get_paginated_response(EmployeeOutputSerializer(page, many=True).data)

    @extend_schema(
        tags=["employees"],
        summary="Create an employee (needs org.change)",
        request=EmployeeCreateSerializer,
        responses={201: EmployeeOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = EmployeeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with transaction.atomic():  # a new jabatan is only kept if the employee is
            kwargs = _employee_changes(self.actor, data, None)
            employee = employee_create(actor=self.actor, effective=data.get("effective"), **kwargs)
        return Response(
            EmployeeOutputSerializer(_reload_employee(employee)).data,
            status=status.HTTP_201_CREATED,
        )


class EmployeeDetailApi(TenantAPIView, generics.GenericAPIView[Employee]):
    queryset = Employee.objects.none()
    serializer_class = EmployeeOutputSerializer
    write_permission = "org.change"
    error_field_names = {"supervisor_explicit": "supervisor"}

    @extend_schema(tags=["employees"], summary="One employee", responses=EmployeeOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        employee = get_employee_for_actor(self.actor, pk)
        return Response(EmployeeOutputSerializer(employee).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        employee = get_employee_for_actor(self.actor, pk, write=True)
        serializer = EmployeeUpdateSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with transaction.atomic():
            changes = _employee_changes(self.actor, data, employee)
            employee = employee_update(
                actor=self.actor, employee=employee, effective=data.get("effective"), **changes
            )
        return Response(EmployeeOutputSerializer(_reload_employee(employee)).data)

    @extend_schema(
        tags=["employees"],
        summary="Replace an employee's data (all required fields; the NIP stays)",
        request=EmployeeUpdateSerializer,
        responses=EmployeeOutputSerializer,
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(
        tags=["employees"],
        summary="Change some fields of an employee",
        request=EmployeeUpdateSerializer,
        responses=EmployeeOutputSerializer,
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)
