"""The public report form stays cheap: a bounded number of queries per page and submission
(issue 6: 100 submissions/s on two cores; see bench/RESULTS-public-form.md)."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from pamong.participation import complaints as svc
from pamong.participation.complaint_forms import ComplaintForm
from pamong.participation.models import Complaint
from pamong.participation.public import HONEYPOT_FIELD
from pamong.participation.views_public import empty_form_html
from tests.conftest import World
from tests.participation.test_complaints_public import LAPOR, report_data

# Statements other than these (BEGIN, COMMIT, SAVEPOINT) differ between databases.
COUNTED = ("SELECT", "INSERT", "UPDATE", "DELETE")


def statements(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().startswith(COUNTED)]


def test_submission_queries(world: World) -> None:
    client = Client()
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(LAPOR, report_data(world))
    assert response.status_code == 302
    # First in this process: tenant, unit (the form's choice), deadline policy, calendar,
    # the report, the audit entry.
    assert len(statements(ctx)) == 6, "\n".join(statements(ctx))
    # Then the tenant, its policy and calendar come from the process cache (localcache).
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(LAPOR, report_data(world)).status_code == 302
    assert len(statements(ctx)) == 3, "\n".join(statements(ctx))
    assert Complaint.objects.count() == 2
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(response["Location"]).status_code == 200
    # The report with its unit, its attachments, its history (audit entries; the units the
    # history names come in one more query once it names any).
    assert len(statements(ctx)) == 3


def test_a_changed_policy_or_calendar_applies_to_the_next_report(world: World) -> None:
    from pamong.attendance.models import WorkCalendar
    from pamong.participation.models import DeadlinePolicy

    client = Client()
    assert client.post(LAPOR, report_data(world)).status_code == 302
    first = Complaint.objects.get()
    policy, _ = DeadlinePolicy.objects.get_or_create(tenant=world.tenant)
    policy.first_response_days = 10
    policy.save()
    assert client.post(LAPOR, report_data(world)).status_code == 302
    second = Complaint.objects.exclude(pk=first.pk).get()
    assert second.first_response_due > first.first_response_due
    # Every day off: the next report's deadline moves again (the calendar cache is cleared).
    WorkCalendar.objects.update_or_create(
        tenant=world.tenant, unit=None, defaults={"schedule": {}, "national_holidays": False}
    )
    assert client.post(LAPOR, report_data(world)).status_code == 302
    third = Complaint.objects.exclude(pk__in=[first.pk, second.pk]).get()
    assert third.first_response_due != second.first_response_due


def test_form_page_queries(world: World) -> None:
    Client().get(LAPOR)
    with CaptureQueriesContext(connection) as ctx:
        assert Client().get(LAPOR).status_code == 200
    assert len(statements(ctx)) == 1  # its OPDs (the tenant is cached in the process)


def test_cached_form_is_the_plain_rendering_and_follows_the_units(world: World) -> None:
    from django.template.loader import render_to_string

    with scope(tenant=world.tenant):
        units = svc.complaint_units(world.tenant)
        plain = render_to_string(
            "participation/_lapor_fields.html",
            {"form": ComplaintForm(units=units), "honeypot": HONEYPOT_FIELD},
        )
        assert empty_form_html(units) == plain
    assert plain in Client().get(LAPOR).content.decode()
    world.opd.name = "Dinas Yang Baru Berganti Nama"
    world.opd.save()
    assert "Dinas Yang Baru Berganti Nama" in Client().get(LAPOR).content.decode()
