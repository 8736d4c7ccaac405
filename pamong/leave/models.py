"""Leave (cuti) requests, their per-type rules, annual-leave openings and tenant settings.

An approved request becomes an `attendance.Leave` row: that table stays the one source of
approved leave days for the daily classification, TPP and the annual balance.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.attendance.models import Leave, LeaveType
from pamong.core.models import TenantOwned, User
from pamong.org.models import Employee, Unit


class Approver(models.TextChoices):
    OPD_HEAD = "opd_head", _("kepala OPD")
    BKPSDM = "bkpsdm", _("pejabat berwenang (Sekda/PPK melalui BKPSDM)")


class ReasonCategory(models.TextChoices):
    """Why an annual leave is taken, where the rules care (PPPK before one year of service)."""

    DARURAT_KELUARGA = "darurat_keluarga", _("keadaan darurat keluarga")
    PERNIKAHAN_PERTAMA = "pernikahan_pertama", _("pernikahan pertama")
    # Cuti besar for the first pilgrimage: no 5 years of service needed (PP 11/2017).
    HAJI_PERTAMA = "haji_pertama", _("ibadah haji pertama (cuti besar)")


class SickSubtype(models.TextChoices):
    KEGUGURAN = "keguguran", _("gugur kandungan (keguguran)")


class AttachmentKind(models.TextChoices):
    DOKTER = "dokter", _("surat keterangan dokter")
    DOKTER_PEMERINTAH = "dokter_pemerintah", _("surat keterangan dokter pemerintah")
    BIDAN = "bidan", _("surat keterangan bidan")
    LAINNYA = "lainnya", _("surat pendukung lain")


class LeaveRule(TenantOwned):
    """A tenant's (or one OPD's) change to a leave type's defaults (rules.DEFAULT_RULES).

    Empty fields keep the default; a row with `unit` (an OPD) wins over the tenant-wide row.
    """

    kind = models.CharField(_("jenis cuti"), max_length=20, choices=LeaveType.choices)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True)
    approver = models.CharField(_("pejabat"), max_length=10, choices=Approver.choices, blank=True)
    # Counted working days above which an attachment is required; 0 = always.
    attachment_over_days = models.PositiveSmallIntegerField(null=True, blank=True)
    attachment_label = models.CharField(max_length=200, blank=True)
    max_months = models.PositiveSmallIntegerField(null=True, blank=True)
    min_service_years = models.PositiveSmallIntegerField(null=True, blank=True)
    # Cuti tahunan of a PPPK before `min_service_years`: at most this many working days,
    # only for these reasons (ReasonCategory values, comma-separated; empty = the default).
    early_days = models.PositiveSmallIntegerField(null=True, blank=True)
    early_reasons = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "kind", "unit"], name="uniq_leave_rule"),
        ]
        indexes = [models.Index(fields=["tenant", "kind"])]


class LeaveSettings(TenantOwned):
    """One row per tenant. `first_year`: the first year whose annual leave Pamong tracks;
    the carry-over into that year comes from the imported opening balances."""

    first_year = models.PositiveSmallIntegerField(_("tahun pertama"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant"], name="uniq_leave_settings")]


class OpeningBalance(TenantOwned):
    """Annual-leave remnant carried into `year` (the first tracked year), from the old system."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    carried_days = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "employee", "year"], name="uniq_leave_opening"
            ),
            models.CheckConstraint(
                condition=models.Q(carried_days__lte=12), name="leave_opening_max_12"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "year"])]


def attachment_path(instance: LeaveRequest, filename: str) -> str:
    return f"leave/{instance.tenant_id}/{instance.employee_id}/{filename}"


class LeaveRequest(TenantOwned):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("menunggu pertimbangan atasan")
        CONSIDERED = "considered", _("menunggu keputusan pejabat")
        APPROVED = "approved", _("disetujui")
        REJECTED = "rejected", _("tidak disetujui")
        DEFERRED = "deferred", _("ditangguhkan")
        CANCELLED = "cancelled", _("dibatalkan")

    OPEN = (Status.SUBMITTED, Status.CONSIDERED)
    ACTIVE = (Status.SUBMITTED, Status.CONSIDERED, Status.APPROVED)

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="leave_requests")
    kind = models.CharField(_("jenis cuti"), max_length=20, choices=LeaveType.choices)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    working_days = models.PositiveIntegerField(_("hari kerja"))
    # The last day away: `end` plus the travel days to a hard-to-reach destination.
    range_end = models.DateField(_("selesai termasuk perjalanan"))
    reason = models.TextField(_("alasan"))
    reason_category = models.CharField(
        _("kategori alasan"), max_length=30, choices=ReasonCategory.choices, blank=True
    )
    # Cuti tahunan to a hard-to-reach destination: up to 12 calendar days of travel, added
    # after `end`; they do not reduce the annual balance.
    hard_to_reach = models.BooleanField(_("tujuan sulit dijangkau"), default=False)
    destination = models.CharField(_("tujuan"), max_length=200, blank=True)
    travel_days = models.PositiveSmallIntegerField(_("hari perjalanan"), default=0)
    sick_subtype = models.CharField(
        _("jenis cuti sakit"), max_length=20, choices=SickSubtype.choices, blank=True
    )
    attachment_kind = models.CharField(
        _("jenis lampiran"), max_length=20, choices=AttachmentKind.choices, blank=True
    )
    # Sick leave past one year, extended on the word of the Tim Penguji Kesehatan.
    tpk_extension = models.BooleanField(_("perpanjangan Tim Penguji Kesehatan"), default=False)
    tpk_attachment = models.FileField(
        _("surat keterangan Tim Penguji Kesehatan"), upload_to=attachment_path, blank=True
    )
    address = models.CharField(_("alamat selama cuti"), max_length=300, blank=True)
    attachment = models.FileField(_("lampiran"), upload_to=attachment_path, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    # Who must consider and decide, fixed at submission so later org changes don't move it.
    supervisor = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approver = models.CharField(max_length=10, choices=Approver.choices)
    approver_opd = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    supervisor_note = models.TextField(blank=True)
    considered_at = models.DateTimeField(null=True, blank=True)
    considered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    decision_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    # Printed in the signature block of the surat izin cuti.
    official_name = models.CharField(max_length=200, blank=True)
    official_nip = models.CharField(max_length=18, blank=True)
    official_title = models.CharField(max_length=200, blank=True)
    letter_number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    leave = models.OneToOneField(
        Leave, on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("permohonan cuti")
        indexes = [
            models.Index(fields=["tenant", "employee", "start"]),
            models.Index(fields=["tenant", "status"]),
            models.Index(fields=["tenant", "supervisor", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="leave_request_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(range_end__gte=models.F("end")),
                name="leave_request_range_covers_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.range_end is None:  # no travel days
            self.range_end = self.end
        super().save(*args, **kwargs)
