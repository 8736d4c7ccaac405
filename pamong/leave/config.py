"""Tenant leave configuration: the first tracked year and per-type (per-OPD) rule changes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.attendance.models import LeaveType
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import has_perm
from pamong.org.models import Unit

from .models import Approver, LeaveRule, LeaveSettings, ReasonCategory
from .rules import (
    ANNUAL_DAYS,
    PPPK_TRAVEL_MAX_DAYS,
    SICK_DOCTOR_DAYS,
    SICK_TPK_MONTHS,
    TRAVEL_MAX_DAYS,
    Rule,
    merge_rows,
)

RULE_FIELDS = [
    "approver",
    "attachment_over_days",
    "attachment_label",
    "max_months",
    "min_service_years",
    "early_days",
    "early_reasons",
]
TEXT_FIELDS = ("approver", "attachment_label", "early_reasons")


def _error(field: str, message: str) -> InputError:
    return InputError(message=message, column=field, source="cuti")


def _require_manage(actor: Actor) -> None:
    if actor.tenant is None or not has_perm(actor, "leave.manage"):
        raise PermissionDenied


@transaction.atomic
def settings_update(*, actor: Actor, first_year: int | None) -> LeaveSettings:
    _require_manage(actor)
    assert actor.tenant is not None
    if first_year is not None and not 2000 <= first_year <= 2100:
        raise InputErrors([_error("first_year", _("tahun tidak sah"))])
    settings, _created = LeaveSettings.objects.select_for_update().get_or_create(
        tenant=actor.tenant
    )
    before = snapshot(settings, ["first_year"])
    settings.first_year = first_year
    settings.save()
    audit(
        actor=actor,
        action="leave.settings.updated",
        obj=settings,
        before=before,
        after=snapshot(settings, ["first_year"]),
    )
    return settings


def _reasons_text(value: Any) -> Any:
    """early_reasons as stored: codes joined by commas (a list or tuple is accepted)."""
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return value


def _rule_errors(actor: Actor, kind: str, unit: Unit | None, changes: dict[str, Any]) -> None:
    assert actor.tenant is not None
    errors: list[InputError] = []
    if kind not in LeaveType.values:
        errors.append(_error("kind", _("jenis cuti tidak dikenal")))
    if unit is not None and (unit.tenant_id != actor.tenant.pk or unit.parent_id is not None):
        errors.append(_error("unit", _("aturan per unit hanya untuk OPD (unit teratas)")))
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        errors.append(_error(", ".join(sorted(unknown)), _("kolom aturan tidak dikenal")))
    approver = changes.get("approver")
    if approver not in (None, "", *Approver.values):
        errors.append(_error("approver", _("pejabat harus opd_head atau bkpsdm")))
    for name in ("attachment_over_days", "max_months", "min_service_years"):
        value = changes.get(name)
        if value is not None and (not isinstance(value, int) or not 0 <= value <= 400):
            errors.append(_error(name, _("harus bilangan bulat 0–400")))
    early = changes.get("early_days")
    if early is not None and (not isinstance(early, int) or not 0 <= early <= ANNUAL_DAYS):
        errors.append(
            _error("early_days", _("harus bilangan bulat 0–%(max)s") % {"max": ANNUAL_DAYS})
        )
    reasons = [r for r in str(changes.get("early_reasons") or "").split(",") if r.strip()]
    if any(r.strip() not in ReasonCategory.values for r in reasons):
        errors.append(
            _error(
                "early_reasons",
                _("kategori alasan harus salah satu dari: %(codes)s")
                % {"codes": ", ".join(ReasonCategory.values)},
            )
        )
    if len(str(changes.get("attachment_label") or "")) > 200:
        errors.append(_error("attachment_label", _("paling banyak 200 karakter")))
    if errors:
        raise InputErrors(errors)


@transaction.atomic
def rule_set(*, actor: Actor, kind: str, unit: Unit | None = None, **changes: Any) -> LeaveRule:
    """Change a leave type's rule for the tenant, or for one OPD (`unit`, a top-level unit).

    A change of None clears the field back to the default (or the tenant-wide value).
    The page, the CLI (`pamong leave rule`) and the tests all go through here."""
    _require_manage(actor)
    assert actor.tenant is not None
    if "early_reasons" in changes:
        changes["early_reasons"] = _reasons_text(changes["early_reasons"])
    _rule_errors(actor, kind, unit, changes)
    rule, created = LeaveRule.objects.select_for_update().get_or_create(
        tenant=actor.tenant, kind=kind, unit=unit
    )
    before = snapshot(rule, RULE_FIELDS)
    for name, value in changes.items():
        if value is None and name in TEXT_FIELDS:
            value = ""
        elif name == "early_reasons":
            value = ",".join(r.strip() for r in value.split(",") if r.strip())
        setattr(rule, name, value)
    rule.save()
    audit(
        actor=actor,
        action="leave.rule.updated",
        obj=rule,
        before=before,
        after=snapshot(rule, RULE_FIELDS),
        data={"kind": kind, "unit": unit, "created": created},
    )
    return rule


@transaction.atomic
def rule_delete(*, actor: Actor, rule: LeaveRule) -> None:
    """Remove a tenant-wide or OPD rule row: the type falls back to the defaults (or, for an
    OPD, to the tenant-wide row)."""
    _require_manage(actor)
    assert actor.tenant is not None
    if rule.tenant_id != actor.tenant.pk:
        raise PermissionDenied
    locked = LeaveRule.objects.select_for_update().filter(tenant=actor.tenant, pk=rule.pk).first()
    if locked is None:
        return  # already gone: deleting twice changes nothing
    before = snapshot(locked, RULE_FIELDS)
    audit(
        actor=actor,
        action="leave.rule.deleted",
        obj=locked,
        before=before,
        data={"kind": locked.kind, "unit": locked.unit_id},
    )
    locked.delete()


def effective_rules(actor: Actor) -> list[Rule]:
    """The tenant-wide rule of every leave type, defaults merged (one query)."""
    assert actor.tenant is not None
    rows = list(LeaveRule.objects.filter(tenant=actor.tenant, unit__isnull=True))
    return [merge_rows(kind, [r for r in rows if r.kind == kind]) for kind in LeaveType.values]


def rules_for_opd(actor: Actor, opd_id: int | None) -> list[Rule]:
    """Every leave type's rule as it applies in one OPD (defaults, tenant, OPD; one query)."""
    assert actor.tenant is not None
    where = LeaveRule.objects.filter(tenant=actor.tenant, unit__isnull=True)
    if opd_id:
        where = where | LeaveRule.objects.filter(tenant=actor.tenant, unit_id=opd_id)
    rows = list(where)
    return [merge_rows(kind, [r for r in rows if r.kind == kind]) for kind in LeaveType.values]


