"""The predikat matrix of PermenPANRB 6/2022 (domain.md §1.5)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Expectation(models.TextChoices):
    DI_ATAS = "di_atas", _("di atas ekspektasi")
    SESUAI = "sesuai", _("sesuai ekspektasi")
    DI_BAWAH = "di_bawah", _("di bawah ekspektasi")


class Predikat(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class OrgPredikat(models.TextChoices):
    """Predikat kinerja organisasi (SE MenPANRB 3/2023, domain.md §1.6)."""

    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan/Cukup")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


# A unit head's hasil-kerja rating follows the unit's predikat (SE 3/2023); the five
# organisation levels fold onto the three expectations as e-Kinerja BKN does.
HASIL_KERJA_FOR_ORG: dict[str, str] = {
    OrgPredikat.ISTIMEWA: Expectation.DI_ATAS,
    OrgPredikat.BAIK: Expectation.SESUAI,
    OrgPredikat.BUTUH_PERBAIKAN: Expectation.DI_BAWAH,
    OrgPredikat.KURANG: Expectation.DI_BAWAH,
    OrgPredikat.SANGAT_KURANG: Expectation.DI_BAWAH,
}

# (hasil kerja, perilaku kerja) -> predikat
MATRIX: dict[tuple[str, str], str] = {
    ("di_atas", "di_atas"): Predikat.SANGAT_BAIK,
    ("di_atas", "sesuai"): Predikat.BAIK,
    ("di_atas", "di_bawah"): Predikat.KURANG,
    ("sesuai", "di_atas"): Predikat.BAIK,
    ("sesuai", "sesuai"): Predikat.BAIK,
    ("sesuai", "di_bawah"): Predikat.KURANG,
    ("di_bawah", "di_atas"): Predikat.BUTUH_PERBAIKAN,
    ("di_bawah", "sesuai"): Predikat.BUTUH_PERBAIKAN,
    ("di_bawah", "di_bawah"): Predikat.SANGAT_KURANG,
}


def predikat_for(hasil_kerja: str, perilaku_kerja: str) -> str:
    return MATRIX[(hasil_kerja, perilaku_kerja)]
