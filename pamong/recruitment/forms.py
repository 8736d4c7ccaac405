from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    code = forms.CharField(label=_("Kode seleksi"), max_length=40)
    name = forms.CharField(label=_("Nama seleksi"), max_length=200, required=False)
    formasi = forms.FileField(label=_("Berkas formasi (formasi.csv / .xlsx)"))
    peserta = forms.FileField(label=_("Berkas peserta dan nilai SKD (peserta.csv / .xlsx)"))
    skb = forms.FileField(label=_("Berkas nilai SKB (skb.csv / .xlsx)"))


class SkbChangeForm(forms.Form):
    component = forms.ChoiceField(label=_("Komponen"))
    nilai = forms.DecimalField(
        label=_("Nilai"), min_value=Decimal(0), max_value=Decimal(100), decimal_places=2
    )
    reason = forms.CharField(
        label=_("Alasan perubahan"), required=False, max_length=500, widget=forms.Textarea
    )

    def __init__(self, *args: object, components: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["component"].choices = [(c, c) for c in components]  # type: ignore[attr-defined]


class NeedsUploadForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun formasi"), min_value=2000, max_value=2100)
    file = forms.FileField(label=_("Berkas ABK (abk.csv / .xlsx)"))


class OnboardForm(forms.Form):
    employee_type = forms.ChoiceField(
        label=_("Jenis pegawai"), choices=[("CPNS", "CPNS"), ("PPPK", "PPPK")]
    )
    nip = forms.CharField(label=_("NIP / NI PPPK"), max_length=18, min_length=18)
    gender = forms.ChoiceField(label=_("Jenis kelamin"), choices=[("L", "L"), ("P", "P")])
    golongan = forms.CharField(label=_("Golongan"), max_length=6)
    position: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Jabatan"), queryset=None
    )
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Unit kerja"), queryset=None)
    tmt = forms.DateField(label="TMT", widget=forms.DateInput(attrs={"type": "date"}))
    contract_years = forms.IntegerField(
        label=_("Masa kontrak PPPK (tahun)"), min_value=1, max_value=5, initial=5
    )

    def __init__(self, *args: Any, positions: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
