"""The public SKM questionnaire: the nine unsur of PermenPANRB 14/2017 with its answer labels."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.participation.models import UNSUR_FIELDS
from pamong.participation.public import HONEYPOT_FIELD

# (question, answer labels for scores 1..4), in the order u1..u9.
UNSUR = [
    (
        _("Persyaratan: bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    (
        _("Sistem, mekanisme dan prosedur: bagaimana kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    (
        _("Waktu penyelesaian: bagaimana kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    (
        _("Biaya/tarif: bagaimana kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    (
        _(
            "Produk spesifikasi jenis pelayanan: bagaimana kesesuaian produk pelayanan antara "
            "yang tercantum dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    (
        _("Kompetensi pelaksana: bagaimana kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    (
        _(
            "Perilaku pelaksana: bagaimana perilaku petugas dalam pelayanan terkait "
            "kesopanan dan keramahan?"
        ),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    (
        _(
            "Penanganan pengaduan, saran dan masukan: bagaimana penanganan pengaduan "
            "pengguna layanan?"
        ),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    (
        _(
            "Sarana dan prasarana: bagaimana pendapat Saudara tentang kualitas sarana "
            "dan prasarana?"
        ),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
]

PENDIDIKAN = ["SD", "SMP", "SMA/SMK", "D1-D3", "D4/S1", "S2", "S3"]
SEX_LABELS = {"L": _("Laki-laki"), "P": _("Perempuan")}
PEKERJAAN = [
    ("PNS/PPPK", _("PNS/PPPK")),
    ("TNI/Polri", _("TNI/Polri")),
    ("Pegawai swasta", _("Pegawai swasta")),
    ("Wiraswasta", _("Wiraswasta")),
    ("Pelajar/mahasiswa", _("Pelajar/mahasiswa")),
    ("Lainnya", _("Lainnya")),
]


class SkmForm(forms.Form):
    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"),
        required=False,
        choices=[("", "—"), *SEX_LABELS.items()],
    )
    usia = forms.IntegerField(label=_("Usia (tahun)"), required=False, min_value=1, max_value=120)
    pendidikan = forms.ChoiceField(
        label=_("Pendidikan terakhir"),
        required=False,
        choices=[("", "—"), *((p, p) for p in PENDIDIKAN)],
    )
    pekerjaan = forms.ChoiceField(
        label=_("Pekerjaan"), required=False, choices=[("", "—"), *PEKERJAAN]
    )
    # Honeypot: hidden from people, filled by naive bots.
    website = forms.CharField(required=False, max_length=200, label=_("Jangan diisi"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, (name, (question, labels)) in enumerate(zip(UNSUR_FIELDS, UNSUR, strict=True)):
            self.fields[name] = forms.TypedChoiceField(
                label=question,
                choices=[(str(score), label) for score, label in enumerate(labels, start=1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )
            self.fields[name].unsur_number = number + 1  # type: ignore[attr-defined]
        assert HONEYPOT_FIELD in self.fields

    def unsur_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in UNSUR_FIELDS]

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("jenis_kelamin", "usia", "pendidikan", "pekerjaan")]
