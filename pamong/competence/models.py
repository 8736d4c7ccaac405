"""Competence development (domain.md §4.3): partners, a programme catalogue, enrolments with
their approval chain, external certificates, and the yearly JP ledger.

The ledger (`JpEntry`) is the one place JP are counted: each completed activity adds one
row per employee, and a unique `(tenant, employee, activity_key)` makes counting it twice
impossible whatever path (page, API, import, re-run) tries.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.core.models import TenantOwned, User
from pamong.org.models import Employee, Unit

from .choices import CompetencyKind


class ProgrammeKind(models.TextChoices):
    # Classical (Perlan 10/2018)
    PELATIHAN = "pelatihan", _("pelatihan")
    WORKSHOP = "workshop", _("lokakarya (workshop)")
    SEMINAR = "seminar", _("seminar/konferensi")
    KURSUS = "kursus", _("kursus")
    BIMTEK = "bimtek", _("bimbingan teknis")
    # Non-classical
    COACHING = "coaching", _("coaching")
    MENTORING = "mentoring", _("mentoring")
    E_LEARNING = "e_learning", _("e-learning")
    PJJ = "pjj", _("pembelajaran jarak jauh")
    DETASERING = "detasering", _("detasering (secondment)")
    BENCHMARKING = "benchmarking", _("patok banding (benchmarking)")
    MAGANG = "magang", _("magang/praktik kerja")
    BELAJAR_MANDIRI = "belajar_mandiri", _("belajar mandiri")
    KOMUNITAS = "komunitas", _("komunitas belajar")


CLASSICAL = frozenset(
    {
        ProgrammeKind.PELATIHAN,
        ProgrammeKind.WORKSHOP,
        ProgrammeKind.SEMINAR,
        ProgrammeKind.KURSUS,
        ProgrammeKind.BIMTEK,
    }
)


class InstitutionKind(models.TextChoices):
    UNIVERSITAS = "universitas", _("perguruan tinggi")
    LEMBAGA = "lembaga", _("lembaga pelatihan")
    INSTANSI = "instansi", _("instansi pemerintah")
    LAINNYA = "lainnya", _("lainnya")


class Institution(TenantOwned):
    """A partner institution (university, training body) the Pemda works with."""

    name = models.CharField(_("nama lembaga"), max_length=200)
    kind = models.CharField(_("jenis lembaga"), max_length=20, choices=InstitutionKind.choices)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lembaga mitra")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="uniq_competence_institution")
        ]

    def __str__(self) -> str:
        return self.name


def agreement_path(instance: Agreement, filename: str) -> str:
    return f"competence/agreements/{instance.tenant_id}/{filename}"


def certificate_path(instance: models.Model, filename: str) -> str:
    return f"competence/certificates/{instance.tenant_id}/{filename}"  # type: ignore[attr-defined]


class Agreement(TenantOwned):
    """A cooperation agreement (MoU/PKS) with a partner, valid for a period."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="agreements"
    )
    number = models.CharField(_("nomor MoU"), max_length=100)
    start = models.DateField(_("berlaku mulai"))
    end = models.DateField(_("berlaku sampai"))
    file = models.FileField(upload_to=agreement_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "id"]
        verbose_name = _("perjanjian kerja sama")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="uniq_competence_mou"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="mou_period"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Programme(TenantOwned):
    """One offering in the catalogue: a training, workshop, coaching programme, course ..."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draf")
        OPEN = "open", _("dibuka")
        CLOSED = "closed", _("ditutup")

    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("bentuk"), max_length=20, choices=ProgrammeKind.choices)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="programmes"
    )
    competency_kind = models.CharField(
        _("jenis kompetensi"), max_length=20, choices=CompetencyKind.choices
    )
    competency = models.CharField(_("kompetensi yang dibangun"), max_length=200)
    jp = models.PositiveSmallIntegerField(_("JP"))
    cost_per_participant = models.PositiveBigIntegerField(_("biaya per peserta (Rp)"), default=0)
    quota = models.PositiveIntegerField(_("kuota"))
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    # Empty: open to every OPD; else only to employees of this OPD.
    opd = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("khusus OPD"),
    )  # fmt: skip
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("program pengembangan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="programme_period"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "status", "start"]),
            models.Index(fields=["tenant", "start"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_classical(self) -> bool:
        return self.kind in CLASSICAL


class Enrolment(TenantOwned):
    """An employee's place in a programme: applied → supervisor → BKPSDM → done."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("menunggu atasan")
        SUPERVISOR_APPROVED = "supervisor_approved", _("menunggu BKPSDM")
        APPROVED = "approved", _("disetujui")
        REJECTED = "rejected", _("ditolak")
        CANCELLED = "cancelled", _("dibatalkan")
        COMPLETED = "completed", _("selesai")
        NOT_COMPLETED = "not_completed", _("tidak selesai")

    # Holding (or waiting for) a seat: these count against the employee's other dates.
    ACTIVE = (Status.SUBMITTED, Status.SUPERVISOR_APPROVED, Status.APPROVED, Status.COMPLETED)
    # Holding a seat: these count against the quota and the budget.
    SEATED = (Status.APPROVED, Status.COMPLETED, Status.NOT_COMPLETED)

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    # The employee's OPD when they applied: spend stays with the OPD that sent them.
    opd = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, related_name="+")
    supervisor = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    nominated = models.BooleanField(_("ditunjuk BKPSDM"), default=False)
    motivation = models.TextField(_("alasan mengikuti"), max_length=2000, blank=True)
    supervisor_note = models.TextField(_("catatan atasan"), max_length=2000, blank=True)
    decision_note = models.TextField(_("catatan BKPSDM"), max_length=2000, blank=True)
    attended_pct = models.PositiveSmallIntegerField(_("kehadiran (%)"), null=True, blank=True)
    completed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    certificate_date = models.DateField(_("tanggal sertifikat"), null=True, blank=True)
    certificate = models.FileField(upload_to=certificate_path, max_length=200, blank=True)
    certificate_type = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pendaftaran program")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "programme", "employee"], name="uniq_competence_enrolment"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "employee", "status"]),
            models.Index(fields=["tenant", "programme", "status"]),
            models.Index(fields=["tenant", "supervisor", "status"]),
            models.Index(fields=["tenant", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.employee_id} {self.status}"


class ExternalCertificate(TenantOwned):
    """Development done outside the catalogue, submitted by the employee, verified by BKPSDM."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("menunggu verifikasi")
        VERIFIED = "verified", _("terverifikasi")
        REJECTED = "rejected", _("ditolak")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("nama kegiatan"), max_length=200)
    kind = models.CharField(_("bentuk"), max_length=20, choices=ProgrammeKind.choices)
    organiser = models.CharField(_("penyelenggara"), max_length=200)
    jp = models.PositiveSmallIntegerField(_("JP"))
    # For forms counted per session or per minute (tenant rules); 0 when not used.
    sessions = models.PositiveSmallIntegerField(_("jumlah sesi"), default=0)
    minutes = models.PositiveIntegerField(_("durasi (menit)"), default=0)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100)
    certificate_date = models.DateField(_("tanggal sertifikat"))
    file = models.FileField(upload_to=certificate_path, max_length=200)
    content_type = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    note = models.TextField(_("catatan verifikator"), max_length=2000, blank=True)
    verified_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sertifikat eksternal")
        indexes = [
            models.Index(fields=["tenant", "status"]),
            models.Index(fields=["tenant", "employee"]),
        ]

    def __str__(self) -> str:
        return self.title


class JpEntry(TenantOwned):
    """One activity's JP in an employee's yearly ledger. Written only by services."""

    class Source(models.TextChoices):
        PROGRAMME = "programme", _("program katalog")
        EXTERNAL = "external", _("sertifikat eksternal")
        IMPORT = "import", _("riwayat impor")
        COACHING = "pembinaan", _("coaching/mentoring")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    # Denormalised at recording time so the OPD dashboards read one table.
    opd = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    jp = models.PositiveSmallIntegerField(_("JP"))
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    # "programme:<id>", "external:<id>", "import:<certificate number>",
    # "pembinaan:<plan id>:<year>" (a plan's sessions in a year): once per employee.
    activity_key = models.CharField(max_length=160)
    title = models.CharField(_("kegiatan"), max_length=200)
    kind = models.CharField(_("bentuk"), max_length=20, choices=ProgrammeKind.choices)
    completed_on = models.DateField(_("tanggal selesai"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("catatan JP")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "employee", "activity_key"], name="uniq_jp_once_per_activity"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "year", "employee"], name="jp_year_employee"),
            models.Index(fields=["tenant", "year", "opd"], name="jp_year_opd"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.employee_id} {self.jp} JP"


class JpTotal(TenantOwned):
    """The sum of an employee's ledger for a year, kept by services.refresh_totals in the same
    transaction as every ledger write, so the 20 JP dashboards read one row per employee."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    jp = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "employee", "year"], name="uniq_jp_total"),
        ]
        indexes = [models.Index(fields=["tenant", "year"], name="jp_total_year")]


