"""E-learning: server-side scoring, attempt limits, time limits, no replays, certificates
with signed codes, the public verification page, JP once."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.competence import learning
from pamong.competence.models import JpEntry
from pamong.competence.models_learning import Attempt, Course, CourseCertificate, Question
from pamong.core.actor import system_actor
from pamong.core.errors import InputErrors
from tests.conftest import World

from .helpers import actor


def make_course(world: World, *, questions: int = 6, per_attempt: int = 4, **kw) -> Course:  # type: ignore[no-untyped-def]
    system = system_actor(world.tenant)
    defaults = dict(
        title="Etika ASN", description="", competency_kind="sosio_kultural", jp=6,
        pass_mark=75, max_attempts=2, time_limit_minutes=20,
        questions_per_attempt=per_attempt, status="draft",
    )  # fmt: skip
    defaults.update(kw)
    course = learning.course_save(actor=system, **defaults)
    learning.module_add(actor=system, course=course, kind="text", title="Pengantar", body="Isi")
    learning.module_add(
        actor=system, course=course, kind="link", title="Bacaan", url="https://jdih.example.test/"
    )
    for i in range(questions):
        learning.question_add(
            actor=system, course=course, text=f"Soal {i}",
            choices=[f"a{i}", f"b{i}", f"c{i}"], correct=i % 3,
        )  # fmt: skip
    return learning.course_save(actor=system, course=course, **{**defaults, "status": "published"})


def finish_modules(world: World, course: Course, user=None) -> None:  # type: ignore[no-untyped-def]
    a = actor(user or world.employee_user)
    for module in course.modules.all():
        learning.progress_mark(actor=a, module=module)


def right_answers(attempt: Attempt, wrong: int = 0) -> dict[str, int]:
    correct = dict(Question.objects.filter(course=attempt.course).values_list("pk", "correct"))
    answers = {}
    for n, (qid, order) in enumerate(attempt.layout):
        position = order.index(correct[qid])
        answers[str(qid)] = (position + 1) % len(order) if n < wrong else position
    return answers


def test_score_of_matches_an_independent_count_on_random_layouts() -> None:
    rng = random.Random(4)
    for _ in range(300):
        n = rng.randint(1, 12)
        correct = {q: rng.randint(0, 3) for q in range(1, n + 1)}
        layout = []
        for q in correct:
            order = [0, 1, 2, 3]
            rng.shuffle(order)
            layout.append([q, order])
        answers = {str(q): rng.randint(-1, 4) for q in correct if rng.random() < 0.9}
        right = sum(
            1
            for q, order in layout
            if str(q) in answers
            and 0 <= answers[str(q)] < 4
            and order[answers[str(q)]] == correct[q]
        )
        expected = (Decimal(right * 100) / n).quantize(Decimal("0.01"))
        assert learning.score_of(layout, correct, answers) == expected


def test_publishing_needs_a_full_bank(world: World) -> None:
    system = system_actor(world.tenant)
    course = learning.course_save(
        actor=system, title="K", competency_kind="teknis", jp=2, pass_mark=50, max_attempts=1,
        time_limit_minutes=0, questions_per_attempt=3, status="draft",
    )  # fmt: skip
    with pytest.raises(InputErrors):
        learning.course_save(actor=system, course=course, status="published")


def test_quiz_opens_after_all_modules_and_passes_once(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 9, 1, 9, 0)
    course = make_course(world)
    me = actor(world.employee_user)
    with pytest.raises(InputErrors):
        learning.attempt_start(actor=me, course=course)
    finish_modules(world, course)
    attempt = learning.attempt_start(actor=me, course=course)
    assert learning.attempt_start(actor=me, course=course).pk == attempt.pk  # resumable
    assert len(attempt.layout) == 4 and len({q for q, _o in attempt.layout}) == 4
    attempt = learning.attempt_submit(actor=me, attempt=attempt, answers=right_answers(attempt, 1))
    assert attempt.score == Decimal("75.00") and attempt.passed
    with pytest.raises(InputErrors):  # no replay of a submitted attempt
        learning.attempt_submit(actor=me, attempt=attempt, answers=right_answers(attempt))
    with pytest.raises(InputErrors):  # passed: no further attempts
        learning.attempt_start(actor=me, course=course)
    entry = JpEntry.objects.get(employee=world.employee)
    assert (entry.jp, entry.year, entry.activity_key) == (6, 2026, f"course:{course.pk}")
    assert CourseCertificate.objects.filter(employee=world.employee).count() == 1


def test_attempt_limit_and_failing_scores(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 9, 1, 9, 0)
    course = make_course(world)
    me = actor(world.employee_user)
    finish_modules(world, course)
    for _ in range(2):
        attempt = learning.attempt_start(actor=me, course=course)
        attempt = learning.attempt_submit(
            actor=me, attempt=attempt, answers=right_answers(attempt, 2)
        )
        assert attempt.score == Decimal("50.00") and not attempt.passed
    with pytest.raises(InputErrors) as exc:
        learning.attempt_start(actor=me, course=course)
    assert "2" in exc.value.errors[0].message
    assert not JpEntry.objects.exists() and not CourseCertificate.objects.exists()


def test_late_submission_fails_and_answers_of_other_questions_are_ignored(
    world: World, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 9, 1, 9, 0)
    course = make_course(world)
    me = actor(world.employee_user)
    finish_modules(world, course)
    attempt = learning.attempt_start(actor=me, course=course)
    clock.set(2026, 9, 1, 9, 21)
    attempt = learning.attempt_submit(actor=me, attempt=attempt, answers=right_answers(attempt))
    assert attempt.late and not attempt.passed and attempt.score == 0
    clock.set(2026, 9, 1, 10, 0)
    second = learning.attempt_start(actor=me, course=course)
    outside = {
        str(q): 0 for q in Question.objects.filter(course=course).values_list("pk", flat=True)
    }
    mine = {str(q) for q, _o in second.layout}
    forged = {k: v for k, v in outside.items() if k not in mine}
    second = learning.attempt_submit(actor=me, attempt=second, answers=forged)
    assert second.answers == {} and second.score == 0


def test_only_the_owner_submits_and_drafts_are_closed(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 9, 1, 9, 0)
    course = make_course(world)
    finish_modules(world, course)
    attempt = learning.attempt_start(actor=actor(world.employee_user), course=course)
    with pytest.raises(PermissionDenied):
        learning.attempt_submit(actor=actor(world.supervisor_user), attempt=attempt, answers={})
    draft = learning.course_save(
        actor=system_actor(world.tenant), title="D", competency_kind="teknis", jp=1,
        pass_mark=50, max_attempts=1, time_limit_minutes=0, questions_per_attempt=1,
        status="draft",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        learning.attempt_start(actor=actor(world.employee_user), course=draft)
    with pytest.raises(PermissionDenied):
        learning.question_add(
            actor=actor(world.employee_user), course=draft, text="x", choices=["a", "b"], correct=0
        )


def test_module_files_are_checked(world: World) -> None:
    system = system_actor(world.tenant)
    course = make_course(world)
    with pytest.raises(InputErrors):
        learning.module_add(
            actor=system, course=course, kind="video", title="V",
            upload=SimpleUploadedFile("v.mp4", b"<html>not a video</html>"),
        )  # fmt: skip
    mp4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
    module = learning.module_add(
        actor=system,
        course=course,
        kind="video",
        title="V",
        upload=SimpleUploadedFile("v.mp4", mp4),
    )
    assert module.content_type == "video/mp4" and module.file.name.endswith(".mp4")


def test_certificate_pdf_and_public_verification(world: World, clock, client) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 9, 1, 9, 0)
    course = make_course(world)
    me = actor(world.employee_user)
    finish_modules(world, course)
    attempt = learning.attempt_start(actor=me, course=course)
    learning.attempt_submit(actor=me, attempt=attempt, answers=right_answers(attempt))
    cert = CourseCertificate.objects.get()
    code = learning.certificate_code(cert)
    page = client.get(reverse("competence:verify", args=[code]))
    body = page.content.decode()
    assert page.status_code == 200 and world.employee.name in body and "Etika ASN" in body
    assert world.employee.nip not in body  # the NIP is masked
    token, signature = code.split(":")
    for forged in (f"{token}:{signature[:-1]}x", f"{'0' * 32}:{signature}", token, "x"):
        assert client.get(reverse("competence:verify", args=[forged])).status_code == 404
    owner = world.client_for(world.employee_user)
    pdf = owner.get(reverse("competence:course-certificate", args=[cert.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    peer = world.client_for(world.supervisor_user)
    assert peer.get(reverse("competence:course-certificate", args=[cert.pk])).status_code == 403
    other = world.client_for(world.other_admin_user)
    assert other.get(reverse("competence:course-certificate", args=[cert.pk])).status_code == 404


def test_quiz_pages_end_to_end(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 9, 1, 9, 0)
    course = make_course(world)
    client = world.client_for(world.employee_user)
    first = course.modules.order_by("position").first()
    response = client.post(reverse("competence:module", args=[course.pk, first.pk]))
    second = course.modules.order_by("position").last()
    assert response["Location"] == reverse("competence:module", args=[course.pk, second.pk])
    client.post(reverse("competence:module", args=[course.pk, second.pk]))
    response = client.post(reverse("competence:attempt-start", args=[course.pk]))
    attempt = Attempt.objects.get()
    assert response["Location"] == reverse("competence:attempt", args=[attempt.pk])
    page = client.get(response["Location"]).content.decode()
    assert all(f'name="q{q}"' in page for q, _o in attempt.layout)
    assert "correct" not in page
    posted = {f"q{k}": str(v) for k, v in right_answers(attempt).items()}
    client.post(reverse("competence:attempt", args=[attempt.pk]), posted)
    attempt.refresh_from_db()
    assert attempt.passed
    assert "6 JP" in client.get(reverse("competence:index")).content.decode()
    # Another employee cannot open or submit this attempt.
    sup = world.client_for(world.supervisor_user)
    assert sup.get(reverse("competence:attempt", args=[attempt.pk])).status_code == 403
    assert (
        world.client_for(world.other_admin_user)
        .get(reverse("competence:course", args=[course.pk]))
        .status_code
        == 404
    )
