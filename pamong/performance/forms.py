"""Forms for the organisation-level performance pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.web import DATE_WIDGET


class CoachingForm(forms.Form):
    goals = forms.CharField(label=_("Tujuan pembinaan"), widget=forms.Textarea(attrs={"rows": 3}))
    actions = forms.CharField(
        label=_("Langkah pembinaan"), widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_date = forms.DateField(label=_("Tanggal tindak lanjut"), widget=DATE_WIDGET)


class CoachingUpdateForm(CoachingForm):
    outcome = forms.CharField(
        label=_("Hasil pembinaan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    close = forms.BooleanField(label=_("Tutup pembinaan (selesai)"), required=False)


class PembinaanStartForm(CoachingForm):
    """Coaching or mentoring for an employee; the mentor is optional (else the supervisor)."""

    nip = forms.CharField(label=_("NIP pegawai"), max_length=30)
    kind = forms.ChoiceField(
        label=_("Jenis pembinaan"),
        choices=[("coaching", _("coaching")), ("mentoring", _("mentoring"))],
    )
    mentor_nip = forms.CharField(
        label=_("NIP mentor"),
        max_length=30,
        required=False,
        help_text=_("Kosongkan bila atasan langsung yang membina."),
    )
    field_order = ["nip", "kind", "mentor_nip", "goals", "actions", "follow_up_date"]


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Tanggal sesi"), widget=DATE_WIDGET)
    minutes = forms.IntegerField(label=_("Durasi (menit)"), min_value=1, max_value=720)
    notes = forms.CharField(
        label=_("Catatan sesi"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    agreed_actions = forms.CharField(
        label=_("Tindakan yang disepakati"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Hasil pembinaan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
