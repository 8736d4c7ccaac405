"""Editing the policy in the web UI: field-named errors, versions kept, approved runs safe."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pamong.core.actor import cli_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.tpp.models import TppPolicy
from pamong.tpp.policy import parse_policy
from pamong.tpp.runs import tpp_run_approve, tpp_run_compute, tpp_run_verify
from pamong.tpp.services import tpp_policy_load
from tests.tpp.conftest import OCTOBER, POLICY, TppWorld

EDIT = reverse("tpp:policy-edit")


def test_edit_page_only_for_bkpsdm_admin(tpp: TppWorld) -> None:
    w = tpp.world
    admin = w.client_for(w.admin_user)
    response = admin.get(EDIT)
    assert response.status_code == 200
    assert "late_in:" in response.content.decode()  # the version in force, as YAML
    for user in (w.finance_user, w.auditor_user, w.employee_user, w.approver_user):
        assert w.client_for(user).get(EDIT).status_code == 403
        assert w.client_for(user).post(EDIT, {"policy": POLICY}).status_code == 403
    assert admin.put(EDIT).status_code == 405
    # Another tenant's version is never offered as the starting copy.
    foreign = TppPolicy.objects.get(tenant=w.other_tenant)
    TppPolicy.objects.filter(pk=foreign.pk).update(name="Perkada Kupang")
    html = admin.get(EDIT, {"dari": foreign.pk}).content.decode()
    assert "Perkada Kupang" not in html and "Contoh Perkada TPP 2026" in html
    assert admin.get(EDIT, {"dari": "x"}).status_code == 200


def test_bad_policy_names_every_wrong_field_and_saves_nothing(tpp: TppWorld) -> None:
    w = tpp.world
    bad = (
        POLICY.replace("2026-01-01", "2026-11-01")
        .replace("kinerja: 60", "kinerja: 70")
        .replace("{from: 31, to: 60, percent: 1}", "{from: 20, to: 60, percent: 1}")
        .replace("bpjs: {percent: 1,", "bpjs: {percent: 1, tarif: 2,")
    )
    response = w.client_for(w.admin_user).post(EDIT, {"policy": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "weights" in html
    assert "discipline.late_in[1]" in html
    # Each problem names the part of the policy in words, next to its key path.
    assert "<td>Potongan disiplin › Terlambat › ke-2 › dari menit</td>" in html
    assert "<td>Iuran BPJS Kesehatan › tarif</td>" in html
    assert "bpjs.tarif" in html
    assert "tarif: 2" in html  # the text is kept for correction
    assert TppPolicy.objects.filter(tenant=w.tenant).count() == 1
    empty = w.client_for(w.admin_user).post(EDIT, {"policy": ""})
    assert empty.status_code == 400 and "seluruh berkas" in empty.content.decode()
    broken = w.client_for(w.admin_user).post(EDIT, {"policy": "weights: [unclosed"})
    assert broken.status_code == 400 and "YAML tidak sah" in broken.content.decode()


def test_new_effective_from_keeps_every_version(tpp: TppWorld) -> None:
    w = tpp.world
    newer = POLICY.replace("2026-01-01", "2026-11-01").replace("5: 2800000", "5: 3080000")
    admin = w.client_for(w.admin_user)
    response = admin.post(EDIT, {"policy": newer})
    assert response.status_code == 302
    assert response["Location"] == reverse("tpp:policy") + "?tanggal=2026-11-01"
    versions = TppPolicy.objects.filter(tenant=w.tenant).order_by("effective_from")
    assert [str(v.effective_from) for v in versions] == ["2026-01-01", "2026-11-01"]
    assert AuditLog.objects.filter(
        tenant=w.tenant, action="tpp.policy.loaded", object_id=str(versions[1].pk)
    ).exists()
    # The published page: October shows the old base, November the new one; both listed.
    employee = w.client_for(w.employee_user)
    october = employee.get(reverse("tpp:policy"), {"tanggal": "2026-10-15"}).content.decode()
    november = employee.get(reverse("tpp:policy"), {"tanggal": "2026-11-15"}).content.decode()
    assert "Kelas 5: Rp2.800.000" in october and "Kelas 5: Rp3.080.000" in november
    for version in versions:
        assert reverse("tpp:policy-yaml", args=[version.pk]) in october
    assert EDIT not in october  # no edit link for an employee


def test_a_version_behind_an_approved_run_is_not_replaced(tpp: TppWorld) -> None:
    w = tpp.world
    changed = POLICY.replace("5: 2800000", "5: 9999999")
    # While the run is a draft, the version may still be corrected (and the draft re-run).
    admin = w.client_for(w.admin_user)
    assert admin.post(EDIT, {"policy": changed}).status_code == 302
    row = TppPolicy.objects.get(tenant=w.tenant)
    assert row.document["base_by_class"]["5"] == 9999999
    # The draft computed with the old text says so until it is recomputed.
    run_url = reverse("tpp:run-detail", args=[tpp.run.pk])
    finance = w.client_for(w.finance_user)
    assert "diubah setelah perhitungan" in finance.get(run_url).content.decode()
    tpp_run_compute(actor=cli_actor(w.tenant), period=OCTOBER)
    assert "diubah setelah perhitungan" not in finance.get(run_url).content.decode()
    assert AuditLog.objects.filter(action="tpp.policy.replaced", object_id=str(row.pk)).exists()
    actor = cli_actor(w.tenant)
    tpp_run_approve(actor=actor, run=tpp_run_verify(actor=actor, run=tpp.run))
    response = admin.post(EDIT, {"policy": POLICY})
    assert response.status_code == 400
    html = response.content.decode()
    problem = '<code translate="no">effective_from</code></td><td>versi yang berlaku mulai'
    assert problem in html
    row.refresh_from_db()
    assert row.document["base_by_class"]["5"] == 9999999
    with pytest.raises(InputErrors):  # the CLI path says the same
        tpp_policy_load(actor=actor, data=POLICY.encode(), source="p.yaml")


def test_policy_yaml_download(tpp: TppWorld, django_assert_max_num_queries: Any) -> None:
    w = tpp.world
    row = TppPolicy.objects.get(tenant=w.tenant)
    url = reverse("tpp:policy-yaml", args=[row.pk])
    client = w.client_for(w.employee_user)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert parse_policy(response.content, source="x") == parse_policy(POLICY, source="y")
    foreign = TppPolicy.objects.get(tenant=w.other_tenant)
    assert client.get(reverse("tpp:policy-yaml", args=[foreign.pk])).status_code == 404
    assert client.post(url).status_code == 405


def test_editor_shows_the_plain_reading_next_to_the_yaml(tpp: TppWorld) -> None:
    w = tpp.world
    html = w.client_for(w.admin_user).get(EDIT).content.decode()
    # The version being edited, in words beside the editor, without its YAML keys.
    assert '<textarea id="id_policy" name="policy"' in html and "late_in:" in html
    assert "Terlambat 1–30 menit: potongan 0,5% per hari" in html
    reading = html.split('id="preview"', 1)[1]
    assert "sangat_baik" not in reading and "alasan_penting" not in reading
    assert "Predikat Sangat Baik: komponen kinerja dibayar" in reading
    english = w.client_for(w.admin_user)
    english.cookies["django_language"] = "en"
    assert "What the policy says" in english.get(EDIT).content.decode()


def test_preview_validates_and_saves_nothing(tpp: TppWorld) -> None:
    w = tpp.world
    admin = w.client_for(w.admin_user)
    newer = POLICY.replace("2026-01-01", "2027-01-01").replace("percent: 0.5}", "percent: 0.75}")
    response = admin.post(EDIT, {"policy": newer, "preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Arti kebijakan (belum disimpan)" in html
    assert "Terlambat 1–30 menit: potongan 0,75% per hari" in html
    bad = admin.post(EDIT, {"policy": newer.replace("cap: 100", "cap: -1"), "preview": "1"})
    assert bad.status_code == 400 and "discipline.cap" in bad.content.decode()
    assert TppPolicy.objects.filter(tenant=w.tenant).count() == 1
    assert (
        w.client_for(w.finance_user).post(EDIT, {"policy": newer, "preview": "1"}).status_code
        == 403
    )


def test_uploading_tpp_policy_yaml(tpp: TppWorld) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = tpp.world
    newer = POLICY.replace("2026-01-01", "2027-01-01").encode()
    upload = SimpleUploadedFile("tpp-policy.yaml", newer, content_type="application/yaml")
    response = w.client_for(w.admin_user).post(EDIT, {"policy": "", "policy_file": upload})
    assert response.status_code == 302
    assert TppPolicy.objects.filter(tenant=w.tenant, effective_from="2027-01-01").exists()
    # The what-if page takes a file too.
    upload = SimpleUploadedFile("alt.yaml", newer.replace(b"5: 2800000", b"5: 3080000"))
    sim = w.client_for(w.finance_user).post(
        reverse("tpp:simulate"), {"period": "2026-10", "policy": "", "policy_file": upload}
    )
    assert sim.status_code == 200 and "Perbandingan" in sim.content.decode()
