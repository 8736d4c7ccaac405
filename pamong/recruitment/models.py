"""CASN selection (domain.md §7, spec/selection.md): a selection, its formasi lines, the
candidates with their SKD scores and SKB marks, and the stored result of the last ranking.

The ranking itself lives in `ranking.py` (pure); the result columns on `Candidate` are a
copy written by `services.selection_recompute` so that pages list them without recomputing.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.core.models import TenantOwned, User
from pamong.org.models import Unit


class Jalur(models.TextChoices):
    UMUM = "umum", _("Umum")
    CUMLAUDE = "cumlaude", _("Lulusan cumlaude")
    DIASPORA = "diaspora", _("Diaspora")
    DISABILITAS = "disabilitas", _("Penyandang disabilitas")
    PUTRA_PAPUA = "putra_papua", _("Putra/putri Papua")
    DAERAH_TERTINGGAL = "daerah_tertinggal", _("Daerah tertinggal")
    KALIMANTAN = "kalimantan", _("Putra/putri Kalimantan")


class ResultStatus(models.TextChoices):
    PASSED = "L", _("Lulus")
    RANKED_OUT = "TL", _("Tidak lulus (di luar kuota)")
    ABSENT = "TH", _("Tidak hadir SKB")
    NOT_INVITED = "TSKB", _("Tidak diundang SKB")
    FAILED_PG = "TMS", _("Tidak memenuhi nilai ambang batas")


class SelectionKind(models.TextChoices):
    CASN = "CASN", _("CASN (SKD dan SKB)")
    PPPK = "PPPK", _("PPPK (seleksi kompetensi)")


class PppkComponent(models.TextChoices):
    """The PPPK competence components (domain.md §7), in their tie-break order."""

    TEKNIS = "teknis", _("Kompetensi teknis")
    MANAJERIAL = "manajerial", _("Kompetensi manajerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Kompetensi sosial-kultural")
    WAWANCARA = "wawancara", _("Wawancara")


class Selection(TenantOwned):
    """One selection (seleksi CASN or PPPK of a year), identified by its code in the tenant."""

    code = models.CharField(_("kode seleksi"), max_length=40)
    kind = models.CharField(
        _("jenis seleksi"), max_length=4, choices=SelectionKind.choices, default=SelectionKind.CASN
    )
    name = models.CharField(_("nama seleksi"), max_length=200, blank=True)
    announced_at = models.DateTimeField(_("diumumkan pada"), null=True, blank=True)
    announced_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # SHA-256 of the files last loaded, per file name
    source_sha256 = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("seleksi")
        ordering = ["-created_at", "code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="uniq_selection_code")
        ]

    def __str__(self) -> str:
        return self.name or self.code

    @property
    def is_announced(self) -> bool:
        return self.announced_at is not None

    @property
    def is_pppk(self) -> bool:
        return self.kind == SelectionKind.PPPK


class FormasiLine(TenantOwned):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="lines")
    code = models.CharField(_("kode formasi"), max_length=40)
    jabatan = models.CharField(_("jabatan"), max_length=200)
    jalur = models.CharField(_("jalur"), max_length=20, choices=Jalur.choices)
    kuota = models.PositiveIntegerField(_("kuota"))
    # [[component, weight], ...] in the order of bobot_skb; weights sum to 100
    weights = models.JSONField(_("bobot SKB"), default=list)

    class Meta:
        verbose_name = _("formasi")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "selection", "code"], name="uniq_formasi_line_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.jabatan}"

    @property
    def weights_display(self) -> str:
        return "; ".join(f"{name} {weight}%" for name, weight in self.weights)


class Candidate(TenantOwned):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="candidates")
    line = models.ForeignKey(FormasiLine, on_delete=models.CASCADE, related_name="candidates")
    no_peserta = models.CharField(_("nomor peserta"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    birth_date = models.DateField(_("tanggal lahir"))
    # SKD sub-scores: CASN only; a PPPK candidate keeps 0 here and has PppkScore rows
    twk = models.PositiveSmallIntegerField("TWK")
    tiu = models.PositiveSmallIntegerField("TIU")
    tkp = models.PositiveSmallIntegerField("TKP")
    education = models.DecimalField(_("nilai pendidikan"), max_digits=5, decimal_places=2)
    # result of the last ranking (copy of ranking.Result)
    skd_total = models.PositiveSmallIntegerField(_("total SKD"), default=0)
    passes_pg = models.BooleanField(_("lulus ambang batas"), default=False)
    skd_rank = models.PositiveIntegerField(_("peringkat SKD"), null=True, blank=True)
    skb_score = models.DecimalField(
        _("nilai SKB"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    final_score = models.DecimalField(
        _("nilai akhir"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=4, choices=ResultStatus.choices, default=ResultStatus.FAILED_PG
    )
    step_above = models.PositiveSmallIntegerField(null=True, blank=True)
    step_below = models.PositiveSmallIntegerField(null=True, blank=True)
    # set by the separate "fill unfilled lines" step: the line this TL candidate fills
    filled_line = models.ForeignKey(
        FormasiLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="filled_by",
        verbose_name=_("mengisi formasi"),
    )

    class Meta:
        verbose_name = _("peserta")
        ordering = ["line__code", "rank", "skd_rank", "no_peserta"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "selection", "no_peserta"], name="uniq_candidate_no"
            )
        ]
        indexes = [models.Index(fields=["tenant", "selection", "line", "rank"])]

    def __str__(self) -> str:
        return f"{self.no_peserta} {self.name}"


class SkbScore(TenantOwned):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="skb_scores")
    component = models.CharField(_("komponen"), max_length=40)
    nilai = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("nilai SKB")
        ordering = ["component"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "candidate", "component"], name="uniq_skb_component"
            )
        ]


class PppkWeight(TenantOwned):
    """A PPPK selection's weight (and optional minimum) of one component. The four weights of
    a selection sum to 100; `services_pppk.check_weights` says so before anything is saved."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="pppk_weights")
    component = models.CharField(_("komponen"), max_length=20, choices=PppkComponent.choices)
    weight = models.DecimalField(_("bobot (%)"), max_digits=5, decimal_places=2)
    # domain.md gives no PPPK passing grade (UNCONFIRMED): empty means no minimum
    minimum = models.DecimalField(
        _("nilai minimum"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("bobot PPPK")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "selection", "component"], name="uniq_pppk_weight"
            )
        ]


