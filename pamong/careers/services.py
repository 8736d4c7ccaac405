"""The one write path per careers action: settings, sanctions, the KP file and proposal
(OPD -> BKPSDM), the KP decision, KGB postponement and recording.

The KP decision changes the employee's golongan through `org.services.employee_update`, with
the TMT as the effective date, so the golongan history and everything read from the current
golongan (the TPP tax group) follow. A decision whose TMT is still ahead is applied on that
day by `kp_apply_due` (daily task and `pamong careers apply-tmt`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.careers import rules
from pamong.careers import selectors as sel
from pamong.careers.models import (
    CareerSettings,
    KgbPostponement,
    KgbRecord,
    KpDocument,
    KpProposal,
    KpStatus,
    Sanction,
)
from pamong.careers.paytables import gaji_pokok
from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.permissions import has_perm, require
from pamong.org.models import PNS_GOLONGAN, Employee, EmployeeType
from pamong.org.services import employee_update

PROPOSAL_FIELDS = [
    "status", "from_golongan", "to_golongan", "note", "sk_number", "sk_date", "new_golongan",
    "tmt", "applied",
]  # fmt: skip
SETTINGS_FIELDS = [
    "education_ceiling", "kp_documents", "sanction_blocks_kp", "kgb_predikat",
    "kgb_postpone_months",
]  # fmt: skip


def _today(actor: Actor) -> dt.date:
    return clock.today(actor.tenant)


def _may_prepare(actor: Actor, employee: Employee) -> bool:
    """BKPSDM, or the head of the employee's OPD (the OPD side of the proposal)."""
    return has_perm(actor, sel.MANAGE) or (
        employee.opd_id is not None and employee.opd_id in actor.opd_ids
    )


def _require_prepare(actor: Actor, employee: Employee) -> None:
    if actor.tenant is None or employee.tenant_id != actor.tenant.pk:
        raise PermissionDenied
    if not _may_prepare(actor, employee):
        raise PermissionDenied


# --- settings and sanctions -----------------------------------------------------------------


@transaction.atomic
def settings_update(*, actor: Actor, **changes: Any) -> CareerSettings:
    require(actor, sel.MANAGE)
    assert actor.tenant is not None
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError({f: [_("kolom tidak dikenal")] for f in unknown})
    config, _created = CareerSettings.objects.select_for_update().get_or_create(tenant=actor.tenant)
    before = snapshot(config, SETTINGS_FIELDS)
    errors: dict[str, list[str]] = {}
    ceiling = changes.get("education_ceiling", config.education_ceiling)
    for edu, gol in ceiling.items():
        if gol not in PNS_GOLONGAN:
            errors.setdefault("education_ceiling", []).append(
                _("%(edu)s: golongan %(gol)s tidak dikenal") % {"edu": edu, "gol": gol}
            )
    months = changes.get("kgb_postpone_months", config.kgb_postpone_months)
    if not 1 <= months <= rules.KGB_MAX_POSTPONE_MONTHS:
        errors["kgb_postpone_months"] = [_("penundaan KGB paling lama 12 bulan")]
    if errors:
        raise ValidationError(errors)
    for name, value in changes.items():
        setattr(config, name, value)
    config.save()
    audit(
        actor=actor,
        action="careers.settings.updated",
        obj=config,
        before=before,
        after=snapshot(config, SETTINGS_FIELDS),
    )
    return config


@transaction.atomic
def sanction_create(
    *,
    actor: Actor,
    employee: Employee,
    level: str,
    starts: dt.date,
    ends: dt.date | None,
    sk_number: str = "",
    reason: str = "",
) -> Sanction:
    require(actor, sel.MANAGE)
    if employee.tenant_id != actor.tenant.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    if ends is not None and ends < starts:
        raise ValidationError({"ends": [_("tanggal berakhir sebelum tanggal mulai")]})
    sanction = Sanction(
        tenant=actor.tenant,
        employee=employee,
        level=level,
        starts=starts,
        ends=ends,
        sk_number=sk_number,
        reason=reason,
        created_by=actor.user,
    )
    sanction.full_clean(exclude=["tenant", "employee", "created_by"])
    sanction.save()
    audit(
        actor=actor,
        action="careers.sanction.created",
        obj=sanction,
        after=snapshot(sanction, ["employee", "level", "starts", "ends", "sk_number"]),
    )
    return sanction


