"""Org tree, unit detail and the employee list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from django import forms
from django.core.paginator import Paginator
from django.db.models import CharField, Count, F, Func, OrderBy, Q, QuerySet, Subquery, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from pamong.core.actor import Actor
from pamong.core.web import (
    actor_of,
    is_fragment_request,
    tenant_view,
    vary_on_htmx,
)
from pamong.org.models import (
    Employee,
    EmployeeStatus,
    EmployeeType,
    Unit,
)
from pamong.org.selectors import employees_visible_to, get_unit_for_actor, units_visible_to
from pamong.ui.views.employee import GOLONGAN_CHOICES
from pamong.ui.widgets import FastSelect

PAGE_SIZE = 50
# With fewer matches than this the page query sorts the matches instead of walking the sort
# column's index. A search such as "siti" matches a few hundred employees who all sit under
# S in the name index: PostgreSQL expected them spread out and read 38,000 rows to reach them.
SORT_MATCHES_BELOW = 2000
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


class EmployeeRow(NamedTuple):
    """What the table shows of an employee, read as a tuple: no model instances (with
    their position and unit) for the 50 rows of the busiest page."""

    pk: int
    name: str
    nip: str
    position_name: str | None
    unit_name: str | None
    golongan: str
    employee_type: str
    status: str


ROW_FIELDS = (
    "pk", "name", "nip", "position__name", "unit__name", "golongan", "employee_type", "status",
)  # fmt: skip
# The table's columns: (sort key, header label), in display order.
COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("name", _("Nama")),
    ("nip", _("NIP")),
    ("position", _("Jabatan")),
    ("unit", _("Unit kerja")),
    ("golongan", _("Golongan")),
    ("type", _("Jenis")),
    ("status", _("Status")),
)


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


UNIT_ROW_FIELDS = ("id", "name", "path", "depth")


def filter_units(actor: Actor, selected: object) -> list[UnitRow]:
    """The visible units that `unit_choices` keeps, read without loading a big tree.

    One query (two with a chosen unit): a tree of at most MAX_UNIT_CHOICES units is read
    whole; of a bigger one only the top level, the chosen unit, its ancestors and its
    children, not the thousands of schools.
    """
    visible = units_visible_to(actor)
    total = visible.order_by().values("tenant").annotate(n=Count("pk")).values("n")
    top = visible.order_by("depth").values("depth")[:1]
    keep = Q(total__lte=MAX_UNIT_CHOICES) | Q(depth=Subquery(top))
    if isinstance(selected, str) and selected.isdigit():
        row = visible.filter(pk=int(selected)).values_list(*UNIT_ROW_FIELDS).first()
        if row is not None and str(row[0]) == selected:
            chosen = UnitRow(*row)
            parts = chosen.path.split("/")
            ancestors = ["/".join(parts[:i]) for i in range(1, len(parts))]
            keep |= (
                Q(pk=chosen.pk)
                | Q(path__in=ancestors)
                | Q(path__startswith=f"{chosen.path}/", depth=chosen.depth + 1)
            )
    rows = (
        visible.annotate(total=Subquery(total))
        .filter(keep)
        .order_by("path")
        .values_list(*UNIT_ROW_FIELDS)
    )
    return [UnitRow(*row) for row in rows]


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)
    unit = forms.TypedChoiceField(
        label=_("Unit kerja"), required=False, coerce=int, widget=FastSelect
    )
    golongan = forms.ChoiceField(label=_("Golongan"), required=False, widget=FastSelect)
    employee_type = forms.ChoiceField(label=_("Jenis pegawai"), required=False, widget=FastSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=FastSelect)

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


def _sorted_without_index(ordering: tuple[str, ...]) -> list[OrderBy]:
    """The same ordering as expressions (`name || ''`), which no index can serve."""
    terms = []
    for term in ordering:
        field = term.removeprefix("-")
        expression = Func(
            F(field), Value(""), function="", arg_joiner=" || ", output_field=CharField()
        )
        terms.append(expression.desc() if term.startswith("-") else expression.asc())
    return terms


ROW_HTML = (
    '<tr><td><a href="{}{}/">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
    "<td>{}</td><td>{}</td></tr>"
)


def _rows_html(employees: Iterable[EmployeeRow]) -> SafeString:
    """The table body, formatted here: 50 rows of 8 template variables were a quarter of
    the page's rendering. The same markup and escaping as the template had."""
    # One reverse() for the page, not one per row: /pegawai/<pk>/ is this prefix + pk.
    prefix = reverse("ui:employee-detail", args=[0]).removesuffix("0/")
    # get_status_display() rebuilt the translated choices for every row; translate once.
    labels = {value: str(label) for value, label in Employee._meta.get_field("status").flatchoices}
    return format_html_join(
        "\n",
        ROW_HTML,
        (
            (
                prefix,
                e.pk,
                e.name,
                e.nip,
                "" if e.position_name is None else e.position_name,
                "" if e.unit_name is None else e.unit_name,
                e.golongan,
                e.employee_type,
                labels.get(e.status, e.status),
            )  # fmt: skip
            for e in employees
        ),
    )


def _sort_headers(request: HttpRequest, sort: str) -> list[dict[str, Any]]:
    """Each column's header: label, the link that sorts by it (or reverses it), aria-sort.

    Built here rather than with an included template per column: the list is the most
    requested page of a big Pemda and the includes were a tenth of its rendering time.
    """
    params = request.GET.copy()
    params.pop("page", None)
    headers = []
    for key, label in COLUMNS:
        params["sort"] = f"-{key}" if sort == key else key
        headers.append(
            {
                "label": label,
                "url": f"?{params.urlencode()}",
                "aria_sort": {key: "ascending", f"-{key}": "descending"}.get(sort, ""),
            }
        )
    return headers


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
    units = filter_units(actor, request.GET.get("unit"))
    form = EmployeeFilterForm(request.GET or None, units=units)
    data = form.cleaned_data if form.is_valid() else {}
    qs = filter_employees(employees_visible_to(actor), data, {u.pk: u for u in units})
    sort = request.GET.get("sort", "name")
    key = sort.removeprefix("-")
    ordering = SORTS.get(key, SORTS["name"])
    if sort.startswith("-") and key in SORTS:
        ordering = tuple(f"-{o}" for o in ordering)
    rows = qs.order_by(*ordering).values_list(*ROW_FIELDS)
    paginator = Paginator(rows, PAGE_SIZE)
    # Counted without the joins to position and unit that the rows need: PostgreSQL can
    # then count from an index alone.
    paginator.count = qs.count()
    if paginator.count < SORT_MATCHES_BELOW:
        paginator.object_list = rows.order_by(*_sorted_without_index(ordering))
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = [EmployeeRow(*row) for row in page.object_list]
    sort = sort if key in SORTS else "name"
    context = {
        "form": form,
        "page_obj": page,
        "sort": sort,
        "sort_headers": _sort_headers(request, sort),
        "rows_html": _rows_html(page.object_list),
        "export_url": _export_url(request),
        "hx_target": "#employee-table",
    }
    template = (
        "ui/employees/_table.html" if is_fragment_request(request) else "ui/employees/list.html"
    )
    return vary_on_htmx(render(request, template, context))
