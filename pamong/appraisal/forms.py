"""Plain forms for the SKP pages; the services do the business validation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.appraisal.berakhlak import GUIDELINES, CoreValue
from pamong.appraisal.models import Indicator, Rhk
from pamong.kinerja_org.models import PerjanjianKinerjaItem
from pamong.org.models import Employee
from pamong.performance.predikat import Expectation

MONTH_ATTRS = {"type": "month", "pattern": r"\d{4}-\d{2}"}


class RhkForm(forms.Form):
    text = forms.CharField(label=_("Rencana hasil kerja"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Jenis"), choices=Rhk.Kind.choices)
    parent_rhk = forms.TypedChoiceField(
        label=_("RHK pimpinan yang diintervensi"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        parents: list[Rhk],
        pk_items: list[PerjanjianKinerjaItem] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parent_rhk"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("(tidak ada)"))] + [(rhk.pk, rhk.text[:120]) for rhk in parents]
        self.parents = {rhk.pk: rhk for rhk in parents}
        self.pk_items = {item.pk: item for item in pk_items or []}
        if self.pk_items:
            # A unit head's RHK hang from the unit's Perjanjian Kinerja (domain.md §1.3).
            self.fields["pk_item"] = forms.TypedChoiceField(
                label=_("Butir Perjanjian Kinerja"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("(tidak ada)"))]
                + [
                    (item.pk, f"{item.perjanjian.unit.name}: {item.indikator.statement[:100]}")
                    for item in self.pk_items.values()
                ],
            )

    def parent(self) -> Rhk | None:
        pk = self.cleaned_data.get("parent_rhk")
        return self.parents.get(pk) if pk else None

    @property
    def has_pk_item(self) -> bool:
        return "pk_item" in self.fields

    def pk_item(self) -> PerjanjianKinerjaItem | None:
        pk = self.cleaned_data.get("pk_item")
        return self.pk_items.get(pk) if pk else None


class IndicatorForm(forms.Form):
    aspect = forms.ChoiceField(label=_("Aspek"), choices=Indicator.Aspect.choices)
    text = forms.CharField(label=_("Indikator kinerja individu"), max_length=500)
    target = forms.CharField(label=_("Target"), max_length=200)
    target_number = forms.DecimalField(
        label=_("Target (angka)"), required=False, max_digits=14, decimal_places=2
    )
    target_unit = forms.CharField(label=_("Satuan"), required=False, max_length=40)


class RealisationForm(forms.Form):
    period = forms.RegexField(
        label=_("Bulan"), regex=r"^\d{4}-\d{2}$", widget=forms.TextInput(attrs=MONTH_ATTRS)
    )
    value = forms.CharField(label=_("Realisasi"), max_length=200)
    evidence_url = forms.URLField(label=_("Tautan bukti"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(label=_("Berkas bukti"), required=False)
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FeedbackForm(forms.Form):
    text = forms.CharField(label=_("Umpan balik"), widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Catatan pengembalian"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvaluationForm(forms.Form):
    period = forms.RegexField(
        label=_("Bulan"), regex=r"^\d{4}-\d{2}$", widget=forms.TextInput(attrs=MONTH_ATTRS)
    )
    hasil_kerja = forms.ChoiceField(
        label=_("Hasil kerja"), choices=Expectation.choices, widget=forms.RadioSelect
    )

    def __init__(
        self, *args: Any, annual: bool = False, for_kepala_daerah: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if for_kepala_daerah:
            # BKPSDM records the rating the kepala daerah gave the Sekda.
            self.fields["kepala_daerah"] = forms.CharField(
                label=_("Nama kepala daerah"),
                max_length=200,
                help_text=_("Kepala daerah yang memberi penilaian; BKPSDM mencatatnya."),
            )
        if annual:
            # Penilaian akhir tahun: the period is the year.
            self.fields["period"] = forms.RegexField(
                label=_("Tahun"),
                regex=r"^\d{4}$",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": r"\d{4}"}),
            )

    perilaku_kerja = forms.ChoiceField(
        label=_("Perilaku kerja"), choices=Expectation.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Alasan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib bila salah satu penilaian tidak sesuai ekspektasi."),
    )


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("Isi keberatan"), widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("upheld", _("Keberatan diterima")), ("rejected", _("Keberatan ditolak"))],
        widget=forms.RadioSelect,
    )
    hasil_kerja = forms.ChoiceField(
        label=_("Hasil kerja baru"), choices=Expectation.choices, required=False
    )
    perilaku_kerja = forms.ChoiceField(
        label=_("Perilaku kerja baru"), choices=Expectation.choices, required=False
    )
    reason = forms.CharField(
        label=_("Alasan keputusan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PeerRequestForm(forms.Form):
    period = forms.RegexField(
        label=_("Bulan"), regex=r"^\d{4}-\d{2}$", widget=forms.TextInput(attrs=MONTH_ATTRS)
    )
    peers = forms.TypedMultipleChoiceField(
        label=_("Rekan penilai"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, candidates: list[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["peers"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(e.pk, f"{e.name} ({e.position.name})") for e in candidates]
        self.candidates = {e.pk: e for e in candidates}

    def chosen(self) -> list[Employee]:
        return [self.candidates[pk] for pk in self.cleaned_data["peers"]]


class PeerAnswerForm(forms.Form):
    """One radio group per BerAKHLAK value; guideline items as help text."""

    comment = forms.CharField(
        label=_("Komentar (opsional, ditampilkan tanpa nama)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in CoreValue.choices:
            self.fields[value] = forms.ChoiceField(
                label=label,
                choices=Expectation.choices,
                widget=forms.RadioSelect,
                help_text="; ".join(str(g) for g in GUIDELINES[value]),
            )
        self.order_fields([*CoreValue.values, "comment"])

    def ratings(self) -> dict[str, str]:
        return {v: self.cleaned_data[v] for v in CoreValue.values}


class LampiranForm(forms.Form):
    resources = forms.CharField(
        label=_("Dukungan sumber daya"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu butir per baris."),
    )
    accountability = forms.CharField(
        label=_("Skema pertanggungjawaban"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consequences = forms.CharField(
        label=_("Konsekuensi"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExpectationsForm(forms.Form):
    """Ekspektasi khusus pimpinan, one optional text per BerAKHLAK value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in CoreValue.choices:
            self.fields[value] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 1})
            )


class ActingForm(forms.Form):
    employee_nip = forms.CharField(label=_("NIP pegawai yang dinilai"), max_length=18)
    penilai_nip = forms.CharField(label=_("NIP Plt. pejabat penilai"), max_length=18)
    period_from = forms.RegexField(
        label=_("Mulai bulan"), regex=r"^\d{4}-\d{2}$", widget=forms.TextInput(attrs=MONTH_ATTRS)
    )
    period_to = forms.RegexField(
        label=_("Sampai bulan"), regex=r"^\d{4}-\d{2}$", widget=forms.TextInput(attrs=MONTH_ATTRS)
    )
