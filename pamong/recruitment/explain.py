"""Words for the tie-break step that separated two neighbouring ranks (ranking.Step)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pamong.recruitment.ranking import Step

WIN: dict[int, Promise] = {
    Step.FINAL: _("nilai akhir lebih tinggi"),
    Step.SKD_TOTAL: _("nilai akhir sama; menang pada total SKD"),
    Step.TKP: _("nilai akhir dan total SKD sama; menang pada TKP"),
    Step.TIU: _("nilai akhir, total SKD dan TKP sama; menang pada TIU"),
    Step.TWK: _("nilai akhir, total SKD, TKP dan TIU sama; menang pada TWK"),
    Step.EDUCATION: _("nilai SKD dan nilai akhir sama; menang pada nilai pendidikan (IPK)"),
    Step.OLDER: _("semua nilai sama; lebih tua"),
    Step.NO_PESERTA: _("semua nilai dan tanggal lahir sama; nomor peserta lebih kecil"),
}

LOSE: dict[int, Promise] = {
    Step.FINAL: _("nilai akhir lebih rendah"),
    Step.SKD_TOTAL: _("nilai akhir sama; kalah pada total SKD"),
    Step.TKP: _("nilai akhir dan total SKD sama; kalah pada TKP"),
    Step.TIU: _("nilai akhir, total SKD dan TKP sama; kalah pada TIU"),
    Step.TWK: _("nilai akhir, total SKD, TKP dan TIU sama; kalah pada TWK"),
    Step.EDUCATION: _("nilai SKD dan nilai akhir sama; kalah pada nilai pendidikan (IPK)"),
    Step.OLDER: _("semua nilai sama; lebih muda"),
    Step.NO_PESERTA: _("semua nilai dan tanggal lahir sama; nomor peserta lebih besar"),
}


def reason_below(step: int | None) -> str:
    """Why this rank is ahead of the next one (empty for the last rank)."""
    return str(WIN[step]) if step else ""


def reason_above(step: int | None) -> str:
    """Why this rank is behind the previous one (empty for rank 1)."""
    return str(LOSE[step]) if step else ""
