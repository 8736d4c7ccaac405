"""The seven BerAKHLAK core values with their guideline items (domain.md §1.4)."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class CoreValue(models.TextChoices):
    BERORIENTASI_PELAYANAN = "pelayanan", _("Berorientasi Pelayanan")
    AKUNTABEL = "akuntabel", _("Akuntabel")
    KOMPETEN = "kompeten", _("Kompeten")
    HARMONIS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIF = "adaptif", _("Adaptif")
    KOLABORATIF = "kolaboratif", _("Kolaboratif")


GUIDELINES: dict[str, list[Promise]] = {
    "pelayanan": [
        _("Memahami dan memenuhi kebutuhan masyarakat"),
        _("Ramah, cekatan, solutif, dan dapat diandalkan"),
        _("Melakukan perbaikan tiada henti"),
    ],
    "akuntabel": [
        _("Jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi"),
        _("Menggunakan kekayaan dan barang milik negara secara bertanggung jawab"),
        _("Tidak menyalahgunakan kewenangan jabatan"),
    ],
    "kompeten": [
        _("Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah"),
        _("Membantu orang lain belajar"),
        _("Melaksanakan tugas dengan kualitas terbaik"),
    ],
    "harmonis": [
        _("Menghargai setiap orang apa pun latar belakangnya"),
        _("Suka menolong orang lain"),
        _("Membangun lingkungan kerja yang kondusif"),
    ],
    "loyal": [
        _("Memegang teguh Pancasila, UUD 1945, NKRI, dan pemerintahan yang sah"),
        _("Menjaga nama baik ASN, pimpinan, instansi, dan negara"),
        _("Menjaga rahasia jabatan dan negara"),
    ],
    "adaptif": [
        _("Cepat menyesuaikan diri menghadapi perubahan"),
        _("Terus berinovasi dan mengembangkan kreativitas"),
        _("Bertindak proaktif"),
    ],
    "kolaboratif": [
        _("Memberi kesempatan kepada berbagai pihak untuk berkontribusi"),
        _("Terbuka dalam bekerja sama untuk menghasilkan nilai tambah"),
        _("Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama"),
    ],
}
