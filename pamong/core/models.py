"""Tenants (Pemda), users, role grants, API tokens and the audit log."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any
from zoneinfo import available_timezones

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

INDONESIAN_TIMEZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("Zona waktu %(tz)s tidak dikenal."), params={"tz": value})


class Tenant(models.Model):
    """One pemerintah daerah (Pemda). Every tenant-owned row points here."""

    slug = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    timezone = models.CharField(
        _("zona waktu"), max_length=40, default="Asia/Jakarta", validators=[validate_timezone]
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("pemda")

    def __str__(self) -> str:
        return self.name


class TenantOwned(models.Model):
    """Base for every tenant-owned model: the tenant column leads an index (Citus-ready)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(tenant="tenant")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class User(AbstractUser):
    """A login. Employees log in with their NIP as username; role accounts have their own."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, null=True, blank=True, related_name="users"
    )
    employee = models.OneToOneField(
        "org.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="user"
    )
    preferred_language = models.CharField(max_length=5, default="id")
    # The user's own choice; the tenant's switch (appraisal settings) comes first.
    reminder_emails = models.BooleanField(_("ringkasan pengingat lewat e-mail"), default=True)
    # Set for a one-time code issued by BKPSDM: the user must choose a password first.
    must_change_password = models.BooleanField(_("wajib ganti kata sandi"), default=False)
    # Raised by "sign out everywhere": part of the session hash, so every session ends.
    session_epoch = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["tenant", "username"])]

    def _get_session_auth_hash(self, secret: Any = None) -> str:
        """Django's hash (ends sessions on a password change) plus the session epoch."""
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "pamong.core.User.session",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Role(models.TextChoices):
    BKPSDM_ADMIN = "bkpsdm_admin", _("Admin BKPSDM")
    FINANCE = "finance", _("Petugas keuangan")
    APPROVER = "approver", _("Pejabat penyetuju TPP")
    AUDITOR = "auditor", _("Auditor")
    OPD_HEAD = "opd_head", _("Kepala OPD")
    PIMPINAN = "pimpinan", _("Kepala daerah / Sekda")


class RoleGrant(TenantOwned):
    """A role given to a user; `unit` limits it to one OPD subtree where it applies."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "user"])]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user", "role", "unit"], name="uniq_role_grant"
            )
        ]


class ApiToken(TenantOwned):
    """A bearer token for integrations. Only a hash of the key is stored."""

    name = models.CharField(max_length=100)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    # Null only for tokens made before expiry dates existed; new ones always get one.
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    read_only = models.BooleanField(_("hanya baca"), default=False)

    class Meta:
        indexes = [models.Index(fields=["tenant", "user"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditLog(models.Model):
    """Append-only record of every state change. `tenant` is null for platform actions."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=80)
    actor_user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_token = models.ForeignKey(
        ApiToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "-created_at"]),
            models.Index(fields=["tenant", "object_type", "object_id"]),
            models.Index(fields=["tenant", "action"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class BackgroundJob(TenantOwned):
    """A long job (import, TPP run) whose progress a page can poll."""

    class State(models.TextChoices):
        QUEUED = "queued", _("antre")
        RUNNING = "running", _("berjalan")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")

    kind = models.CharField(max_length=40)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # Claim and lease (core/jobs.py): a worker claims a queued job atomically, renews
    # `lease_until` while it works, and a job whose lease ran out is failed, never resumed.
    # `key` names what the job writes ("tpp.run:2026-10"): a newer job with the same key
    # supersedes an older one that has not applied yet.
    key = models.CharField(max_length=80, blank=True)
    token = models.CharField(max_length=32, blank=True)
    attempt = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.state} {self.progress}/{self.total}"

    @property
    def percent(self) -> int:
        return int(self.progress * 100 / self.total) if self.total else 0
