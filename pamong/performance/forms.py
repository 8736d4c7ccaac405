"""Forms for the organisation-level performance pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CoachingForm(forms.Form):
    goals = forms.CharField(label=_("Tujuan pembinaan"), widget=forms.Textarea(attrs={"rows": 3}))
    actions = forms.CharField(
        label=_("Langkah pembinaan"), widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_date = forms.DateField(
        label=_("Tanggal tindak lanjut"), widget=forms.DateInput(attrs={"type": "date"})
    )


class CoachingUpdateForm(CoachingForm):
    outcome = forms.CharField(
        label=_("Hasil pembinaan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    close = forms.BooleanField(label=_("Tutup pembinaan (selesai)"), required=False)
