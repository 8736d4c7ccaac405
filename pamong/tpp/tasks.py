"""A TPP run started from the web runs as a background job the page polls."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pamong.core.actor import actor_for_user
from pamong.core.errors import InputErrors
from pamong.core.models import BackgroundJob, Tenant, User
from pamong.tpp.runs import tpp_run_compute

JOB_KIND = "tpp.run"


@shared_task
def run_tpp_job(job_id: int, tenant_id: int, user_id: int) -> str:
    with scopes_disabled():
        tenant = Tenant.objects.get(pk=tenant_id)
        user = User.objects.get(pk=user_id)
    with scope(tenant=tenant):
        job = BackgroundJob.objects.get(pk=job_id, tenant=tenant, kind=JOB_KIND)
        job.state = BackgroundJob.State.RUNNING
        job.save(update_fields=["state"])

        def progress(done: int, total: int) -> None:
            BackgroundJob.objects.filter(pk=job_id).update(progress=done, total=total)

        result = dict(job.result)
        try:
            run = tpp_run_compute(
                actor=actor_for_user(user),
                period=dt.date.fromisoformat(result["period"]),
                adjustment=bool(result.get("adjustment")),
                progress=progress,
            )
        except InputErrors as exc:
            job.state = BackgroundJob.State.FAILED
            result["problems"] = exc.lines()[:200]
        except Exception:
            job.state = BackgroundJob.State.FAILED
            result["problems"] = ["internal error"]
            raise
        else:
            job.state = BackgroundJob.State.DONE
            result["run_id"] = run.pk
        finally:
            job.result = result
            job.finished_at = timezone.now()
            job.save(update_fields=["state", "result", "finished_at"])
    return str(job.state)