class PppkScore(TenantOwned):
    """One component score of a PPPK candidate (0–999.99, 2 decimals)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="pppk_scores")
    component = models.CharField(_("komponen"), max_length=20, choices=PppkComponent.choices)
    nilai = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("nilai PPPK")
        ordering = ["component"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "candidate", "component"], name="uniq_pppk_score"
            )
        ]


class FormasiNeed(TenantOwned):
    """The workload analysis (ABK) of one OPD and jabatan for a year, with planned transfers."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    opd = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="OPD")
    jabatan = models.CharField(_("jabatan"), max_length=200)
    needed = models.PositiveIntegerField(_("kebutuhan (ABK)"))
    transfers_in = models.PositiveIntegerField(_("pindah masuk"), default=0)
    transfers_out = models.PositiveIntegerField(_("pindah keluar"), default=0)

    class Meta:
        verbose_name = _("kebutuhan formasi")
        ordering = ["year", "opd__code", "jabatan"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "year", "opd", "jabatan"], name="uniq_formasi_need"
            )
        ]


class OnboardingItem(models.TextChoices):
    DOCUMENTS = "documents", _("Berkas (ijazah, SKCK, surat sehat, pernyataan)")
    SK = "sk", _("SK pengangkatan dan SPMT")
    LATSAR = "latsar", _("Latihan dasar (latsar) CPNS")
    ORIENTATION = "orientation", _("Orientasi PPPK")
    CONTRACT = "contract", _("Perjanjian kerja PPPK ditandatangani")
    DECISION = "decision", _("Keputusan pengangkatan CPNS menjadi PNS")


class Onboarding(TenantOwned):
    """A passing candidate who became an employee (CPNS or PPPK), with the checklist."""

    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(
        "org.Employee", on_delete=models.PROTECT, related_name="+", verbose_name=_("pegawai")
    )
    tmt = models.DateField("TMT")
    # CPNS: end of the probation year (the CPNS → PNS decision is due); PPPK: contract end
    due_date = models.DateField(_("batas masa percobaan / akhir kontrak"))
    # item code -> ISO date it was done
    done = models.JSONField(default=dict, blank=True)
    # Last reminder e-mail about the CPNS -> PNS decision (at most one a week).
    reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penerimaan pegawai baru")
        ordering = ["due_date", "id"]
