from __future__ import annotations

from decimal import Decimal

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
