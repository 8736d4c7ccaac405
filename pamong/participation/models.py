"""SKM (survei kepuasan masyarakat) and public complaints (pengaduan, SP4N-LAPOR! style)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.core.models import TenantOwned

UNSUR_FIELDS = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")


class SkmService(TenantOwned):
    """A public service of a unit whose users are surveyed (PermenPANRB 14/2017)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="skm_services")
    name = models.CharField(_("layanan"), max_length=200)
    # Population for the Krejcie-Morgan minimum sample; unknown when null.
    yearly_users = models.PositiveIntegerField(_("pengguna per tahun"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("layanan SKM")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "unit", "name"], name="uniq_skm_service")
        ]
        indexes = [models.Index(fields=["tenant", "unit"])]

    def __str__(self) -> str:
        return self.name


def _score_field(number: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(f"U{number}")


class SkmResponse(TenantOwned):
    """One filled questionnaire: nine scores 1-4 and an optional respondent profile."""

    class Source(models.TextChoices):
        IMPORT = "import", _("impor")
        WEB = "web", _("formulir web")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(SkmService, on_delete=models.PROTECT, related_name="responses")
    date = models.DateField(_("tanggal"))
    u1 = _score_field(1)
    u2 = _score_field(2)
    u3 = _score_field(3)
    u4 = _score_field(4)
    u5 = _score_field(5)
    u6 = _score_field(6)
    u7 = _score_field(7)
    u8 = _score_field(8)
    u9 = _score_field(9)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, blank=True)
    pendidikan = models.CharField(_("pendidikan"), max_length=60, blank=True)
    pekerjaan = models.CharField(_("pekerjaan"), max_length=60, blank=True)
    usia = models.PositiveSmallIntegerField(_("usia"), null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    # Idempotency key of imported rows (see skm_import); null for web answers.
    import_key = models.CharField(max_length=80, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jawaban SKM")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "import_key"], name="uniq_skm_import_key"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{f}__gte": 1, f"{f}__lte": 4}),
                    name=f"skm_{f}_range",
                )
                for f in UNSUR_FIELDS
            ],
        ]
        indexes = [
            models.Index(fields=["tenant", "date"]),
            models.Index(fields=["tenant", "service", "date"]),
        ]


