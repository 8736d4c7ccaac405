"""Needs analysis (AKPK) and the individual development plan (IDP).

Needs come from three places: a low predikat in the year (read through
performance.selectors), the gap between the jabatan's standard and the employee's assessed
level per competency kind, and proposals by the employee or their supervisor. Reads take a
fixed number of queries per page; writes follow the services conventions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.errors import InputError, InputErrors
from pamong.core.models import Tenant
from pamong.core.permissions import require
from pamong.imports.tabular import RowErrors, parse_date, read_table
from pamong.org.models import Employee, EmployeeStatus, Position
from pamong.performance.predikat import Predikat
from pamong.performance.selectors import low_predikat_by_employee

from .models import (
    CompetencyAssessment,
    CompetencyKind,
    CompetencyStandard,
    DevelopmentPlan,
    DevelopmentPlanItem,
    DevelopmentProposal,
    JpEntry,
    ProgrammeKind,
)
from .selectors import MANAGE

SOURCE = "kompetensi"


@dataclass
class Gap:
    kind: str
    standard: int
    level: int | None  # None: not assessed yet

    @property
    def label(self) -> str:
        return str(CompetencyKind(self.kind).label)

    @property
    def size(self) -> int | None:
        return None if self.level is None else max(self.standard - self.level, 0)


@dataclass
class Need:
    employee: Employee
    predikat: tuple[str, str] | None = None
    gaps: list[Gap] = field(default_factory=list)
    proposals: list[DevelopmentProposal] = field(default_factory=list)

    @property
    def predikat_label(self) -> str:
        return str(Predikat(self.predikat[1]).label) if self.predikat else ""

    @property
    def open_gaps(self) -> list[Gap]:
        return [g for g in self.gaps if g.size]

    @property
    def any(self) -> bool:
        return bool(self.predikat or self.open_gaps or self.proposals)


def needs(tenant: Tenant, year: int, opd_ids: frozenset[int] | None) -> list[Need]:
    """Every active employee (of the OPDs) with a need; five queries."""
    employees = Employee.objects.filter(tenant=tenant, status=EmployeeStatus.AKTIF)
    if opd_ids is not None:
        employees = employees.filter(opd_id__in=opd_ids)
    people = list(employees.select_related("unit", "position").order_by("opd_id", "name"))
    ids = [e.pk for e in people]
    low = low_predikat_by_employee(tenant, year, ids if opd_ids is not None else None)
    standards: dict[int, dict[str, int]] = {}
    for position_id, kind, level in CompetencyStandard.objects.filter(tenant=tenant).values_list(
        "position_id", "kind", "level"
    ):
        standards.setdefault(position_id, {})[kind] = level
    assessed: dict[tuple[int, str], int] = {}
    levels = CompetencyAssessment.objects.filter(tenant=tenant)
    proposals = DevelopmentProposal.objects.filter(tenant=tenant, year=year)
    if opd_ids is not None:
        levels = levels.filter(employee__opd_id__in=opd_ids)
        proposals = proposals.filter(employee__opd_id__in=opd_ids)
    for employee_id, kind, level in levels.values_list("employee_id", "kind", "level"):
        assessed[(employee_id, kind)] = level
    by_employee: dict[int, list[DevelopmentProposal]] = {}
    for proposal in proposals.order_by("id"):
        by_employee.setdefault(proposal.employee_id, []).append(proposal)
    result = []
    for e in people:
        need = Need(e, predikat=low.get(e.pk), proposals=by_employee.get(e.pk, []))
        for kind, standard in sorted(standards.get(e.position_id, {}).items()):
            need.gaps.append(Gap(kind, standard, assessed.get((e.pk, kind))))
        if need.any:
            result.append(need)
    return result


def _fail(field_name: str, message: str) -> InputErrors:
    return InputErrors([InputError(message=message, column=field_name, source=SOURCE)])


@transaction.atomic
def proposal_add(
    *, actor: Actor, employee: Employee, year: int, competency_kind: str, need: str, kind: str
) -> DevelopmentProposal:
    """The employee proposes for themselves, the direct supervisor for a subordinate."""
    if actor.tenant is None or employee.tenant_id != actor.tenant.pk:
        raise PermissionDenied
    if employee.pk == actor.employee_id:
        by = DevelopmentProposal.By.SELF
    elif actor.employee_id is not None and employee.supervisor_id == actor.employee_id:
        by = DevelopmentProposal.By.SUPERVISOR
    else:
        raise PermissionDenied
    if not need.strip():
        raise _fail("need", _("Kebutuhan pengembangan wajib diisi."))
    if competency_kind not in CompetencyKind.values or kind not in ProgrammeKind.values:
        raise _fail("kind", _("Pilihan tidak dikenal."))
    proposal = DevelopmentProposal.objects.create(
        tenant=actor.tenant, employee=employee, year=year, proposed_by=by,
        competency_kind=competency_kind, need=need.strip()[:300], kind=kind,
        created_by=actor.user,
    )  # fmt: skip
    audit(
        actor=actor,
        action="competence.proposal.created",
        obj=proposal,
        after=snapshot(proposal, ["employee", "year", "proposed_by", "need", "kind"]),
    )
    return proposal


def plan_for(actor: Actor, year: int) -> DevelopmentPlan:
    """The actor's own plan for the year (created empty on first visit)."""
    if actor.tenant is None or actor.employee_id is None:
        raise PermissionDenied
    plan, _created = DevelopmentPlan.objects.get_or_create(
        tenant=actor.tenant, employee_id=actor.employee_id, year=year
    )
    return plan


