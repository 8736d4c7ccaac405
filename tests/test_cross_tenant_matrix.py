"""The cross-tenant matrix, generated from the URL configuration.

Every URL pattern (web and API) that takes a record id is requested by a user of tenant A in
each role, with the id of a record that exists in tenant B. The answer must be 403 or 404:
never 200 (a leak), never 5xx. A GET-only refusal (405) is followed by a POST, so actions
are covered too.

Each id-taking pattern is either in SAMPLES (which model each id argument names) or in
SKIPPED with a reason. A new pattern in neither fails `test_every_id_pattern_is_covered`,
so a new view or endpoint cannot escape the matrix.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scopes_disabled

from pamong.core.models import Role, Tenant
from pamong.demo.data import preset_for
from pamong.demo.generator import generate_tenant
from tests.conftest import World
from tests.factories import UserFactory, grant, other_tenant_records

ARG = re.compile(r"<(?:(\w+):)?(\w+)>")

# URL name -> {int argument: model label}. Models are looked up in tenant B.
E = "org.Employee"
SAMPLES: dict[str, dict[str, str]] = {
    "api:unit": {"pk": "org.Unit"},
    "api:employee": {"pk": E},
    "api:attendance:employee-month": {"pk": E},
    "api:attendance:correction": {"pk": "attendance.Correction"},
    "api:attendance:correction-decision": {"pk": "attendance.Correction"},
    "api:attendance:correction-cancel": {"pk": "attendance.Correction"},
    "api:attendance:duty": {"pk": "attendance.Duty"},
    "api:tpp:run": {"pk": "tpp.TppRun"},
    "api:tpp:run-slips": {"pk": "tpp.TppRun"},
    "api:tpp:run-step": {"pk": "tpp.TppRun"},
    "api:tpp:slip": {"pk": "tpp.TppSlip"},
    "api:tpp:policy": {"pk": "tpp.TppPolicy"},
    "api:appraisal:skp": {"pk": "appraisal.Skp"},
    "api:appraisal:skp-action": {"pk": "appraisal.Skp"},
    "api:appraisal:realisations": {"pk": "appraisal.Indicator"},
    "api:participation:complaint": {"pk": "participation.Complaint"},
    "api:leave:request": {"pk": "leave.LeaveRequest"},
    "api:leave:request-consider": {"pk": "leave.LeaveRequest"},
    "api:leave:request-decide": {"pk": "leave.LeaveRequest"},
    "api:leave:request-cancel": {"pk": "leave.LeaveRequest"},
    "api:kinerja_org:sasaran": {"pk": "kinerja_org.SasaranStrategis"},
    "api:kinerja_org:pk": {"pk": "kinerja_org.PerjanjianKinerja"},
    "api:kinerja_org:pk-sign": {"pk": "kinerja_org.PerjanjianKinerja"},
    "api:recruitment:selection": {"pk": "recruitment.Selection"},
    "api:recruitment:ranking": {
        "pk": "recruitment.Selection",
        "line_pk": "recruitment.FormasiLine",
    },
    "api:competence:programme-apply": {"pk": "competence.Programme"},
    "api:competence:enrolment-consider": {"pk": "competence.Enrolment"},
    "api:competence:enrolment-decide": {"pk": "competence.Enrolment"},
    "api:competence:attempt-submit": {"pk": "competence.Attempt"},
    "api:evaluation:values": {"pk": "evaluation.Report"},
    "api:careers:kp-proposal": {"pk": "careers.KpProposal"},
    "api:careers:kp-proposal-submit": {"pk": "careers.KpProposal"},
    "api:careers:kp-proposal-decision": {"pk": "careers.KpProposal"},
    "imports:job": {"pk": "core.BackgroundJob"},
    "imports:job-status": {"pk": "core.BackgroundJob"},
    "imports:job-retry": {"pk": "core.BackgroundJob"},
    "attendance:employee-month": {"pk": E},
    "attendance:correction": {"pk": "attendance.Correction"},
    "attendance:correction-decide": {"pk": "attendance.Correction"},
    "attendance:correction-cancel": {"pk": "attendance.Correction"},
    "attendance:correction-evidence": {"pk": "attendance.Correction"},
    "attendance:duty-delete": {"pk": "attendance.Duty"},
    "attendance:device-rotate": {"pk": "attendance.Device"},
    "attendance:device-deactivate": {"pk": "attendance.Device"},
    "leave:rule-edit": {"pk": "leave.LeaveRule"},
    "leave:rule-delete": {"pk": "leave.LeaveRule"},
    "leave:request-detail": {"pk": "leave.LeaveRequest"},
    "leave:request-consider": {"pk": "leave.LeaveRequest"},
    "leave:request-decide": {"pk": "leave.LeaveRequest"},
    "leave:request-cancel": {"pk": "leave.LeaveRequest"},
    "leave:request-letter": {"pk": "leave.LeaveRequest"},
    "leave:request-attachment": {"pk": "leave.LeaveRequest"},
    "leave:request-tpk-attachment": {"pk": "leave.LeaveRequest"},
    "performance:unit-predikat-set": {"pk": "org.Unit"},
    "performance:coaching-new": {"employee_pk": E},
    "performance:coaching": {"pk": "performance.CoachingPlan"},
    "performance:session-add": {"pk": "performance.CoachingPlan"},
    "performance:pembinaan-close": {"pk": "performance.CoachingPlan"},
    "performance:session-delete": {"pk": "performance.CoachingSession"},
    "performance:session-edit": {"pk": "performance.CoachingSession"},
    "api:performance:pembinaan-detail": {"pk": "performance.CoachingPlan"},
    "api:performance:session-add": {"pk": "performance.CoachingPlan"},
    "api:performance:pembinaan-close": {"pk": "performance.CoachingPlan"},
    "api:performance:session": {"pk": "performance.CoachingSession"},
    "appraisal:skp-detail": {"pk": "appraisal.Skp"},
    "appraisal:rhk-add": {"pk": "appraisal.Skp"},
    "appraisal:skp-submit": {"pk": "appraisal.Skp"},
    "appraisal:skp-decide": {"pk": "appraisal.Skp"},
    "appraisal:cascade": {"pk": "appraisal.Skp"},
    "appraisal:skp-pdf": {"pk": "appraisal.Skp"},
    "appraisal:skp-lampiran": {"pk": "appraisal.Skp"},
    "appraisal:skp-expectations": {"pk": "appraisal.Skp"},
    "appraisal:evidence": {"pk": "appraisal.Realisation"},
    "appraisal:rhk-save": {"pk": "appraisal.Rhk"},
    "appraisal:rhk-delete": {"pk": "appraisal.Rhk"},
    "appraisal:indicator-add": {"pk": "appraisal.Rhk"},
    "appraisal:feedback-add": {"pk": "appraisal.Rhk"},
    "appraisal:indicator-delete": {"pk": "appraisal.Indicator"},
    "appraisal:realisation": {"pk": "appraisal.Indicator"},
    "appraisal:evaluate": {"employee_pk": E},
    "appraisal:evaluation": {"pk": "appraisal.Evaluation"},
    "appraisal:evaluation-pdf": {"pk": "appraisal.Evaluation"},
    "appraisal:acknowledge": {"pk": "appraisal.Evaluation"},
    "appraisal:finalize": {"pk": "appraisal.Evaluation"},
    "appraisal:objection-file": {"pk": "appraisal.Evaluation"},
    "appraisal:peer": {"employee_pk": E},
    "appraisal:peer-answer": {"pk": "appraisal.PeerAssignment"},
    "appraisal:calibration-adjust": {"pk": "appraisal.Evaluation"},
    "appraisal:objection": {"pk": "appraisal.Objection"},
    "kinerja_org:sasaran": {"pk": "kinerja_org.SasaranStrategis"},
    "kinerja_org:indikator-create": {"pk": "kinerja_org.SasaranStrategis"},
    "kinerja_org:indikator-save": {"pk": "kinerja_org.IndikatorSasaran"},
    "kinerja_org:unit-pk": {"unit_pk": "org.Unit"},
    "kinerja_org:pk": {"pk": "kinerja_org.PerjanjianKinerja"},
    "kinerja_org:pk-item-add": {"pk": "kinerja_org.PerjanjianKinerja"},
    "kinerja_org:pk-sign": {"pk": "kinerja_org.PerjanjianKinerja"},
    "kinerja_org:pk-reopen": {"pk": "kinerja_org.PerjanjianKinerja"},
    "kinerja_org:pk-item-save": {"pk": "kinerja_org.PerjanjianKinerjaItem"},
    "kinerja_org:pk-item-remove": {"pk": "kinerja_org.PerjanjianKinerjaItem"},
    "tpp:job": {"pk": "core.BackgroundJob"},
    "tpp:job-retry": {"pk": "core.BackgroundJob"},
    "tpp:policy-yaml": {"pk": "tpp.TppPolicy"},
    "tpp:run-detail": {"pk": "tpp.TppRun"},
    "tpp:run-step": {"pk": "tpp.TppRun"},
    "tpp:run-export": {"pk": "tpp.TppRun"},
    "tpp:run-bank": {"pk": "tpp.TppRun"},
    "tpp:run-payroll-pdf": {"pk": "tpp.TppRun", "opd": "org.Unit"},
    "tpp:run-slip": {"pk": "tpp.TppRun", "employee": E},
    "tpp:run-slip-pdf": {"pk": "tpp.TppRun", "employee": E},
    "tpp:slip": {"pk": "tpp.TppSlip"},
    "tpp:slip-pdf": {"pk": "tpp.TppSlip"},
    "participation:service-edit": {"pk": "participation.SkmService"},
    "participation:service-poster": {"pk": "participation.SkmService"},
    "participation:forum": {"pk": "participation.Forum"},
    "participation:forum-minutes": {"pk": "participation.Forum"},
    "participation:forum-cancel": {"pk": "participation.Forum"},
    "participation:forum-item-add": {"pk": "participation.Forum"},
    "participation:forum-item-follow-up": {"pk": "participation.ForumActionItem"},
    "participation:complaint": {"pk": "participation.Complaint"},
    "participation:complaint-attachment": {
        "pk": "participation.Complaint",
        "attachment_pk": "participation.ComplaintAttachment",
    },
    "participation:complaint-verify": {"pk": "participation.Complaint"},
    "participation:complaint-postpone": {"pk": "participation.Complaint"},
    "participation:complaint-dispatch": {"pk": "participation.Complaint"},
    "participation:complaint-respond": {"pk": "participation.Complaint"},
    "participation:complaint-close": {"pk": "participation.Complaint"},
    "participation:complaint-feedback": {"pk": "participation.Complaint"},
    "participation:complaint-archive": {"pk": "participation.Complaint"},
    "recruitment:selection": {"pk": "recruitment.Selection"},
    "recruitment:line": {"pk": "recruitment.Selection", "line_pk": "recruitment.FormasiLine"},
    "recruitment:ranking-csv": {"pk": "recruitment.Selection"},
    "recruitment:announcement-pdf": {"pk": "recruitment.Selection"},
    "recruitment:announce": {"pk": "recruitment.Selection"},
    "recruitment:fill": {"pk": "recruitment.Selection"},
    "recruitment:candidate-entry": {"pk": "recruitment.Selection"},
    "recruitment:candidate": {"pk": "recruitment.Candidate"},
    "accounts:detail": {"pk": "core.User"},
    "accounts:action": {"pk": "core.User"},
    "competence:programme": {"pk": "competence.Programme"},
    "competence:programme-edit": {"pk": "competence.Programme"},
    "competence:programme-apply": {"pk": "competence.Programme"},
    "competence:programme-nominate": {"pk": "competence.Programme"},
    "competence:enrolment": {"pk": "competence.Enrolment"},
    "competence:enrolment-consider": {"pk": "competence.Enrolment"},
    "competence:enrolment-decide": {"pk": "competence.Enrolment"},
    "competence:enrolment-cancel": {"pk": "competence.Enrolment"},
    "competence:enrolment-complete": {"pk": "competence.Enrolment"},
    "competence:enrolment-certificate": {"pk": "competence.Enrolment"},
    "competence:certificate": {"pk": "competence.ExternalCertificate"},
    "competence:certificate-verify": {"pk": "competence.ExternalCertificate"},
    "competence:certificate-file": {"pk": "competence.ExternalCertificate"},
    "competence:institution": {"pk": "competence.Institution"},
    "competence:institution-edit": {"pk": "competence.Institution"},
    "competence:agreement-file": {"pk": "competence.Agreement"},
    "competence:needs-opd": {"pk": "org.Unit"},
    "competence:team-plan": {"employee_pk": E},
    "competence:course": {"pk": "competence.Course"},
    "competence:course-edit": {"pk": "competence.Course"},
    "competence:module-add": {"pk": "competence.Course"},
    "competence:question-add": {"pk": "competence.Course"},
    "competence:module": {"pk": "competence.Course", "module_pk": "competence.Module"},
    "competence:module-file": {"pk": "competence.Course", "module_pk": "competence.Module"},
    "competence:attempt-start": {"pk": "competence.Course"},
    "competence:attempt": {"pk": "competence.Attempt"},
    "competence:course-certificate": {"pk": "competence.CourseCertificate"},
    "competence:dashboard-opd": {"pk": "org.Unit"},
    "evaluation:indicator-add": {"policy_pk": "evaluation.Policy"},
    "evaluation:manual-value": {"pk": "evaluation.PolicyIndicator"},
    "evaluation:report": {"pk": "evaluation.Report"},
    "evaluation:job-status": {"pk": "evaluation.Report"},
    "evaluation:explain": {"pk": "evaluation.Report"},
    "evaluation:conclude": {"pk": "evaluation.Report"},
    "evaluation:sign": {"pk": "evaluation.Report"},
    "evaluation:pdf": {"pk": "evaluation.Report"},
    "evaluation:xlsx": {"pk": "evaluation.Report"},
    "evaluation:trace": {"pk": "evaluation.Report"},
    "evaluation:units": {"pk": "evaluation.Report", "opd_pk": "org.Unit"},
    "careers:kp-proposal": {"pk": "careers.KpProposal"},
    "careers:kp-action": {"pk": "careers.KpProposal"},
    "careers:kp-document": {"pk": "careers.KpDocument"},
    "careers:kgb-letter": {"pk": E},
    "careers:kgb-postpone": {"pk": E},
    "careers:kgb-record": {"pk": E},
    "careers:talent-move": {"pk": E},
    "careers:jpt": {"pk": "careers.JptSelection"},
    "careers:jpt-candidate": {"pk": "careers.JptCandidate"},
    "recruitment:onboard": {"pk": "recruitment.Candidate"},
    "competence:course-package": {"pk": "competence.Course"},
    "ui:unit-detail": {"pk": "org.Unit"},
    "ui:employee-detail": {"pk": E},
    "ui:employee-edit": {"pk": E},
}

# Id-taking patterns left out, with the reason.
SKIPPED: dict[str, str] = {
    "accounts:first-admin": "superadmin only: tenant-less by design (tests/accounts)",
    "ui:tenant-edit": "superadmin only: edits tenants by design (tests/ui)",
    "participation:skm-form": "public citizens' form addressed by tenant slug (no account)",
    "participation:skm-thanks": "public citizens' page addressed by tenant slug (no account)",
    "participation:ticket-attachment": "public, by secret ticket code (tests/participation)",
    "careers:jpt-public": "public result page addressed by tenant slug (tests/careers/test_jpt)",
}

# Values for the non-id arguments: the most permissive real value, so a 404 means the
# record was not found, not that the action name was unknown.
WORDS = {
    "step": "verify",
    "fmt": "csv",
    "action": "submit",
    "source": "evaluations",
    "code": "x",
    "uidb64": "x",
    "token": "x",
}


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[tuple[str, str]]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, route, ns + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern) and p.name:
            yield ns + p.name, route


def id_patterns() -> dict[str, str]:
    """Name -> route of every pattern with an int argument (regex routes are third-party)."""
    return {
        name: route
        for name, route in _walk(get_resolver().url_patterns)
        if not route.startswith("^") and any(c == "int" for c, _a in ARG.findall(route))
    }


def test_every_id_pattern_is_covered() -> None:
    found = id_patterns()
    missing = sorted(set(found) - set(SAMPLES) - set(SKIPPED))
    assert missing == [], f"add these URL names to SAMPLES or SKIPPED: {missing}"
    stale = sorted((set(SAMPLES) | set(SKIPPED)) - set(found))
    assert stale == [], f"these URL names no longer exist: {stale}"
    for name, models in SAMPLES.items():
        ints = {a for c, a in ARG.findall(found[name]) if c == "int"}
        assert ints == set(models), (name, ints, models)
        for label in models.values():
            apps.get_model(label)  # a typo fails here


def _seed_tenant_b() -> Tenant:
    """Tenant B: a small demo Pemda with every module's demo data (hooks), plus one row of
    each model the demo does not create (tests/factories.py)."""
    result = generate_tenant(
        preset_for("matriks", "Kab. Matriks", "Asia/Jakarta", 40), password_hash="x"
    )
    other_tenant_records(result.tenant)
    return result.tenant


def _samples(tenant: Tenant) -> dict[str, int | None]:
    labels = {label for models in SAMPLES.values() for label in models.values()}
    out: dict[str, int | None] = {}
    with scopes_disabled():
        for label in labels:
            model = apps.get_model(label)
            out[label] = (
                model._default_manager.filter(tenant=tenant)
                .order_by("pk")
                .values_list("pk", flat=True)
            ).first()
    return out


def _url(name: str, route: str, ids: dict[str, int]) -> str:
    kwargs: dict[str, Any] = {}
    for conv, arg in ARG.findall(route):
        kwargs[arg] = ids[arg] if conv == "int" else WORDS.get(arg, "x")
    return reverse(name, kwargs=kwargs)


def test_no_role_of_tenant_a_reaches_tenant_b(world: World) -> None:
    started = time.monotonic()
    tenant_b = _seed_tenant_b()
    samples = _samples(tenant_b)
    pimpinan = UserFactory(username="pimpinan.sofifi", tenant=world.tenant)
    grant(pimpinan, Role.PIMPINAN)
    personas = {
        Role.BKPSDM_ADMIN: world.admin_user,
        Role.FINANCE: world.finance_user,
        Role.APPROVER: world.approver_user,
        Role.AUDITOR: world.auditor_user,
        Role.OPD_HEAD: world.head_user,
        Role.PIMPINAN: pimpinan,
        "supervisor": world.supervisor_user,
        "employee": world.employee_user,
    }
    assert set(Role.values) <= set(personas)
    patterns = id_patterns()
    no_sample: dict[str, list[str]] = {}
    urls: list[str] = []
    for name, models in sorted(SAMPLES.items()):
        ids = {arg: samples[label] for arg, label in models.items()}
        absent = [models[a] for a, v in ids.items() if v is None]
        if absent:
            no_sample[name] = absent
            continue
        urls.append(_url(name, patterns[name], ids))  # type: ignore[arg-type]
    bad: list[tuple[str, str, str, int]] = []
    for role, user in personas.items():
        client = world.client_for(user)
        for url in urls:
            status = client.get(url).status_code
            method = "GET"
            if status == 405:
                method, status = "POST", client.post(url).status_code
            if status not in (403, 404):
                bad.append((role, method, url, status))
    assert bad == []
    # Patterns whose model the demo tenant has no row of are reported by name, and must
    # stay few: the matrix is meant to reach nearly every pattern.
    print(f"cross-tenant matrix: {len(urls)} patterns x {len(personas)} roles "
          f"in {time.monotonic() - started:.0f}s; no sample row: {sorted(no_sample)}")  # fmt: skip
    assert set(no_sample) == set(NO_DEMO_ROW), sorted(set(no_sample) ^ set(NO_DEMO_ROW))


# Patterns whose model tenant B has no row of, each with the reason. Tenant B is the demo
# Pemda plus one bare row of every model the demo does not create
# (tests/factories.py::other_tenant_records), so the list is empty; the test fails if a
# pattern loses its sample row, or if a listed one gets one, so the list only shrinks.
NO_DEMO_ROW: dict[str, str] = {}


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_skipped_patterns_have_a_reason(name: str) -> None:
    assert len(SKIPPED[name]) > 10


def test_patterns_without_a_sample_row_have_a_reason() -> None:
    assert all(len(reason) > 10 for reason in NO_DEMO_ROW.values())
