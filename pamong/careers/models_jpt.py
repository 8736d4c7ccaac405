"""Open selection for JPT posts (seleksi terbuka, PermenPANRB 15/2019): the committee scores
each candidate per stage; weights and tie-break order are written into each selection."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.careers.jpt import DEFAULT_TIE_BREAK, DEFAULT_WEIGHTS
from pamong.core.models import TenantOwned, User
from pamong.org.models import Employee


def default_weights() -> dict[str, int]:
    return dict(DEFAULT_WEIGHTS)


def default_tie_break() -> list[str]:
    return list(DEFAULT_TIE_BREAK)


class JptStatus(models.TextChoices):
    DRAFT = "draft", _("berjalan")
    FINAL = "final", _("hasil ditetapkan")
    PUBLISHED = "published", _("hasil diumumkan")


class JptSelection(TenantOwned):
    title = models.CharField(_("nama seleksi"), max_length=200)
    number = models.CharField(_("nomor pengumuman"), max_length=100)
    announced_on = models.DateField(_("tanggal pengumuman"))
    weights = models.JSONField(_("bobot tahap (%)"), default=default_weights)
    tie_break = models.JSONField(_("urutan pemutus nilai sama"), default=default_tie_break)
    status = models.CharField(max_length=12, choices=JptStatus.choices, default=JptStatus.DRAFT)
    finalised_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-announced_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="uniq_jpt_selection_number")
        ]


class JptPost(TenantOwned):
    selection = models.ForeignKey(JptSelection, on_delete=models.CASCADE, related_name="posts")
    position = models.ForeignKey("org.Position", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "position"], name="uniq_jpt_post")
        ]


class JptMember(TenantOwned):
    """A member of the selection committee (panitia seleksi)."""

    selection = models.ForeignKey(JptSelection, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("nama anggota panitia"), max_length=200)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["id"]


class JptCandidate(TenantOwned):
    selection = models.ForeignKey(JptSelection, on_delete=models.CASCADE, related_name="candidates")
    post = models.ForeignKey(JptPost, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("nama peserta"), max_length=200)
    origin = models.CharField(_("instansi asal"), max_length=200, blank=True)
    employee = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Administrative selection is pass/fail: None until the committee decided.
    admin_passed = models.BooleanField(_("lolos administrasi"), null=True)
    admin_note = models.CharField(_("catatan administrasi"), max_length=300, blank=True)
    # Frozen by finalisation: the published result never moves with later edits.
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    stage_scores = models.JSONField(default=dict)
    rank = models.PositiveSmallIntegerField(null=True)
    proposed = models.BooleanField(default=False)
    rank_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["post_id", "rank", "name", "id"]


class JptScore(TenantOwned):
    candidate = models.ForeignKey(JptCandidate, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(JptMember, on_delete=models.CASCADE, related_name="scores")
    stage = models.CharField(max_length=20)
    score = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "member", "stage"], name="uniq_jpt_score"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="jpt_score_range"
            ),
        ]


def stage_label(code: str) -> Any:
    from pamong.careers.jpt import STAGE_LABELS

    return STAGE_LABELS.get(code, code)