def _own_draft(actor: Actor, plan: DevelopmentPlan) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk, tenant=actor.tenant)
    if plan.employee_id != actor.employee_id:
        raise PermissionDenied
    if plan.status != DevelopmentPlan.Status.DRAFT:
        raise _fail("status", _("Rencana sudah dikirim; minta atasan mengembalikannya."))
    return plan


@transaction.atomic
def plan_update(*, actor: Actor, plan: DevelopmentPlan, goals: str) -> DevelopmentPlan:
    plan = _own_draft(actor, plan)
    before = snapshot(plan, ["goals"])
    plan.goals = goals.strip()
    plan.save()
    audit(
        actor=actor,
        action="competence.idp.updated",
        obj=plan,
        before=before,
        after=snapshot(plan, ["goals"]),
    )
    return plan


@transaction.atomic
def plan_item_add(
    *, actor: Actor, plan: DevelopmentPlan, kind: str, competency_kind: str, activity: str, jp: int
) -> DevelopmentPlanItem:
    plan = _own_draft(actor, plan)
    if not activity.strip():
        raise _fail("activity", _("Kegiatan wajib diisi."))
    if not 1 <= jp <= 1000:
        raise _fail("jp", _("JP harus 1–1000."))
    item = DevelopmentPlanItem.objects.create(
        tenant_id=plan.tenant_id, plan=plan, kind=kind, competency_kind=competency_kind,
        activity=activity.strip(), jp=jp,
    )  # fmt: skip
    audit(
        actor=actor,
        action="competence.idp.item_added",
        obj=plan,
        data={"activity": item.activity, "jp": jp, "kind": kind},
    )
    return item


@transaction.atomic
def plan_item_remove(*, actor: Actor, item: DevelopmentPlanItem) -> None:
    plan = _own_draft(actor, item.plan)
    audit(
        actor=actor,
        action="competence.idp.item_removed",
        obj=plan,
        data={"activity": item.activity},
    )
    item.delete()


@transaction.atomic
def plan_submit(*, actor: Actor, plan: DevelopmentPlan) -> DevelopmentPlan:
    plan = _own_draft(actor, plan)
    if not plan.items.exists():
        raise _fail("items", _("Tambahkan minimal satu kegiatan."))
    plan.status = DevelopmentPlan.Status.SUBMITTED
    plan.save()
    audit(actor=actor, action="competence.idp.submitted", obj=plan)
    return plan


@transaction.atomic
def plan_agree(
    *, actor: Actor, plan: DevelopmentPlan, agree: bool, note: str = ""
) -> DevelopmentPlan:
    """The direct supervisor agrees to the plan, or returns it to the employee with a note."""
    plan = (
        DevelopmentPlan.objects.select_for_update()
        .select_related("employee")
        .get(pk=plan.pk, tenant=actor.tenant)
    )
    if actor.employee_id is None or plan.employee.supervisor_id != actor.employee_id:
        raise PermissionDenied
    if plan.status != DevelopmentPlan.Status.SUBMITTED:
        raise _fail("status", _("Rencana tidak menunggu persetujuan."))
    if not agree and not note.strip():
        raise _fail("note", _("Catatan wajib diisi bila rencana dikembalikan."))
    before = snapshot(plan, ["status", "note"])
    plan.status = DevelopmentPlan.Status.AGREED if agree else DevelopmentPlan.Status.DRAFT
    plan.note = note.strip()
    if agree:
        plan.agreed_by_id, plan.agreed_at = actor.employee_id, clock.now()
    plan.save()
    audit(
        actor=actor,
        action="competence.idp.agreed" if agree else "competence.idp.returned",
        obj=plan,
        before=before,
        after=snapshot(plan, ["status", "note"]),
    )
    return plan


def plan_progress(plan: DevelopmentPlan) -> tuple[int, int]:
    """(planned JP, JP in the ledger for the plan's year): development done against the plan."""
    planned = sum(plan.items.values_list("jp", flat=True))
    done = sum(
        JpEntry.objects.filter(
            tenant=plan.tenant_id, employee_id=plan.employee_id, year=plan.year
        ).values_list("jp", flat=True)
    )
    return planned, done


# --- imports of standards and assessed levels ---------------------------------------------


