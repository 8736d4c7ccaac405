"""The unit drill-down page, the trace per unit, the "Per unit" sheet, the API's level=unit,
and the unit figures frozen with a signed report."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pamong.core.actor import actor_for_user
from pamong.evaluation import services as svc
from pamong.evaluation.models import Report
from pamong.evaluation.units import build_unit_data
from pamong.tpp.models import TppSlip, TppSlipLine
from tests.conftest import World
from tests.evaluation.fixtures import build
from tests.evaluation.unit_fixtures import Units
from tests.factories import EmployeeFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(world: World) -> Units:
    return Units(world, build(world))


def _generated(world: World) -> Report:
    admin = actor_for_user(world.admin_user)
    report = svc.report_start(actor=admin, period="2026-S1")
    return svc.report_generate(actor=admin, report=report)


def _page(world: World, user, report: Report, opd_pk: int, ind: str = "late_in_rate"):  # type: ignore[no-untyped-def]
    url = reverse("evaluation:units", args=[report.pk, opd_pk])
    return world.client_for(user).get(f"{url}?ind={ind}")


def test_report_links_each_opd_row_to_its_units(world: World, units: Units) -> None:
    report = _generated(world)
    page = world.client_for(world.admin_user).get(reverse("evaluation:report", args=[report.pk]))
    html = page.content.decode()
    assert (
        f"{reverse('evaluation:units', args=[report.pk, units.opd1.pk])}?ind=late_in_rate" in html
    )
    # No unit link for an indicator that is not computed per unit (the pagu is per OPD).
    assert "?ind=tpp_spent" not in html


def test_drill_down_shows_value_status_change_and_rank(world: World, units: Units) -> None:
    report = _generated(world)
    response = _page(world, world.admin_user, report, units.opd1.pk)
    assert response.status_code == 200
    html = response.content.decode()
    trace = reverse("evaluation:trace", args=[report.pk, "tpp_slips"])
    # bidang 0.00 ranks 1st, the dissolved bidang 15.00 2nd; each value links to its rows.
    assert f'{trace}?unit={units.bidang.pk}">0.00</a>' in html
    assert f'{trace}?unit={units.dissolved.pk}">15.00</a>' in html
    assert units.empty.name in html  # listed, without a figure
    assert units.opd2.name not in html  # another OPD's units are not listed
    leave = _page(world, world.admin_user, report, units.opd1.pk, "leave_days").content.decode()
    assert ">0.75<" in leave  # the bidang's change against 2025-S2 (1.25 - 0.50)
    assert _page(world, world.admin_user, report, units.opd1.pk, "tpp_spent").status_code == 404


def test_drill_down_permissions_and_isolation(world: World, units: Units) -> None:
    report = _generated(world)
    assert _page(world, world.head_user, report, units.opd1.pk, "leave_days").status_code == 200
    assert _page(world, world.head_user, report, units.opd2.pk, "leave_days").status_code == 403
    assert _page(world, world.admin_user, report, units.opd2.pk).status_code == 200
    assert _page(world, world.auditor_user, report, units.opd2.pk).status_code == 200
    assert _page(world, world.employee_user, report, units.opd1.pk).status_code == 403
    assert _page(world, world.other_admin_user, report, units.opd1.pk).status_code == 404
    # Another tenant's OPD, or a unit that is not an OPD: not found.
    assert _page(world, world.admin_user, report, world.other_opd.pk).status_code == 404
    assert _page(world, world.admin_user, report, units.bidang.pk).status_code == 404


def test_trace_per_unit(world: World, units: Units) -> None:
    report = _generated(world)
    slips = reverse("evaluation:trace", args=[report.pk, "tpp_slips"])
    admin = world.client_for(world.admin_user)
    bidang = admin.get(f"{slips}?unit={units.bidang.pk}").content.decode()
    assert bidang.count("<tr>") == 1 + 3  # peer Jan, employee Feb, peer Feb
    assert admin.get(f"{slips}?unit={units.dissolved.pk}").content.decode().count("<tr>") == 2
    assert admin.get(f"{slips}?unit={units.empty.pk}").content.decode().count("<tr>") == 2
    leave = reverse("evaluation:trace", args=[report.pk, "leave"])
    head = world.client_for(world.head_user)
    assert head.get(f"{leave}?unit={units.bidang.pk}").content.decode().count("<tr>") == 1 + 2
    assert head.get(f"{leave}?unit={units.opd1.pk}").content.decode().count("<tr>") == 1 + 1
    assert head.get(f"{leave}?unit={units.opd2.pk}").status_code == 403  # another OPD's unit
    assert head.get(f"{slips}?unit={units.bidang.pk}").status_code == 403  # needs tpp.view_all
    complaints = reverse("evaluation:trace", args=[report.pk, "complaints"])
    assert head.get(f"{complaints}?unit={units.opd1.pk}").content.decode().count("<tr>") == 5
    assert head.get(f"{complaints}?unit={units.bidang.pk}").content.decode().count("<tr>") == 2
    assert admin.get(f"{leave}?unit={world.other_opd.pk}").status_code == 404
    assert admin.get(f"{leave}?unit=x").status_code == 404


def test_drill_down_query_count_does_not_grow(
    world: World, units: Units, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(15):
        unit = UnitFactory(
            tenant=world.tenant, code=f"1.01.2{i:02d}", name=f"Seksi {i}", kind="seksi",
            parent=units.opd1,
        )  # fmt: skip
        EmployeeFactory(tenant=world.tenant, unit=unit, position=world.employee.position)
    report = _generated(world)
    client = world.client_for(world.admin_user)
    url = reverse("evaluation:units", args=[report.pk, units.opd1.pk])
    with django_assert_max_num_queries(12):
        response = client.get(f"{url}?ind=leave_days")
    assert response.content.decode().count('<tr id="unit-') == 4 + 15


def test_unit_sheet_in_the_xlsx(world: World, units: Units) -> None:
    report = _generated(world)
    for user, opd2_rows in ((world.admin_user, True), (world.head_user, False)):
        xlsx = world.client_for(user).get(reverse("evaluation:xlsx", args=[report.pk]))
        rows = list(load_workbook(io.BytesIO(xlsx.content))["Per unit"].iter_rows(values_only=True))
        assert rows[0][-1] == "jejak"
        late = {r[2]: r for r in rows[1:] if r[0] == "late_in_rate"}
        if opd2_rows:
            assert late[units.dissolved.pk][5] == "15.00"
            assert late[units.dissolved.pk][12] == 2  # rank among opd1's units
            trace = reverse("evaluation:trace", args=[report.pk, "tpp_slips"])
            assert str(late[units.bidang.pk][-1]).endswith(f"{trace}?unit={units.bidang.pk}")
            assert units.opd2.pk in late
        else:  # an OPD head's sheet holds their own OPD's units only
            assert {r[1] for r in rows[1:]} == {units.opd1.pk}


def test_api_level_unit(world: World, units: Units) -> None:
    report = _generated(world)
    url = reverse("api:evaluation:values", args=[report.pk])
    admin = world.client_for(world.admin_user)
    body = admin.get(f"{url}?level=unit&opd={units.opd1.pk}").json()
    assert body["level"] == "unit"
    assert {u["id"] for u in body["units"]} == {
        units.opd1.pk,
        units.bidang.pk,
        units.dissolved.pk,
        units.empty.pk,
    }
    late = next(r for r in body["indicators"] if r["code"] == "late_in_rate")
    assert late["units"][str(units.dissolved.pk)]["value"] == "15.00"
    assert "tpp_spent" not in {r["code"] for r in body["indicators"]}
    whole = admin.get(f"{url}?level=unit").json()
    assert units.opd2.pk in {u["id"] for u in whole["units"]}
    head = world.client_for(world.head_user)
    mine = head.get(f"{url}?level=unit").json()
    assert {u["opd_id"] for u in mine["units"]} == {units.opd1.pk}
    assert head.get(f"{url}?level=unit&opd={units.opd2.pk}").status_code == 403
    assert admin.get(f"{url}?level=unit&opd={world.other_opd.pk}").status_code == 404
    assert admin.get(f"{url}?level=unit&opd=x").status_code == 400
    assert admin.get(f"{url}?level=seksi").status_code == 400
    assert world.client_for(world.employee_user).get(f"{url}?level=unit").status_code == 403
    assert world.client_for(world.other_admin_user).get(f"{url}?level=unit").status_code == 404


def test_api_schema_documents_level_and_opd(world: World) -> None:
    response = world.client_for(world.admin_user).get("/api/schema/", {"format": "json"})
    schema = json.loads(response.content)
    values = next(v for p, v in schema["paths"].items() if p.endswith("/values/"))
    names = {p["name"] for p in values["get"]["parameters"]}
    assert {"level", "opd"} <= names


def test_signed_report_keeps_its_unit_figures(world: World, units: Units) -> None:
    report = _generated(world)
    admin = actor_for_user(world.admin_user)
    svc.report_sign(actor=admin, report=report, signer_name="Dr. Kepala")
    # The data change after signing: four more late days in the bidang's February slip.
    feb = TppSlip.objects.get(tenant=world.tenant, employee=world.employee, run__period__month=2)
    for day in range(2, 6):
        TppSlipLine.objects.create(
            tenant=world.tenant, slip=feb, kind="late_in", day=feb.run.period.replace(day=day)
        )
    fresh = build_unit_data(world.tenant, "2026-S1")["indicators"]["late_in_rate"]
    assert fresh[str(units.bidang.pk)]["value"] == "6.67"  # 4/60 now
    html = _page(world, world.admin_user, report, units.opd1.pk).content.decode()
    trace = reverse("evaluation:trace", args=[report.pk, "tpp_slips"])
    assert f'{trace}?unit={units.bidang.pk}">0.00</a>' in html  # the frozen figure
    assert "6.67" not in html
    # Regenerating a signed report is refused, so the stored figures cannot move.
    report.refresh_from_db()
    assert report.unit_data["indicators"]["late_in_rate"][str(units.bidang.pk)]["value"] == "0.00"


def test_generation_progress_counts_the_unit_figures(world: World, units: Units) -> None:
    from pamong.evaluation.indicators import REGISTRY

    admin = actor_for_user(world.admin_user)
    report = svc.report_start(actor=admin, period="2026-S1")
    assert report.job is not None and report.job.total == len(REGISTRY) + 3
    steps: list[tuple[int, int]] = []
    svc.report_generate(actor=admin, report=report, progress=lambda d, t: steps.append((d, t)))
    total = len(REGISTRY) + 3
    assert {t for _d, t in steps} == {total}
    assert steps[-1] == (total, total) and steps[-2][0] < total  # done only after the units


def test_cli_xlsx_has_the_unit_sheet(world: World, units: Units, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    out = tmp_path / "r.xlsx"
    call_command("evaluation_report", tenant="sofifi", period="2026-S1", output=str(out))
    rows = list(load_workbook(out)["Per unit"].iter_rows(values_only=True))
    late = {r[2]: r[5] for r in rows[1:] if r[0] == "late_in_rate"}
    assert late[units.dissolved.pk] == "15.00" and late[units.bidang.pk] == "0.00"
    assert not rows[1][-1]  # no trace address outside the web app


def test_pdf_lists_the_units_below_target_within_the_readers_opds(
    world: World, units: Units, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command
    from pypdf import PdfReader

    admin = actor_for_user(world.admin_user)
    policy = svc.policy_save(
        actor=admin, code="disiplin", name="Disiplin kehadiran",
        legal_basis="Perkada 3/2024", goal="Hadir tepat waktu",
    )  # fmt: skip
    svc.indicator_save(actor=admin, policy=policy, code="late_in_rate", targets={"2026-S1": "10"})
    report = _generated(world)

    def unit_section(user) -> str:  # type: ignore[no-untyped-def]
        pdf = world.client_for(user).get(reverse("evaluation:pdf", args=[report.pk]))
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        return text.split("Unit di bawah target")[1].split("Temuan")[0]

    # Lower is better: the old bidang (15.00) and opd2 (20.00) missed 10; the bidang (0.00)
    # reached it.
    section = unit_section(world.admin_user)
    assert "1.01.02 Bidang Lama" in section and "15,00" in section
    assert f"{units.opd2.code} {units.opd2.name}" in section
    assert f"{units.bidang.code} " not in section
    # An OPD head reads their own OPD's units only.
    section = unit_section(world.head_user)
    assert "1.01.02 Bidang Lama" in section
    assert f"{units.opd2.code} {units.opd2.name}" not in section
    # The command line writes the same section.
    out = tmp_path / "r.pdf"
    call_command("evaluation_report", tenant="sofifi", period="2026-S1", output=str(out))
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "1.01.02 Bidang Lama" in text.split("Unit di bawah target")[1]