def rule_rows(actor: Actor) -> list[LeaveRule]:
    """The tenant's rule rows: tenant-wide first, then per OPD, each by leave type."""
    assert actor.tenant is not None
    order = {kind: i for i, kind in enumerate(LeaveType.values)}
    rows = list(LeaveRule.objects.filter(tenant=actor.tenant).select_related("unit"))
    return sorted(
        rows, key=lambda r: (r.unit is not None, r.unit.code if r.unit else "", order[r.kind])
    )


def _attachment_sentence(rule: Rule) -> str | None:
    if rule.attachment_over_days is None:
        return None
    if rule.attachment_over_days == 0:
        return _("Lampiran wajib: %(what)s.") % {"what": rule.attachment_label}
    return _("Lampiran wajib bila lebih dari %(n)s hari kerja: %(what)s.") % {
        "n": rule.attachment_over_days,
        "what": rule.attachment_label,
    }


def _kind_sentences(rule: Rule) -> list[str]:
    """What the law fixes for the type (domain.md §4.2), beside the configurable numbers."""
    if rule.kind == LeaveType.TAHUNAN:
        out = [
            _(
                "Hak %(n)s hari kerja setahun; sisa dapat dibawa ke tahun berikutnya (seluruhnya "
                "paling banyak 18 hari kerja, atau 24 bila 2 tahun berturut-turut tidak diambil)."
            )
            % {"n": ANNUAL_DAYS},
            _(
                "Tujuan yang sulit dijangkau: dapat ditambah waktu perjalanan paling lama "
                "%(n)s hari kalender (PPPK: %(pppk)s hari), yang tidak mengurangi saldo cuti "
                "tahunan."
            )
            % {"n": TRAVEL_MAX_DAYS, "pppk": PPPK_TRAVEL_MAX_DAYS},
            _(
                "Belum ada hak sebelum genap 1 tahun masa kerja: tahun yang berakhir sebelum "
                "ulang tahun pertama TMT tidak memberi hak. Tahun tanpa hak (sebelum 1 tahun, "
                "atau tahun dimulainya cuti besar) tidak dihitung sebagai tahun yang tidak "
                "diambil untuk batas 24 hari."
            ),
            _(
                "Pada tahun dimulainya cuti besar tidak ada hak cuti tahunan tahun itu. Sisa "
                "yang dibawa dari tahun sebelumnya tetap dapat dipakai pada tahun itu, tetapi "
                "setiap hari cuti tahunan yang sudah diambil pada tahun itu (termasuk dari sisa "
                "tahun lalu) mengurangi lama cuti besar; sisa yang tidak dipakai dibawa ke tahun "
                "berikutnya paling banyak 6 hari kerja."
            ),
            _(
                "PPPK: sisa cuti tahunan dapat dibawa hanya dengan perjanjian kerja lebih dari "
                "2 tahun (seluruhnya paling banyak 18 hari kerja) atau lebih dari 3 tahun "
                "(paling banyak 24 hari kerja)."
            ),
        ]
        if rule.early_days and rule.early_reasons:
            out.append(
                _(
                    "PPPK dengan masa kerja kurang dari %(years)s tahun: paling banyak %(n)s hari "
                    "kerja, hanya karena %(reasons)s."
                )
                % {
                    "years": rule.min_service_years,
                    "n": rule.early_days,
                    "reasons": ", ".join(str(ReasonCategory(r).label) for r in rule.early_reasons),
                }
            )
        return out
    if rule.kind == LeaveType.BESAR:
        return [
            _(
                "Cuti besar untuk menunaikan ibadah haji pertama tidak memerlukan masa kerja "
                "5 tahun (pilih kategori keperluan: ibadah haji pertama)."
            ),
            _(
                "Cuti tahunan yang sudah diambil pada tahun dimulainya cuti besar mengurangi "
                "lama cuti besar, dan tahun itu tidak ada hak cuti tahunan."
            ),
        ]
    if rule.kind == LeaveType.SAKIT:
        return [
            _("Sakit 1 hari: cukup memberitahu atasan langsung, tanpa lampiran."),
            _("Lebih dari %(n)s hari kalender: surat keterangan dokter pemerintah.")
            % {"n": SICK_DOCTOR_DAYS},
            _(
                "Dapat diperpanjang paling lama %(n)s bulan atas keterangan Tim Penguji "
                "Kesehatan (lampirkan suratnya)."
            )
            % {"n": SICK_TPK_MONTHS},
            _("Gugur kandungan: paling lama 1,5 bulan, dengan surat keterangan dokter atau bidan."),
        ]
    return []


def plain_language(rule: Rule) -> list[str]:
    """The rule in sentences an employee reads on the rules page."""
    out = [
        _("Diputuskan oleh: %(who)s.") % {"who": Approver(rule.approver).label},
    ]
    if rule.min_service_years:
        out.append(_("Berhak setelah masa kerja %(n)s tahun.") % {"n": rule.min_service_years})
    if not rule.pppk:
        out.append(_("Tidak berlaku untuk PPPK."))
    if rule.max_months is not None:
        out.append(_("Paling lama %(n)s bulan.") % {"n": rule.max_months})
    sentence = _attachment_sentence(rule)
    if sentence:
        out.append(sentence)
    return out + _kind_sentences(rule)
