from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.web import DATE_WIDGET
from pamong.recruitment.files_pppk import COMPONENTS, SCORE_MAX
from pamong.recruitment.models import FormasiLine, PppkComponent, Selection, SelectionKind


class UploadForm(forms.Form):
    code = forms.CharField(label=_("Kode seleksi"), max_length=40)
    name = forms.CharField(label=_("Nama seleksi"), max_length=200, required=False)
    # optional so that the CASN upload of older clients keeps working
    kind = forms.ChoiceField(
        label=_("Jenis seleksi"),
        choices=SelectionKind.choices,
        initial=SelectionKind.CASN,
        required=False,
    )
    formasi = forms.FileField(label=_("Berkas formasi (formasi.csv / .xlsx)"))
    peserta = forms.FileField(
        label=_("Berkas peserta dan nilai (CASN: SKD; PPPK: nilai kompetensi)")
    )
    skb = forms.FileField(label=_("CASN: berkas nilai SKB (skb.csv / .xlsx)"), required=False)
    bobot = forms.FileField(
        label=_("PPPK: berkas bobot komponen (bobot.csv / .xlsx)"), required=False
    )
    reason = forms.CharField(
        label=_("PPPK: alasan perubahan nilai setelah pengumuman"), required=False, max_length=500
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["kind"] = data.get("kind") or SelectionKind.CASN
        needed = "bobot" if data.get("kind") == SelectionKind.PPPK else "skb"
        if not data.get(needed):
            self.add_error(needed, _("Wajib untuk jenis seleksi ini."))
        return data


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


class NeedsUploadForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun formasi"), min_value=2000, max_value=2100)
    file = forms.FileField(label=_("Berkas ABK (abk.csv / .xlsx)"))


class OnboardForm(forms.Form):
    employee_type = forms.ChoiceField(
        label=_("Jenis pegawai"), choices=[("CPNS", "CPNS"), ("PPPK", "PPPK")]
    )
    nip = forms.CharField(label=_("NIP / NI PPPK"), max_length=18, min_length=18)
    gender = forms.ChoiceField(label=_("Jenis kelamin"), choices=[("L", "L"), ("P", "P")])
    golongan = forms.CharField(label=_("Golongan"), max_length=6)
    position: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Jabatan"), queryset=None
    )
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Unit kerja"), queryset=None)
    tmt = forms.DateField(label="TMT", widget=DATE_WIDGET)
    contract_years = forms.IntegerField(
        label=_("Masa kontrak PPPK (tahun)"), min_value=1, max_value=5, initial=5
    )

    def __init__(self, *args: Any, positions: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


def parse_marks(text: str) -> dict[str, Decimal]:
    """`cat=80;wawancara=72.5` -> {"cat": Decimal("80"), ...}; empty text -> {}."""
    marks: dict[str, Decimal] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        name, sep, value = part.partition("=")
        try:
            mark = Decimal(value.strip())
        except ArithmeticError as exc:
            raise forms.ValidationError(_("Tulis komponen=nilai;komponen=nilai.")) from exc
        # Decimal reads "NaN" and "Infinity" too, which no score can be.
        if not sep or not mark.is_finite():
            raise forms.ValidationError(_("Tulis komponen=nilai;komponen=nilai."))
        marks[name.strip().lower()] = mark
    return marks


def _score_field(label: Any, high: Decimal) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=high,
        max_digits=5,
        decimal_places=2,
    )


class CandidateEntryForm(forms.Form):
    """A candidate entered or corrected by hand; its fields follow the selection's kind."""

    no_peserta = forms.CharField(label=_("Nomor peserta"), max_length=40)
    name = forms.CharField(label=_("Nama"), max_length=200)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE_WIDGET)
    line = forms.ChoiceField(label=_("Formasi"))
    education = _score_field(_("Nilai pendidikan (IPK / rata-rata ijazah)"), Decimal(100))
    twk = forms.IntegerField(label="TWK", min_value=0, max_value=150, required=False)
    tiu = forms.IntegerField(label="TIU", min_value=0, max_value=175, required=False)
    tkp = forms.IntegerField(label="TKP", min_value=0, max_value=225, required=False)
    skb = forms.CharField(
        label=_("Nilai SKB (komponen=nilai;komponen=nilai, kosong bila tidak hadir)"),
        required=False,
        max_length=400,
    )
    reason = forms.CharField(
        label=_("Alasan perubahan (wajib setelah pengumuman)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, selection: Selection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.selection = selection
        lines = FormasiLine.objects.filter(selection=selection).order_by("code")
        self.fields["line"].choices = [  # type: ignore[attr-defined]
            (ln.code, f"{ln.code} · {ln.jabatan}") for ln in lines
        ]
        self.fields["education"].required = True
        if selection.is_pppk:
            for name in ("twk", "tiu", "tkp", "skb"):
                del self.fields[name]
            labels = dict(PppkComponent.choices)
            for component in COMPONENTS:
                self.fields[component] = _score_field(labels[component], SCORE_MAX)
        else:
            for name in ("twk", "tiu", "tkp"):
                self.fields[name].required = True
        self.order_fields([*(n for n in self.fields if n != "reason"), "reason"])

    def clean_skb(self) -> dict[str, Decimal]:
        return parse_marks(self.cleaned_data.get("skb", ""))

    def scores(self) -> dict[str, Decimal]:
        data = self.cleaned_data
        if self.selection.is_pppk:
            return {c: data[c] for c in COMPONENTS if data.get(c) is not None}
        return dict(data.get("skb") or {})
