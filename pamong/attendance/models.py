"""Work calendar, raw punches, official duty and leave records."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from pamong.core.models import Tenant, TenantOwned
from pamong.org.models import Employee


class WorkCalendar(TenantOwned):
    """The tenant's calendar as loaded from calendar.yaml (one current row per tenant).

    `unit` is reserved for per-unit schedules (puskesmas shifts); null is the tenant default.
    """

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, null=True, blank=True)
    schedule = models.JSONField(default=dict)  # {"mon": "07:30-16:00", ...}
    overrides = models.JSONField(default=list)  # [{"from": "...", "to": "...", "schedule": {...}}]
    national_holidays = models.BooleanField(default=True)
    holidays = models.JSONField(default=list)  # [{"date": "YYYY-MM-DD", "name": "..."}]
    cuti_bersama = models.JSONField(default=list)  # ["YYYY-MM-DD", ...]
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "unit"], name="uniq_calendar_unit"),
        ]
        indexes = [models.Index(fields=["tenant", "unit"])]


class PunchQuerySet(models.QuerySet["Punch"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Raw punches are never modified; record a correction instead.")


class Punch(TenantOwned):
    """A raw punch from a fingerprint machine or device push. Never modified by users.

    The biggest table (about 50 M rows a year for 100,000 employees). Its foreign keys have
    no database constraint and no single-column index: the import checks every employee
    id against the tenant, deletes cascade in Django, and the (tenant, employee, at) unique
    index plus a time index on `at` serve every query. That halves the cost of a bulk load.
    """

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="punches",
        db_constraint=False,
        db_index=False,
    )
    at = models.DateTimeField()
    device = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=20, default="import")

    objects: ClassVar[Any] = ScopedManager(
        tenant="tenant", _manager_class=models.Manager.from_queryset(PunchQuerySet)
    )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Raw punches are never modified; record a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Raw punches are never deleted by a user action.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "employee", "at"], name="uniq_punch"),
        ]
        # The time index is a BRIN on PostgreSQL (migration 0005): punches arrive roughly in
        # time order, and a B-tree on `at` makes every bulk load write all over the index.


class Duty(TenantOwned):
    """Official duty away (dinas luar, surat tugas); covered days count as present."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="duties")
    start = models.DateField()
    end = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    letter_number = models.CharField(max_length=100, blank=True)  # nomor surat tugas

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "employee", "start"], name="uniq_duty"),
        ]
        indexes = [models.Index(fields=["tenant", "start", "end"])]


class LeaveType(models.TextChoices):
    TAHUNAN = "tahunan", _("cuti tahunan")
    BESAR = "besar", _("cuti besar")
    SAKIT = "sakit", _("cuti sakit")
    MELAHIRKAN = "melahirkan", _("cuti melahirkan")
    ALASAN_PENTING = "alasan_penting", _("cuti karena alasan penting")
    CLTN = "cltn", _("cuti di luar tanggungan negara")


class Leave(TenantOwned):
    """An approved leave (cuti) covering calendar days start..end inclusive."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="leaves")
    kind = models.CharField(max_length=20, choices=LeaveType.choices)
    start = models.DateField()
    end = models.DateField()
    letter_number = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "employee", "kind", "start"], name="uniq_leave"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "start", "end"])]


def correction_evidence_path(instance: Correction, filename: str) -> str:
    # The stored name is chosen by the service (a random name), never the user's.
    return f"attendance/corrections/{instance.tenant_id}/{filename}"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("menunggu persetujuan")
    APPROVED = "approved", _("disetujui")
    REJECTED = "rejected", _("ditolak")
    CANCELLED = "cancelled", _("dibatalkan")


class Correction(TenantOwned):
    """A request to correct one day's attendance (lupa absen / koreksi presensi).

    Kept beside the raw punches, never written into them: once approved, its times count
    as punches of that day in the classification (classify.py).
    """

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="corrections")
    day = models.DateField()
    check_in = models.TimeField(null=True, blank=True)  # local time in the tenant zone
    check_out = models.TimeField(null=True, blank=True)
    reason = models.TextField()
    evidence = models.FileField(upload_to=correction_evidence_path, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)  # the uploaded file's name
    status = models.CharField(
        max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_in__isnull=False) | models.Q(check_out__isnull=False),
                name="correction_has_time",
            ),
            # One open or approved correction per employee and day.
            models.UniqueConstraint(
                fields=["tenant", "employee", "day"],
                condition=models.Q(status__in=["pending", "approved"]),
                name="uniq_live_correction",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "employee", "day"]),
            models.Index(fields=["tenant", "status", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day} ({self.status})"


class Device(TenantOwned):
    """A fingerprint machine or middleware that pushes punches; one token per device.

    Only a hash of the token is stored (like core.ApiToken); `code` is written into
    Punch.device for every punch the device sends.
    """

    name = models.CharField(max_length=100)
    code = models.CharField(max_length=60)
    prefix = models.CharField(max_length=8)
    token_hash = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="uniq_device_code"),
        ]
        indexes = [models.Index(fields=["tenant", "active"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
