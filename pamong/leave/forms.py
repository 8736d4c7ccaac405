from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pamong.attendance.models import LeaveType
from pamong.core.errors import InputErrors
from pamong.core.web import DATE_WIDGET

from .models import AttachmentKind, ReasonCategory, SickSubtype

BLANK: list[tuple[str, Any]] = [("", "—")]


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis cuti"), choices=LeaveType.choices)
    start = forms.DateField(label=_("Mulai"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Sampai dengan"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason_category = forms.ChoiceField(
        label=_("Kategori keperluan"),
        choices=BLANK + ReasonCategory.choices,
        required=False,
        help_text=_(
            "Cuti tahunan PPPK dengan masa kerja kurang dari 1 tahun: hanya untuk keadaan "
            "darurat keluarga atau pernikahan pertama. Cuti besar untuk ibadah haji pertama "
            "tidak memerlukan masa kerja 5 tahun."
        ),
    )
    address = forms.CharField(label=_("Alamat selama cuti"), max_length=300, required=False)
    hard_to_reach = forms.BooleanField(
        label=_("Tujuan sulit dijangkau (cuti tahunan)"),
        required=False,
        help_text=_(
            "Waktu perjalanan ditambahkan setelah tanggal selesai dan tidak mengurangi saldo."
        ),
    )
    destination = forms.CharField(label=_("Tujuan"), max_length=200, required=False)
    travel_days = forms.IntegerField(
        label=_("Waktu perjalanan (hari kalender)"),
        min_value=0,
        max_value=366,
        required=False,
        help_text=_(
            "Paling lama 12 hari kalender (PPPK: 6 hari); tidak mengurangi saldo cuti tahunan."
        ),
    )
    sick_subtype = forms.ChoiceField(
        label=_("Sakit karena"), choices=BLANK + SickSubtype.choices, required=False
    )
    attachment = forms.FileField(
        label=_("Lampiran"),
        required=False,
        help_text=_("Mis. surat keterangan dokter untuk cuti sakit lebih dari 1 hari (PDF/JPG)."),
    )
    attachment_kind = forms.ChoiceField(
        label=_("Jenis lampiran"),
        choices=BLANK + AttachmentKind.choices,
        required=False,
        help_text=_("Cuti sakit lebih dari 14 hari: surat keterangan dokter pemerintah."),
    )
    tpk_extension = forms.BooleanField(
        label=_("Perpanjangan cuti sakit atas keterangan Tim Penguji Kesehatan"),
        required=False,
    )
    tpk_attachment = forms.FileField(
        label=_("Surat keterangan Tim Penguji Kesehatan"), required=False
    )

    GROUPS = (
        ("", ("kind", "start", "end", "reason", "address", "attachment", "attachment_kind")),
        (
            _("Cuti tahunan dan cuti besar"),
            ("reason_category", "hard_to_reach", "destination", "travel_days"),
        ),
        (_("Cuti sakit"), ("sick_subtype", "tpk_extension", "tpk_attachment")),
    )

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def details(self) -> dict[str, Any]:
        """The type-specific fields, for services.RequestDetails."""
        data = self.cleaned_data
        return {
            "reason_category": data["reason_category"],
            "hard_to_reach": data["hard_to_reach"],
            "destination": data["destination"],
            "travel_days": data["travel_days"] or 0,
            "sick_subtype": data["sick_subtype"],
            "attachment_kind": data["attachment_kind"],
            "tpk_extension": data["tpk_extension"],
        }

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
        label=_("Saldo awal (CSV/XLSX)"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The column names are the format's own (docs/formats): shown as they are.
        self.fields["file"].help_text = format_html(
            '{} <code translate="no">nip, tahun, sisa_tahun_lalu</code>', _("Kolom:")
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


class RuleEditForm(RuleForm):
    """The rules page: one rule row (the whole Pemda or one OPD). Empty = keep the default."""

    unit = forms.ChoiceField(label=_("Berlaku untuk"), required=False)
    early_days = forms.IntegerField(
        label=_("Cuti tahunan PPPK sebelum 1 tahun masa kerja (hari kerja, paling banyak)"),
        min_value=0,
        max_value=12,
        required=False,
    )
    early_reasons = forms.MultipleChoiceField(
        label=_("Alasan yang dibolehkan untuk cuti tahunan PPPK sebelum 1 tahun"),
        choices=ReasonCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    field_order = ["kind", "unit"]

    def __init__(self, *args: Any, opds: list[tuple[int, str]], fixed: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ChoiceField)
        unit.choices = [("", _("Seluruh pemda")), *((str(pk), name) for pk, name in opds)]
        if fixed:  # editing a row: its type and scope are its identity
            self.fields["kind"].disabled = True
            self.fields["unit"].disabled = True

    def add_input_errors(self, exc: InputErrors) -> None:
        for error in exc.errors:
            field = error.column if error.column in self.fields else None
            self.add_error(field, error.message)
