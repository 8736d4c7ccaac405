"""Forms of the attendance pages (the services validate again; forms only parse)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.errors import InputErrors
from pamong.core.web import DATE_WIDGET

TIME_WIDGET = forms.TimeInput(attrs={"type": "time", "step": 1}, format="%H:%M:%S")


def add_input_errors(form: forms.Form, exc: InputErrors, fields: dict[str, str]) -> None:
    """Show a service's InputErrors on the form: `fields` maps service columns to fields."""
    for error in exc.errors:
        name = fields.get(error.column or "")
        form.add_error(name if name in form.fields else None, error.message)


class CorrectionForm(forms.Form):
    day = forms.DateField(label=_("Tanggal"), widget=DATE_WIDGET)
    check_in = forms.TimeField(label=_("Jam masuk"), required=False, widget=TIME_WIDGET)
    check_out = forms.TimeField(label=_("Jam pulang"), required=False, widget=TIME_WIDGET)
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label=_("Bukti (PDF/JPG/PNG, maks. 2 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    error_fields = {
        "tanggal": "day",
        "jam_masuk": "check_in",
        "jam_pulang": "check_out",
        "alasan": "reason",
        "bukti": "evidence",
    }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Setujui")), ("reject", _("Tolak"))], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DutyForm(forms.Form):
    nip = forms.CharField(label=_("NIP pegawai"), max_length=30)
    start = forms.DateField(label=_("Mulai"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Selesai"), widget=DATE_WIDGET)
    letter_number = forms.CharField(label=_("Nomor surat tugas"), max_length=100)
    note = forms.CharField(label=_("Keterangan"), max_length=200, required=False)

    error_fields = {
        "nip": "nip",
        "mulai": "start",
        "selesai": "end",
        "nomor_surat": "letter_number",
        "keterangan": "note",
    }
