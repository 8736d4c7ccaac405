"""Performance ratings per period. SKP planning and calibration build on these."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.core.models import TenantOwned, User
from pamong.org.models import Employee, Unit
from pamong.performance.predikat import Expectation, OrgPredikat, Predikat


class Rating(TenantOwned):
    """A rating of one employee for one period (`YYYY-MM`, `YYYY-Q1`, `YYYY-S1` or `YYYY`)."""

    class Source(models.TextChoices):
        PAMONG = "pamong", "Pamong"
        IMPORT = "import", _("impor (e-Kinerja)")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="ratings")
    period = models.CharField(max_length=7)
    hasil_kerja = models.CharField(max_length=10, choices=Expectation.choices)
    perilaku_kerja = models.CharField(max_length=10, choices=Expectation.choices)
    predikat = models.CharField(max_length=20, choices=Predikat.choices)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PAMONG)
    rated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finalized = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "employee", "period"], name="uniq_rating"),
        ]
        indexes = [models.Index(fields=["tenant", "period"])]


class UnitPredikat(TenantOwned):
    """Predikat kinerja organisasi of one unit for one period, set by the leader one level up."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predikats")
    period = models.CharField(max_length=7)
    predikat = models.CharField(max_length=20, choices=OrgPredikat.choices)
    reason = models.TextField(blank=True)
    set_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "unit", "period"], name="uniq_unit_predikat"),
        ]
        indexes = [models.Index(fields=["tenant", "period"])]

    def __str__(self) -> str:
        return f"{self.period} {self.unit_id} {self.predikat}"


class CoachingPlan(TenantOwned):
    """Rencana pembinaan (tindak lanjut) for an employee rated butuh perbaikan or lower."""

    class Status(models.TextChoices):
        OPEN = "open", _("berjalan")
        CLOSED = "closed", _("selesai")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="coaching")
    period = models.CharField(_("periode"), max_length=7)
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    goals = models.TextField(_("tujuan pembinaan"))
    actions = models.TextField(_("langkah pembinaan"))
    follow_up_date = models.DateField(_("tanggal tindak lanjut"))
    outcome = models.TextField(_("hasil pembinaan"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    coach = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "employee", "period"], name="uniq_coaching_plan"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "status", "follow_up_date"]),
            models.Index(fields=["tenant", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.employee_id} {self.status}"