class Complaint(TenantOwned):
    """A public report (pengaduan, aspirasi, ...) tracked by an unguessable code."""

    class Category(models.TextChoices):
        PENGADUAN = "pengaduan", _("Pengaduan")
        ASPIRASI = "aspirasi", _("Aspirasi")
        PERTANYAAN = "pertanyaan", _("Pertanyaan / permintaan informasi")
        APRESIASI = "apresiasi", _("Apresiasi")

    class Identity(models.TextChoices):
        NAMED = "named", _("Dengan identitas")
        ANONYMOUS = "anonymous", _("Anonim (identitas tidak dicatat)")
        CONFIDENTIAL = "confidential", _("Rahasia (laporan tidak dipublikasikan)")

    class State(models.TextChoices):
        NEW = "new", _("Belum terverifikasi")
        # Tunda (SP4N-LAPOR!): waiting for the reporter to complete the report.
        POSTPONED = "postponed", _("Ditunda")
        VERIFIED = "verified", _("Terverifikasi")
        DISPATCHED = "dispatched", _("Diteruskan ke unit")
        IN_PROGRESS = "in_progress", _("Proses")
        CLOSED = "closed", _("Selesai")
        ARCHIVED = "archived", _("Diarsipkan")

    code = models.CharField(max_length=40, unique=True)
    category = models.CharField(_("kategori"), max_length=12, choices=Category.choices)
    # Null: the reporter chose "Belum tahu"; the verifying staff name the OPD (verify).
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit terlapor"),
    )
    officer_name = models.CharField(_("nama petugas"), max_length=100, blank=True)
    description = models.TextField(_("uraian"), max_length=4000)
    incident_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    place = models.CharField(_("tempat kejadian"), max_length=200, blank=True)
    identity = models.CharField(_("identitas pelapor"), max_length=12, choices=Identity.choices)
    # Only filled for Identity.NAMED; blank otherwise (never stored for anonymous reports).
    reporter_name = models.CharField(_("nama pelapor"), max_length=100, blank=True)
    reporter_email = models.EmailField(_("email"), max_length=120, blank=True)
    reporter_phone = models.CharField(_("telepon"), max_length=20, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.NEW)
    handling_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Handling(models.TextChoices):
        # domain.md §5.2: the standard deadline of the category, or a longer tier.
        STANDARD = "standard", _("Standar (sesuai kategori)")
        DISPUTE = "dispute", _("Sengketa/pelanggaran tanpa pemeriksaan lapangan")
        FIELD = "field", _("Perlu pemeriksaan lapangan")

    submitted_at = models.DateTimeField()
    first_response_due = models.DateField()
    handling = models.CharField(
        _("kelas penanganan"), max_length=10, choices=Handling.choices, default=Handling.STANDARD
    )
    # Null only for reports stored before deadlines per category existed.
    resolution_due = models.DateField(_("batas penyelesaian"), null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    unit_response = models.TextField(_("tanggapan unit"), max_length=4000, blank=True)
    follow_up = models.TextField(_("tindak lanjut"), max_length=4000, blank=True)
    staff_note = models.CharField(_("catatan petugas"), max_length=500, blank=True)
    # Tunda: what the reporter must add (shown on the tracking page); the latest is kept.
    postpone_reason = models.CharField(_("alasan penundaan"), max_length=500, blank=True)
    postponed_at = models.DateTimeField(null=True, blank=True)
    # Working days the deadlines stood still while the report waited for the reporter.
    paused_days = models.PositiveSmallIntegerField(default=0)
    # The reporter may add information before closure (latest reply kept).
    reporter_reply = models.TextField(_("tanggapan pelapor"), max_length=2000, blank=True)
    reporter_replied_at = models.DateTimeField(null=True, blank=True)
    # The reporter's rating of the resolution once closed (1 = very poor ... 5 = very good).
    rating = models.PositiveSmallIntegerField(_("penilaian pelapor"), null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("laporan masyarakat")
        indexes = [
            models.Index(fields=["tenant", "state", "-submitted_at"]),
            models.Index(fields=["tenant", "handling_unit"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.code[:6]}…"

    @property
    def public_state(self) -> str:
        """The lifecycle label shown to the reporter (SP4N-LAPOR! wording)."""
        labels = {
            self.State.NEW: _("Belum terverifikasi"),
            self.State.POSTPONED: _("Ditunda, menunggu keterangan pelapor"),
            self.State.VERIFIED: _("Belum ditindaklanjuti"),
            self.State.DISPATCHED: _("Belum ditindaklanjuti"),
            self.State.IN_PROGRESS: _("Proses"),
            self.State.CLOSED: _("Selesai"),
            self.State.ARCHIVED: _("Diarsipkan"),
        }
        return str(labels[self.State(self.state)])

    @property
    def shows_identity(self) -> bool:
        return self.identity == self.Identity.NAMED


class DeadlinePolicy(TenantOwned):
    """The tenant's handling deadlines in working days (domain.md §5.2 defaults).

    One row per tenant; a tenant without a row uses the field defaults.
    """

    first_response_days = models.PositiveSmallIntegerField(_("tanggapan pertama"), default=3)
    pengaduan_days = models.PositiveSmallIntegerField(_("pengaduan"), default=5)
    aspirasi_days = models.PositiveSmallIntegerField(_("aspirasi"), default=5)
    pertanyaan_days = models.PositiveSmallIntegerField(_("permintaan informasi"), default=5)
    apresiasi_days = models.PositiveSmallIntegerField(_("apresiasi"), default=5)
    dispute_days = models.PositiveSmallIntegerField(_("sengketa/pelanggaran"), default=14)
    field_days = models.PositiveSmallIntegerField(_("pemeriksaan lapangan"), default=60)

    class Meta:
        verbose_name = _("tenggat penanganan laporan")
        constraints = [models.UniqueConstraint(fields=["tenant"], name="uniq_deadline_policy")]


class ComplaintEscalation(TenantOwned):
    """An overdue report brought to the head of the responsible OPD (once per reason)."""

    class Reason(models.TextChoices):
        FIRST_RESPONSE = "first_response", _("Tanggapan pertama terlambat")
        RESOLUTION = "resolution", _("Penyelesaian terlambat")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="escalations")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    opd = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    due = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("eskalasi laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "complaint", "reason"], name="uniq_complaint_escalation"
            )
        ]
        indexes = [models.Index(fields=["tenant", "opd", "-created_at"])]


class OfficerFeedback(TenantOwned):
    """A substantiated complaint about, or a compliment to, a named officer.

    Shown to the officer's supervisor in the SKP evaluation. It holds only what the staff
    wrote when recording it, never the reporter's identity or text.
    """

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Pengaduan terbukti")
        COMPLIMENT = "compliment", _("Apresiasi")

    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="+")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    summary = models.CharField(_("ringkasan"), max_length=1000)
    # The day the matter happened (incident date, else the day the report arrived).
    date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("umpan balik masyarakat")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "complaint"], name="uniq_officer_feedback")
        ]
        indexes = [models.Index(fields=["tenant", "employee", "-date"])]


class Forum(TenantOwned):
    """A public dialogue forum (forum warga) a unit holds with citizens."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Dijadwalkan")
        HELD = "held", _("Terlaksana")
        CANCELLED = "cancelled", _("Dibatalkan")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(_("topik"), max_length=200)
    starts_at = models.DateTimeField(_("waktu"))
    place = models.CharField(_("tempat"), max_length=200)
    description = models.TextField(_("keterangan"), max_length=2000, blank=True)
    minutes = models.TextField(_("notulen"), max_length=8000, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("forum warga")
        indexes = [
            models.Index(fields=["tenant", "state", "starts_at"]),
            models.Index(fields=["tenant", "unit"]),
        ]

    def __str__(self) -> str:
        return self.topic


class ForumActionItem(TenantOwned):
    """A follow-up agreed in a forum, tracked to completion like a report."""

    class State(models.TextChoices):
        OPEN = "open", _("Belum ditindaklanjuti")
        IN_PROGRESS = "in_progress", _("Proses")
        DONE = "done", _("Selesai")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="items")
    description = models.CharField(_("rencana tindak lanjut"), max_length=1000)
    responsible_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit penanggung jawab"),
    )
    due_date = models.DateField(_("batas waktu"))
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    follow_up = models.TextField(_("tindak lanjut"), max_length=4000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set once when the item, overdue, is brought to the head of the responsible OPD.
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("tindak lanjut forum")
        indexes = [
            models.Index(fields=["tenant", "state", "due_date"]),
            models.Index(fields=["tenant", "responsible_unit"]),
        ]


def attachment_path(instance: ComplaintAttachment, filename: str) -> str:
    # The stored name is random (chosen by the service), never the citizen's file name.
    return f"participation/complaints/{instance.tenant_id}/{filename}"


class ComplaintAttachment(TenantOwned):
    """An image or PDF sent with a report; its type was checked from its first bytes."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("lampiran laporan")
        indexes = [models.Index(fields=["tenant", "complaint"])]
