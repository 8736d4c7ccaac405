"""Load a PPPK selection from its three files (docs/formats/selection.md, "PPPK"): the
formasi lines, the weights and minimums, and the candidates with their component scores.

All-or-nothing; the same data again changes nothing and writes no audit entry. Before the
announcement other data replaces the selection's; after it, lines and weights are fixed and
changed scores need a reason, audited per candidate (through `candidates_write`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import require
from pamong.recruitment.files import Source
from pamong.recruitment.files_pppk import Weight, check_weights, read_pppk_files
from pamong.recruitment.models import FormasiLine, Jalur, PppkWeight, Selection, SelectionKind
from pamong.recruitment.services import MANAGE
from pamong.recruitment.services_entry import WriteOutcome, candidates_write, recompute


@dataclass
class PppkLoadOutcome:
    selection: Selection
    changed: bool
    lines: int = 0
    candidates: int = 0
    written: WriteOutcome | None = None


def _refuse(message: str) -> InputErrors:
    return InputErrors([InputError(message)])


def _stored_weights(selection: Selection) -> list[Weight]:
    return sorted(
        (
            Weight(w.component, w.weight, w.minimum)
            for w in PppkWeight.objects.filter(selection=selection)
        ),
        key=lambda w: w.component,
    )


def _write_weights(selection: Selection, weights: list[Weight]) -> None:
    problems = check_weights(weights)
    if problems:
        raise ValidationError(problems)
    PppkWeight.objects.filter(selection=selection).delete()
    PppkWeight.objects.bulk_create(
        [
            PppkWeight(
                tenant=selection.tenant,
                selection=selection,
                component=w.component,
                weight=w.weight,
                minimum=w.minimum,
            )
            for w in weights
        ]
    )


def _write_lines(
    selection: Selection, stored: dict[str, FormasiLine], lines: dict[str, tuple[str, int]]
) -> None:
    """Create and update the lines; the ones no longer in the file go after the candidates."""
    for line_code, (jabatan, kuota) in lines.items():
        line = stored.get(line_code)
        if line is None:
            # jalur is a CASN notion; PPPK lines keep the default
            FormasiLine.objects.create(
                tenant=selection.tenant, selection=selection, code=line_code,
                jabatan=jabatan, jalur=Jalur.UMUM, kuota=kuota, weights=[],
            )  # fmt: skip
        elif (line.jabatan, line.kuota) != (jabatan, kuota):
            line.jabatan, line.kuota = jabatan, kuota
            line.save(update_fields=["jabatan", "kuota"])


@transaction.atomic
def pppk_load(
    *,
    actor: Actor,
    code: str,
    formasi: Source,
    peserta: Source,
    bobot: Source,
    names: tuple[str, str, str] = ("formasi.csv", "peserta.csv", "bobot.csv"),
    name: str = "",
    reason: str = "",
) -> PppkLoadOutcome:
    require(actor, MANAGE)
    code = code.strip()
    if not code or len(code) > 40:
        raise _refuse(_("kode seleksi wajib diisi (paling panjang 40 karakter)"))
    data = read_pppk_files(formasi, peserta, bobot, names=names)
    selection = Selection.objects.select_for_update().filter(tenant=actor.tenant, code=code).first()
    created = selection is None
    if selection is None:
        assert actor.tenant is not None
        selection = Selection.objects.create(
            tenant=actor.tenant, code=code, name=name or code, kind=SelectionKind.PPPK
        )
    elif not selection.is_pppk:
        raise _refuse(
            _("seleksi %(code)s adalah seleksi CASN; berkas PPPK tidak bisa dimuat ke sana")
            % {"code": code}
        )
    stored_lines = {ln.code: ln for ln in FormasiLine.objects.filter(selection=selection)}
    lines_same = {c: (ln.jabatan, ln.kuota) for c, ln in stored_lines.items()} == data.lines
    weights_same = _stored_weights(selection) == sorted(data.weights, key=lambda w: w.component)
    if selection.is_announced and not (lines_same and weights_same):
        raise _refuse(
            _("seleksi %(code)s sudah diumumkan; formasi dan bobotnya tidak bisa diganti")
            % {"code": code}
        )
    if not weights_same:
        _write_weights(selection, data.weights)
    _write_lines(selection, stored_lines, data.lines)
    try:
        written = candidates_write(
            actor=actor,
            selection=selection,
            entries=data.entries,
            reason=reason,
            replace=True,
            source="file",
        )
    except ValidationError as exc:
        raise InputErrors([InputError(m, source=names[1]) for m in exc.messages]) from exc
    obsolete = [ln.pk for c, ln in stored_lines.items() if c not in data.lines]
    FormasiLine.objects.filter(pk__in=obsolete).delete()  # their candidates moved or went
    changed = created or not lines_same or not weights_same or written.changed
    if not changed:
        return PppkLoadOutcome(selection, False)
    if not written.changed:  # lines or weights alone changed: the ranking still moves
        recompute(selection)
    selection.source_sha256 = data.sha256
    selection.save(update_fields=["source_sha256", "updated_at"])
    if created or not lines_same or not weights_same:
        audit(
            actor=actor,
            action="recruitment.selection.created" if created else "recruitment.selection.replaced",
            obj=selection,
            data={
                "kind": SelectionKind.PPPK,
                "files": data.sha256,
                "lines": len(data.lines),
                "candidates": len(data.entries),
                "weights": {w.component: str(w.weight) for w in data.weights},
            },
        )
    return PppkLoadOutcome(selection, True, len(data.lines), len(data.entries), written)
