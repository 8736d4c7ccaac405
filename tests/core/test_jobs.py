"""Background jobs that survive a dead worker and a redelivered message (issue 18, defect 5).

The killed-worker test starts a real worker process on the test database, lets it claim a
TPP job, kills it with SIGKILL, then plays Celery's redelivery: the message comes back, the
job is not run twice, the lease runs out, the job is failed with a retry, and the retry
computes the run. It needs a database another process can open (PostgreSQL); the rest run
everywhere.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django_scopes import scope

from pamong.core import jobs
from pamong.core.actor import cli_actor
from pamong.core.models import BackgroundJob
from pamong.tpp.models import TppRun
from pamong.tpp.runs import tpp_run_compute
from pamong.tpp.tasks import JOB_KIND, job_key, run_tpp_job
from tests.conftest import World
from tests.tpp.conftest import OCTOBER, setup_tenant

State = BackgroundJob.State
ROOT = Path(__file__).resolve().parents[2]


def _job(world: World, period: dt.date = OCTOBER) -> BackgroundJob:
    return BackgroundJob.objects.create(
        tenant=world.tenant,
        kind=JOB_KIND,
        key=job_key(period),
        created_by=world.finance_user,
        result={"period": period.isoformat(), "adjustment": False},
    )


def _expire(job: BackgroundJob) -> None:
    BackgroundJob.objects.filter(pk=job.pk).update(
        lease_until=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_is_failed_with_a_retry_and_never_replayed(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the worker process must open the test database: PostgreSQL only")
    setup_tenant(world.tenant)
    job = _job(world)
    settings = connection.settings_dict
    url = (
        f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    worker = subprocess.Popen(  # claims the job like run_tpp_job does, then hangs
        [
            sys.executable, "-c",
            "import django, time; django.setup();"
            "from pamong.core import jobs;"
            f"assert jobs.claim({job.pk}); print('claimed', flush=True); time.sleep(120)",
        ],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert worker.stdout is not None and worker.stdout.readline().strip() == b"claimed"
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
        assert worker.stdout is not None
        worker.stdout.close()
    job.refresh_from_db()
    assert job.state == State.RUNNING and job.attempt == 1
    # Celery redelivers the message (reject_on_worker_lost): the job is not run again.
    assert run_tpp_job(job.pk, world.tenant.pk, world.finance_user.pk) == "skipped"
    assert not TppRun.objects.filter(tenant=world.tenant).exists()
    # Nobody renews the lease: the job page fails it and offers a retry.
    _expire(job)
    client = world.client_for(world.finance_user)
    page = client.get(reverse("tpp:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.state == State.FAILED and job.result["expired"]
    assert reverse("tpp:job-retry", args=[job.pk]) in page
    # A late redelivery of the old message still does nothing.
    assert run_tpp_job(job.pk, world.tenant.pk, world.finance_user.pk) == "skipped"
    response = client.post(reverse("tpp:job-retry", args=[job.pk]))
    retried = BackgroundJob.objects.exclude(pk=job.pk).get(tenant=world.tenant, kind=JOB_KIND)
    assert response["Location"] == reverse("tpp:job", args=[retried.pk])
    retried.refresh_from_db()
    run = TppRun.objects.get(tenant=world.tenant, period=OCTOBER)
    assert retried.state == State.DONE and retried.result["run_id"] == run.pk
    assert retried.result["retry_of"] == job.pk


@pytest.mark.django_db
def test_a_message_delivered_twice_runs_once(world: World) -> None:
    setup_tenant(world.tenant)
    job = _job(world)
    first = run_tpp_job(job.pk, world.tenant.pk, world.finance_user.pk)
    assert first.startswith("done")
    computed = TppRun.objects.get(tenant=world.tenant, period=OCTOBER)
    assert run_tpp_job(job.pk, world.tenant.pk, world.finance_user.pk) == "skipped"
    assert TppRun.objects.get(pk=computed.pk).revision == computed.revision == 1


@pytest.mark.django_db
def test_a_superseded_job_never_applies(world: World) -> None:
    """An older job whose message arrives after a newer job for the same month started."""
    setup_tenant(world.tenant)
    older, newer = _job(world), _job(world)
    assert run_tpp_job(newer.pk, world.tenant.pk, world.finance_user.pk).startswith("done")
    assert run_tpp_job(older.pk, world.tenant.pk, world.finance_user.pk) == "skipped"
    older.refresh_from_db()
    assert older.state == State.FAILED
    assert "lebih baru" in older.result["problems"][0]
    assert TppRun.objects.get(tenant=world.tenant, period=OCTOBER).revision == 1


@pytest.mark.django_db
def test_the_fence_rolls_back_a_job_that_lost_its_claim(world: World) -> None:
    """The run and the job's "done" commit together: a job failed meanwhile writes nothing."""
    setup_tenant(world.tenant)
    job = _job(world)
    token = jobs.claim(job.pk)
    assert token is not None
    _expire(job)
    assert jobs.expire_stale(world.tenant) == 1
    with scope(tenant=world.tenant), pytest.raises(jobs.JobNotOurs):
        tpp_run_compute(
            actor=cli_actor(world.tenant),
            period=OCTOBER,
            fence=lambda run: jobs.fence(job.pk, token),
        )
    assert not TppRun.objects.filter(tenant=world.tenant).exists()
    assert jobs.can_retry(BackgroundJob.objects.get(pk=job.pk))
