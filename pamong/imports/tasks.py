"""Background imports for big files: progress goes to a BackgroundJob the page polls."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from celery import shared_task
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pamong.core.actor import actor_for_user
from pamong.core.errors import InputErrors
from pamong.core.models import BackgroundJob, Tenant, User
from pamong.imports.employees import import_employees
from pamong.imports.retention import discard, purge_old_uploads
from pamong.imports.units import import_units

SERVICES = {"units": import_units, "employees": import_employees}
MAX_STORED_ERRORS = 1000
PROGRESS_EVERY = 1000


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
    with scope(tenant=tenant):
        job = BackgroundJob.objects.get(pk=job_id, tenant=tenant)
        job.state = BackgroundJob.State.RUNNING
        job.save(update_fields=["state"])
        result = dict(job.result)
        try:
            counts = SERVICES[kind](
                actor=actor_for_user(user),
                table_or_file=Path(path),
                source=result.get("file", Path(path).name),
                track=_job_tracker(job.pk),
            )
        except InputErrors as exc:
            job.state = BackgroundJob.State.FAILED
            result.update(errors=errors_as_rows(exc), error_count=len(exc.errors))
            discard(path)  # only successful imports keep their file (retention.py)
        except Exception:
            BackgroundJob.objects.filter(pk=job.pk).update(
                state=BackgroundJob.State.FAILED, finished_at=timezone.now()
            )
            discard(path)
            raise
        else:
            job.state = BackgroundJob.State.DONE
            job.progress = job.total
            result.update(counts.as_dict())
        job.result = result
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "progress", "result", "finished_at"])
        return str(job.state)


@shared_task
def purge_import_uploads() -> int:
    """Daily (beat): delete uploaded import files past the retention period."""
    return purge_old_uploads()
