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
    """Pembinaan of an employee, of one of three kinds: the tindak lanjut for a predikat of
    butuh perbaikan or lower (one per employee and period), or coaching or mentoring that a
    supervisor or an assigned mentor runs (domain.md §4.3: non-classical development).
    Sessions (CoachingSession) hold what happened; they count as JP (competence ledger)."""

    class Kind(models.TextChoices):
        FOLLOW_UP = "tindak_lanjut", _("tindak lanjut kinerja")
        COACHING = "coaching", _("coaching")
        MENTORING = "mentoring", _("mentoring")

    class Status(models.TextChoices):
        OPEN = "open", _("berjalan")
        CLOSED = "closed", _("selesai")

    kind = models.CharField(
        _("jenis pembinaan"), max_length=20, choices=Kind.choices, default=Kind.FOLLOW_UP
    )
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="coaching")
    # The rated period for the follow-up kind; the starting year for coaching and mentoring.
    period = models.CharField(_("periode"), max_length=7)
    # Only the follow-up kind has one (the predikat that called for it).
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices, blank=True)
    goals = models.TextField(_("tujuan pembinaan"))
    actions = models.TextField(_("langkah pembinaan"))
    follow_up_date = models.DateField(_("tanggal tindak lanjut"))
    outcome = models.TextField(_("hasil pembinaan"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    coach = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The assigned mentor or coach; empty: the employee's supervisor runs it.
    mentor = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mentor"),
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # One follow-up per employee and rated period; coaching and mentoring may repeat.
            models.UniqueConstraint(
                fields=["tenant", "employee", "period"],
                condition=models.Q(kind="tindak_lanjut"),
                name="uniq_coaching_plan",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "status", "follow_up_date"]),
            models.Index(fields=["tenant", "period"]),
            models.Index(fields=["tenant", "mentor", "status"], name="coaching_mentor_status"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.employee_id} {self.status}"


class CoachingSession(TenantOwned):
    """One coaching or mentoring meeting of a plan: notes and the actions agreed."""

    plan = models.ForeignKey(CoachingPlan, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("tanggal sesi"))
    minutes = models.PositiveSmallIntegerField(_("durasi (menit)"))
    notes = models.TextField(_("catatan sesi"), max_length=4000)
    agreed_actions = models.TextField(_("tindakan yang disepakati"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=720),
                name="coaching_session_minutes",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "plan", "held_on"], name="coaching_session_plan")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.held_on}"
