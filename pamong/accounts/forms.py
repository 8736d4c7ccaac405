"""Forms of the account pages (labels in Indonesian, codes shown as words)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.models import Role
from pamong.org.models import Unit


class UserCreateForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP pegawai"),
        max_length=18,
        required=False,
        help_text=_("Kosongkan untuk akun peran tanpa data pegawai."),
    )
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        required=False,
        help_text=_("Untuk pegawai, nama pengguna adalah NIP-nya."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("nip") and not data.get("username"):
            raise forms.ValidationError(_("Isi NIP pegawai atau nama pengguna."))
        return data


class FirstAdminForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Tautan aktivasi dikirim ke alamat ini. Tanpa e-mail, tautan ditampilkan."),
    )


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Dibatasi pada unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Wajib untuk kepala OPD; kosong berarti seluruh pemda."),
    )

    def __init__(self, *args: Any, tenant_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(tenant_id=tenant_id, depth=0).order_by("path")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Kode"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("Kode 6 angka dari aplikasi autentikator, atau satu kode pemulihan."),
    )
