"""SKP planning (RHK, indicators, realisation) and periodic evaluation (domain.md §1.2–1.7)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pamong.core.models import TenantOwned, User
from pamong.org.models import Employee
from pamong.performance.predikat import Expectation, Predikat


class Skp(TenantOwned):
    """One employee's Sasaran Kinerja Pegawai for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draf")
        SUBMITTED = "submitted", _("diajukan")
        APPROVED = "approved", _("disetujui")
        RETURNED = "returned", _("dikembalikan")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="skps")
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The pejabat penilai, fixed when the SKP is submitted.
    approver = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)
    return_comment = models.TextField(blank=True)
    # Lampiran SKP (§1.3): one item per line.
    resources = models.TextField(_("dukungan sumber daya"), blank=True)
    accountability = models.TextField(_("skema pertanggungjawaban"), blank=True)
    consequences = models.TextField(_("konsekuensi"), blank=True)
    # Ekspektasi khusus pimpinan per BerAKHLAK value, set by the supervisor.
    special_expectations = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("SKP")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "employee", "year"], name="uniq_skp_year")
        ]
        indexes = [
            models.Index(fields=["tenant", "approver", "status"]),
            models.Index(fields=["tenant", "year"]),
        ]

    def __str__(self) -> str:
        return f"SKP {self.year} {self.employee_id}"

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Rhk(TenantOwned):
    """Rencana Hasil Kerja; `parent_rhk` is the supervisor's RHK it intervenes (cascading).

    A unit head's RHK may also hang from an item of the unit's Perjanjian Kinerja
    (`pk_item`, domain.md §1.3: PK → SKP JPT → SKP JA/JF)."""

    class Kind(models.TextChoices):
        UTAMA = "utama", _("utama")
        TAMBAHAN = "tambahan", _("tambahan")

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhks")
    text = models.TextField(_("rencana hasil kerja"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.UTAMA)
    parent_rhk = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supporting",
        verbose_name=_("RHK pimpinan yang diintervensi"),
    )
    pk_item = models.ForeignKey(
        "kinerja_org.PerjanjianKinerjaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rhks",
        verbose_name=_("butir Perjanjian Kinerja"),
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("RHK")
        ordering = ["kind", "order", "id"]
        indexes = [
            models.Index(fields=["tenant", "skp"]),
            models.Index(fields=["tenant", "parent_rhk"]),
            models.Index(fields=["tenant", "pk_item"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Indicator(TenantOwned):
    """Indikator kinerja individu with its target."""

    class Aspect(models.TextChoices):
        KUANTITAS = "kuantitas", _("kuantitas")
        KUALITAS = "kualitas", _("kualitas")
        WAKTU = "waktu", _("waktu")
        BIAYA = "biaya", _("biaya")

    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="indicators")
    aspect = models.CharField(_("aspek"), max_length=10, choices=Aspect.choices)
    text = models.TextField(_("indikator kinerja individu"))
    target = models.CharField(_("target"), max_length=200)
    target_number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_unit = models.CharField(_("satuan"), max_length=40, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["tenant", "rhk"])]

    def __str__(self) -> str:
        return f"{self.text[:60]}: {self.target}"

    @property
    def achievement(self) -> Decimal | None:
        """Realisation against target in percent (appraisal.achievement); reads the
        prefetched realisations."""
        from pamong.appraisal.achievement import achievement_percent

        values = [(r.period, r.value) for r in self.realisations.all()]
        return achievement_percent(self.aspect, self.target, self.target_number, values)


class SkpVersion(TenantOwned):
    """A frozen copy of the SKP taken whenever its approval status changes."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Skp.Status.choices)
    snapshot = models.JSONField()
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version", "-id"]
        indexes = [models.Index(fields=["tenant", "skp"])]


def evidence_path(instance: Realisation, filename: str) -> str:
    return f"appraisal/{instance.tenant_id}/{instance.period}/{filename}"


class Realisation(TenantOwned):
    """What was achieved against one indicator in one month."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="realisations")
    period = models.CharField(_("periode"), max_length=7)
    value = models.CharField(_("realisasi"), max_length=200)
    evidence_url = models.URLField(_("tautan bukti"), blank=True)
    evidence_file = models.FileField(_("berkas bukti"), upload_to=evidence_path, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "indicator", "period"], name="uniq_realisation"
            )
        ]
        indexes = [models.Index(fields=["tenant", "period"])]


class FeedbackNote(TenantOwned):
    """Umpan balik berkelanjutan on one RHK."""

    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("umpan balik"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["tenant", "rhk"])]