# --- KP proposal ----------------------------------------------------------------------------


def _locked(proposal: KpProposal, actor: Actor) -> KpProposal:
    return (
        KpProposal.objects.select_for_update()
        .select_related("employee", "employee__position")
        .get(pk=proposal.pk, tenant=actor.tenant)
    )


def _transition(
    actor: Actor, proposal: KpProposal, allowed: set[str], status: str, verb: str, **fields: Any
) -> KpProposal:
    if proposal.status not in allowed:
        raise ValidationError(
            _("usulan berstatus %(status)s tidak bisa diproses begini")
            % {"status": proposal.get_status_display()}
        )
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.status = status
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save()
    audit(
        actor=actor,
        action=f"careers.kp.{verb}",
        obj=proposal,
        before=before,
        after=snapshot(proposal, PROPOSAL_FIELDS),
    )
    return proposal


@transaction.atomic
def kp_proposal_create(*, actor: Actor, employee: Employee, period: dt.date) -> KpProposal:
    """Open the KP file of a due employee for a period, with the required documents."""
    _require_prepare(actor, employee)
    if not rules.is_kp_period(period):
        raise ValidationError(
            {"period": [_("%(d)s bukan periode KP menurut aturan yang berlaku") % {"d": period}]}
        )
    if employee.employee_type != EmployeeType.PNS:
        raise ValidationError({"employee": [_("KP reguler hanya untuk PNS")]})
    if employee.tmt_pangkat is None or employee.tmt_pangkat > rules.kp_years_cutoff(period, 4):
        raise ValidationError({"employee": [_("masa kerja dalam pangkat belum 4 tahun")]})
    target = rules.next_golongan(employee.golongan)
    if target is None:
        raise ValidationError({"employee": [_("sudah di golongan tertinggi")]})
    if KpProposal.objects.filter(tenant=actor.tenant, employee=employee, period=period).exists():
        raise ValidationError({"period": [_("usulan untuk periode ini sudah ada")]})
    assert actor.tenant is not None
    proposal = KpProposal.objects.create(
        tenant=actor.tenant,
        employee=employee,
        period=period,
        from_golongan=employee.golongan,
        to_golongan=target,
        created_by=actor.user,
    )
    config = sel.settings_for(actor.tenant)
    KpDocument.objects.bulk_create(
        [
            KpDocument(tenant=actor.tenant, proposal=proposal, code=d["code"], label=d["label"])
            for d in sel.required_documents(config, employee.position.kind)
        ]
    )
    audit(
        actor=actor,
        action="careers.kp.created",
        obj=proposal,
        after=snapshot(proposal, PROPOSAL_FIELDS),
    )
    return proposal


@transaction.atomic
def kp_document_attach(
    *, actor: Actor, document: KpDocument, file: UploadedFile | None = None, link: str = ""
) -> KpDocument:
    proposal = _locked(document.proposal, actor)
    _require_prepare(actor, proposal.employee)
    if proposal.status not in {KpStatus.DRAFT, KpStatus.RETURNED}:
        raise ValidationError(_("berkas hanya bisa diubah selama disiapkan OPD"))
    if file is None and not link:
        raise ValidationError({"file": [_("unggah berkas atau isi tautan")]})
    document = KpDocument.objects.select_for_update().get(pk=document.pk, proposal=proposal)
    if file is not None:
        document.file = file
    if link:
        document.link = link
    document.verified = False
    document.full_clean(exclude=["tenant", "proposal", "verified_by", "file"])
    document.save()
    audit(
        actor=actor,
        action="careers.kp.document_attached",
        obj=proposal,
        data={"document": document.code, "link": link, "file": document.file.name or ""},
    )
    return document


@transaction.atomic
def kp_document_check(
    *, actor: Actor, document: KpDocument, verified: bool, note: str = ""
) -> KpDocument:
    """BKPSDM checks one document of a submitted file."""
    require(actor, sel.MANAGE)
    proposal = _locked(document.proposal, actor)
    if proposal.status != KpStatus.SUBMITTED:
        raise ValidationError(_("dokumen diperiksa setelah usulan diajukan OPD"))
    document = KpDocument.objects.select_for_update().get(pk=document.pk, proposal=proposal)
    if verified and not document.present:
        raise ValidationError(_("dokumen %(doc)s belum diunggah") % {"doc": document.label})
    before = {"verified": document.verified, "note": document.note}
    document.verified = verified
    document.note = note
    document.verified_by = actor.user
    document.save()
    audit(
        actor=actor,
        action="careers.kp.document_checked",
        obj=proposal,
        before=before,
        after={"verified": verified, "note": note},
        data={"document": document.code},
    )
    return document


