"""Explicit input and output shapes of the org endpoints (shape only; rules live in services)."""

from __future__ import annotations

from rest_framework import serializers

from pamong.org.models import EmployeeStatus, EmployeeType, Gender, PositionKind, UnitKind


class UnitOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    parent = serializers.CharField(source="parent.code", allow_null=True)  # type: ignore[assignment]
    opd = serializers.CharField(source="opd.code", allow_null=True)
    path = serializers.CharField()
    depth = serializers.IntegerField()
    head = serializers.CharField(source="head.nip", allow_null=True, help_text="NIP")


class UnitInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    parent = serializers.CharField(  # type: ignore[assignment]
        max_length=40,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="kode of the parent unit; empty for an OPD",
    )


class UnitFilterSerializer(serializers.Serializer):
    parent = serializers.CharField(  # type: ignore[assignment]
        required=False, help_text="kode of the parent unit"
    )
    kind = serializers.ChoiceField(choices=UnitKind.choices, required=False)
    q = serializers.CharField(required=False, help_text="part of the code or name")


class EmployeeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nip = serializers.CharField()
    name = serializers.CharField()
    gender = serializers.CharField()
    birth_date = serializers.DateField()
    employee_type = serializers.CharField()
    golongan = serializers.CharField()
    status = serializers.CharField()
    unit = serializers.CharField(source="unit.code", help_text="kode unit")
    unit_name = serializers.CharField(source="unit.name")
    opd = serializers.CharField(source="opd.code", allow_null=True, help_text="kode OPD")
    position = serializers.CharField(source="position.name")
    position_kind = serializers.CharField(source="position.kind")
    kelas = serializers.IntegerField(source="position.kelas")
    supervisor = serializers.CharField(
        source="supervisor.nip", allow_null=True, help_text="NIP of the resolved supervisor"
    )
    tmt_unit = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    email = serializers.CharField()
    phone = serializers.CharField()
    updated_at = serializers.DateTimeField()


class EmployeeUpdateSerializer(serializers.Serializer):
    """PUT needs every required field, PATCH any subset. The NIP itself is not changeable."""

    name = serializers.CharField(max_length=200)
    gender = serializers.ChoiceField(choices=Gender.choices)
    birth_date = serializers.DateField()
    employee_type = serializers.ChoiceField(choices=EmployeeType.choices)
    golongan = serializers.CharField(max_length=6)
    position = serializers.CharField(max_length=200, help_text="jabatan")
    position_kind = serializers.ChoiceField(choices=PositionKind.choices)
    kelas = serializers.IntegerField(min_value=1, max_value=17)
    unit = serializers.CharField(max_length=40, help_text="kode unit")
    supervisor = serializers.CharField(
        max_length=18,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="NIP of the direct supervisor; empty: derived from the unit tree",
    )
    status = serializers.ChoiceField(choices=EmployeeStatus.choices, required=False)
    tmt_unit = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    bank_name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    bank_account = serializers.CharField(max_length=30, required=False, allow_blank=True)
    effective = serializers.DateField(
        required=False, help_text="date the change takes effect (history); default today"
    )


class EmployeeCreateSerializer(EmployeeUpdateSerializer):
    nip = serializers.CharField(max_length=18)


ORDERINGS = {
    "nip": "nip",
    "name": "name",
    "golongan": "golongan",
    "unit": "unit__path",
    "kelas": "position__kelas",
    "status": "status",
}


class EmployeeFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, help_text="part of the name or NIP")
    unit = serializers.CharField(required=False, help_text="kode unit; includes its sub-units")
    golongan = serializers.CharField(required=False)
    employee_type = serializers.ChoiceField(choices=EmployeeType.choices, required=False)
    status = serializers.ChoiceField(choices=EmployeeStatus.choices, required=False)
    ordering = serializers.ChoiceField(
        choices=[*ORDERINGS, *(f"-{key}" for key in ORDERINGS)], required=False
    )