class TrainingBudget(TenantOwned):
    """The training budget (anggaran pengembangan kompetensi) of the tenant or one OPD."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    opd = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    amount = models.PositiveBigIntegerField(_("anggaran (Rp)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "year", "opd"], name="uniq_training_budget_opd"
            ),
            models.UniqueConstraint(
                fields=["tenant", "year"],
                condition=models.Q(opd__isnull=True),
                name="uniq_training_budget_tenant",
            ),
        ]


class CompetenceSettings(TenantOwned):
    """The tenant's JP thresholds and how non-classical forms convert to JP.

    `recognition` overrides rules.DEFAULT_RECOGNITION kind by kind (see rules.py)."""

    pns_min_jp = models.PositiveSmallIntegerField(_("JP minimal PNS per tahun"), default=20)
    pppk_max_jp = models.PositiveSmallIntegerField(_("hak JP PPPK per tahun"), default=24)
    recognition = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="uniq_competence_settings"),
        ]


class ReminderSent(TenantOwned):
    """One reminder e-mail per recipient per month: running the command again sends nothing."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user", "month"], name="uniq_competence_reminder"
            ),
        ]


# --- needs analysis (AKPK) and the individual development plan ------------------------------


class CompetencyStandard(TenantOwned):
    """The level (1–5) a jabatan requires in one competency kind (PermenPANRB 38/2017)."""

    position = models.ForeignKey(
        "org.Position", on_delete=models.CASCADE, related_name="+", verbose_name=_("jabatan")
    )
    kind = models.CharField(_("jenis kompetensi"), max_length=20, choices=CompetencyKind.choices)
    level = models.PositiveSmallIntegerField(_("level standar"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "position", "kind"], name="uniq_competency_standard"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="standard_level_range"
            ),
        ]


