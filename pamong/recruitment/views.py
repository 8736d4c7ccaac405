"""Selection staff pages: list and upload, a selection's lines, a line's ranking with the
reason of every rank, a candidate (personal data, SKB marks and their change), download,
announcement and filling unfilled lines. Thin: selectors read, services write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.actor import Actor
from pamong.core.confirm import irreversible, require_confirmed
from pamong.core.errors import InputErrors
from pamong.core.pdf import pdf_response
from pamong.recruitment import selectors as sel
from pamong.recruitment import services as svc
from pamong.recruitment.explain import reason_above, reason_below
from pamong.recruitment.export import ranking_csv
from pamong.recruitment.files_pppk import COMPONENTS, Entry
from pamong.recruitment.forms import CandidateEntryForm, SkbChangeForm, UploadForm
from pamong.recruitment.models import Candidate, PppkComponent, Selection, SelectionKind
from pamong.recruitment.pdf import announcement_pdf
from pamong.recruitment.results_pppk import pppk_csv, pppk_results
from pamong.recruitment.services_entry import candidates_write
from pamong.recruitment.services_pppk import pppk_load


def _actor(request: HttpRequest) -> Actor:
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None or actor.tenant is None:
        raise Http404
    return actor


def _run(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    selections = sel.selections_visible_to(actor)
    context = {
        "selections": selections,
        "can_manage": sel.sees_personal_data(actor),
        "form": UploadForm() if sel.sees_personal_data(actor) else None,
    }
    return render(request, "recruitment/index.html", context)


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    sel.selections_visible_to(actor)  # 403 without the right
    if not sel.sees_personal_data(actor):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid() and form.cleaned_data["kind"] == SelectionKind.PPPK:
        files = [form.cleaned_data[k] for k in ("formasi", "peserta", "bobot")]
        try:
            pppk = pppk_load(
                actor=actor,
                code=form.cleaned_data["code"],
                formasi=files[0].read(),
                peserta=files[1].read(),
                bobot=files[2].read(),
                names=(files[0].name, files[1].name, files[2].name),
                name=form.cleaned_data["name"],
                reason=form.cleaned_data["reason"],
            )
        except InputErrors as exc:
            problems = exc.lines()
        else:
            if pppk.changed:
                messages.success(
                    request,
                    _("Seleksi PPPK dimuat: %(lines)s formasi, %(n)s peserta.")
                    % {"lines": pppk.lines, "n": pppk.candidates},
                )
            else:
                messages.info(request, _("Data sama dengan yang tersimpan; tidak ada perubahan."))
            return redirect("recruitment:selection", pk=pppk.selection.pk)
    elif form.is_valid():
        files = [form.cleaned_data[k] for k in ("formasi", "peserta", "skb")]
        try:
            outcome = svc.selection_load(
                actor=actor,
                code=form.cleaned_data["code"],
                formasi=files[0].read(),
                peserta=files[1].read(),
                skb=files[2].read(),
                names=(files[0].name, files[1].name, files[2].name),
                name=form.cleaned_data["name"],
            )
        except InputErrors as exc:
            problems = exc.lines()
        else:
            for warning in outcome.warnings[:20]:
                messages.warning(request, warning)
            if outcome.changed:
                messages.success(
                    request,
                    _("Seleksi dimuat: %(lines)s formasi, %(n)s peserta.")
                    % {"lines": outcome.lines, "n": outcome.candidates},
                )
            else:
                messages.info(request, _("Data sama dengan yang tersimpan; tidak ada perubahan."))
            return redirect("recruitment:selection", pk=outcome.selection.pk)
    page = request.POST.get("selection_page", "")
    if page.isdigit():  # the reload form of a selection page: errors shown there
        selection = sel.get_selection_for_actor(actor, int(page), write=True)
        return render_selection(request, actor, selection, reload=form, problems=problems)
    context = {
        "selections": sel.selections_visible_to(actor),
        "can_manage": True,
        "form": form,
        "problems": problems,
    }
    return render(request, "recruitment/index.html", context, status=400)


def pppk_scores_in_order(c: Candidate) -> list[str]:
    """The four component scores (prefetched) in tie-break order, '' where absent."""
    by_component = {s.component: str(s.nilai) for s in c.pppk_scores.all()}
    return [by_component.get(name, "") for name in COMPONENTS]


def render_selection(
    request: HttpRequest,
    actor: Actor,
    selection: Selection,
    entry: CandidateEntryForm | None = None,
    reload: UploadForm | None = None,
    problems: list[str] | None = None,
) -> HttpResponse:
    """The selection page; the staff see the manual entry form (empty, prefilled from
    `?edit=<no_peserta>`, or the posted one with its errors)."""
    can_manage = sel.sees_personal_data(actor)
    if can_manage and entry is None:
        entry = CandidateEntryForm(
            selection=selection, initial=sel.entry_initial(selection, request.GET.get("edit", ""))
        )
    context = {
        "selection": selection,
        "lines": sel.lines_of(selection),
        "weights": sel.pppk_weights_of(selection) if selection.is_pppk else [],
        "can_manage": can_manage,
        "entry": entry if can_manage else None,
        "reload": reload or UploadForm(initial={"code": selection.code, "kind": selection.kind}),
        "problems": problems or [],
    }
    failed = bool(problems) or (entry is not None and entry.is_bound) or reload is not None
    return render(request, "recruitment/selection.html", context, status=400 if failed else 200)


@login_required
@require_GET
def selection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    selection = sel.get_selection_for_actor(actor, pk)
    return render_selection(request, actor, selection)


@login_required
@require_GET
def line_detail(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    actor = _actor(request)
    selection = sel.get_selection_for_actor(actor, pk)
    line = sel.get_line_for_actor(actor, selection, line_pk)
    rows = [
        {
            "c": c,
            "above": reason_above(c.step_above),
            "below": reason_below(c.step_below),
            "scores": pppk_scores_in_order(c) if selection.is_pppk else [],
        }
        for c in sel.ranking_of_line(line)
    ]
    context = {
        "selection": selection,
        "line": line,
        "rows": rows,
        "personal": sel.sees_personal_data(actor),
        "components": [PppkComponent(c).label for c in COMPONENTS],
    }
    return render(request, "recruitment/line.html", context)


@login_required
@require_GET
def ranking_download(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    selection = sel.get_selection_for_actor(actor, pk)
    content = (
        pppk_csv(pppk_results(selection))
        if selection.is_pppk
        else ranking_csv(svc.selection_results(selection))
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="peringkat-{selection.code}.csv"'
    return response


@login_required
@require_GET
def announcement_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    selection = sel.get_selection_for_actor(actor, pk)
    assert actor.tenant is not None
    content = announcement_pdf(selection, actor.tenant.name, sel.passing_by_line(selection))
    return pdf_response(content, f"pengumuman-{selection.code}.pdf")


@login_required
@require_POST
@irreversible
def announce(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    selection = sel.get_selection_for_actor(actor, pk, write=True)
    require_confirmed(request)
    _run(
        request,
        lambda: svc.selection_announce(actor=actor, selection=selection),
        _("Hasil seleksi diumumkan."),
    )
    return redirect("recruitment:selection", pk=selection.pk)


@login_required
@require_POST
def fill_unfilled(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    selection = sel.get_selection_for_actor(actor, pk, write=True)
    fills: list[svc.Fill] = []

    def call() -> None:
        fills.extend(svc.selection_fill_unfilled(actor=actor, selection=selection))

    if _run(request, call, _("Pengisian formasi kosong selesai.")):
        for fill in fills:
            messages.info(
                request,
                _("%(no)s (%(name)s) dari %(src)s mengisi %(dst)s.")
                % {
                    "no": fill.candidate.no_peserta,
                    "name": fill.candidate.name,
                    "src": fill.candidate.line.code,
                    "dst": fill.line.code,
                },
            )
        if not fills:
            messages.info(request, _("Tidak ada formasi kosong yang bisa diisi."))
    return redirect("recruitment:selection", pk=selection.pk)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    candidate = sel.get_candidate_for_actor(actor, pk)
    components = [str(name) for name, _w in candidate.line.weights]
    form = SkbChangeForm(request.POST or None, components=components)
    if request.method == "POST" and form.is_valid():
        ok = _run(
            request,
            lambda: svc.skb_score_change(
                actor=actor,
                candidate=candidate,
                component=form.cleaned_data["component"],
                nilai=form.cleaned_data["nilai"],
                reason=form.cleaned_data["reason"],
            ),
            _("Nilai SKB disimpan dan peringkat dihitung ulang."),
        )
        if ok:
            return redirect("recruitment:candidate", pk=candidate.pk)
    context = {
        "c": candidate,
        "marks": list(candidate.skb_scores.all()),
        "pppk": [
            {"label": PppkComponent(name).label, "nilai": nilai}
            for name, nilai in zip(COMPONENTS, pppk_scores_in_order(candidate), strict=True)
        ],
        "form": form,
        "above": reason_above(candidate.step_above),
        "below": reason_below(candidate.step_below),
    }
    return render(request, "recruitment/candidate.html", context)


@login_required
@require_POST
def candidate_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a candidate by hand or correct one (key: nomor peserta), through the same write
    path as the PPPK file load; after the announcement a reason is required."""
    actor = _actor(request)
    selection = sel.get_selection_for_actor(actor, pk, write=True)
    form = CandidateEntryForm(request.POST, selection=selection)
    if form.is_valid():
        data = form.cleaned_data
        entry = Entry(
            no_peserta=data["no_peserta"].strip(),
            name=data["name"].strip(),
            birth_date=data["birth_date"],
            line_code=data["line"],
            education=data["education"],
            scores=form.scores(),
            twk=data.get("twk") or 0,
            tiu=data.get("tiu") or 0,
            tkp=data.get("tkp") or 0,
        )
        try:
            outcome = candidates_write(
                actor=actor, selection=selection, entries=[entry], reason=data["reason"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            if outcome.changed:
                messages.success(
                    request,
                    _("Peserta %(no)s disimpan dan peringkat dihitung ulang.")
                    % {"no": entry.no_peserta},
                )
            else:
                messages.info(request, _("Data sama dengan yang tersimpan; tidak ada perubahan."))
            return redirect("recruitment:selection", pk=selection.pk)
    return render_selection(request, actor, selection, entry=form)