@transaction.atomic
def kp_proposal_submit(*, actor: Actor, proposal: KpProposal) -> KpProposal:
    """OPD sends the complete file to BKPSDM."""
    proposal = _locked(proposal, actor)
    _require_prepare(actor, proposal.employee)
    missing = [d.label for d in proposal.documents.all() if not d.present]
    if missing:
        raise ValidationError(_("dokumen belum lengkap: %(docs)s") % {"docs": ", ".join(missing)})
    return _transition(
        actor,
        proposal,
        {KpStatus.DRAFT, KpStatus.RETURNED},
        KpStatus.SUBMITTED,
        "submitted",
        submitted_at=timezone.now(),
    )


@transaction.atomic
def kp_proposal_return(*, actor: Actor, proposal: KpProposal, reason: str) -> KpProposal:
    require(actor, sel.MANAGE)
    if not reason.strip():
        raise ValidationError({"note": [_("alasan pengembalian wajib diisi")]})
    proposal = _locked(proposal, actor)
    return _transition(
        actor,
        proposal,
        {KpStatus.SUBMITTED, KpStatus.VERIFIED},
        KpStatus.RETURNED,
        "returned",
        note=reason.strip(),
    )


@transaction.atomic
def kp_proposal_verify(*, actor: Actor, proposal: KpProposal) -> KpProposal:
    """BKPSDM confirms the file and the rules: every document checked, nothing blocking."""
    require(actor, sel.MANAGE)
    proposal = _locked(proposal, actor)
    unchecked = [d.label for d in proposal.documents.all() if not (d.verified and d.present)]
    if unchecked:
        raise ValidationError(
            _("dokumen belum diperiksa: %(docs)s") % {"docs": ", ".join(unchecked)}
        )
    rows = sel.kp_due(actor, proposal.period, employee_id=proposal.employee_id)
    if not rows:
        raise ValidationError(_("pegawai tidak lagi termasuk daftar KP periode ini"))
    if rows[0].verdict.blockers:
        raise ValidationError("; ".join(rows[0].verdict.blockers))
    return _transition(actor, proposal, {KpStatus.SUBMITTED}, KpStatus.VERIFIED, "verified")


@transaction.atomic
def kp_proposal_reject(*, actor: Actor, proposal: KpProposal, reason: str) -> KpProposal:
    require(actor, sel.MANAGE)
    if not reason.strip():
        raise ValidationError({"note": [_("alasan penolakan wajib diisi")]})
    proposal = _locked(proposal, actor)
    return _transition(
        actor,
        proposal,
        {KpStatus.DRAFT, KpStatus.SUBMITTED, KpStatus.VERIFIED, KpStatus.RETURNED},
        KpStatus.REJECTED,
        "rejected",
        note=reason.strip(),
    )


@transaction.atomic
def kp_decide(
    *,
    actor: Actor,
    proposal: KpProposal,
    sk_number: str,
    sk_date: dt.date,
    new_golongan: str,
    tmt: dt.date,
) -> KpProposal:
    """Record the SK kenaikan pangkat; from the TMT the employee's golongan follows."""
    require(actor, sel.MANAGE)
    proposal = _locked(proposal, actor)
    errors: dict[str, list[str]] = {}
    if not sk_number.strip():
        errors["sk_number"] = [_("nomor SK wajib diisi")]
    if rules.golongan_rank(new_golongan) <= rules.golongan_rank(proposal.from_golongan):
        errors["new_golongan"] = [
            _("golongan baru harus lebih tinggi dari %(gol)s") % {"gol": proposal.from_golongan}
        ]
    if tmt < proposal.period:
        errors["tmt"] = [_("TMT tidak boleh sebelum periode KP %(d)s") % {"d": proposal.period}]
    if errors:
        raise ValidationError(errors)
    _transition(
        actor,
        proposal,
        {KpStatus.VERIFIED},
        KpStatus.DECIDED,
        "decided",
        sk_number=sk_number.strip(),
        sk_date=sk_date,
        new_golongan=new_golongan,
        tmt=tmt,
    )
    if tmt <= _today(actor):
        _apply(actor, proposal)
    return proposal


