"""Background imports for big files: progress goes to a BackgroundJob the page polls.

The job is claimed, kept alive and fenced (pamong.core.jobs): the import and the job's
"done" commit together, and a redelivered or superseded import never writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from celery import shared_task
from django.db import transaction
from django_scopes import scope, scopes_disabled

from pamong.core import jobs
from pamong.core.actor import actor_for_user
from pamong.core.errors import InputErrors
from pamong.core.models import BackgroundJob, Tenant, User
from pamong.imports.employees import import_employees
from pamong.imports.retention import discard, purge_old_uploads
from pamong.imports.units import import_units

SERVICES = {"units": import_units, "employees": import_employees}
MAX_STORED_ERRORS = 1000
PROGRESS_EVERY = 1000
State = BackgroundJob.State


def job_key(kind: str) -> str:
    return f"import:{kind}"


def errors_as_rows(exc: InputErrors) -> list[dict[str, Any]]:
    return [
        {"row": e.row, "column": e.column or "", "message": e.message}
        for e in exc.errors[:MAX_STORED_ERRORS]
    ]


def _job_tracker(job_id: int) -> Any:
    def track(items: Iterable[Any], *, total: int | None = None, desc: str = "") -> Iterator[Any]:
        for done, item in enumerate(items, start=1):
            yield item
            if done % PROGRESS_EVERY == 0:
                BackgroundJob.objects.filter(pk=job_id).update(progress=done)

    return track


@shared_task
def run_import_job(job_id: int, tenant_id: int, user_id: int, kind: str, path: str) -> str:
    """Import the stored upload `path` as `kind` for the job's user, inside the tenant scope."""
    with scopes_disabled():
        tenant = Tenant.objects.get(pk=tenant_id)
        user = User.objects.get(pk=user_id)
    token = jobs.claim(job_id)
    if token is None:  # redelivered, already running elsewhere, finished or superseded
        return "skipped"
    with scope(tenant=tenant), jobs.heartbeat(job_id, token):
        job = BackgroundJob.objects.get(pk=job_id, tenant=tenant)
        result = dict(job.result)
        try:
            with transaction.atomic():
                counts = SERVICES[kind](
                    actor=actor_for_user(user),
                    table_or_file=Path(path),
                    source=result.get("file", Path(path).name),
                    track=_job_tracker(job.pk),
                )
                jobs.fence(job_id, token)  # rolls the import back if no longer ours
                result.update(counts.as_dict())
                BackgroundJob.objects.filter(pk=job_id).update(progress=job.total)
                jobs.finish(job_id, token, State.DONE, result)
                return str(State.DONE)
        except InputErrors as exc:
            result.update(errors=errors_as_rows(exc), error_count=len(exc.errors))
            # Only successful imports keep their file (retention.py). A job that failed for
            # another reason keeps it for a retry until the retention period ends.
            discard(path)
        except jobs.JobNotOurs:
            result["problems"] = [jobs.superseded_message()]
        except Exception:
            result["problems"] = ["internal error"]
            jobs.finish(job_id, token, State.FAILED, result)
            raise
        jobs.finish(job_id, token, State.FAILED, result)
        return str(State.FAILED)


@shared_task
def purge_import_uploads() -> int:
    """Daily (beat): delete uploaded import files past the retention period."""
    return purge_old_uploads()
