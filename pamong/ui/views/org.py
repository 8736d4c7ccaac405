"""Org tree, unit detail and the employee list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from pamong.org.models import (
    Employee,
    EmployeeStatus,
    EmployeeType,
    Unit,
)
from pamong.org.selectors import employees_visible_to, get_unit_for_actor, units_visible_to
from pamong.ui.views.common import (
    GOLONGAN_CHOICES,
    actor_of,
    is_fragment_request,
    tenant_view,
    vary_on_htmx,
)

PAGE_SIZE = 50
# Public sort keys -> ORM orderings; anything else falls back to the name.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "nip"),
    "nip": ("nip",),
    "golongan": ("golongan", "name"),
    "unit": ("unit__path", "name"),
    "position": ("position__name", "name"),
    "status": ("status", "name"),
    "type": ("employee_type", "name"),
}


def _with_subtree_totals(units: Sequence[Unit], counts: dict[int, int]) -> list[dict[str, Any]]:
    """Direct and subtree employee counts; subtree sums come from path prefixes in Python."""
    totals = dict.fromkeys((u.path for u in units), 0)
    for unit in units:
        n = counts.get(unit.pk, 0)
        parts = unit.path.split("/")
        for i in range(1, len(parts) + 1):
            prefix = "/".join(parts[:i])
            if prefix in totals:
                totals[prefix] += n
    return [
        {
            "unit": u,
            "direct": counts.get(u.pk, 0),
            "total": totals[u.path],
            "indent": min(u.depth, 5),
        }
        for u in units
    ]


@require_GET
@tenant_view(perms=("org.view_all", "org.view_opd"))
def unit_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    # One aggregate query: each visible unit with its direct employee count.
    units = list(
        units_visible_to(actor)
        .select_related("head")
        .annotate(direct_count=Count("employees"))
        .order_by("path")
    )
    counts = {u.pk: u.direct_count for u in units}
    return render(request, "ui/units/list.html", {"rows": _with_subtree_totals(units, counts)})


@require_GET
@tenant_view()
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    unit = get_unit_for_actor(actor, pk)
    children = units_visible_to(actor).filter(parent=unit).annotate(n=Count("employees"))
    employees = (
        employees_visible_to(actor)
        .filter(unit=unit)
        .select_related("position")
        .order_by("-position__kelas", "name")
    )
    context = {
        "unit": unit,
        "children": children,
        "employees": employees[:200],
        "subtree_employees": employees_visible_to(actor).filter(_subtree_q(unit)).count(),
    }
    return render(request, "ui/units/detail.html", context)


class UnitRow(NamedTuple):
    """A unit as the employee filter needs it: plain tuples, as a Pemda has thousands."""

    pk: int
    name: str
    path: str
    depth: int


def _subtree_q(unit: Unit | UnitRow) -> Q:
    return Q(unit__path=unit.path) | Q(unit__path__startswith=f"{unit.path}/")


# A Pemda has up to a few thousand units (every school and puskesmas); listing them all in
# the filter made the page 130 KB. Above this many, the list shows the top level (the OPDs)
# plus the path to and the children of the chosen unit, so one can drill down.
MAX_UNIT_CHOICES = 150


def unit_choices(units: list[UnitRow], selected: object) -> list[UnitRow]:
    if len(units) <= MAX_UNIT_CHOICES:
        return units
    top = min(u.depth for u in units)
    chosen = next((u for u in units if str(u.pk) == str(selected)), None)

    def keep(u: UnitRow) -> bool:
        if u.depth == top:
            return True
        if chosen is None:
            return False
        return (
            u.pk == chosen.pk
            or chosen.path.startswith(f"{u.path}/")
            or (u.path.startswith(f"{chosen.path}/") and u.depth == chosen.depth + 1)
        )

    return [u for u in units if keep(u)]


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)
    unit = forms.TypedChoiceField(label=_("Unit kerja"), required=False, coerce=int)
    golongan = forms.ChoiceField(label=_("Golongan"), required=False)
    employee_type = forms.ChoiceField(label=_("Jenis pegawai"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, units: list[UnitRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", _("Semua"))]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["unit"].choices = any_choice + [  # type: ignore[attr-defined]
            (u.pk, f"{'— ' * u.depth}{u.name}") for u in unit_choices(units, self.data.get("unit"))
        ]
        self.fields["golongan"].choices = any_choice + GOLONGAN_CHOICES  # type: ignore[attr-defined]
        self.fields["employee_type"].choices = any_choice + list(EmployeeType.choices)  # type: ignore[attr-defined]
        self.fields["status"].choices = any_choice + list(EmployeeStatus.choices)  # type: ignore[attr-defined]


def filter_employees(
    qs: QuerySet[Employee], data: dict[str, Any], units: dict[int, UnitRow]
) -> QuerySet[Employee]:
    if q := (data.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(nip__startswith=q))
    unit = units.get(data.get("unit") or 0)
    if unit is not None:
        qs = qs.filter(_subtree_q(unit))
    for field in ("golongan", "employee_type", "status"):
        if data.get(field):
            qs = qs.filter(**{field: data[field]})
    return qs


def _export_url(request: HttpRequest) -> str:
    try:
        url = reverse("imports:export-employees")
    except NoReverseMatch:
        return ""
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@require_GET
@tenant_view()
def employee_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    units = [
        UnitRow(*row)
        for row in units_visible_to(actor)
        .order_by("path")
        .values_list("id", "name", "path", "depth")
    ]
    form = EmployeeFilterForm(request.GET or None, units=units)
    data = form.cleaned_data if form.is_valid() else {}
    qs = filter_employees(employees_visible_to(actor), data, {u.pk: u for u in units})
    sort = request.GET.get("sort", "name")
    key = sort.removeprefix("-")
    ordering = SORTS.get(key, SORTS["name"])
    if sort.startswith("-") and key in SORTS:
        ordering = tuple(f"-{o}" for o in ordering)
    qs = qs.select_related("position", "unit").order_by(*ordering)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "sort": sort if key in SORTS else "name",
        "export_url": _export_url(request),
        "hx_target": "#employee-table",
    }
    template = (
        "ui/employees/_table.html" if is_fragment_request(request) else "ui/employees/list.html"
    )
    return vary_on_htmx(render(request, template, context))
