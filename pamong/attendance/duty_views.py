"""Official duty pages: list (filter by month), record by the unit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pamong.core.errors import InputErrors
from pamong.core.web import actor_of, tenant_view
from pamong.imports.tabular import parse_month
from pamong.org.models import Employee

from .classify import month_bounds
from .duties import (
    delete_duty,
    duties_visible_to,
    get_duty_for_actor,
    may_record_any,
    record_duty,
)
from .forms import DutyForm, add_input_errors

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
@tenant_view()
def duty_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    can_record = may_record_any(actor)
    status = 200
    form = DutyForm()
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        form = DutyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            employee = Employee.objects.filter(tenant=actor.tenant, nip=data["nip"].strip()).first()
            if employee is None:
                form.add_error("nip", _("NIP %(nip)s tidak dikenal") % {"nip": data["nip"]})
            else:
                try:
                    record_duty(
                        actor=actor, employee=employee, start=data["start"], end=data["end"],
                        letter_number=data["letter_number"], note=data["note"],
                    )  # fmt: skip
                except InputErrors as exc:
                    add_input_errors(form, exc, DutyForm.error_fields)
                else:
                    messages.success(request, _("Dinas luar dicatat."))
                    return redirect("attendance:duties")
        status = 400
    qs = duties_visible_to(actor).select_related("employee", "employee__unit")
    month = request.GET.get("month", "")
    try:
        first = parse_month(month)
    except ValueError:
        month = ""
    else:
        start, last = month_bounds(first.year, first.month)
        qs = qs.filter(start__lte=last, end__gte=start)
    page = Paginator(qs.order_by("-start", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "form": form, "can_record": can_record, "month": month}
    return render(request, "attendance/duties.html", context, status=status)


@require_POST
@tenant_view()
def duty_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    delete_duty(actor=actor, duty=get_duty_for_actor(actor, pk))
    messages.success(request, _("Dinas luar dihapus."))
    return redirect("attendance:duties")
