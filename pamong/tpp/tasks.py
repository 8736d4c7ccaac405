"""A TPP run started from the web runs as a background job the page polls.

The job is claimed, kept alive and fenced as pamong.core.jobs describes: a redelivered
message or a superseded job never writes a run.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django_scopes import scope, scopes_disabled

from pamong.core import jobs
from pamong.core.actor import actor_for_user
from pamong.core.errors import InputErrors
from pamong.core.models import BackgroundJob, Tenant, User
from pamong.tpp.models import TppRun
from pamong.tpp.runs import tpp_run_compute

JOB_KIND = "tpp.run"
State = BackgroundJob.State


def job_key(period: dt.date) -> str:
    return f"{JOB_KIND}:{period:%Y-%m}"


@shared_task
def run_tpp_job(job_id: int, tenant_id: int, user_id: int) -> str:
    with scopes_disabled():
        tenant = Tenant.objects.get(pk=tenant_id)
        user = User.objects.get(pk=user_id)
    token = jobs.claim(job_id)
    if token is None:  # redelivered, already running elsewhere, finished or superseded
        return "skipped"
    with scope(tenant=tenant), jobs.heartbeat(job_id, token):
        job = BackgroundJob.objects.get(pk=job_id, tenant=tenant, kind=JOB_KIND)

        def progress(done: int, total: int) -> None:
            BackgroundJob.objects.filter(pk=job_id, token=token).update(progress=done, total=total)

        result = dict(job.result)
        state = State.FAILED

        def apply(run: TppRun) -> None:
            # Inside the run's transaction: the run and the job's "done" commit together.
            jobs.fence(job_id, token)
            jobs.finish(job_id, token, State.DONE, {**result, "run_id": run.pk})

        try:
            run = tpp_run_compute(
                actor=actor_for_user(user),
                period=dt.date.fromisoformat(result["period"]),
                adjustment=bool(result.get("adjustment")),
                partial=bool(result.get("partial")),
                progress=progress,
                fence=apply,
            )
        except InputErrors as exc:
            result["problems"] = exc.lines()[:200]
            result["input_problems"] = True
        except jobs.JobNotOurs:
            result["problems"] = [jobs.superseded_message()]
        except Exception:
            result["problems"] = ["internal error"]
            jobs.finish(job_id, token, State.FAILED, result)
            raise
        else:
            return f"{State.DONE} {run.pk}"
        jobs.finish(job_id, token, state, result)
    return str(state)
