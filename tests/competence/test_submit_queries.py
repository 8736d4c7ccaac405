"""A quiz submission over the page stays within a statement budget (issue 13: 100
submissions/s on two cores; every statement is CPU in Django and in the database).

Counted on the test database, where the outer transaction is the test's: the request's own
BEGIN/COMMIT appear as SAVEPOINT/RELEASE. Identifying the signed-in user is 4 of them
(session, user with employee and tenant, role grants, headed OPDs with subordinates)."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from pamong.competence import learning
from pamong.competence.models import JpEntry
from pamong.competence.models_learning import Attempt, CourseCertificate
from tests.conftest import World

from .helpers import actor
from .test_learning import finish_modules, make_course, right_answers

# The fail path: 4 to identify the user, the attempt locked with its course and employee,
# the bank's answers, the attempt update, the audit entry, the transaction's 2 (savepoint).
FAIL_BUDGET = 10
# The pass path adds the certificate (with its savepoint), the competence settings, the
# ledger row (with its savepoint), the yearly total (one upsert, after a per-person lock on
# PostgreSQL), the second audit entry.
PASS_BUDGET = 19 if connection.vendor == "sqlite" else 20


def _started(world: World) -> Attempt:
    course = make_course(world)
    finish_modules(world, course)
    return learning.attempt_start(actor=actor(world.employee_user), course=course)


def _posted(attempt: Attempt, wrong: int) -> dict[str, str]:
    return {f"q{k}": str(v) for k, v in right_answers(attempt, wrong).items()}


def test_a_passing_submission_stays_within_its_budget(
    world: World, clock, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 9, 1, 9, 0)
    attempt = _started(world)
    client = world.client_for(world.employee_user)
    posted = _posted(attempt, wrong=0)
    with django_assert_max_num_queries(PASS_BUDGET):
        response = client.post(reverse("competence:attempt", args=[attempt.pk]), posted)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed and attempt.submitted_at is not None
    assert CourseCertificate.objects.filter(attempt=attempt).count() == 1
    assert JpEntry.objects.filter(employee=world.employee, jp=6).count() == 1


def test_a_failing_submission_stays_within_its_budget(
    world: World, clock, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 9, 1, 9, 0)
    attempt = _started(world)
    client = world.client_for(world.employee_user)
    posted = _posted(attempt, wrong=len(attempt.layout))
    with django_assert_max_num_queries(FAIL_BUDGET):
        response = client.post(reverse("competence:attempt", args=[attempt.pk]), posted)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and not attempt.passed
    assert not CourseCertificate.objects.exists() and not JpEntry.objects.exists()


def test_submitting_someone_elses_or_another_tenants_attempt_is_refused(
    world: World, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 9, 1, 9, 0)
    attempt = _started(world)
    url = reverse("competence:attempt", args=[attempt.pk])
    posted = _posted(attempt, wrong=0)
    assert world.client_for(world.supervisor_user).post(url, posted).status_code == 403
    assert world.client_for(world.other_admin_user).post(url, posted).status_code == 404
    missing = reverse("competence:attempt", args=[attempt.pk + 1000])
    assert world.client_for(world.employee_user).post(missing, posted).status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None  # neither refused post scored it
