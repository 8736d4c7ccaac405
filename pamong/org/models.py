"""Organisation units, positions (jabatan), employees and their effective-dated history."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.core.models import TenantOwned


class UnitKind(models.TextChoices):
    OPD = "opd", "OPD"
    BIDANG = "bidang", _("bidang")
    SUBBIDANG = "subbidang", _("subbidang")
    SEKSI = "seksi", _("seksi")
    UPT = "upt", "UPT"
    SEKOLAH = "sekolah", _("sekolah")
    PUSKESMAS = "puskesmas", _("puskesmas")
    KECAMATAN = "kecamatan", _("kecamatan")
    KELURAHAN = "kelurahan", _("kelurahan")
    LAINNYA = "lainnya", _("lainnya")


class Unit(TenantOwned):
    """A node of the org tree. `path` (codes joined by '/') makes subtree queries one LIKE."""

    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # The top-level ancestor (the OPD); itself for a top-level unit. Set by services.
    opd = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    path = models.CharField(max_length=500, default="")
    depth = models.PositiveSmallIntegerField(default=0)
    head = models.ForeignKey(
        "Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="headed_units"
    )

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit kerja")
        constraints = [models.UniqueConstraint(fields=["tenant", "code"], name="uniq_unit_code")]
        indexes = [
            models.Index(fields=["tenant", "path"]),
            models.Index(fields=["tenant", "opd"]),
            models.Index(fields=["tenant", "parent"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PositionKind(models.TextChoices):
    JPT = "jpt", "JPT"
    ADMINISTRATOR = "administrator", _("administrator")
    PENGAWAS = "pengawas", _("pengawas")
    FUNGSIONAL = "fungsional", _("fungsional")
    PELAKSANA = "pelaksana", _("pelaksana")


HEAD_KINDS = {PositionKind.JPT, PositionKind.ADMINISTRATOR, PositionKind.PENGAWAS}


class Position(TenantOwned):
    """A jabatan with its jenis and kelas jabatan."""

    name = models.CharField(_("jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=20, choices=PositionKind.choices)
    kelas = models.PositiveSmallIntegerField(_("kelas jabatan"))

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name", "kind", "kelas"], name="uniq_position"
            ),
            models.CheckConstraint(
                condition=models.Q(kelas__gte=1, kelas__lte=17), name="position_kelas_range"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "name"])]

    def __str__(self) -> str:
        return f"{self.name} (kelas {self.kelas})"


class EmployeeType(models.TextChoices):
    PNS = "PNS", "PNS"
    CPNS = "CPNS", "CPNS"
    PPPK = "PPPK", "PPPK"


class EmployeeStatus(models.TextChoices):
    AKTIF = "aktif", _("aktif")
    CLTN = "cltn", _("cuti di luar tanggungan negara")
    TUGAS_BELAJAR = "tugas_belajar", _("tugas belajar")
    DIBERHENTIKAN_SEMENTARA = "diberhentikan_sementara", _("diberhentikan sementara")
    PENSIUN = "pensiun", _("pensiun")
    BERHENTI = "berhenti", _("berhenti")


class Gender(models.TextChoices):
    L = "L", _("laki-laki")
    P = "P", _("perempuan")


PNS_GOLONGAN = [f"{g}/{s}" for g in ("I", "II", "III", "IV") for s in "abcd"] + ["IV/e"]
PPPK_GOLONGAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip


class Education(models.TextChoices):
    SD = "SD", "SD"
    SMP = "SMP", "SLTP/SMP"
    SLTA = "SLTA", "SLTA/SMA"
    D1 = "D1", "D-I"
    D2 = "D2", "D-II"
    D3 = "D3", "D-III"
    D4 = "D4", "D-IV"
    S1 = "S1", "S-1"
    S2 = "S2", "S-2"
    S3 = "S3", "S-3"


class Employee(TenantOwned):
    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("nama"), max_length=200)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    employee_type = models.CharField(_("jenis pegawai"), max_length=4, choices=EmployeeType.choices)
    golongan = models.CharField(_("golongan"), max_length=6)
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="employees")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employees")
    # Denormalised from unit.opd so OPD-scoped lists need no join.
    opd = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", null=True)
    supervisor_explicit = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Resolved supervisor: explicit, else from the unit tree (see services.resolve_supervisors).
    supervisor = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="subordinates"
    )
    status = models.CharField(
        _("status"), max_length=30, choices=EmployeeStatus.choices, default=EmployeeStatus.AKTIF
    )
    tmt_unit = models.DateField(_("TMT di pemda"), null=True, blank=True)
    end_date = models.DateField(_("tanggal berhenti"), null=True, blank=True)
    # PPPK: the current contract (perjanjian kerja), for the leave rules (domain.md §4.2).
    contract_start = models.DateField(_("mulai kontrak"), null=True, blank=True)
    contract_end = models.DateField(_("akhir kontrak"), null=True, blank=True)
    # Career facts (KP, KGB): TMT of the current golongan, highest education, and the
    # masa kerja golongan reached at the TMT of the current gaji pokok.
    tmt_pangkat = models.DateField(_("TMT pangkat"), null=True, blank=True)
    education = models.CharField(
        _("pendidikan terakhir"), max_length=4, choices=Education.choices, blank=True
    )
    tmt_kgb = models.DateField(_("TMT gaji berkala terakhir"), null=True, blank=True)
    mkg_years = models.PositiveSmallIntegerField(_("MKG (tahun)"), null=True, blank=True)
    mkg_months = models.PositiveSmallIntegerField(_("MKG (bulan)"), default=0)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = models.CharField(_("nomor rekening"), max_length=30, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nip"]
        verbose_name = _("pegawai")
        constraints = [models.UniqueConstraint(fields=["tenant", "nip"], name="uniq_employee_nip")]
        indexes = [
            models.Index(fields=["tenant", "name"]),
            models.Index(fields=["tenant", "unit"]),
            models.Index(fields=["tenant", "opd"]),
            models.Index(fields=["tenant", "supervisor"]),
            models.Index(fields=["tenant", "status"]),
            # The employee list's filters: its COUNT(*) reads these indexes only.
            models.Index(fields=["tenant", "golongan"]),
            models.Index(fields=["tenant", "employee_type"]),
            # Due lists for KP and KGB filter on these dates.
            models.Index(fields=["tenant", "tmt_pangkat"]),
            models.Index(fields=["tenant", "tmt_kgb"]),
            # On PostgreSQL, migration 0002 also adds a trigram index for the name/NIP search.
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"

    @property
    def kelas(self) -> int:
        return self.position.kelas


class HistoryKind(models.TextChoices):
    POSITION = "position", _("jabatan")
    UNIT = "unit", _("unit kerja")
    GOLONGAN = "golongan", _("golongan")
    STATUS = "status", _("status")


class EmployeeHistory(TenantOwned):
    """Effective-dated history of position, unit, golongan and status."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=10, choices=HistoryKind.choices)
    value = models.CharField(max_length=300)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        indexes = [models.Index(fields=["tenant", "employee", "kind"])]


class TenantOfficials(TenantOwned):
    """Officials the tenant sets by hand: the Sekda rates the heads of OPD (and is rated
    by the kepala daerah, who has no account: BKPSDM records those decisions)."""

    sekda = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pejabat pemda")
        constraints = [models.UniqueConstraint(fields=["tenant"], name="uniq_tenant_officials")]
