"""Careers on merit: KP proposals and their files, sanctions, KGB records and postponements,
and the tenant's career settings (domain.md §6)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.careers import talent
from pamong.careers.rules import DEFAULT_EDUCATION_CEILING
from pamong.core.models import TenantOwned, User
from pamong.org.models import Employee

# Documents of a KP file. Which ones BKPSDM asks for is local practice: a tenant setting.
DEFAULT_KP_DOCUMENTS: list[dict[str, Any]] = [
    {"code": "sk_pangkat", "label": "SK pangkat terakhir", "kinds": []},
    {"code": "skp", "label": "Dokumen evaluasi kinerja 2 tahun terakhir", "kinds": []},
    {"code": "ijazah", "label": "Ijazah dan transkrip terakhir", "kinds": []},
    {"code": "pak", "label": "Penetapan Angka Kredit (PAK)", "kinds": ["fungsional"]},
    {"code": "sk_jabatan", "label": "SK jabatan terakhir",
     "kinds": ["jpt", "administrator", "pengawas"]},
]  # fmt: skip


def default_ceiling() -> dict[str, str]:
    return dict(DEFAULT_EDUCATION_CEILING)


def default_documents() -> list[dict[str, Any]]:
    return [dict(d) for d in DEFAULT_KP_DOCUMENTS]


def default_points() -> dict[str, int]:
    return dict(talent.DEFAULT_PREDIKAT_POINTS)


def default_weights() -> list[int]:
    return list(talent.DEFAULT_YEAR_WEIGHTS)


def default_performance_cuts() -> list[str]:
    return list(talent.DEFAULT_PERFORMANCE_CUTS)


def default_potential_cuts() -> list[str]:
    return list(talent.DEFAULT_POTENTIAL_CUTS)


def default_kgb_predikat() -> list[str]:
    return ["sangat_baik", "baik"]


class CareerSettings(TenantOwned):
    """Rules domain.md does not confirm. Every default is marked as such on the page."""

    education_ceiling = models.JSONField(
        _("batas golongan menurut pendidikan"), default=default_ceiling
    )
    kp_documents = models.JSONField(_("dokumen berkas KP"), default=default_documents)
    sanction_blocks_kp = models.BooleanField(
        _("hukuman disiplin yang sedang berjalan menahan KP"), default=True
    )
    kgb_predikat = models.JSONField(
        _("predikat yang memadai untuk KGB"), default=default_kgb_predikat
    )
    kgb_postpone_months = models.PositiveSmallIntegerField(
        _("lama penundaan KGB (bulan)"), default=12
    )
    # Talent mapping: weights of the last completed years (newest first), predikat points,
    # and the cut-offs (high, mid) of each axis.
    talent_weights = models.JSONField(_("bobot tahun predikat"), default=default_weights)
    talent_points = models.JSONField(_("poin predikat"), default=default_points)
    performance_cuts = models.JSONField(
        _("batas tingkat kinerja"), default=default_performance_cuts
    )
    potential_cuts = models.JSONField(_("batas tingkat potensi"), default=default_potential_cuts)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant"], name="uniq_career_settings")]


class SanctionLevel(models.TextChoices):
    RINGAN = "ringan", _("ringan")
    SEDANG = "sedang", _("sedang")
    BERAT = "berat", _("berat")


class Sanction(TenantOwned):
    """Hukuman disiplin (PP 94/2021) as careers need it: who, how heavy, from when to when."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="sanctions")
    level = models.CharField(_("tingkat"), max_length=10, choices=SanctionLevel.choices)
    starts = models.DateField(_("berlaku mulai"))
    ends = models.DateField(_("berakhir"), null=True, blank=True)
    sk_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    reason = models.TextField(_("uraian"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts"]
        indexes = [models.Index(fields=["tenant", "employee", "starts"])]


class KpStatus(models.TextChoices):
    DRAFT = "draft", _("disiapkan OPD")
    SUBMITTED = "submitted", _("diajukan ke BKPSDM")
    RETURNED = "returned", _("dikembalikan ke OPD")
    VERIFIED = "verified", _("diverifikasi BKPSDM")
    DECIDED = "decided", _("ditetapkan")
    REJECTED = "rejected", _("ditolak")


class RecordSource(models.TextChoices):
    PAMONG = "pamong", "Pamong"
    IMPORT = "import", _("impor riwayat")


class KpProposal(TenantOwned):
    """One employee's KP for one period: the file, the path OPD -> BKPSDM, the decision."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="kp_proposals")
    period = models.DateField(_("periode KP"))
    status = models.CharField(max_length=10, choices=KpStatus.choices, default=KpStatus.DRAFT)
    from_golongan = models.CharField(_("golongan lama"), max_length=6)
    to_golongan = models.CharField(_("golongan usulan"), max_length=6)
    note = models.TextField(_("catatan"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Decision (SK kenaikan pangkat).
    sk_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    sk_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    new_golongan = models.CharField(_("golongan baru"), max_length=6, blank=True)
    tmt = models.DateField(_("TMT golongan baru"), null=True, blank=True)
    applied = models.BooleanField(_("sudah berlaku pada data pegawai"), default=False)
    source = models.CharField(
        max_length=10, choices=RecordSource.choices, default=RecordSource.PAMONG
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period", "employee__nip"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "employee", "period"], name="uniq_kp_proposal"
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "period", "status"]),
            models.Index(fields=["tenant", "status", "applied", "tmt"]),
        ]

    def __str__(self) -> str:
        return f"KP {self.period} {self.employee_id}"


class KpDocument(TenantOwned):
    """One required document of a KP file: uploaded or linked, then checked by BKPSDM."""

    proposal = models.ForeignKey(KpProposal, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(max_length=40)
    label = models.CharField(_("dokumen"), max_length=200)
    file = models.FileField(_("berkas"), upload_to="careers/kp/%Y/", blank=True)
    link = models.URLField(_("tautan"), blank=True)
    verified = models.BooleanField(_("sudah diperiksa"), default=False)
    verified_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "proposal", "code"], name="uniq_kp_document")
        ]

    @property
    def present(self) -> bool:
        return bool(self.file) or bool(self.link)


class KgbPostponement(TenantOwned):
    """A KGB due on `due_date` postponed by `months` (at most 12) for the reason given."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="kgb_postponements"
    )
    due_date = models.DateField(_("jatuh tempo semula"))
    months = models.PositiveSmallIntegerField(_("lama penundaan (bulan)"))
    reason = models.TextField(_("alasan"))
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "employee", "due_date"], name="uniq_kgb_postponement"
            ),
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=12), name="kgb_postpone_max_12"
            ),
        ]


