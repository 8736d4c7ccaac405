"""The organisation's performance tree (domain.md §1.3): sasaran strategis of the Pemda
(RPJMD) or of a unit (Renstra), their indikator, and the Perjanjian Kinerja (PK) each unit
signs for a year. The RHK of a unit head hang from the items of the unit's PK
(`appraisal.Rhk.pk_item`); everybody else's RHK hang from their supervisor's RHK."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.core.models import TenantOwned, User
from pamong.org.models import Employee, Unit


class SasaranStrategis(TenantOwned):
    """A strategic objective for one year; `unit` is empty for the Pemda's own (RPJMD)."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit kerja"),
    )
    code = models.CharField(_("kode"), max_length=40)
    statement = models.TextField(_("sasaran strategis"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sasaran strategis")
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "year", "code"], name="uniq_sasaran_code")
        ]
        indexes = [models.Index(fields=["tenant", "year", "unit"])]

    def __str__(self) -> str:
        return f"{self.code} {self.statement[:80]}"


class Target(models.Model):
    """A target: a number with its unit of measure (satuan), or a qualitative statement."""

    target_value = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(_("satuan"), max_length=40, blank=True)
    target_text = models.CharField(_("target kualitatif"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def target_display(self) -> str:
        if self.target_value is None:
            return self.target_text
        value = self.target_value.normalize()
        number = f"{value:f}" if value == value.to_integral() else str(self.target_value)
        return f"{number} {self.target_unit}".strip()


class IndikatorSasaran(TenantOwned, Target):
    """Indikator kinerja of a sasaran strategis, with the target for the year."""

    sasaran = models.ForeignKey(
        SasaranStrategis, on_delete=models.CASCADE, related_name="indikator"
    )
    code = models.CharField(_("kode"), max_length=40)
    statement = models.TextField(_("indikator kinerja"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("indikator kinerja")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "sasaran", "code"], name="uniq_indikator_code"
            ),
            models.CheckConstraint(
                condition=models.Q(target_value__isnull=False) | ~models.Q(target_text=""),
                name="indikator_has_target",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "sasaran"])]

    def __str__(self) -> str:
        return f"{self.code} {self.statement[:80]}"


class PerjanjianKinerja(TenantOwned):
    """The performance agreement of one unit for one year, signed by the unit head."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draf")
        SIGNED = "signed", _("ditandatangani")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    # The unit head who signs as pihak pertama; fixed when the PK is signed.
    signer = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penanda tangan"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    signed_at = models.DateTimeField(_("tanggal tanda tangan"), null=True, blank=True)
    signed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("perjanjian kinerja")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "unit", "year"], name="uniq_pk_unit_year"),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(signer__isnull=False, signed_at__isnull=False),
                name="pk_signed_has_signer",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "year", "status"])]

    def __str__(self) -> str:
        return f"PK {self.year} {self.unit_id}"

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT


class PerjanjianKinerjaItem(TenantOwned, Target):
    """One indikator the unit commits to in its PK, with the unit's own target."""

    perjanjian = models.ForeignKey(
        PerjanjianKinerja, on_delete=models.CASCADE, related_name="items"
    )
    indikator = models.ForeignKey(
        IndikatorSasaran, on_delete=models.PROTECT, related_name="pk_items"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("butir Perjanjian Kinerja")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "perjanjian", "indikator"], name="uniq_pk_item_indikator"
            ),
            models.CheckConstraint(
                condition=models.Q(target_value__isnull=False) | ~models.Q(target_text=""),
                name="pk_item_has_target",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "perjanjian"]),
            models.Index(fields=["tenant", "indikator"]),
        ]

    def __str__(self) -> str:
        return f"{self.indikator.statement[:60]}: {self.target_display}"
