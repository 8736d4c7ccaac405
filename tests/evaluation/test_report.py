"""The report: generation, findings, snapshot on signing, versions, permissions, exports."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pamong.core.actor import actor_for_user
from pamong.core.errors import InputErrors
from pamong.core.models import Role
from pamong.evaluation import services as svc
from pamong.evaluation.models import Report
from pamong.evaluation.report import build_report_data, rank_opds
from pamong.participation.models import SkmResponse
from pamong.performance.models import Rating
from tests.conftest import World
from tests.evaluation.fixtures import Data, build
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world: World) -> Data:
    return build(world)


def _row(report_data: dict, code: str) -> dict:
    return next(r for r in report_data["indicators"] if r["code"] == code)


def _generated(world: World, period: str = "2026-S1") -> Report:
    admin = actor_for_user(world.admin_user)
    report = svc.report_start(actor=admin, period=period)
    return svc.report_generate(actor=admin, report=report)


def _policy(world: World) -> None:
    admin = actor_for_user(world.admin_user)
    policy = svc.policy_save(
        actor=admin, code="penanganan-pengaduan", name="Penanganan pengaduan",
        legal_basis="Perkada 12/2025", goal="Laporan ditangani tepat waktu",
    )  # fmt: skip
    svc.indicator_save(
        actor=admin, policy=policy, code="complaint_resolution",
        targets={"2026-S1": "80"}, baseline="60",
    )  # fmt: skip
    svc.indicator_save(
        actor=admin, policy=policy, code="complaint_first_response",
        targets={"2026-S1": "60"},
    )  # fmt: skip
    svc.indicator_save(actor=admin, policy=policy, code="jp_attainment", targets={"2026-S1": "50"})


def test_report_values_status_change_and_rank(world: World, data: Data) -> None:
    _policy(world)
    report = _generated(world)
    d = report.data
    ikm = _row(d, "ikm")
    opd1 = ikm["opds"][str(data.opd1.pk)]
    assert (opd1["value"], opd1["previous"], opd1["change"], opd1["rank"]) == (
        "100.00", "75.00", "25.00", 1,
    )  # fmt: skip
    assert ikm["band"] == "A"
    late = _row(d, "late_in_rate")
    # lower is better: opd1 (3.75) ranks before opd2 (20.00); the empty OPD is unranked.
    assert late["opds"][str(data.opd1.pk)]["rank"] == 1
    assert late["opds"][str(data.opd2.pk)]["rank"] == 2
    assert str(data.empty.pk) not in late["opds"]
    assert late["definition"]["numerator"] and late["definition"]["denominator"]
    policy = d["policies"][0]
    items = {i["code"]: i for i in policy["indicators"]}
    assert items["complaint_resolution"]["achieved"] is False  # 50.00 < 80
    assert items["complaint_first_response"]["achieved"] is True  # 66.67 >= 60
    assert items["jp_attainment"]["available"] is False  # competence app not there yet
    assert policy["status"] == "partly"
    assert _row(d, "jp_attainment")["available"] is False


def test_ikm_change_is_current_minus_previous(world: World, data: Data) -> None:
    d = _generated(world).data
    fig = _row(d, "ikm")["opds"][str(data.opd1.pk)]
    assert Decimal(fig["change"]) == Decimal(fig["value"]) - Decimal(fig["previous"])
    assert fig["change"] == "25.00"


def test_findings_name_the_outliers_with_numbers(world: World, data: Data) -> None:
    # Make opd1's IKM fall: add poor answers this semester (4,4,1 → konversi falls below 75).
    service = SkmResponse.objects.filter(tenant=world.tenant).first()
    assert service is not None
    for _i in range(6):
        SkmResponse.objects.create(
            tenant=world.tenant, unit=world.bidang, service=service.service,
            date=service.date, **{f"u{i}": 1 for i in range(1, 10)},
        )  # fmt: skip
    d = build_report_data(world.tenant, "2026-S1")
    kinds = {(f["kind"], f["opd"]) for f in d["findings"]}
    opd1, opd2 = str(data.opd1.pk), str(data.opd2.pk)
    assert ("sb_ikm_fell", opd1) in kinds  # 75% Sangat Baik while the IKM fell
    assert ("late_no_deduction", opd2) in kinds  # 20% late, 0% discipline deduction
    assert ("complaint_deadline", opd1) in kinds  # resolution 50% < 80%
    assert ("distribution", opd1) in kinds
    assert ("over_pagu", opd1) in kinds  # 118.33%
    assert ("late_no_deduction", opd1) not in kinds  # 3.75% is not high
    message = next(f["message"] for f in d["findings"] if f["kind"] == "late_no_deduction")
    assert "20.00" in message and "7.00" in message


def test_rank_ties_share_a_rank() -> None:
    ranks = rank_opds({"1": "5.00", "2": "7.00", "3": "5.00", "4": None}, True)
    assert ranks == {"2": 1, "1": 2, "3": 2}


def test_signed_snapshot_does_not_change_with_data(world: World, data: Data) -> None:
    report = _generated(world)
    admin = actor_for_user(world.admin_user)
    head = actor_for_user(world.head_user)
    svc.explanation_save(
        actor=head, report=report, opd=data.opd1, explanation="Banyak laporan baru",
        follow_up="Tambah petugas",
    )  # fmt: skip
    svc.conclusions_save(
        actor=admin, report=report, conclusions="Lanjutkan",
        recommendations={"x": {"decision": "keep", "note": ""}},
    )  # fmt: skip
    signed = svc.report_sign(actor=admin, report=report, signer_name="Kepala BKPSDM")
    frozen = signed.data
    assert frozen["explanations"][str(data.opd1.pk)]["follow_up"] == "Tambah petugas"
    # Change the data underneath: ratings and complaints.
    Rating.objects.filter(tenant=world.tenant).update(predikat="baik")
    SkmResponse.objects.filter(tenant=world.tenant).delete()
    signed.refresh_from_db()
    assert signed.data == frozen
    assert _row(signed.data, "predikat_sb_share")["total"]["value"] == "60.00"
    # A signed report is neither regenerated nor explained again.
    with pytest.raises(InputErrors):
        svc.report_generate(actor=admin, report=signed)
    with pytest.raises(InputErrors):
        svc.explanation_save(
            actor=head, report=signed, opd=data.opd1, explanation="x", follow_up=""
        )
    # Starting again creates version 2 with the new figures; version 1 stays.
    v2 = svc.report_generate(actor=admin, report=svc.report_start(actor=admin, period="2026-S1"))
    assert v2.version == 2
    assert _row(v2.data, "predikat_sb_share")["total"]["value"] == "0.00"
    signed.refresh_from_db()
    assert signed.data == frozen


def test_opd_head_explains_only_own_opd(world: World, data: Data) -> None:
    report = _generated(world)
    head = actor_for_user(world.head_user)
    with pytest.raises(PermissionDenied):
        svc.explanation_save(
            actor=head, report=report, opd=data.opd2, explanation="x", follow_up=""
        )
    with pytest.raises(PermissionDenied):
        svc.report_sign(actor=head, report=report, signer_name="x")


def test_report_page_cuts_other_opds_for_an_opd_head(world: World, data: Data) -> None:
    report = _generated(world)
    url = reverse("evaluation:report", args=[report.pk])
    admin_page = world.client_for(world.admin_user).get(url).content.decode()
    head_page = world.client_for(world.head_user).get(url).content.decode()
    assert data.opd2.name in admin_page
    assert data.opd2.name not in head_page
    assert data.opd1.name in head_page
    assert world.client_for(world.employee_user).get(url).status_code == 403
    assert world.client_for(world.other_admin_user).get(url).status_code == 404


def test_trace_permissions(world: World, data: Data) -> None:
    report = _generated(world)
    base = reverse("evaluation:trace", args=[report.pk, "complaints"])
    head = world.client_for(world.head_user)
    own = head.get(f"{base}?opd={data.opd1.pk}")
    assert own.status_code == 200
    assert own.content.decode().count("<tr>") == 1 + 4  # header + complaints A-D
    assert head.get(f"{base}?opd={data.opd2.pk}").status_code == 403
    assert head.get(base).status_code == 403  # the whole tenant
    slips = reverse("evaluation:trace", args=[report.pk, "tpp_slips"])
    assert head.get(f"{slips}?opd={data.opd1.pk}").status_code == 403  # TPP needs tpp.view_all
    admin = world.client_for(world.admin_user)
    assert admin.get(f"{slips}?opd={data.opd1.pk}").status_code == 200
    assert admin.get(f"{base}?opd={world.other_opd.pk}").status_code == 404


@pytest.mark.parametrize(
    ("source", "rows", "capability_holder"),
    [
        ("skp", 3, "auditor_user"),  # head, employee, peer (the outsider is opd2)
        ("leave", 2, "admin_user"),  # peer tahunan in April; employee sakit over new year
        ("corrections", 4, "auditor_user"),  # 5-8 February; the July one is outside
        ("forum_items", 3, "admin_user"),  # due February, March, April
    ],
)
def test_trace_skp_leave_corrections_and_forum_items(
    world: World, data: Data, source: str, rows: int, capability_holder: str
) -> None:
    report = _generated(world)
    assert any(r["source"] == source for r in report.data["indicators"])
    url = reverse("evaluation:trace", args=[report.pk, source])
    head = world.client_for(world.head_user)
    own = head.get(f"{url}?opd={data.opd1.pk}")
    assert own.status_code == 200
    assert own.content.decode().count("<tr>") == 1 + rows
    assert head.get(f"{url}?opd={data.opd2.pk}").status_code == 403
    assert world.client_for(world.employee_user).get(url).status_code == 403
    whole = world.client_for(getattr(world, capability_holder)).get(url)
    assert whole.status_code == 200
    # The XLSX names the same trace address per OPD figure.
    xlsx = world.client_for(world.admin_user).get(reverse("evaluation:xlsx", args=[report.pk]))
    per = list(load_workbook(io.BytesIO(xlsx.content))["Per OPD"].iter_rows(values_only=True))
    assert per[0][-1] == "jejak"
    assert any(str(r[-1]).endswith(f"{url}?opd={data.opd1.pk}") for r in per[1:])


def test_generate_sign_and_export_through_the_pages(world: World, data: Data) -> None:
    svc.policy_save(
        actor=actor_for_user(world.admin_user), code="disiplin", name="Disiplin kehadiran",
        legal_basis="Perkada 3/2024", goal="Hadir tepat waktu",
    )  # fmt: skip
    admin = world.client_for(world.admin_user)
    response = admin.post(reverse("evaluation:index"), {"period": "2026-S1"})
    report = Report.objects.get(tenant=world.tenant, period="2026-S1")
    assert response.status_code == 302
    assert report.generated_at is not None and report.job is not None
    assert report.job.state == "done"
    status = admin.get(reverse("evaluation:job-status", args=[report.pk]))
    assert status.status_code == 200
    head = world.client_for(world.head_user)
    r = head.post(
        reverse("evaluation:explain", args=[report.pk]),
        {"opd": data.opd1.pk, "explanation": "Penjelasan kami", "follow_up": "Rapat"},
    )
    assert r.status_code == 302
    r = head.post(
        reverse("evaluation:explain", args=[report.pk]),
        {"opd": data.opd2.pk, "explanation": "bukan milik kami"},
    )
    assert r.status_code == 403
    assert head.post(reverse("evaluation:index"), {"period": "2026-S1"}).status_code == 403
    admin.post(
        reverse("evaluation:conclude", args=[report.pk]),
        {"conclusions": "Kebijakan berjalan", "decision_disiplin": "change", "note_disiplin": "x"},
    )
    admin.post(
        reverse("evaluation:sign", args=[report.pk]),
        {"signer_name": "Dr. Kepala", "confirmed": "1"},
    )
    report.refresh_from_db()
    assert report.is_signed
    pdf = admin.get(reverse("evaluation:pdf", args=[report.pk]))
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 3
    assert "Penjelasan kami" in text and "Dr. Kepala" in text
    assert "66,67%" in text  # complaint first response, tenant
    assert "Kebijakan berjalan" in text
    page = admin.get(reverse("evaluation:report", args=[report.pk])).content.decode()
    assert "Disiplin kehadiran</strong>: Diubah. x" in page
    xlsx = admin.get(reverse("evaluation:xlsx", args=[report.pk]))
    wb = load_workbook(io.BytesIO(xlsx.content))
    per = list(wb["Per OPD"].iter_rows(values_only=True))
    row = next(r for r in per if r[0] == "late_in_rate" and r[1] == data.opd2.pk)
    assert row[4] == "20.00" and row[5] == "4" and row[6] == "20"
    assert {"Indikator", "Tren", "Kebijakan", "Temuan", "Penjelasan"} <= set(wb.sheetnames)
    # The OPD head's XLSX holds only their own OPD.
    own = load_workbook(io.BytesIO(head.get(reverse("evaluation:xlsx", args=[report.pk])).content))
    assert {r[1] for r in list(own["Per OPD"].iter_rows(values_only=True))[1:]} == {data.opd1.pk}


def test_annual_report_carries_the_unit_ranking(world: World, data: Data) -> None:
    for rating in Rating.objects.filter(tenant=world.tenant):
        Rating.objects.create(
            tenant=world.tenant, employee=rating.employee, period="2026",
            hasil_kerja="sesuai", perilaku_kerja="sesuai", predikat=rating.predikat,
        )  # fmt: skip
    d = build_report_data(world.tenant, "2026")
    ranking = {r["unit_id"]: r for r in d["ranking"]}
    # opd1: 3 x 150 + 1 x 100 over 4 = 137.5; opd2: 100.0 (ranking.py's own scale)
    assert ranking[data.opd1.pk]["score"] == "137.5" and ranking[data.opd1.pk]["rank"] == 1
    assert ranking[data.opd2.pk]["score"] == "100.0"
    assert "ranking" not in build_report_data(world.tenant, "2026-S1")


def test_dashboard_and_pimpinan_role(world: World, data: Data) -> None:
    _generated(world)
    sekda = UserFactory(username="sekda.sofifi", tenant=world.tenant)
    grant(sekda, Role.PIMPINAN)
    page = world.client_for(sekda).get(reverse("evaluation:dashboard"))
    assert page.status_code == 200
    assert data.opd2.name in page.content.decode()  # opd2 needs attention (late, no deduction)
    assert (
        world.client_for(world.employee_user).get(reverse("evaluation:dashboard")).status_code
        == 403
    )
    sekda_actor = actor_for_user(sekda)
    with pytest.raises(PermissionDenied):
        svc.report_start(actor=sekda_actor, period="2026-S1")


def test_public_summary_follows_the_tenant_setting(world: World, data: Data, client) -> None:
    url = reverse("evaluation:public", args=[world.tenant.slug])
    transparency = reverse("participation:transparency", args=[world.tenant.slug])
    assert client.get(url).status_code == 404
    assert url not in client.get(transparency).content.decode()
    admin = actor_for_user(world.admin_user)
    svc.settings_save(actor=admin, public_summary=True)
    report = _generated(world)
    assert url not in client.get(transparency).content.decode()  # nothing signed yet
    svc.report_sign(actor=admin, report=report, signer_name="K")
    # The transparency page links to the summary once the Pemda publishes it.
    assert f'href="{url}"' in client.get(transparency).content.decode()
    other = reverse("participation:transparency", args=[world.other_tenant.slug])
    assert "/evaluasi/publik/" not in client.get(other).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert world.employee.name not in body and world.employee.nip not in body
    assert "Penyelesaian laporan tepat waktu" in body


def test_manual_indicator_entered_by_its_owner(world: World, data: Data) -> None:
    admin = actor_for_user(world.admin_user)
    policy = svc.policy_save(
        actor=admin, code="sosialisasi", name="Sosialisasi", legal_basis="Perkada 1/2026",
        goal="g",
    )  # fmt: skip
    pi = svc.indicator_save(
        actor=admin, policy=policy, code="sosialisasi-opd", manual=True,
        label="Sosialisasi dilaksanakan", unit_label="kali", owner=data.opd1,
        targets={"2026-S1": "2"},
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        svc.manual_value_enter(
            actor=actor_for_user(world.employee_user), indicator=pi, period="2026-S1",
            value="3", evidence="x",
        )  # fmt: skip
    with pytest.raises(InputErrors):
        svc.manual_value_enter(
            actor=actor_for_user(world.head_user), indicator=pi, period="2026-S1", value="3",
            evidence=" ",
        )  # fmt: skip
    svc.manual_value_enter(
        actor=actor_for_user(world.head_user), indicator=pi, period="2026-S1", value="3",
        evidence="Undangan nomor 800/12",
    )  # fmt: skip
    d = build_report_data(world.tenant, "2026-S1")
    item = d["policies"][0]["indicators"][0]
    assert (item["value"], item["achieved"], item["evidence"]) == (
        "3.00", True, "Undangan nomor 800/12",
    )  # fmt: skip


def test_api_values_and_isolation(world: World, data: Data) -> None:
    report = _generated(world)
    url = reverse("api:evaluation:values", args=[report.pk])
    body = world.client_for(world.admin_user).get(url).json()
    late = next(r for r in body["indicators"] if r["code"] == "late_in_rate")
    assert late["opds"][str(data.opd2.pk)]["value"] == "20.00"
    head = world.client_for(world.head_user).get(url).json()
    late = next(r for r in head["indicators"] if r["code"] == "late_in_rate")
    assert set(late["opds"]) == {str(data.opd1.pk)}
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    assert world.client_for(world.employee_user).get(url).status_code == 403
    defs = world.client_for(world.admin_user).get(reverse("api:evaluation:indicators")).json()
    assert {d["code"] for d in defs} >= {"ikm", "jp_attainment"}


def test_cli_report(world: World, data: Data, tmp_path) -> None:
    out = tmp_path / "r.xlsx"
    call_command("evaluation_report", tenant="sofifi", period="2026-S1", output=str(out))
    wb = load_workbook(out)
    rows = {r[0]: r for r in wb["Indikator"].iter_rows(values_only=True)}
    assert rows["tpp_spent"][5] == "101.18"
    pdf = tmp_path / "r.pdf"
    call_command("evaluation_report", tenant="sofifi", period="2026-S1", output=str(pdf))
    assert PdfReader(str(pdf)).pages
    with pytest.raises(CommandError) as exc:
        call_command("evaluation_report", tenant="sofifi", period="2026-S9", output=str(pdf))
    assert exc.value.returncode == 2


def test_english_catalogue_of_the_app() -> None:
    from pathlib import Path

    from django.utils import translation

    po = Path(__file__).resolve().parents[2] / "pamong/evaluation/locale/en/LC_MESSAGES/django.po"
    text = po.read_text(encoding="utf-8")
    assert '\nmsgstr ""\n\n' not in text.split("\n\n", 1)[1]  # every entry translated
    with translation.override("en"):
        assert translation.gettext("Tandatangani dan bekukan") == "Sign and freeze"


def test_report_queries_do_not_grow_with_opds_or_employees(world: World, data: Data) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import EmployeeFactory, UnitFactory

    with CaptureQueriesContext(connection) as small:
        build_report_data(world.tenant, "2026-S1")
    for i in range(3):
        opd = UnitFactory(tenant=world.tenant, code=f"3.0{i}", name=f"Dinas Tambahan {i}")
        for _j in range(4):
            e = EmployeeFactory(tenant=world.tenant, unit=opd, position=world.employee.position)
            Rating.objects.create(
                tenant=world.tenant, employee=e, period="2026-S1", hasil_kerja="sesuai",
                perilaku_kerja="sesuai", predikat="baik",
            )  # fmt: skip
    with CaptureQueriesContext(connection) as big:
        d = build_report_data(world.tenant, "2026-S1")
    assert len(d["opds"]) == 6  # 1.01, 1.02, the empty 1.09 and the three new ones
    assert len(big.captured_queries) == len(small.captured_queries)


def test_report_page_query_count(world: World, data: Data, django_assert_max_num_queries) -> None:
    report = _generated(world)
    client = world.client_for(world.admin_user)
    client.get(reverse("evaluation:report", args=[report.pk]))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("evaluation:report", args=[report.pk])).status_code == 200
