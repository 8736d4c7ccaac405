"""The audit log reads as sentences, filters by person, object and date, and exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pamong.core.actor import Actor, actor_for_user, system_actor
from pamong.core.audit import audit
from pamong.core.models import AuditLog
from pamong.ui.audit_display import action_text, audit_row
from tests.factories import login_fully
from tests.ui.crawl import visible_text
from tests.ui.helpers import get


@pytest.fixture
def entries(world):
    finance = actor_for_user(world.finance_user)
    admin = actor_for_user(world.admin_user)
    audit(
        actor=finance, action="tpp.run.paid", obj=world.tenant,
        before={"status": "approved"}, after={"status": "paid"},
    )  # fmt: skip
    audit(
        actor=admin, action="org.employee.updated", obj=world.employee,
        before={"status": "aktif"}, after={"status": "tugas_belajar"},
    )  # fmt: skip
    audit(actor=system_actor(world.tenant), action="tpp.policy.loaded", data={"kelas": [5, 7]})
    audit(
        actor=actor_for_user(world.other_admin_user), action="org.employee.updated",
        obj=world.foreigner, before={"name": "A"}, after={"name": "Rahasia Kupang"},
    )  # fmt: skip
    return admin


def _client(user, language: str = "id") -> Client:
    client = login_fully(Client(), user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_entries_read_as_sentences_with_labelled_values(world, entries) -> None:
    html = get(_client(world.auditor_user), "ui:audit").content.decode()
    # Who did what to which object; no action code, model label or actor prefix.
    assert "<strong>admin.sofifi</strong> mengubah pegawai «" in html
    assert "menandai dibayar pemda «Kota Sofifi»" in html
    assert "Status: <del>aktif</del> → <ins>tugas belajar</ins>" in html
    assert "<strong>Sistem</strong> memuat" in html and "<li>Kelas: 5, 7</li>" in html
    for code in ("tpp.run.paid", "org.employee", "user:", "tugas_belajar", "{"):
        assert code not in visible_text(html), code


def test_entries_read_in_english(world, entries) -> None:
    html = get(_client(world.auditor_user, "en"), "ui:audit").content.decode()
    assert "<strong>admin.sofifi</strong> changed employee «" in html
    assert "marked paid" in html
    assert "Status: <del>active</del> → <ins>study leave</ins>" in html


def test_an_unknown_action_still_reads_as_words() -> None:
    assert action_text("foo.widget_thing.frobbed", has_object=False) == "widget thing frobbed"
    assert action_text("tpp.run.approved", has_object=True) == "menyetujui"
    entry = AuditLog(action="x.y.created", actor_label="cli:root", object_type="nope.model")
    row = audit_row(entry)
    assert row.actor == "Baris perintah (root)" and row.what == "membuat" and "model" in row.target


def test_filter_by_person_object_and_area(world, entries) -> None:
    client = _client(world.auditor_user)

    def actions(**params: str) -> list[str]:
        return [r.entry.action for r in get(client, "ui:audit", **params).context["audit_rows"]]

    # The person by employee name or login; the object by its (labelled) type.
    assert actions(actor="keuangan") == ["tpp.run.paid"]
    assert actions(object_type="org.employee") == ["org.employee.updated"]
    assert actions(action="tpp.") == ["tpp.policy.loaded", "tpp.run.paid"]
    html = get(client, "ui:audit").content.decode()
    assert '<option value="org.employee">Pegawai</option>' in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_is_the_filtered_log_of_the_own_tenant(world, entries, fmt) -> None:
    client = _client(world.auditor_user)
    response = client.get(reverse(f"ui:audit-export-{fmt}"), {"object_type": "org.employee"})
    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Waktu", "Pelaku", "Aksi"]
    assert len(rows) == 2  # one entry of this tenant; the Kupang entry is not there
    assert rows[1][1:4] == ["admin.sofifi", "mengubah", rows[1][3]]
    assert "Status: aktif → tugas belajar" in rows[1][4]
    assert "Rahasia Kupang" not in str(rows)


@pytest.mark.parametrize(
    "persona", ["employee_user", "supervisor_user", "head_user", "finance_user", "superadmin_user"]
)
def test_export_needs_the_audit_capability(world, persona) -> None:
    client = world.client_for(getattr(world, persona))
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse(f"ui:audit-export-{fmt}")).status_code == 403


def test_page_and_export_query_counts_do_not_grow_with_entries(
    world, django_assert_max_num_queries
) -> None:
    people = [world.admin_user, world.finance_user, world.head_user, world.employee_user]
    for i in range(60):
        actor: Actor = actor_for_user(people[i % len(people)])
        audit(
            actor=actor, action="org.employee.updated", obj=world.employee,
            before={"status": "aktif"}, after={"status": "cltn"}, data={"i": i},
        )  # fmt: skip
    client = _client(world.admin_user)
    with django_assert_max_num_queries(9):
        assert get(client, "ui:audit").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(reverse("ui:audit-export-csv")).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(reverse("ui:audit-export-xlsx")).status_code == 200
