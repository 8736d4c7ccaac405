"""Plain forms for the performance tree pages; the services do the business validation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.kinerja_org.models import IndikatorSasaran
from pamong.org.models import Unit


class TargetForm(forms.Form):
    target_value = forms.DecimalField(
        label=_("Target (angka)"), required=False, max_digits=16, decimal_places=2, min_value=0
    )
    target_unit = forms.CharField(label=_("Satuan"), required=False, max_length=40)
    target_text = forms.CharField(
        label=_("Target kualitatif"),
        required=False,
        max_length=200,
        help_text=_("Isi bila target tidak berupa angka."),
    )


class SasaranForm(forms.Form):
    code = forms.CharField(label=_("Kode"), max_length=40)
    statement = forms.CharField(
        label=_("Sasaran strategis"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SasaranCreateForm(SasaranForm):
    unit = forms.TypedChoiceField(
        label=_("Unit kerja"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, units: list[Unit], pemda: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ChoiceField)
        empty = [("", _("(sasaran Pemda: RPJMD)"))] if pemda else []
        field.choices = empty + [(u.pk, str(u)) for u in units]
        field.required = not pemda
        self.units = {u.pk: u for u in units}

    def selected_unit(self) -> Unit | None:
        pk = self.cleaned_data.get("unit")
        return self.units.get(pk) if pk else None


class IndikatorForm(TargetForm):
    code = forms.CharField(
        label=_("Kode"),
        required=False,
        max_length=40,
        help_text=_("Kosongkan untuk kode otomatis."),
    )
    statement = forms.CharField(
        label=_("Indikator kinerja"), widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["code", "statement", "target_value", "target_unit", "target_text"]


class PkItemForm(TargetForm):
    indikator = forms.TypedChoiceField(label=_("Indikator"), coerce=int)

    field_order = ["indikator", "target_value", "target_unit", "target_text"]

    def __init__(self, *args: Any, choices: list[IndikatorSasaran], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indikator"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (i.pk, f"{i.sasaran.code} · {i.code} {i.statement[:100]}") for i in choices
        ]
        self.choices = {i.pk: i for i in choices}

    def selected_indikator(self) -> IndikatorSasaran:
        return self.choices[self.cleaned_data["indikator"]]


def target_kwargs(form: forms.Form) -> dict[str, Any]:
    data = form.cleaned_data
    return {k: data[k] for k in ("target_value", "target_unit", "target_text")}
