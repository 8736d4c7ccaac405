"""Formasi planning writes and reads: load the ABK file (all-or-nothing, idempotent,
audited) and build the year's proposal from the org data (one query for the people)."""

from __future__ import annotations

import io

from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core import spreadsheet
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.permissions import require
from pamong.imports.tabular import RowErrors, Table, read_table
from pamong.org.models import EmployeeStatus
from pamong.org.selectors import employees_visible_to, units_visible_to
from pamong.recruitment.files import INT_RE, Source
from pamong.recruitment.models import FormasiNeed
from pamong.recruitment.planning import Need, Person, ProposalRow, proposal

MANAGE = "recruitment.manage"
NEED_COLUMNS = ["kode_opd", "jabatan", "kebutuhan"]
NEED_OPTIONAL = ["pindah_masuk", "pindah_keluar"]
# in post: everybody still holding the jabatan, including those on leave or study
IN_POST = [
    EmployeeStatus.AKTIF,
    EmployeeStatus.CLTN,
    EmployeeStatus.TUGAS_BELAJAR,
    EmployeeStatus.DIBERHENTIKAN_SEMENTARA,
]


@transaction.atomic
def formasi_needs_load(
    *, actor: Actor, year: int, data: Source, source: str = "abk.csv"
) -> tuple[int, int, int]:
    """Create or replace the ABK rows of `year` from a file. Returns (created, updated,
    unchanged); rows of the year that the file no longer names are removed (counted as
    updated)."""
    require(actor, MANAGE)
    table = read_table(data, source=source, required=NEED_COLUMNS, optional=NEED_OPTIONAL)
    wanted = _parse_needs(actor, table, RowErrors(source))
    tenant = actor.tenant
    assert tenant is not None  # require() refused tenant-less actors
    existing: dict[tuple[int, str], FormasiNeed] = {
        (n.opd_id, n.jabatan): n
        for n in FormasiNeed.objects.select_for_update().filter(tenant=actor.tenant, year=year)
    }
    created = updated = unchanged = 0
    for key, v in wanted.items():
        fields = {
            "needed": v["kebutuhan"],
            "transfers_in": v["pindah_masuk"],
            "transfers_out": v["pindah_keluar"],
        }
        need = existing.pop(key, None)
        if need is None:
            FormasiNeed.objects.create(
                tenant=tenant, year=year, opd_id=key[0], jabatan=key[1], **fields
            )
            created += 1
        elif any(getattr(need, k) != val for k, val in fields.items()):
            FormasiNeed.objects.filter(pk=need.pk).update(**fields)
            updated += 1
        else:
            unchanged += 1
    if existing:
        FormasiNeed.objects.filter(pk__in=[n.pk for n in existing.values()]).delete()
        updated += len(existing)
    if created or updated:
        audit(
            actor=actor,
            action="recruitment.formasi_needs.loaded",
            data={"year": year, "file": table.sha256, "created": created, "updated": updated},
        )
    return created, updated, unchanged


def _parse_needs(
    actor: Actor, table: Table, errors: RowErrors
) -> dict[tuple[int, str], dict[str, int]]:
    opds = {u.code: u for u in units_visible_to(actor).filter(parent__isnull=True)}
    wanted: dict[tuple[int, str], dict[str, int]] = {}
    for row, cells in table.rows:
        opd = opds.get(cells["kode_opd"])
        if opd is None:
            errors.add(row, "kode_opd", _("OPD %(c)s tidak ada") % {"c": cells["kode_opd"]})
        if not cells["jabatan"]:
            errors.add(row, "jabatan", _("wajib diisi"))
        values = {}
        for column in ("kebutuhan", "pindah_masuk", "pindah_keluar"):
            text = cells.get(column, "") or ("" if column == "kebutuhan" else "0")
            if not INT_RE.match(text):
                errors.add(row, column, _("harus bilangan bulat ≥ 0"))
            else:
                values[column] = int(text)
        if opd is not None and cells["jabatan"]:
            key = (opd.pk, cells["jabatan"])
            if key in wanted:
                errors.add(row, "jabatan", _("OPD dan jabatan ini sudah ada di baris lain"))
            wanted[key] = values
    errors.raise_if_any()
    return wanted


def formasi_proposal(*, actor: Actor, year: int) -> list[ProposalRow]:
    require(actor, MANAGE)
    needs = [
        Need(opd, jabatan, needed, t_in, t_out)
        for opd, jabatan, needed, t_in, t_out in FormasiNeed.objects.filter(
            tenant=actor.tenant, year=year
        ).values_list("opd__code", "jabatan", "needed", "transfers_in", "transfers_out")
    ]
    people = [
        Person(opd or "", jabatan, born, kind, kelas)
        for opd, jabatan, born, kind, kelas in employees_visible_to(actor)
        .filter(status__in=IN_POST)
        .values_list(
            "opd__code", "position__name", "birth_date", "position__kind", "position__kelas"
        )
    ]
    return proposal(needs, people, year)


PROPOSAL_COLUMNS = [
    "kode_opd", "jabatan", "kebutuhan", "menjabat", "pensiun", "pindah_masuk",
    "pindah_keluar", "proyeksi_akhir_tahun", "usulan", "alasan",
]  # fmt: skip


def proposal_csv(rows: list[ProposalRow]) -> bytes:
    buffer = io.StringIO()
    writer = spreadsheet.csv_writer(buffer, lineterminator="\n")
    writer.writerow(PROPOSAL_COLUMNS)
    for r in rows:
        writer.writerow(
            [r.opd, r.jabatan, r.needed, r.in_post, r.retiring, r.transfers_in,
             r.transfers_out, r.projected, r.proposal, "; ".join(r.reasons)]
        )  # fmt: skip
    return buffer.getvalue().encode("utf-8")