def levels_import(*, actor: Actor, data: bytes | IO[bytes], source: str) -> dict[str, int]:
    """levels.csv: nip, jenis_kompetensi, level, tanggal. All-or-nothing; the row of an
    employee and kind is replaced when the file's date is not older; re-import changes nothing."""
    require(actor, MANAGE)
    table = read_table(
        data, source=source, required=("nip", "jenis_kompetensi", "level", "tanggal")
    )
    errors = RowErrors(source)
    nips = {v["nip"] for _r, v in table.rows}
    employees = dict(
        Employee.objects.filter(tenant=actor.tenant, nip__in=nips).values_list("nip", "id")
    )
    parsed: dict[tuple[int, str], tuple[int, dt.date, int]] = {}
    for row, values in table.rows:
        employee_id = employees.get(values["nip"])
        if employee_id is None:
            errors.add(row, "nip", _("pegawai dengan NIP ini tidak ada"))
        kind = values["jenis_kompetensi"]
        if kind not in CompetencyKind.values:
            errors.add(row, "jenis_kompetensi", _("harus manajerial, sosio_kultural atau teknis"))
        level = _level(values["level"], row, errors)
        try:
            on = parse_date(values["tanggal"])
        except ValueError as exc:
            errors.add(row, "tanggal", str(exc))
            continue
        if employee_id is None or level is None or kind not in CompetencyKind.values:
            continue
        if (employee_id, kind) in parsed:
            errors.add(
                row,
                "nip",
                _("pegawai dan jenis kompetensi ini sudah ada di baris %(r)s")
                % {"r": parsed[(employee_id, kind)][2]},
            )
        parsed[(employee_id, kind)] = (level, on, row)
    errors.raise_if_any()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        existing = {
            (a.employee_id, a.kind): a
            for a in CompetencyAssessment.objects.select_for_update().filter(
                tenant=actor.tenant, employee_id__in={k[0] for k in parsed}
            )
        }
        new = []
        for (employee_id, kind), (level, on, _row) in parsed.items():
            current = existing.get((employee_id, kind))
            if current is None:
                new.append(
                    CompetencyAssessment(
                        tenant=actor.tenant,
                        employee_id=employee_id,
                        kind=kind,
                        level=level,
                        assessed_on=on,
                    )
                )
                counts["created"] += 1
            elif (current.level, current.assessed_on) == (level, on) or current.assessed_on > on:
                counts["unchanged"] += 1
            else:
                current.level, current.assessed_on = level, on
                current.save(update_fields=["level", "assessed_on", "updated_at"])
                counts["updated"] += 1
        CompetencyAssessment.objects.bulk_create(new, batch_size=2000)
        audit(
            actor=actor,
            action="competence.levels.imported",
            data={"file": source, "sha256": table.sha256, **counts},
        )
    return counts


def _level(value: str, row: int, errors: RowErrors) -> int | None:
    if value not in {"1", "2", "3", "4", "5"}:
        errors.add(row, "level", _("level harus 1 sampai 5"))
        return None
    return int(value)


def standards_import(*, actor: Actor, data: bytes | IO[bytes], source: str) -> dict[str, int]:
    """standards.csv: jabatan, jenis_jabatan, kelas, jenis_kompetensi, level (all-or-nothing)."""
    require(actor, MANAGE)
    assert actor.tenant is not None
    table = read_table(
        data,
        source=source,
        required=("jabatan", "jenis_jabatan", "kelas", "jenis_kompetensi", "level"),
    )
    errors = RowErrors(source)
    positions = {
        (name, kind, str(kelas)): pk
        for pk, name, kind, kelas in Position.objects.filter(tenant=actor.tenant).values_list(
            "pk", "name", "kind", "kelas"
        )
    }
    parsed: dict[tuple[int, str], int] = {}
    for row, values in table.rows:
        position_id = positions.get((values["jabatan"], values["jenis_jabatan"], values["kelas"]))
        if position_id is None:
            errors.add(row, "jabatan", _("jabatan dengan jenis dan kelas ini tidak ada"))
        kind = values["jenis_kompetensi"]
        if kind not in CompetencyKind.values:
            errors.add(row, "jenis_kompetensi", _("harus manajerial, sosio_kultural atau teknis"))
        level = _level(values["level"], row, errors)
        if position_id is not None and level is not None and kind in CompetencyKind.values:
            parsed[(position_id, kind)] = level
    errors.raise_if_any()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        existing = {
            (s.position_id, s.kind): s
            for s in CompetencyStandard.objects.select_for_update().filter(tenant=actor.tenant)
        }
        for (position_id, kind), level in parsed.items():
            current = existing.get((position_id, kind))
            if current is None:
                CompetencyStandard.objects.create(
                    tenant_id=actor.tenant.pk, position_id=position_id, kind=kind, level=level
                )
                counts["created"] += 1
            elif current.level == level:
                counts["unchanged"] += 1
            else:
                current.level = level
                current.save(update_fields=["level"])
                counts["updated"] += 1
        audit(
            actor=actor,
            action="competence.standards.imported",
            data={"file": source, "sha256": table.sha256, **counts},
        )
    return counts
