"""The one write path of the evaluation app: policies, manual values, reports, signing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.errors import InputError, InputErrors
from pamong.core.models import BackgroundJob
from pamong.core.permissions import has_perm, require
from pamong.evaluation.indicators import REGISTRY
from pamong.evaluation.models import (
    EvaluationSettings,
    Explanation,
    ManualValue,
    Policy,
    PolicyIndicator,
    Recommendation,
    Report,
)
from pamong.evaluation.periods import Period, parse_period
from pamong.evaluation.report import build_report_data
from pamong.evaluation.units import build_unit_data
from pamong.org.models import Unit

MANAGE = "evaluation.manage"
JOB_KIND = "evaluation.report"


def _fail(message: str, column: str) -> InputErrors:
    return InputErrors([InputError(message, column=column)])


def _decimal(value: Any, column: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise _fail(_("%(value)r bukan angka") % {"value": value}, column) from None


@transaction.atomic
def policy_save(
    *,
    actor: Actor,
    code: str,
    name: str,
    legal_basis: str,
    goal: str,
    owner: Unit | None = None,
    active: bool = True,
) -> Policy:
    """Create or update (by code) a policy of the register."""
    require(actor, MANAGE)
    assert actor.tenant is not None
    if not code or not name or not legal_basis:
        raise _fail(_("kode, nama dan dasar hukum wajib diisi"), "code")
    policy = Policy.objects.select_for_update().filter(tenant=actor.tenant, code=code).first()
    before = None
    if policy is None:
        policy = Policy(tenant=actor.tenant, code=code)
    else:
        before = {"name": policy.name, "legal_basis": policy.legal_basis, "goal": policy.goal}
    policy.name, policy.legal_basis, policy.goal = name, legal_basis, goal
    policy.owner, policy.active = owner, active
    policy.save()
    after = {"name": name, "legal_basis": legal_basis, "goal": goal}
    verb = "updated" if before else "created"
    audit(actor=actor, action=f"evaluation.policy.{verb}", obj=policy, before=before, after=after)
    return policy


def _targets(raw: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in raw.items():
        period = parse_period(key)
        number = _decimal(value, f"target {key}")
        if number is not None:
            out[period.code] = str(number)
    return out


@transaction.atomic
def indicator_save(
    *,
    actor: Actor,
    policy: Policy,
    code: str,
    targets: dict[str, Any],
    baseline: Any = None,
    owner: Unit | None = None,
    manual: bool = False,
    label: str = "",
    unit_label: str = "",
    higher_is_better: bool = True,
) -> PolicyIndicator:
    """Attach an indicator to a policy (a registry code, or a manual one with its label)."""
    require(actor, MANAGE)
    if not manual and code not in REGISTRY:
        raise _fail(_("indikator %(code)r tidak ada di daftar indikator") % {"code": code}, "code")
    if manual and not label:
        raise _fail(_("indikator manual memerlukan nama"), "label")
    pi, created = PolicyIndicator.objects.select_for_update().get_or_create(
        tenant=policy.tenant, policy=policy, code=code
    )
    before = None if created else {"targets": pi.targets, "baseline": str(pi.baseline)}
    pi.targets = _targets(targets)
    pi.baseline = _decimal(baseline, "baseline")
    pi.owner, pi.manual, pi.label = owner, manual, label
    pi.unit_label, pi.higher_is_better = unit_label, higher_is_better
    pi.save()
    audit(
        actor=actor,
        action="evaluation.indicator.saved",
        obj=pi,
        before=before,
        after={"code": code, "targets": pi.targets, "baseline": str(pi.baseline)},
    )
    return pi


def may_enter(actor: Actor, indicator: PolicyIndicator) -> bool:
    if has_perm(actor, MANAGE):
        return True
    return indicator.owner_id is not None and indicator.owner_id in actor.opd_ids


@transaction.atomic
def manual_value_enter(
    *, actor: Actor, indicator: PolicyIndicator, period: str, value: Any, evidence: str
) -> ManualValue:
    """The owner (an OPD head of the owning OPD, or BKPSDM) enters a value with evidence."""
    if not indicator.manual:
        raise _fail(_("indikator ini dihitung oleh Pamong"), "indicator")
    if not may_enter(actor, indicator):
        raise PermissionDenied
    code = parse_period(period).code
    number = _decimal(value, "value")
    if number is None:
        raise _fail(_("nilai wajib diisi"), "value")
    if not evidence.strip():
        raise _fail(_("bukti wajib diisi"), "evidence")
    mv = ManualValue.objects.select_for_update().filter(indicator=indicator, period=code).first()
    before = {"value": str(mv.value), "evidence": mv.evidence} if mv else None
    if mv is None:
        mv = ManualValue(tenant=indicator.tenant, indicator=indicator, period=code)
    mv.value, mv.evidence, mv.entered_by = number, evidence.strip(), actor.user
    mv.save()
    audit(
        actor=actor,
        action="evaluation.manual_value.entered",
        obj=mv,
        before=before,
        after={"value": str(number), "evidence": mv.evidence},
    )
    return mv


@transaction.atomic
def report_start(*, actor: Actor, period: str) -> Report:
    """The draft of the period (a new version after a signed one), queued for generation."""
    require(actor, MANAGE)
    assert actor.tenant is not None
    code = parse_period(period).code
    latest = (
        Report.objects.select_for_update()
        .filter(tenant=actor.tenant, period=code)
        .order_by("-version")
        .first()
    )
    if latest is not None and not latest.is_signed:
        report = latest
    else:
        report = Report.objects.create(
            tenant=actor.tenant, period=code, version=(latest.version + 1) if latest else 1
        )
        audit(actor=actor, action="evaluation.report.created", obj=report, data={"period": code})
    report.job = BackgroundJob.objects.create(
        tenant=actor.tenant,
        kind=JOB_KIND,
        total=len(REGISTRY) + 3,  # every indicator, policies and trend, unit figures
        created_by=actor.user,
        result={"report": report.pk, "period": code},
    )
    report.save(update_fields=["job"])
    return report


def report_generate(*, actor: Actor, report: Report, progress: Any = None) -> Report:
    """Compute every figure into the draft (reads outside the write transaction)."""
    require(actor, MANAGE)
    if report.is_signed:
        raise _fail(_("laporan yang sudah ditandatangani tidak dihitung ulang"), "report")
    # One more step than the OPD figures count: the unit figures, computed after them.
    report_progress = progress or (lambda done, total: None)
    data = build_report_data(
        report.tenant, report.period, lambda done, total: report_progress(done, total + 1)
    )
    unit_data = build_unit_data(report.tenant, report.period, data["policies"])
    report_progress(len(REGISTRY) + 3, len(REGISTRY) + 3)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.is_signed:
            raise _fail(_("laporan sudah ditandatangani selama dihitung"), "report")
        locked.data, locked.unit_data, locked.generated_at = data, unit_data, clock.now()
        locked.save(update_fields=["data", "unit_data", "generated_at"])
        audit(actor=actor, action="evaluation.report.generated", obj=locked)
    return locked


def may_explain(actor: Actor, opd_id: int) -> bool:
    return has_perm(actor, MANAGE) or opd_id in actor.opd_ids


@transaction.atomic
def explanation_save(
    *, actor: Actor, report: Report, opd: Unit, explanation: str, follow_up: str
) -> Explanation:
    """An OPD explains its own figures (BKPSDM may write for any OPD) while a draft."""
    if not may_explain(actor, opd.pk):
        raise PermissionDenied
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.is_signed:
        raise _fail(_("laporan sudah ditandatangani"), "report")
    if not explanation.strip():
        raise _fail(_("penjelasan wajib diisi"), "explanation")
    item = Explanation.objects.filter(report=locked, opd=opd).first()
    before = {"explanation": item.explanation, "follow_up": item.follow_up} if item else None
    if item is None:
        item = Explanation(tenant=locked.tenant, report=locked, opd=opd)
    item.explanation, item.follow_up = explanation.strip(), follow_up.strip()
    item.updated_by = actor.user
    item.save()
    after = {"explanation": item.explanation, "follow_up": item.follow_up}
    audit(actor=actor, action="evaluation.explanation.saved", obj=item, before=before, after=after)
    return item


@transaction.atomic
def conclusions_save(
    *, actor: Actor, report: Report, conclusions: str, recommendations: dict[str, dict[str, str]]
) -> Report:
    """BKPSDM's conclusions and, per policy code, keep / change / stop with a note."""
    require(actor, MANAGE)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.is_signed:
        raise _fail(_("laporan sudah ditandatangani"), "report")
    clean: dict[str, dict[str, str]] = {}
    for code, rec in recommendations.items():
        decision = rec.get("decision", "")
        if decision and decision not in Recommendation.values:
            raise _fail(_("rekomendasi %(d)r tidak dikenal") % {"d": decision}, code)
        if decision:
            clean[code] = {"decision": decision, "note": rec.get("note", "").strip()}
    before = {"conclusions": locked.conclusions, "recommendations": locked.recommendations}
    locked.conclusions, locked.recommendations = conclusions.strip(), clean
    locked.save(update_fields=["conclusions", "recommendations"])
    audit(
        actor=actor,
        action="evaluation.report.concluded",
        obj=locked,
        before=before,
        after={"conclusions": locked.conclusions, "recommendations": clean},
    )
    return locked


