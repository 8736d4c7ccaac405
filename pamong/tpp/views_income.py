"""Upload of the payroll's fixed monthly income (penghasilan.csv) for the BPJS cap."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pamong.core.errors import InputErrors
from pamong.core.permissions import has_perm
from pamong.tpp.income import income_months, penghasilan_import
from pamong.tpp.views import _actor

MAX_SHOWN_ERRORS = 200


@login_required
@require_http_methods(["GET", "POST"])
def income(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not has_perm(actor, "tpp.run"):
        raise PermissionDenied
    assert actor.tenant is not None
    context: dict[str, Any] = {"months": income_months(actor.tenant)}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Pilih berkas penghasilan.csv atau .xlsx."))
            return redirect("tpp:income")
        name = Path(upload.name or "penghasilan.csv").name
        if upload.size and upload.size > settings.PAMONG_IMPORT_MAX_BYTES:
            limit = settings.PAMONG_IMPORT_MAX_BYTES // 2**20
            messages.error(request, _("berkas terlalu besar (maksimum %(mb)s MB)") % {"mb": limit})
            return redirect("tpp:income")
        try:
            counts = penghasilan_import(
                actor=actor,
                data=upload.read(),
                source=name,
                ignore_unknown_columns=bool(request.POST.get("ignore_unknown_columns")),
            )
        except InputErrors as exc:
            context.update(
                file=name,
                errors=exc.errors[:MAX_SHOWN_ERRORS],
                error_count=len(exc.errors),
                max_errors=MAX_SHOWN_ERRORS,
            )
            return render(request, "tpp/income.html", context, status=400)
        messages.success(
            request,
            _("%(f)s diimpor: %(c)s baru, %(u)s diubah, %(n)s tetap.")
            % {"f": name, "c": counts["created"], "u": counts["updated"], "n": counts["unchanged"]},
        )
        return redirect("tpp:income")
    return render(request, "tpp/income.html", context)