def _apply(actor: Actor, proposal: KpProposal) -> None:
    """Put the decided golongan on the employee, effective from the TMT (org history)."""
    assert proposal.tmt is not None
    employee_update(
        actor=actor,
        employee=proposal.employee,
        effective=proposal.tmt,
        golongan=proposal.new_golongan,
        tmt_pangkat=proposal.tmt,
    )
    proposal.applied = True
    proposal.save(update_fields=["applied", "updated_at"])
    audit(actor=actor, action="careers.kp.applied", obj=proposal, data={"tmt": proposal.tmt})


@transaction.atomic
def kp_apply_due(*, actor: Actor) -> int:
    """Apply every decided KP whose TMT has come (daily)."""
    require(actor, sel.MANAGE)
    due = list(
        KpProposal.objects.select_for_update()
        .filter(tenant=actor.tenant, status=KpStatus.DECIDED, applied=False, tmt__lte=_today(actor))
        .select_related("employee")
        .order_by("tmt", "pk")
    )
    for proposal in due:
        _apply(actor, proposal)
    return len(due)


# --- KGB ------------------------------------------------------------------------------------


@transaction.atomic
def kgb_postpone(*, actor: Actor, employee: Employee, months: int, reason: str) -> KgbPostponement:
    """Postpone the employee's next KGB (at most the tenant's limit, never over 12 months)."""
    require(actor, sel.MANAGE)
    if employee.tenant_id != actor.tenant.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    if employee.tmt_kgb is None:
        raise ValidationError({"employee": [_("TMT gaji berkala terakhir belum diisi")]})
    config = sel.settings_for(actor.tenant)  # type: ignore[arg-type]
    limit = min(config.kgb_postpone_months, rules.KGB_MAX_POSTPONE_MONTHS)
    errors: dict[str, list[str]] = {}
    if not 1 <= months <= limit:
        errors["months"] = [_("penundaan 1 sampai %(n)s bulan") % {"n": limit}]
    if not reason.strip():
        errors["reason"] = [_("alasan penundaan wajib diisi")]
    due = rules.next_kgb(employee.tmt_kgb)
    if KgbPostponement.objects.filter(
        tenant=actor.tenant, employee=employee, due_date=due
    ).exists():
        errors["months"] = [_("KGB jatuh tempo %(d)s sudah ditunda") % {"d": due}]
    if errors:
        raise ValidationError(errors)
    assert actor.tenant is not None
    post = KgbPostponement.objects.create(
        tenant=actor.tenant,
        employee=employee,
        due_date=due,
        months=months,
        reason=reason.strip(),
        created_by=actor.user,
    )
    audit(
        actor=actor,
        action="careers.kgb.postponed",
        obj=employee,
        data={"due_date": due, "months": months, "reason": post.reason},
    )
    return post


@transaction.atomic
def kgb_record(
    *, actor: Actor, employee: Employee, sk_number: str, sk_date: dt.date | None = None
) -> KgbRecord:
    """Grant the due KGB: MKG + 2 years from the (possibly postponed) date, new gaji pokok."""
    require(actor, sel.MANAGE)
    employee = Employee.objects.select_for_update().get(pk=employee.pk, tenant=actor.tenant)
    if employee.tmt_kgb is None or employee.mkg_years is None:
        raise ValidationError({"employee": [_("TMT gaji berkala dan MKG belum diisi")]})
    due = rules.next_kgb(employee.tmt_kgb)
    post = KgbPostponement.objects.filter(
        tenant=actor.tenant, employee=employee, due_date=due
    ).first()
    tmt = rules.add_months(due, post.months) if post else due
    if tmt > _today(actor):
        raise ValidationError(_("KGB baru jatuh tempo pada %(d)s") % {"d": tmt})
    new_mkg = employee.mkg_years + rules.KGB_STEP_YEARS
    pay = gaji_pokok(employee.employee_type, employee.golongan, new_mkg, tmt)
    assert actor.tenant is not None
    record = KgbRecord.objects.create(
        tenant=actor.tenant,
        employee=employee,
        tmt=tmt,
        golongan=employee.golongan,
        mkg_years=new_mkg,
        gaji_pokok=pay.amount,
        sk_number=sk_number.strip(),
        sk_date=sk_date,
    )
    employee_update(actor=actor, employee=employee, effective=tmt, tmt_kgb=tmt, mkg_years=new_mkg)
    audit(
        actor=actor,
        action="careers.kgb.recorded",
        obj=employee,
        data={"tmt": tmt, "mkg_years": new_mkg, "gaji_pokok": pay.amount},
    )
    return record


