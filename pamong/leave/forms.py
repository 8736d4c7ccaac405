from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.attendance.models import LeaveType
from pamong.core.errors import InputErrors
from pamong.ui.views.common import DATE_WIDGET


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis cuti"), choices=LeaveType.choices)
    start = forms.DateField(label=_("Mulai"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Sampai dengan"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    address = forms.CharField(label=_("Alamat selama cuti"), max_length=300, required=False)
    attachment = forms.FileField(
        label=_("Lampiran"),
        required=False,
        help_text=_("Mis. surat keterangan dokter untuk cuti sakit lebih dari 1 hari (PDF/JPG)."),
    )

    def add_input_errors(self, exc: InputErrors) -> None:
        for error in exc.errors:
            field = error.column if error.column in self.fields else None
            self.add_error(field, error.message)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Setujui")), ("reject", _("Tolak")), ("defer", _("Tangguhkan"))]
    )
    note = forms.CharField(label=_("Catatan / alasan"), required=False, max_length=2000)
    letter_number = forms.CharField(label=_("Nomor surat"), required=False, max_length=100)


class FirstYearForm(forms.Form):
    first_year = forms.IntegerField(
        label=_("Tahun pertama dicatat di Pamong"), min_value=2000, max_value=2100
    )


class OpeningForm(forms.Form):
    file = forms.FileField(
        label=_("Saldo awal (CSV/XLSX: nip, tahun, sisa_tahun_lalu)"),
    )


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis cuti"), choices=LeaveType.choices)
    approver = forms.ChoiceField(
        label=_("Pejabat yang memutuskan"),
        choices=[("", _("(tetap)")), ("opd_head", _("kepala OPD")), ("bkpsdm", _("BKPSDM/PPK"))],
        required=False,
    )
    attachment_over_days = forms.IntegerField(
        label=_("Lampiran wajib jika lebih dari (hari kerja; 0 = selalu)"),
        min_value=0,
        max_value=400,
        required=False,
    )
    attachment_label = forms.CharField(label=_("Nama lampiran"), max_length=200, required=False)
    max_months = forms.IntegerField(
        label=_("Paling lama (bulan)"), min_value=0, max_value=400, required=False
    )
    min_service_years = forms.IntegerField(
        label=_("Masa kerja minimal (tahun)"), min_value=0, max_value=400, required=False
    )