class CompetencyAssessment(TenantOwned):
    """An employee's assessed level (1–5) in one competency kind: the latest one counts."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis kompetensi"), max_length=20, choices=CompetencyKind.choices)
    level = models.PositiveSmallIntegerField(_("level hasil penilaian"))
    assessed_on = models.DateField(_("tanggal penilaian"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "employee", "kind"], name="uniq_competency_assessment"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="assessment_level_range"
            ),
        ]


class DevelopmentProposal(TenantOwned):
    """A development need proposed by the employee or by their supervisor for a year."""

    class By(models.TextChoices):
        SELF = "self", _("usulan pegawai")
        SUPERVISOR = "supervisor", _("usulan atasan")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    proposed_by = models.CharField(_("diusulkan oleh"), max_length=10, choices=By.choices)
    competency_kind = models.CharField(
        _("jenis kompetensi"), max_length=20, choices=CompetencyKind.choices
    )
    need = models.CharField(_("kebutuhan pengembangan"), max_length=300)
    kind = models.CharField(
        _("bentuk yang diusulkan"), max_length=20, choices=ProgrammeKind.choices
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "year", "employee"])]


class DevelopmentPlan(TenantOwned):
    """The employee's individual development plan (IDP) for a year, agreed by the supervisor."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draf")
        SUBMITTED = "submitted", _("menunggu persetujuan atasan")
        AGREED = "agreed", _("disetujui atasan")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    goals = models.TextField(_("tujuan pengembangan"), max_length=4000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    agreed_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("catatan atasan"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "employee", "year"], name="uniq_idp"),
        ]


class DevelopmentPlanItem(TenantOwned):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("bentuk"), max_length=20, choices=ProgrammeKind.choices)
    competency_kind = models.CharField(
        _("jenis kompetensi"), max_length=20, choices=CompetencyKind.choices
    )
    activity = models.CharField(_("kegiatan yang direncanakan"), max_length=200)
    jp = models.PositiveSmallIntegerField(_("JP direncanakan"))

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["tenant", "plan"])]


# E-learning models live in their own module; importing them here registers them.
from .models_learning import (  # noqa: E402, F401
    Attempt,
    Course,
    CourseCertificate,
    Module,
    ModuleProgress,
    Question,
)
