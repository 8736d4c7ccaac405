"""Forms of the careers pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.careers.models import SanctionLevel
from pamong.org.models import PNS_GOLONGAN, Position

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Berkas (PDF/JPG)"), required=False)
    link = forms.URLField(
        label=_("atau tautan"), required=False, max_length=200, assume_scheme="https"
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("link"):
            raise forms.ValidationError(_("Unggah berkas atau isi tautan."))
        upload = data.get("file")
        if upload is not None and getattr(upload, "size", 0) > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Berkas paling besar 5 MB."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=1000, required=False)


class DecisionForm(forms.Form):
    sk_number = forms.CharField(label=_("Nomor SK"), max_length=100)
    sk_date = forms.DateField(label=_("Tanggal SK"), widget=DATE)
    new_golongan = forms.ChoiceField(
        label=_("Golongan baru"), choices=[(g, g) for g in PNS_GOLONGAN]
    )
    tmt = forms.DateField(label=_("TMT golongan baru"), widget=DATE)


class PostponeForm(forms.Form):
    months = forms.IntegerField(label=_("Lama penundaan (bulan)"), min_value=1, max_value=12)
    reason = forms.CharField(label=_("Alasan"), max_length=1000, widget=forms.Textarea)


class KgbRecordForm(forms.Form):
    sk_number = forms.CharField(label=_("Nomor surat"), max_length=100)
    sk_date = forms.DateField(label=_("Tanggal surat"), widget=DATE)


class SanctionForm(forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=18)
    level = forms.ChoiceField(label=_("Tingkat"), choices=SanctionLevel.choices)
    starts = forms.DateField(label=_("Berlaku mulai"), widget=DATE)
    ends = forms.DateField(label=_("Berakhir"), widget=DATE, required=False)
    sk_number = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    reason = forms.CharField(label=_("Uraian"), required=False, widget=forms.Textarea)


class SettingsForm(forms.Form):
    education_ceiling = forms.CharField(
        label=_("Batas golongan KP reguler menurut pendidikan (satu per baris: S1 = III/d)"),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    sanction_blocks_kp = forms.BooleanField(
        label=_("Hukuman disiplin yang sedang berjalan menahan KP"), required=False
    )
    kgb_predikat = forms.MultipleChoiceField(
        label=_("Predikat yang memadai untuk KGB"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    kgb_postpone_months = forms.IntegerField(
        label=_("Lama penundaan KGB (bulan)"), min_value=1, max_value=12
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        from pamong.performance.predikat import Predikat

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kgb_predikat"].choices = Predikat.choices  # type: ignore[attr-defined]

    def clean_education_ceiling(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for n, line in enumerate(self.cleaned_data["education_ceiling"].splitlines(), start=1):
            if not line.strip():
                continue
            edu, sep, gol = line.partition("=")
            if not sep or gol.strip() not in PNS_GOLONGAN:
                raise forms.ValidationError(_("baris %(n)s: tulis seperti 'S1 = III/d'") % {"n": n})
            out[edu.strip().upper()] = gol.strip()
        return out


class AssessmentForm(forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=18)
    kind = forms.ChoiceField(label=_("Jenis"), choices=[])
    score = forms.DecimalField(
        label=_("Nilai (0-100)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    assessed_on = forms.DateField(label=_("Tanggal"), widget=DATE)
    source = forms.CharField(label=_("Sumber"), max_length=200)

    def __init__(self, *args: object, **kwargs: object) -> None:
        from pamong.careers.models import AssessmentKind

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = AssessmentKind.choices  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    from_box = forms.IntegerField(min_value=1, max_value=9, required=False)
    to_box = forms.IntegerField(label=_("Kotak baru"), min_value=1, max_value=9)
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea)


class KeyPostForm(forms.Form):
    position: forms.ModelChoiceField[Position] = forms.ModelChoiceField(
        label=_("Jabatan"), queryset=Position.objects.none()
    )
    min_golongan = forms.ChoiceField(
        label=_("Golongan paling rendah"), choices=[(g, g) for g in PNS_GOLONGAN], initial="III/c"
    )
    min_education = forms.ChoiceField(label=_("Pendidikan paling rendah"), choices=[], initial="S1")
    plt_since = forms.DateField(label=_("Dijabat Plt. sejak"), widget=DATE, required=False)
    plt_max_months = forms.IntegerField(
        label=_("Batas masa Plt. (bulan)"), min_value=1, max_value=24, initial=6
    )
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)

    def __init__(self, *args: object, positions: object = None, **kwargs: object) -> None:
        from pamong.org.models import Education

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["position"].queryset = positions  # type: ignore[attr-defined]
        self.fields["min_education"].choices = Education.choices  # type: ignore[attr-defined]
