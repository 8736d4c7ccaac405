"""Forms of the public report page and of the staff actions. Lengths are strict."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from pamong.org.models import Unit
from pamong.participation.attachments import AttachmentsField
from pamong.participation.models import Complaint

PHONE = RegexValidator(r"^\+?[0-9 ()-]{6,20}$", _("Nomor telepon tidak sah."))


class UnitChoiceField(forms.ModelChoiceField):
    """Units by name only (the public does not know unit codes)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


UNKNOWN_UNIT = "belum-tahu"


def unknown_unit_label() -> str:
    return str(_("Belum tahu (petugas yang menentukan OPD-nya)"))


class _UnknownFirst(ModelChoiceIterator):
    """The empty choice, then "Belum tahu", then the OPDs."""

    def __iter__(self) -> Iterator[Any]:
        choices = super().__iter__()
        if self.field.empty_label is not None:
            yield next(choices)
        yield (UNKNOWN_UNIT, unknown_unit_label())
        yield from choices

    def __len__(self) -> int:
        return super().__len__() + 1


class UnitOrUnknownField(UnitChoiceField):
    """An OPD, or "Belum tahu" (cleaned to None): the citizen need not know who is
    responsible; BKPSDM or Inspektorat name the OPD when they verify the report."""

    iterator = _UnknownFirst

    def clean(self, value: Any) -> Any:
        if value == UNKNOWN_UNIT:
            return None
        return super().clean(value)


class ComplaintForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Jenis laporan"), choices=Complaint.Category.choices, widget=forms.RadioSelect
    )
    unit = UnitOrUnknownField(
        label=_("Unit/OPD yang dilaporkan"),
        queryset=Unit.objects.none(),
        help_text=_("Tidak tahu OPD mana yang bertanggung jawab? Pilih “Belum tahu”."),
    )
    officer_name = forms.CharField(
        label=_("Nama petugas (jika tahu)"), max_length=100, required=False
    )
    description = forms.CharField(
        label=_("Uraian laporan"),
        min_length=20,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": 4000}),
        help_text=_("Apa yang terjadi? Minimal 20, maksimal 4000 karakter."),
    )
    incident_date = forms.DateField(
        label=_("Tanggal kejadian"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    place = forms.CharField(label=_("Tempat kejadian"), max_length=200, required=False)
    identity = forms.ChoiceField(
        label=_("Identitas pelapor"),
        choices=Complaint.Identity.choices,
        initial=Complaint.Identity.NAMED,
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(
        label=_("Nama Anda"),
        max_length=100,
        required=False,
        help_text=_("Hanya untuk laporan dengan identitas."),
    )
    reporter_email = forms.EmailField(label=_("Email"), max_length=120, required=False)
    reporter_phone = forms.CharField(
        label=_("Telepon/WhatsApp"), max_length=20, required=False, validators=[PHONE]
    )
    attachments = AttachmentsField(
        label=_("Lampiran (opsional)"),
        help_text=_("Foto JPEG/PNG atau PDF, paling banyak 3 berkas, masing-masing maks. 2 MB."),
    )
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("identity") == Complaint.Identity.NAMED:
            if not data.get("reporter_name"):
                self.add_error("reporter_name", _("Wajib diisi untuk laporan dengan identitas."))
            if not data.get("reporter_email") and not data.get("reporter_phone"):
                self.add_error("reporter_email", _("Isi email atau nomor telepon."))
        else:
            # Anonymous and confidential reports never keep contact data, even if typed.
            for name in ("reporter_name", "reporter_email", "reporter_phone"):
                data[name] = ""
        return data

    def report_fields(self) -> list[forms.BoundField]:
        names = ["unit", "officer_name", "description", "incident_date", "place", "attachments"]
        return [self[name] for name in names]

    def contact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("reporter_name", "reporter_email", "reporter_phone")]


class DispatchForm(forms.Form):
    unit = UnitChoiceField(label=_("Teruskan ke unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)


class VerifyForm(forms.Form):
    # Only offered for a report whose reporter chose "Belum tahu" (see needs_unit).
    unit = UnitChoiceField(
        label=_("OPD yang bertanggung jawab"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Pelapor memilih “Belum tahu”: tentukan OPD-nya sebelum verifikasi."),
    )
    handling = forms.ChoiceField(
        label=_("Kelas penanganan"),
        choices=Complaint.Handling.choices,
        initial=Complaint.Handling.STANDARD,
        required=False,  # empty means standard
        help_text=_("Menentukan batas penyelesaian (hari kerja)."),
    )
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit] | None = None,
        needs_unit: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        if units is None or not needs_unit:
            del self.fields["unit"]
        else:
            field.queryset = units


class DeadlinePolicyForm(forms.Form):
    """Working days per deadline; 1 to 365 keeps a typo from disabling escalation."""

    first_response_days = forms.IntegerField(
        label=_("Tanggapan pertama"), min_value=1, max_value=365
    )
    pengaduan_days = forms.IntegerField(label=_("Pengaduan"), min_value=1, max_value=365)
    aspirasi_days = forms.IntegerField(label=_("Aspirasi"), min_value=1, max_value=365)
    pertanyaan_days = forms.IntegerField(
        label=_("Pertanyaan / permintaan informasi"), min_value=1, max_value=365
    )
    apresiasi_days = forms.IntegerField(label=_("Apresiasi"), min_value=1, max_value=365)
    dispute_days = forms.IntegerField(
        label=_("Sengketa/pelanggaran tanpa pemeriksaan lapangan"), min_value=1, max_value=365
    )
    field_days = forms.IntegerField(
        label=_("Perlu pemeriksaan lapangan"), min_value=1, max_value=365
    )


class ReasonForm(forms.Form):
    note = forms.CharField(label=_("Alasan"), max_length=500)


class PostponeForm(forms.Form):
    """Tunda: what the reporter must add; the text is shown on their tracking page."""

    reason = forms.CharField(
        label=_("Keterangan yang perlu dilengkapi pelapor"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text=_(
            "Ditampilkan kepada pelapor di halaman status laporan. Tenggat berhenti sampai "
            "pelapor menjawab."
        ),
    )


class ResponseForm(forms.Form):
    text = forms.CharField(
        label=_("Tanggapan unit"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
    )


class CloseForm(forms.Form):
    text = forms.CharField(
        label=_("Tindak lanjut"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
    )


class ReporterReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Tambahkan keterangan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
    )
    website = forms.CharField(required=False, max_length=200)


class OfficerFeedbackForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP pegawai yang dimaksud"),
        min_length=18,
        max_length=18,
        validators=[RegexValidator(r"^[0-9]{18}$", _("NIP terdiri dari 18 angka."))],
    )
    summary = forms.CharField(
        label=_("Ringkasan untuk atasan pegawai"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        help_text=_("Tulis sendiri; jangan sertakan identitas pelapor."),
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Seberapa puas Anda dengan penyelesaian laporan ini?"),
        choices=[
            (5, _("Sangat puas")),
            (4, _("Puas")),
            (3, _("Cukup")),
            (2, _("Tidak puas")),
            (1, _("Sangat tidak puas")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    website = forms.CharField(required=False, max_length=200)