@transaction.atomic
def report_sign(*, actor: Actor, report: Report, signer_name: str, signer_nip: str = "") -> Report:
    """Freeze the report: the figures, explanations and conclusions become the snapshot."""
    require(actor, MANAGE)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.is_signed:
        raise _fail(_("laporan sudah ditandatangani"), "report")
    if not locked.generated_at:
        raise _fail(_("laporan belum dihitung"), "report")
    if not signer_name.strip():
        raise _fail(_("nama penandatangan wajib diisi"), "signer_name")
    data = dict(locked.data)
    data["explanations"] = {
        str(e.opd_id): {"explanation": e.explanation, "follow_up": e.follow_up}
        for e in Explanation.objects.filter(report=locked)
    }
    data["conclusions"] = locked.conclusions
    data["recommendations"] = locked.recommendations
    now = clock.now()
    data["signed"] = {"name": signer_name.strip(), "nip": signer_nip, "at": now.isoformat()}
    locked.data, locked.state, locked.signed_at = data, Report.State.SIGNED, now
    locked.signed_by, locked.signer_name, locked.signer_nip = actor.user, signer_name, signer_nip
    locked.save()
    audit(
        actor=actor, action="evaluation.report.signed", obj=locked, data={"period": locked.period}
    )
    return locked


@transaction.atomic
def settings_save(*, actor: Actor, public_summary: bool) -> EvaluationSettings:
    require(actor, MANAGE)
    assert actor.tenant is not None
    obj, _created = EvaluationSettings.objects.get_or_create(
        tenant=actor.tenant, defaults={"public_summary": False}
    )
    before = {"public_summary": obj.public_summary}
    obj.public_summary = public_summary
    obj.save()
    audit(
        actor=actor,
        action="evaluation.settings.changed",
        obj=obj,
        before=before,
        after={"public_summary": public_summary},
    )
    return obj


def period_choices(today_year: int) -> list[Period]:
    return [
        p for y in (today_year, today_year - 1) for p in (Period(y, 2), Period(y, 1), Period(y))
    ]