class Evaluation(TenantOwned):
    """A periodic evaluation by the pejabat penilai; mirrored into performance.Rating.

    The Sekda is rated by the kepala daerah, who has no employee record nor account: BKPSDM
    records that rating on their behalf. Then `penilai` is empty, `kepala_daerah` holds the
    kepala daerah's name and `recorded_by` the BKPSDM user who recorded it."""

    class Status(models.TextChoices):
        RATED = "rated", _("dinilai")
        ACKNOWLEDGED = "acknowledged", _("diterima pegawai")
        FINALIZED = "finalized", _("ditetapkan")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="evaluations")
    period = models.CharField(_("periode"), max_length=7)
    penilai = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kepala_daerah = models.CharField(_("kepala daerah"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hasil_kerja = models.CharField(_("hasil kerja"), max_length=10, choices=Expectation.choices)
    perilaku_kerja = models.CharField(
        _("perilaku kerja"), max_length=10, choices=Expectation.choices
    )
    reason = models.TextField(_("alasan"), blank=True)
    predikat = models.CharField(max_length=20, choices=Predikat.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RATED)
    finalized_at = models.DateTimeField(null=True, blank=True)
    finalized_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "employee", "period"], name="uniq_evaluation"
            ),
            # Rated by an employee, or by the kepala daerah (named) through BKPSDM.
            models.CheckConstraint(
                condition=models.Q(penilai__isnull=False) | ~models.Q(kepala_daerah=""),
                name="evaluation_has_penilai",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "penilai", "period"]),
            models.Index(fields=["tenant", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.employee_id} {self.predikat}"

    @property
    def by_kepala_daerah(self) -> bool:
        return self.penilai_id is None

    @property
    def penilai_label(self) -> str:
        """The pejabat penilai as shown on pages and documents."""
        if self.penilai is not None:
            return str(self.penilai.name)
        return recorded_for_kepala_daerah(self.kepala_daerah, self.recorded_by)


def recorded_for_kepala_daerah(name: str, recorder: User | None) -> str:
    """'Kepala Daerah <name> (dicatat oleh BKPSDM: <who>)'."""
    who = (recorder.get_full_name() or recorder.username) if recorder is not None else "–"
    return gettext("Kepala Daerah %(name)s (dicatat oleh BKPSDM: %(who)s)") % {
        "name": name,
        "who": who,
    }


class Objection(TenantOwned):
    """Keberatan against a finalized evaluation, decided by the penilai's supervisor."""

    class Status(models.TextChoices):
        FILED = "filed", _("diajukan")
        UPHELD = "upheld", _("diterima")
        REJECTED = "rejected", _("ditolak")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="objections")
    text = models.TextField(_("keberatan"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FILED)
    decided_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    deadline = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "evaluation"]),
            models.Index(fields=["tenant", "status"]),
        ]


class PeerAssignment(TenantOwned):
    """A peer chosen by the supervisor to give behaviour feedback on an employee for a period.

    It records only *that* the peer answered; the answer itself is a PeerResponse that has
    no link to the peer, so nobody (not even an admin reading the tables) can tell who said what.
    """

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("periode"), max_length=7)
    peer = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="peer_assignments")
    requested_by = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    answered = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "employee", "period", "peer"], name="uniq_peer_assignment"
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "employee", "period"]),
            models.Index(fields=["tenant", "peer", "answered"]),
        ]


class PeerResponse(TenantOwned):
    """One anonymous answer: an expectation per BerAKHLAK value and an optional comment.

    A random UUID key and no timestamp, so the insertion order cannot be matched to the
    order in which the assignments were answered.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("periode"), max_length=7)
    ratings = models.JSONField()  # {core value: expectation}
    comment = models.TextField(_("komentar"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "employee", "period"])]


class CalibrationLock(TenantOwned):
    """The rapat evaluasi closed a unit's period: its ratings are final (objections aside)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("periode"), max_length=7)
    org_predikat = models.CharField(max_length=20)
    violations = models.JSONField(default=list)  # the pattern rules broken when finalised
    override_reason = models.TextField(_("alasan penyimpangan pola"), blank=True)
    finalized_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    finalized_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "unit", "period"], name="uniq_calibration_lock"
            )
        ]
        indexes = [models.Index(fields=["tenant", "period"])]


class ActingPenilai(TenantOwned):
    """A Plt. pejabat penilai for an employee over a range of months (inclusive)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    penilai = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="acting_for")
    period_from = models.CharField(_("mulai periode"), max_length=7)
    period_to = models.CharField(_("sampai periode"), max_length=7)
    assigned_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_from", "-id"]
        indexes = [
            models.Index(fields=["tenant", "employee", "period_from"]),
            models.Index(fields=["tenant", "penilai", "period_from"]),
        ]


class AppraisalSettings(TenantOwned):
    """One row per tenant; without a row the defaults apply (e-mail reminders on)."""

    email_reminders = models.BooleanField(_("pengingat lewat e-mail"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant"], name="uniq_appraisal_settings")]


class ReminderDigest(TenantOwned):
    """One reminder e-mail sent (or being sent) to a user on a day of the tenant's calendar.

    The unique row is the claim: a second run the same day, even a concurrent one, finds it
    and sends nothing. `run` tells the rows a run claimed from those already there."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    items = models.PositiveSmallIntegerField(default=0)
    run = models.UUIDField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user", "date"], name="uniq_reminder_digest")
        ]
        indexes = [models.Index(fields=["tenant", "date", "run"])]
