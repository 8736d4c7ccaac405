"""The audit log page (capability audit.view), limited to the actor's tenant.

Entries read as sentences (pamong.ui.audit_display); the same filters give a CSV or XLSX
export of the filtered log for people to read (not a contract format).
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO, StringIO
from zoneinfo import ZoneInfo

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.models import AuditLog
from pamong.core.spreadsheet import csv_writer, xlsx_append
from pamong.core.web import DATE_WIDGET, actor_of, tenant_view
from pamong.ui.audit_display import AuditRow, area_choices, audit_rows, object_type_choices

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=gettext_lazy("Pelaku"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Nama atau nama pengguna"),
    )
    object_type = forms.ChoiceField(label=gettext_lazy("Jenis objek"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("Bagian"), required=False)
    date_from = forms.DateField(
        label=gettext_lazy("Dari tanggal"), required=False, widget=DATE_WIDGET
    )
    date_to = forms.DateField(
        label=gettext_lazy("Sampai tanggal"), required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        everything = [("", _("Semua"))]
        self.fields["object_type"].choices = everything + object_type_choices()  # type: ignore[attr-defined]
        self.fields["action"].choices = everything + area_choices()  # type: ignore[attr-defined]


def filtered_log(actor: Actor, form: AuditFilterForm) -> QuerySet[AuditLog]:
    # AuditLog is not scoped by django-scopes: this explicit tenant filter is the isolation.
    qs = AuditLog.objects.filter(tenant=actor.tenant).select_related("actor_user__employee")
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            qs = qs.filter(action__startswith=data["action"])
        if data["actor"]:
            who = data["actor"].strip()
            qs = qs.filter(
                Q(actor_label__icontains=who) | Q(actor_user__employee__name__icontains=who)
            )
        if data["object_type"]:
            qs = qs.filter(object_type=data["object_type"])
        if data["date_from"]:
            qs = qs.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            qs = qs.filter(created_at__date__lte=data["date_to"])
    return qs.order_by("-created_at", "-id")


@require_GET
@tenant_view(perms=("audit.view",))
def audit_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = AuditFilterForm(request.GET or None)
    page = Paginator(filtered_log(actor, form), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "audit_rows": audit_rows(list(page.object_list)),
        "show_object": True,
        "export_query": query.urlencode(),
    }
    return render(request, "ui/audit/list.html", context)


def _header() -> list[str]:
    return [
        _("Waktu"),
        _("Pelaku"),
        _("Aksi"),
        _("Objek"),
        _("Perubahan"),
        _("Keterangan"),
    ]


def _cells(row: AuditRow, zone: ZoneInfo) -> list[str]:
    when = row.entry.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    changes = "; ".join(f"{c.field}: {c.before} → {c.after}" for c in row.changes)
    details = "; ".join(f"{c.field}: {c.after}" for c in row.details)
    return [when, row.actor, row.what, row.target, changes, details]


def _rows(qs: QuerySet[AuditLog]) -> Iterator[list[AuditRow]]:
    batch: list[AuditLog] = []
    for entry in qs[:EXPORT_LIMIT].iterator(chunk_size=1000):
        batch.append(entry)
        if len(batch) == 1000:
            yield audit_rows(batch)
            batch = []
    if batch:
        yield audit_rows(batch)


@require_GET
@tenant_view(perms=("audit.view",))
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered log as CSV or XLSX, in the reader's language and the tenant's time."""
    actor = actor_of(request)
    assert actor.tenant is not None
    form = AuditFilterForm(request.GET or None)
    qs = filtered_log(actor, form)
    zone = clock.zone(actor.tenant)
    stamp = clock.today(actor.tenant).strftime("%Y%m%d")
    name = f"log-audit-{actor.tenant.slug}-{stamp}"
    if fmt == "xlsx":
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Log audit")[:31])
        xlsx_append(ws, _header())
        for rows in _rows(qs):
            for row in rows:
                xlsx_append(ws, _cells(row, zone))
        buffer = BytesIO()
        wb.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response

    out = StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv_writer(out)
    writer.writerow(_header())
    for rows in _rows(qs):
        writer.writerows(_cells(row, zone) for row in rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