# --- talent ---------------------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    actor: Actor,
    employee: Employee,
    kind: str,
    score: Any,
    assessed_on: dt.date,
    source: str,
) -> Any:
    """Enter one potential score (assessment centre / competency test) with date and source."""
    from decimal import Decimal, InvalidOperation

    from pamong.careers.models import AssessmentResult

    require(actor, sel.MANAGE)
    if employee.tenant_id != actor.tenant.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    try:
        value = Decimal(str(score))
    except InvalidOperation as exc:
        raise ValidationError({"score": [_("nilai harus angka 0-100")]}) from exc
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"score": [_("nilai harus angka 0-100")]})
    if not source.strip():
        raise ValidationError({"source": [_("sumber wajib diisi")]})
    result, _created = AssessmentResult.objects.update_or_create(
        tenant=actor.tenant,
        employee=employee,
        kind=kind,
        assessed_on=assessed_on,
        defaults={"score": value, "source": source.strip()},
    )
    audit(
        actor=actor,
        action="careers.assessment.recorded",
        obj=employee,
        data={"kind": kind, "score": value, "assessed_on": assessed_on, "source": source},
    )
    return result


@transaction.atomic
def talent_move(
    *, actor: Actor, employee: Employee, year: int, from_box: int | None, to_box: int, reason: str
) -> Any:
    """A talent review moves an employee to another box; the reason is required and audited."""
    from pamong.careers.models import TalentMove

    require(actor, sel.MANAGE)
    if employee.tenant_id != actor.tenant.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not 1 <= to_box <= 9:
        errors["to_box"] = [_("kotak 1 sampai 9")]
    if not reason.strip():
        errors["reason"] = [_("alasan pemindahan wajib diisi")]
    if errors:
        raise ValidationError(errors)
    existing = (
        TalentMove.objects.select_for_update()
        .filter(tenant=actor.tenant, employee=employee, year=year)
        .first()
    )
    before = {"box": existing.to_box if existing else from_box}
    move, _created = TalentMove.objects.update_or_create(
        tenant=actor.tenant,
        employee=employee,
        year=year,
        defaults={
            "from_box": from_box or 0,
            "to_box": to_box,
            "reason": reason.strip(),
            "moved_by": actor.user,
        },
    )
    audit(
        actor=actor,
        action="careers.talent.moved",
        obj=employee,
        before=before,
        after={"box": to_box},
        data={"year": year, "reason": move.reason},
    )
    return move


# --- succession -----------------------------------------------------------------------------


@transaction.atomic
def key_post_save(
    *,
    actor: Actor,
    position: Any,
    min_golongan: str,
    min_education: str,
    plt_since: dt.date | None = None,
    plt_max_months: int = 6,
    note: str = "",
) -> Any:
    """Mark (or update) a JPT or administrator post as a key post for succession."""
    from pamong.careers.models import KeyPost
    from pamong.careers.succession import EDU_RANK

    require(actor, sel.MANAGE)
    if position.tenant_id != actor.tenant.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if position.kind not in {"jpt", "administrator"}:
        errors["position"] = [_("jabatan kunci: JPT atau administrator")]
    if min_golongan not in PNS_GOLONGAN:
        errors["min_golongan"] = [_("golongan tidak dikenal")]
    if min_education not in EDU_RANK:
        errors["min_education"] = [_("pendidikan tidak dikenal")]
    if not 1 <= plt_max_months <= 24:
        errors["plt_max_months"] = [_("1 sampai 24 bulan")]
    if errors:
        raise ValidationError(errors)
    post, created = KeyPost.objects.update_or_create(
        tenant=actor.tenant,
        position=position,
        defaults={
            "min_golongan": min_golongan,
            "min_education": min_education,
            "plt_since": plt_since,
            "plt_max_months": plt_max_months,
            "note": note,
        },
    )
    audit(
        actor=actor,
        action="careers.key_post.created" if created else "careers.key_post.updated",
        obj=post,
        after=snapshot(
            post, ["position", "min_golongan", "min_education", "plt_since", "plt_max_months"]
        ),
    )
    return post
