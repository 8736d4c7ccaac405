"""Policy register, manual indicator values and the evaluation reports (issue 16)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.core.models import BackgroundJob, TenantOwned, User


class Policy(TenantOwned):
    """A personnel policy of the Pemda whose effect is evaluated each semester and year."""

    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama kebijakan"), max_length=200)
    legal_basis = models.CharField(_("dasar hukum (nomor Perkada)"), max_length=200)
    goal = models.TextField(_("tujuan"))
    # Null: BKPSDM owns the policy; else the OPD that owns it.
    owner = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kebijakan")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="uniq_eval_policy_code")
        ]

    def __str__(self) -> str:
        return self.name


class PolicyIndicator(TenantOwned):
    """An indicator of a policy: a computed one from the registry, or a manual one.

    `targets` maps period codes (`2026-S1`, `2026`) to the target as a decimal string.
    """

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("kode indikator"), max_length=60)
    # Manual indicators only (computed ones take these from the registry).
    label = models.CharField(_("nama indikator"), max_length=200, blank=True)
    unit_label = models.CharField(_("satuan"), max_length=20, blank=True)
    higher_is_better = models.BooleanField(_("makin tinggi makin baik"), default=True)
    manual = models.BooleanField(_("diisi manual"), default=False)
    owner = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    baseline = models.DecimalField(
        _("nilai dasar"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    targets = models.JSONField(_("target"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["policy", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "policy", "code"], name="uniq_eval_policy_indicator"
            )
        ]
        indexes = [models.Index(fields=["tenant", "policy"])]


def evidence_path(instance: ManualValue, filename: str) -> str:
    return f"evaluation/evidence/{instance.tenant_id}/{filename}"


class ManualValue(TenantOwned):
    """A value of a manual indicator entered by its owner, with evidence."""

    indicator = models.ForeignKey(PolicyIndicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(_("periode"), max_length=7)
    value = models.DecimalField(_("nilai"), max_digits=16, decimal_places=2)
    evidence = models.TextField(_("bukti (uraian atau tautan dokumen)"))
    evidence_file = models.FileField(upload_to=evidence_path, blank=True)
    entered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "indicator", "period"], name="uniq_eval_manual_value"
            )
        ]


class Recommendation(models.TextChoices):
    KEEP = "keep", _("Dilanjutkan")
    CHANGE = "change", _("Diubah")
    STOP = "stop", _("Dihentikan")


class Report(TenantOwned):
    """One version of the evaluation report of a period.

    `data` holds every figure once generated; while a draft it may be regenerated, once
    signed it is the frozen snapshot (with the explanations and conclusions) and never
    changes. A later version starts a new row.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SIGNED = "signed", _("Ditandatangani")

    period = models.CharField(_("periode"), max_length=7)
    version = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    data = models.JSONField(default=dict, blank=True)
    # The figures per unit below the OPDs (units.py), kept apart from `data` because they
    # are large and only the drill-down page, the XLSX and the API read them. Frozen with
    # `data` once signed (a signed report is never regenerated).
    unit_data = models.JSONField(default=dict, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey(
        BackgroundJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    conclusions = models.TextField(_("kesimpulan BKPSDM"), blank=True)
    # {policy code: {"decision": keep|change|stop, "note": "..."}}
    recommendations = models.JSONField(default=dict, blank=True)
    signed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField(max_length=200, blank=True)
    signer_nip = models.CharField(max_length=18, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "-version"]
        verbose_name = _("laporan evaluasi")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "period", "version"], name="uniq_eval_report_version"
            )
        ]
        indexes = [models.Index(fields=["tenant", "period"])]

    def __str__(self) -> str:
        return f"{self.period} v{self.version}"

    @property
    def is_signed(self) -> bool:
        return self.state == self.State.SIGNED


class Explanation(TenantOwned):
    """An OPD's explanation of its figures and its follow-up actions, per report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="explanations")
    opd = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    explanation = models.TextField(_("penjelasan"))
    follow_up = models.TextField(_("rencana tindak lanjut"), blank=True)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "report", "opd"], name="uniq_eval_explanation"
            )
        ]


class EvaluationSettings(TenantOwned):
    """The tenant's choice to publish a summary (no personal data) on the transparency page."""

    public_summary = models.BooleanField(_("tampilkan ringkasan di halaman transparansi"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant"], name="uniq_eval_settings")]
