"""Forms of the forum pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pamong.org.models import Unit
from pamong.participation.complaint_forms import UnitChoiceField

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


class _UnitForm(forms.Form):
    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = units


class ForumForm(_UnitForm):
    unit = UnitChoiceField(label=_("Unit penyelenggara"), queryset=Unit.objects.none())
    topic = forms.CharField(label=_("Topik"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Waktu"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    place = forms.CharField(label=_("Tempat"), max_length=200)
    description = forms.CharField(
        label=_("Keterangan"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Notulen"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": 8000}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pembatalan"), max_length=300)


class ActionItemForm(_UnitForm):
    description = forms.CharField(label=_("Rencana tindak lanjut"), max_length=1000)
    responsible_unit = UnitChoiceField(
        label=_("Unit penanggung jawab"), queryset=Unit.objects.none()
    )
    due_date = forms.DateField(label=_("Batas waktu"), widget=DATE)


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("Tindak lanjut"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
    )
    done = forms.BooleanField(label=_("Selesai"), required=False)
