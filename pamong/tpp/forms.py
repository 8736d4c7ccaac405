"""Forms of the TPP pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.actor import Actor
from pamong.tpp.models import TppRun
from pamong.tpp.selectors import slip_visible_from


class SettingsForm(forms.Form):
    slip_visible_from = forms.ChoiceField(
        label=_("Pegawai melihat slip sendiri mulai status"), choices=TppRun.Status.choices
    )

    def __init__(self, actor: Actor, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert actor.tenant is not None
        self.fields["slip_visible_from"].initial = slip_visible_from(actor.tenant)
