"""The lifecycle of a TPP run: verify, approve, pay, and return to draft (tpp.md §7a).

Every step carries the revision the user saw (a recompute in between refuses the step),
a provisional run is never verified, and verifying refuses a draft whose inputs changed
after it read them (pamong.tpp.inputs).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.clock import now as clock_now
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import has_perm, require
from pamong.tpp.inputs import changes
from pamong.tpp.models import TppRun


def _problem(message: str) -> InputError:
    return InputError(message=message, source="tpp")


_STEPS = {
    # action: (capability, from status, to status, timestamp field, audit verb)
    "verify": ("tpp.verify", TppRun.Status.DRAFT, TppRun.Status.VERIFIED, "verified_at"),
    "approve": ("tpp.approve", TppRun.Status.VERIFIED, TppRun.Status.APPROVED, "approved_at"),
    "pay": ("tpp.pay", TppRun.Status.APPROVED, TppRun.Status.PAID, "paid_at"),
}
_VERBS = {"verify": "verified", "approve": "approved", "pay": "paid"}


def _refused(message: str) -> InputErrors:
    return InputErrors([_problem(message)])


def _locked_run(actor: Actor, run: TppRun, revision: int | None) -> TppRun:
    """The run under a row lock, refused when it is no longer the computation shown."""
    locked = TppRun.objects.select_for_update().get(tenant=actor.tenant, pk=run.pk)
    if revision is not None and locked.revision != revision:
        raise _refused(
            _(
                "perhitungan ini sudah dihitung ulang sejak halaman dibuka (versi %(shown)s, "
                "sekarang versi %(now)s); periksa hasil terbaru lalu ulangi"
            )
            % {"shown": revision, "now": locked.revision}
        )
    return locked


@transaction.atomic
def _advance(*, actor: Actor, run: TppRun, step: str, revision: int | None) -> TppRun:
    capability, source, target, stamp = _STEPS[step]
    require(actor, capability)
    run = _locked_run(actor, run, revision)
    if run.status != source:
        raise _refused(
            _("perhitungan berstatus %(s)s; langkah ini perlu status %(need)s")
            % {"s": run.get_status_display(), "need": TppRun.Status(source).label}
        )
    if step == "verify":
        _verifiable(run, actor)
    run.status = target
    setattr(run, stamp, clock_now())
    run.save(update_fields=["status", stamp])
    audit(
        actor=actor,
        action=f"tpp.run.{_VERBS[step]}",
        obj=run,
        before={"status": source},
        after={"status": target},
        data={"revision": run.revision},
    )
    return run


def _verifiable(run: TppRun, actor: Actor) -> None:
    if run.provisional:
        raise _refused(
            _(
                "perhitungan sementara (bulan belum berakhir) tidak dapat diverifikasi; "
                "hitung ulang setelah bulan berakhir"
            )
        )
    changed = changes(run, actor.tenant)
    if changed:
        raise _refused(
            _("data masukan berubah setelah perhitungan (%(what)s); hitung ulang dulu")
            % {"what": "; ".join(f"{c.label}: {c.text}" for c in changed)}
        )


def tpp_run_verify(*, actor: Actor, run: TppRun, revision: int | None = None) -> TppRun:
    return _advance(actor=actor, run=run, step="verify", revision=revision)


def tpp_run_approve(*, actor: Actor, run: TppRun, revision: int | None = None) -> TppRun:
    return _advance(actor=actor, run=run, step="approve", revision=revision)


def tpp_run_mark_paid(*, actor: Actor, run: TppRun, revision: int | None = None) -> TppRun:
    return _advance(actor=actor, run=run, step="pay", revision=revision)


def can_return(actor: Actor, run: TppRun) -> bool:
    """The verifier returns a verified run; the approver a verified or approved one."""
    if run.status == TppRun.Status.VERIFIED:
        return has_perm(actor, "tpp.verify") or has_perm(actor, "tpp.approve")
    return run.status == TppRun.Status.APPROVED and has_perm(actor, "tpp.approve")


@transaction.atomic
def tpp_run_return(
    *, actor: Actor, run: TppRun, reason: str, revision: int | None = None
) -> TppRun:
    """Send a verified or approved run back to draft with a reason (audited, shown)."""
    if not has_perm(actor, "tpp.verify"):
        require(actor, "tpp.approve")
    run = _locked_run(actor, run, revision)
    reason = reason.strip()
    if not reason:
        raise InputErrors(
            [InputError(message=_("alasan wajib diisi"), source="tpp", column="reason")]
        )
    if not can_return(actor, run):
        raise _refused(
            _("perhitungan berstatus %(s)s tidak dapat Anda kembalikan ke draf")
            % {"s": run.get_status_display()}
        )
    later = TppRun.objects.filter(
        tenant=run.tenant, period=run.period, kind=TppRun.Kind.ADJUSTMENT
    ).exclude(pk=run.pk)
    if run.kind == TppRun.Kind.NORMAL and later.exists():
        raise _refused(
            _("bulan ini sudah punya perhitungan penyesuaian; kembalikan penyesuaiannya saja")
        )
    before = {"status": run.status}
    run.status = TppRun.Status.DRAFT
    run.verified_at = run.approved_at = None
    run.returned_at, run.returned_by, run.return_reason = clock_now(), actor.user, reason[:500]
    run.save(
        update_fields=[
            "status", "verified_at", "approved_at", "returned_at", "returned_by", "return_reason"
        ]
    )  # fmt: skip
    audit(
        actor=actor,
        action="tpp.run.returned",
        obj=run,
        before=before,
        after={"status": run.status},
        data={"reason": run.return_reason, "revision": run.revision},
    )
    return run
