"""Codes as words: `pamong.core.labels` and the `label` template filter."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from pamong.core.labels import label, labels, timezone_label


def test_model_choices_are_a_vocabulary_in_both_languages() -> None:
    assert label("tugas_belajar", "org.Employee.status") == "tugas belajar"
    assert label("opd_head", "leave.LeaveRule.approver") == "kepala OPD"
    assert label("opd_head", "role") == "Kepala OPD"  # core.RoleGrant.role
    assert labels(["opd_head", "bkpsdm_admin"], "core.RoleGrant.role") == (
        "Kepala OPD, Admin BKPSDM"
    )
    with translation.override("en"):
        assert label("sangat_baik", "predikat") == "Outstanding"
        assert label("missing", "predikat") == "not rated yet"


def test_unknown_codes_read_as_words_and_empty_stays_empty() -> None:
    assert label("sesuatu_yang_baru") == "sesuatu yang baru"
    assert label(None) == "" and label("") == "" and label(5) == "5"


def test_time_zones_read_as_wib_wita_wit() -> None:
    assert [timezone_label(z) for z in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")] == [
        "WIB",
        "WITA",
        "WIT",
    ]
    assert timezone_label("Europe/Paris") == "Europe/Paris"


def test_the_filters_are_builtins_of_every_template() -> None:
    template = Template('{{ p|label:"predikat" }} · {{ z|tz_label }} · {{ r|labels }}')
    text = template.render(Context({"p": "butuh_perbaikan", "z": "Asia/Jayapura", "r": "cltn"}))
    assert text.startswith("Butuh Perbaikan · WIT · ")
    assert "cltn" not in text
