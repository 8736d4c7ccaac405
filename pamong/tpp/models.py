"""TPP policies, sanctions, runs and slips (tpp.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.core.models import Tenant, TenantOwned, User
from pamong.org.models import Employee, Unit


class TppPolicy(TenantOwned):
    """A validated tpp-policy.yaml; numbers are kept as exact decimal strings."""

    effective_from = models.DateField(_("berlaku mulai"))
    name = models.CharField(_("nama"), max_length=300)
    document = models.JSONField()
    sha256 = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("kebijakan TPP")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "effective_from"], name="uniq_tpp_policy")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from})"


class Sanction(TenantOwned):
    """A disciplinary sanction that cuts TPP by a percent for some months."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="tpp_sanctions")
    jenis = models.CharField(_("jenis"), max_length=300)
    percent = models.DecimalField(_("potongan (%)"), max_digits=5, decimal_places=2)
    start = models.DateField(_("mulai"))  # first day of the first month
    months = models.PositiveSmallIntegerField(_("bulan"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hukuman disiplin")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "employee", "start"], name="uniq_sanction")
        ]
        indexes = [models.Index(fields=["tenant", "start"])]


class TppRun(TenantOwned):
    class Kind(models.TextChoices):
        NORMAL = "normal", _("normal")
        ADJUSTMENT = "adjustment", _("penyesuaian")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draf")
        VERIFIED = "verified", _("terverifikasi")
        APPROVED = "approved", _("disetujui")
        PAID = "paid", _("dibayar")

    period = models.DateField(_("bulan"))  # first day of the month
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NORMAL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    policy = models.ForeignKey(TppPolicy, on_delete=models.PROTECT, related_name="runs")
    calendar = models.JSONField(default=dict)  # snapshot: rules and the month's working days
    hari_kerja = models.PositiveSmallIntegerField(default=0)
    employee_count = models.PositiveIntegerField(default=0)
    totals = models.JSONField(default=dict)  # money column -> int rupiah
    warnings = models.JSONField(default=list)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    # Lifecycle and concurrency (issue 18): `revision` grows with every computation stored
    # in this row; verify/approve carry the revision they displayed. `inputs` fingerprints
    # what the computation read (tpp/inputs.py), `computed_at` is when it read it.
    revision = models.PositiveIntegerField(default=0)
    provisional = models.BooleanField(_("sementara"), default=False)
    inputs = models.JSONField(default=dict, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.CharField(_("alasan dikembalikan"), max_length=500, blank=True)

    class Meta:
        ordering = ["-period", "-id"]
        verbose_name = _("perhitungan TPP")
        indexes = [models.Index(fields=["tenant", "period"])]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "period"],
                condition=models.Q(kind="normal"),
                name="uniq_tpp_run_normal",
            )
        ]

    def __str__(self) -> str:
        return f"TPP {self.period:%Y-%m} ({self.get_kind_display()}, {self.get_status_display()})"

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.PAID)

    @property
    def policy_changed(self) -> bool:
        """The policy version was replaced after this (draft) run was computed."""
        return self.computed_at is not None and self.policy.loaded_at > self.computed_at


def _implied_tenant() -> models.ForeignKey[Tenant, Tenant]:
    """The tenant of a slip (line) without a database constraint or an index of its own.

    The tenant is already enforced through the run (slip) foreign key, and the composite
    indexes lead with it; a separate constraint cost one check per row at commit (a run
    of 100,000 employees writes ~350,000 rows) and an index one more entry per row.
    """
    return models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )


class TppSlip(TenantOwned):
    """One employee's result in a run (for an adjustment run: the money differences)."""

    tenant = _implied_tenant()
    # Written only by the run itself (writer.py), from the run it has just saved and the
    # OPD it read; their per-row checks at commit cost ~2 s for 100,000 slips. Django still
    # cascades (run) and protects (opd) on delete. The employee keeps its constraint.
    run = models.ForeignKey(
        TppRun, on_delete=models.CASCADE, related_name="slips", db_constraint=False
    )
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="tpp_slips")
    opd = models.ForeignKey(  # read per run (tenant, run, nip), never on its own
        Unit,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    nip = models.CharField(max_length=18)
    name = models.CharField(max_length=200)
    unit_code = models.CharField(max_length=40)
    employee_type = models.CharField(max_length=4)
    golongan = models.CharField(max_length=6)
    kelas = models.PositiveSmallIntegerField()
    hari_kerja = models.PositiveSmallIntegerField()
    hari_dibayar = models.PositiveSmallIntegerField()
    predikat = models.CharField(max_length=20)
    potongan_disiplin_persen = models.DecimalField(max_digits=5, decimal_places=2)
    tpp_dasar = models.BigIntegerField()
    kinerja = models.BigIntegerField()
    disiplin = models.BigIntegerField()
    potongan_hukdis = models.BigIntegerField()
    bruto = models.BigIntegerField()
    pph21 = models.BigIntegerField()
    iuran_bpjs = models.BigIntegerField()
    netto = models.BigIntegerField()
    keterangan = models.CharField(max_length=200, blank=True)
    bank_name = models.CharField(max_length=60, blank=True)
    bank_account = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["nip"]
        indexes = [
            models.Index(fields=["tenant", "run", "nip"]),
            models.Index(fields=["tenant", "employee"]),
        ]

    def __str__(self) -> str:
        return f"{self.nip} {self.run}"


class TppSlipLine(TenantOwned):
    """A line that explains a slip: a day's deduction, a leave day, a sanction, a reason."""

    tenant = _implied_tenant()
    # Written with its slip in the same COPY batch, from the ids reserved for them, and
    # deleted before its slips (runs.py): a check per line at commit was ~2 s per run.
    slip = models.ForeignKey(
        TppSlip, on_delete=models.CASCADE, related_name="lines", db_constraint=False
    )
    kind = models.CharField(max_length=20)
    day = models.DateField(null=True, blank=True)
    percent = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    amount = models.BigIntegerField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["day", "id"]
        # Read per slip only: the slip_id index serves; one index less per written line.


class TppSettings(TenantOwned):
    """Per-tenant TPP choices: from which run status employees see their own slip."""

    slip_visible_from = models.CharField(
        _("slip terlihat oleh pegawai mulai status"),
        max_length=10,
        choices=TppRun.Status.choices,
        default=TppRun.Status.APPROVED,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengaturan TPP")
        constraints = [models.UniqueConstraint(fields=["tenant"], name="uniq_tpp_settings")]


class TppBudget(TenantOwned):
    """The yearly TPP ceiling (pagu) of an OPD (tpp.md §8)."""

    opd = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    pagu = models.BigIntegerField(_("pagu"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pagu TPP")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "opd", "year"], name="uniq_tpp_budget")
        ]


class FixedIncome(TenantOwned):
    """The payroll's fixed monthly income of an employee (penghasilan.csv): gaji pokok and
    the allowances BPJS Kesehatan is computed on with TPP, for its cap (tpp.md §5)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("bulan"))  # first day of the month
    amount = models.BigIntegerField(_("penghasilan tetap"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("penghasilan tetap")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "employee", "month"], name="uniq_tpp_fixed_income"
            )
        ]
        indexes = [models.Index(fields=["tenant", "month"])]
