"""Report generation in the background: progress goes to the report's BackgroundJob."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pamong.core.actor import actor_for_user, system_actor
from pamong.core.errors import InputErrors
from pamong.core.models import BackgroundJob, Tenant, User
from pamong.evaluation.models import Report
from pamong.evaluation.services import report_generate


@shared_task
def generate_report_job(job_id: int, report_id: int, tenant_id: int, user_id: int | None) -> str:
    with scopes_disabled():
        tenant = Tenant.objects.get(pk=tenant_id)
        user = User.objects.get(pk=user_id) if user_id else None
    with scope(tenant=tenant):
        job = BackgroundJob.objects.get(pk=job_id, tenant=tenant)
        BackgroundJob.objects.filter(pk=job_id).update(state=BackgroundJob.State.RUNNING)

        def progress(done: int, total: int) -> None:
            BackgroundJob.objects.filter(pk=job_id).update(progress=done, total=total)

        actor = actor_for_user(user) if user else system_actor(tenant)
        report = Report.objects.get(pk=report_id, tenant=tenant)
        result = dict(job.result)
        state = BackgroundJob.State.DONE
        try:
            report_generate(actor=actor, report=report, progress=progress)
        except InputErrors as exc:
            state = BackgroundJob.State.FAILED
            result["problems"] = exc.lines()
        except Exception:
            BackgroundJob.objects.filter(pk=job_id).update(
                state=BackgroundJob.State.FAILED, finished_at=timezone.now()
            )
            raise
        BackgroundJob.objects.filter(pk=job_id).update(
            state=state, result=result, finished_at=timezone.now()
        )
        return str(state)
