"""Background jobs that stay right when a worker dies or a message comes back (issue 18).

A task never trusts its message: it *claims* its job (queued → running, one UPDATE that only
one worker can win), keeps a *lease* alive from a heartbeat thread while it works, and
writes its result through a *fence* inside the transaction that applies it: the write
commits only if the job is still this worker's claim and no newer job with the same key
has been started since. A message redelivered after a crash therefore finds the job
claimed (or failed) and does nothing; a job whose worker died is failed once its lease
runs out, and the page offers to start it again as a new job.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pamong.core import clock
from pamong.core.models import BackgroundJob, Tenant

State = BackgroundJob.State


def lease_seconds() -> int:
    return int(getattr(settings, "PAMONG_JOB_LEASE_SECONDS", 120))


class JobNotOurs(Exception):
    """The job was superseded, expired or claimed by another worker: nothing is applied."""


def create_job(
    *, tenant: Tenant, kind: str, key: str, user: Any, result: dict[str, Any]
) -> BackgroundJob:
    return BackgroundJob.objects.create(
        tenant=tenant, kind=kind, key=key, created_by=user, result=result
    )


@scopes_disabled()
def claim(job_id: int) -> str | None:
    """Take a queued job for this worker; the claim token, or None if it is not queued
    (already running elsewhere, finished, failed, or superseded)."""
    token = uuid.uuid4().hex
    now = clock.now()
    job = BackgroundJob.objects.filter(pk=job_id).only("tenant_id", "key", "created_at").first()
    if job is None:
        return None
    if job.key and _newer_started(job):
        BackgroundJob.objects.filter(pk=job_id, state=State.QUEUED).update(
            state=State.FAILED, finished_at=now, result=_with_problem(job_id, superseded_message())
        )
        return None
    won = BackgroundJob.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING,
        token=token,
        attempt=1,
        started_at=now,
        lease_until=now + dt.timedelta(seconds=lease_seconds()),
    )
    return token if won else None


def _newer_started(job: BackgroundJob) -> bool:
    return (
        BackgroundJob.objects.filter(tenant_id=job.tenant_id, key=job.key, pk__gt=job.pk)
        .exclude(state=State.QUEUED)
        .exists()
    )


def superseded_message() -> str:
    return _("dibatalkan: pekerjaan yang lebih baru untuk data yang sama sudah dimulai")


def expired_message() -> str:
    return _("gagal: proses pekerja berhenti di tengah jalan (lease habis); tidak ada yang ditulis")


def _with_problem(job_id: int, message: str) -> dict[str, Any]:
    result = dict(
        BackgroundJob.objects.filter(pk=job_id).values_list("result", flat=True).first() or {}
    )
    result["problems"] = [*result.get("problems", []), message]
    return result


@scopes_disabled()
def renew(job_id: int, token: str) -> bool:
    """Extend the lease; False when the job is no longer this worker's."""
    until = clock.now() + dt.timedelta(seconds=lease_seconds())
    return bool(
        BackgroundJob.objects.filter(pk=job_id, token=token, state=State.RUNNING).update(
            lease_until=until
        )
    )


@scopes_disabled()
def fence(job_id: int, token: str) -> BackgroundJob:
    """Inside the applying transaction: lock the job row and check it is still ours and
    not superseded. Raises JobNotOurs (rolling the transaction back) otherwise."""
    assert connection.in_atomic_block, "fence() belongs inside the applying transaction"
    job = BackgroundJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.token != token or job.state != State.RUNNING:
        raise JobNotOurs(job_id)
    if job.key and _newer_started(job):
        raise JobNotOurs(job_id)
    return job


@scopes_disabled()
def finish(job_id: int, token: str, state: str, result: dict[str, Any]) -> bool:
    """Record the outcome, only while the claim is still ours."""
    return bool(
        BackgroundJob.objects.filter(pk=job_id, token=token, state=State.RUNNING).update(
            state=state, result=result, finished_at=clock.now(), lease_until=None
        )
    )


@scopes_disabled()
def expire_stale(tenant: Tenant | None = None) -> int:
    """Fail every running job whose lease ran out (its worker died). Idempotent."""
    now = clock.now()
    qs = BackgroundJob.objects.filter(state=State.RUNNING, lease_until__lt=now)
    if tenant is not None:
        qs = qs.filter(tenant=tenant)
    count = 0
    for job_id in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            job = (
                BackgroundJob.objects.select_for_update()
                .filter(pk=job_id, state=State.RUNNING, lease_until__lt=now)
                .first()
            )
            if job is None:
                continue
            result = dict(job.result)
            result["problems"] = [*result.get("problems", []), expired_message()]
            result["expired"] = True
            job.state, job.result, job.finished_at = State.FAILED, result, now
            job.save(update_fields=["state", "result", "finished_at"])
            count += 1
    return count


def can_retry(job: BackgroundJob) -> bool:
    """A failed job that did not fail on the user's input may be started again."""
    return (
        job.state == State.FAILED
        and not job.result.get("errors")
        and not job.result.get("input_problems")
    )


@scopes_disabled()
def retry(job: BackgroundJob) -> BackgroundJob:
    """A new queued job with the same request (the failed one stays as it was)."""
    result = {k: v for k, v in job.result.items() if k not in ("problems", "expired")}
    result["retry_of"] = job.pk
    return BackgroundJob.objects.create(
        tenant_id=job.tenant_id,
        kind=job.kind,
        key=job.key,
        created_by=job.created_by,
        result=result,
    )


@contextmanager
def heartbeat(job_id: int, token: str, every: float | None = None) -> Iterator[None]:
    """Renew the lease from a thread (with its own connection) while the body runs."""
    interval = every if every is not None else max(lease_seconds() / 4, 1)
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    renew(job_id, token)
                except Exception:  # a busy database: try again at the next beat
                    close_old_connections()
        finally:
            connection.close()

    # An in-memory SQLite database (tests) is private to its connection: no thread there.
    name = str(connection.settings_dict.get("NAME", ""))
    in_memory = connection.vendor == "sqlite" and ("memory" in name or not name)
    thread = None if in_memory else threading.Thread(target=beat, daemon=True)
    if thread is not None:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        if thread is not None:
            thread.join(timeout=interval + 5)
