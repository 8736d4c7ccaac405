"""Choices shared by the catalogue and the e-learning models (kept apart so that neither
models module imports the other)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetencyKind(models.TextChoices):
    MANAGERIAL = "manajerial", _("manajerial")
    SOSIO_KULTURAL = "sosio_kultural", _("sosial kultural")
    TEKNIS = "teknis", _("teknis")