class KgbRecord(TenantOwned):
    """A granted KGB (from Pamong or imported history): the new MKG and gaji pokok from its TMT."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="kgb_records")
    tmt = models.DateField(_("TMT"))
    golongan = models.CharField(_("golongan"), max_length=6)
    mkg_years = models.PositiveSmallIntegerField(_("MKG (tahun)"))
    gaji_pokok = models.PositiveIntegerField(_("gaji pokok"), null=True, blank=True)
    sk_number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    sk_date = models.DateField(_("tanggal surat"), null=True, blank=True)
    source = models.CharField(
        max_length=10, choices=RecordSource.choices, default=RecordSource.PAMONG
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tmt"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "employee", "tmt"], name="uniq_kgb_record")
        ]


class AssessmentKind(models.TextChoices):
    ASSESSMENT_CENTRE = "assessment_centre", _("assessment center")
    COMPETENCY_TEST = "uji_kompetensi", _("uji kompetensi")
    OTHER = "lainnya", _("lainnya")


class AssessmentResult(TenantOwned):
    """A potential score (0-100) from an assessment centre or competency test."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("jenis"), max_length=20, choices=AssessmentKind.choices)
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2)
    assessed_on = models.DateField(_("tanggal"))
    source = models.CharField(_("sumber"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "employee", "kind", "assessed_on"], name="uniq_assessment"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="assessment_score_range"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "employee", "assessed_on"])]


class TalentMove(TenantOwned):
    """A talent review meeting placed an employee in another box, with a written reason."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="talent_moves")
    year = models.PositiveSmallIntegerField(_("tahun"))
    from_box = models.PositiveSmallIntegerField(_("kotak semula"))
    to_box = models.PositiveSmallIntegerField(_("kotak baru"))
    reason = models.TextField(_("alasan"))
    moved_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "employee", "year"], name="uniq_talent_move"),
            models.CheckConstraint(
                condition=models.Q(to_box__gte=1, to_box__lte=9), name="talent_move_box_range"
            ),
        ]


class KeyPost(TenantOwned):
    """A key post (JPT or administrator) marked by BKPSDM for succession planning."""

    position = models.ForeignKey("org.Position", on_delete=models.CASCADE, related_name="key_posts")
    min_golongan = models.CharField(_("golongan paling rendah"), max_length=6, default="III/c")
    min_education = models.CharField(_("pendidikan paling rendah"), max_length=4, default="S1")
    # Held by an acting official (Plt.) since this date; empty when a definitive holder sits.
    plt_since = models.DateField(_("dijabat Plt. sejak"), null=True, blank=True)
    # How long a Plt. may hold it: local rule, UNCONFIRMED default of 6 months.
    plt_max_months = models.PositiveSmallIntegerField(_("batas masa Plt. (bulan)"), default=6)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "position"], name="uniq_key_post")]


from .models_jpt import (  # noqa: E402, F401
    JptCandidate,
    JptMember,
    JptPost,
    JptScore,
    JptSelection,
    JptStatus,
)
