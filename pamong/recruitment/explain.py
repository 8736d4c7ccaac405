"""Words for the tie-break step that separated two neighbouring ranks: ranking.Step for CASN
(1–8) and PppkStep for PPPK (21–28), stored in the same Candidate columns."""

from __future__ import annotations

from enum import IntEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pamong.recruitment.ranking import Step


class PppkStep(IntEnum):
    """pppk.PppkResult.decided_below as a number; distinct from Step so one column serves."""

    FINAL = 21
    TEKNIS = 22
    MANAJERIAL = 23
    SOSIAL_KULTURAL = 24
    WAWANCARA = 25
    EDUCATION = 26
    OLDER = 27
    NO_PESERTA = 28


def pppk_step(decided: str | None) -> int | None:
    return None if decided is None else int(PppkStep[decided.upper()])


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

WIN.update(
    {
        PppkStep.FINAL: _("nilai akhir lebih tinggi"),
        PppkStep.TEKNIS: _("nilai akhir sama; menang pada kompetensi teknis"),
        PppkStep.MANAJERIAL: _("nilai akhir dan teknis sama; menang pada kompetensi manajerial"),
        PppkStep.SOSIAL_KULTURAL: _(
            "nilai akhir, teknis dan manajerial sama; menang pada kompetensi sosial-kultural"
        ),
        PppkStep.WAWANCARA: _("nilai akhir dan nilai kompetensi sama; menang pada wawancara"),
        PppkStep.EDUCATION: _("semua nilai seleksi sama; menang pada nilai pendidikan (IPK)"),
        PppkStep.OLDER: _("semua nilai sama; lebih tua"),
        PppkStep.NO_PESERTA: _("semua nilai dan tanggal lahir sama; nomor peserta lebih kecil"),
    }
)

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

LOSE.update(
    {
        PppkStep.FINAL: _("nilai akhir lebih rendah"),
        PppkStep.TEKNIS: _("nilai akhir sama; kalah pada kompetensi teknis"),
        PppkStep.MANAJERIAL: _("nilai akhir dan teknis sama; kalah pada kompetensi manajerial"),
        PppkStep.SOSIAL_KULTURAL: _(
            "nilai akhir, teknis dan manajerial sama; kalah pada kompetensi sosial-kultural"
        ),
        PppkStep.WAWANCARA: _("nilai akhir dan nilai kompetensi sama; kalah pada wawancara"),
        PppkStep.EDUCATION: _("semua nilai seleksi sama; kalah pada nilai pendidikan (IPK)"),
        PppkStep.OLDER: _("semua nilai sama; lebih muda"),
        PppkStep.NO_PESERTA: _("semua nilai dan tanggal lahir sama; nomor peserta lebih besar"),
    }
)


def reason_below(step: int | None) -> str:
    """Why this rank is ahead of the next one (empty for the last rank)."""
    return str(WIN[step]) if step else ""


def reason_above(step: int | None) -> str:
    """Why this rank is behind the previous one (empty for rank 1)."""
    return str(LOSE[step]) if step else ""
