from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.errors import InputErrors
from pamong.core.uploads import ACCEPT
from pamong.core.web import DATE_WIDGET
from pamong.org.models import Unit

from .models import CompetencyKind, Institution, InstitutionKind, Programme, ProgrammeKind
from .rules import BASES

FILE_WIDGET = forms.ClearableFileInput(attrs={"accept": ACCEPT})


class InputErrorsMixin:
    def add_input_errors(self, exc: InputErrors) -> None:
        for error in exc.errors:
            field = error.column if error.column in self.fields else None  # type: ignore[attr-defined]
            self.add_error(field, error.message)  # type: ignore[attr-defined]


class InstitutionForm(InputErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Nama lembaga"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis lembaga"), choices=InstitutionKind.choices)
    address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    contact = forms.CharField(label=_("Kontak"), max_length=200, required=False)


class AgreementForm(InputErrorsMixin, forms.Form):
    number = forms.CharField(label=_("Nomor MoU/PKS"), max_length=100)
    start = forms.DateField(label=_("Berlaku mulai"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Berlaku sampai"), widget=DATE_WIDGET)
    file = forms.FileField(
        label=_("Berkas (PDF/JPG/PNG, maks. 2 MB)"), required=False, widget=FILE_WIDGET
    )


class ProgrammeForm(InputErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    kind = forms.ChoiceField(label=_("Bentuk"), choices=ProgrammeKind.choices)
    institution: forms.ModelChoiceField[Institution] = forms.ModelChoiceField(
        label=_("Lembaga mitra"), queryset=Institution.objects.none(), required=False
    )
    competency_kind = forms.ChoiceField(label=_("Jenis kompetensi"), choices=CompetencyKind.choices)
    competency = forms.CharField(label=_("Kompetensi yang dibangun"), max_length=200)
    jp = forms.IntegerField(label=_("JP"), min_value=1, max_value=1000)
    cost_per_participant = forms.IntegerField(
        label=_("Biaya per peserta (Rp)"), min_value=0, initial=0
    )
    quota = forms.IntegerField(label=_("Kuota"), min_value=1, max_value=100000)
    start = forms.DateField(label=_("Mulai"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Selesai"), widget=DATE_WIDGET)
    opd: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Khusus OPD"), queryset=Unit.objects.none(), required=False,
        help_text=_("Kosongkan bila terbuka untuk semua OPD."),
    )  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), choices=Programme.Status.choices)

    def __init__(self, *args: Any, tenant: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(tenant=tenant)  # type: ignore[attr-defined]
        self.fields["opd"].queryset = Unit.objects.filter(tenant=tenant, parent__isnull=True)  # type: ignore[attr-defined]


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("Alasan mengikuti"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=[("approve", _("Setujui")), ("reject", _("Tolak"))]
    )
    note = forms.CharField(label=_("Catatan / alasan"), required=False, max_length=2000)


class NominateForm(forms.Form):
    nip = forms.CharField(label=_("NIP pegawai"), max_length=18)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=2000)


class CompleteForm(InputErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Hasil"),
        choices=[("completed", _("Selesai")), ("not_completed", _("Tidak selesai"))],
    )
    attended_pct = forms.IntegerField(
        label=_("Kehadiran (%)"), min_value=0, max_value=100, required=False
    )
    completed_on = forms.DateField(label=_("Tanggal selesai"), widget=DATE_WIDGET, required=False)
    sessions = forms.IntegerField(
        label=_("Jumlah sesi (coaching, mentoring, komunitas)"), min_value=0, required=False
    )
    minutes = forms.IntegerField(
        label=_("Durasi (menit, belajar mandiri)"), min_value=0, required=False
    )
    certificate_number = forms.CharField(
        label=_("Nomor sertifikat"), max_length=100, required=False
    )
    certificate_date = forms.DateField(
        label=_("Tanggal sertifikat"), widget=DATE_WIDGET, required=False
    )
    certificate = forms.FileField(label=_("Sertifikat"), required=False, widget=FILE_WIDGET)


class CertificateForm(InputErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Nama kegiatan"), max_length=200)
    kind = forms.ChoiceField(label=_("Bentuk"), choices=ProgrammeKind.choices)
    organiser = forms.CharField(label=_("Penyelenggara"), max_length=200)
    jp = forms.IntegerField(label=_("JP tertulis di sertifikat"), min_value=1, max_value=1000)
    sessions = forms.IntegerField(label=_("Jumlah sesi"), min_value=0, required=False)
    minutes = forms.IntegerField(label=_("Durasi (menit)"), min_value=0, required=False)
    start = forms.DateField(label=_("Mulai"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Selesai"), widget=DATE_WIDGET)
    certificate_number = forms.CharField(label=_("Nomor sertifikat"), max_length=100)
    certificate_date = forms.DateField(label=_("Tanggal sertifikat"), widget=DATE_WIDGET)
    file = forms.FileField(
        label=_("Berkas sertifikat (PDF/JPG/PNG, maks. 2 MB)"), widget=FILE_WIDGET
    )


class SettingsForm(InputErrorsMixin, forms.Form):
    pns_min_jp = forms.IntegerField(label=_("JP minimal PNS per tahun"), min_value=0, max_value=500)
    pppk_max_jp = forms.IntegerField(label=_("Hak JP PPPK per tahun"), min_value=0, max_value=500)

    def __init__(self, *args: Any, rules: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        basis_choices = [
            ("declared", _("JP yang tertulis")),
            ("session", _("JP per sesi")),
            ("minutes", _("1 JP per 45 menit")),
        ]
        assert {b for b, _l in basis_choices} == set(BASES)
        self.kinds = list(rules)
        for kind, rule in rules.items():
            label = ProgrammeKind(kind).label
            self.fields[f"{kind}__basis"] = forms.ChoiceField(
                label=label, choices=basis_choices, initial=rule.basis
            )
            self.fields[f"{kind}__jp"] = forms.IntegerField(
                label=_("JP per sesi"), min_value=0, max_value=100, initial=rule.jp, required=False
            )
            self.fields[f"{kind}__cap"] = forms.IntegerField(
                label=_("Batas JP per kegiatan (0: tanpa batas)"),
                min_value=0, max_value=1000, initial=rule.cap, required=False,
            )  # fmt: skip

    def rows(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (ProgrammeKind(k).label, [self[f"{k}__basis"], self[f"{k}__jp"], self[f"{k}__cap"]])
            for k in self.kinds
        ]

    def recognition(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            k: {
                "basis": data[f"{k}__basis"],
                "jp": data[f"{k}__jp"] or 0,
                "cap": data[f"{k}__cap"] or 0,
            }
            for k in self.kinds
        }


class BudgetForm(InputErrorsMixin, forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    opd: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("OPD"), queryset=Unit.objects.none(), required=False,
        help_text=_("Kosongkan untuk anggaran seluruh pemda."),
    )  # fmt: skip
    amount = forms.IntegerField(label=_("Anggaran (Rp)"), min_value=0)

    def __init__(self, *args: Any, tenant: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = Unit.objects.filter(tenant=tenant, parent__isnull=True)  # type: ignore[attr-defined]
