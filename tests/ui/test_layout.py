"""Layout, navigation, login/logout, language switch and page weight."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pamong.core.actor import actor_for_user
from pamong.ui.nav import NAV, NavEntry, any_cap, nav_for, role
from tests.factories import EmployeeFactory
from tests.ui.helpers import assert_login_redirect, get


def nav_names(world, user) -> set[str]:
    return {link.url_name for link in nav_for(actor_for_user(user))}


def test_it_filters_nav_by_capability(world) -> None:
    admin = nav_names(world, world.admin_user)
    assert {"ui:home", "ui:units", "ui:employees", "ui:audit"} <= admin
    assert "ui:me" not in admin  # the admin account has no employee record
    assert "ui:tenants" not in admin
    employee = nav_names(world, world.employee_user)
    assert {"ui:home", "ui:me", "ui:employees"} <= employee
    assert not {"ui:units", "ui:audit", "ui:tenants", "imports:index"} & employee
    assert "ui:units" in nav_names(world, world.head_user)
    assert "ui:audit" in nav_names(world, world.auditor_user)
    assert nav_names(world, world.superadmin_user) == {
        "ui:home",
        "ui:tenants",
        "accounts:security",
    }


def test_module_entries_follow_the_module_rules(world) -> None:
    """Links to other modules appear only for people those pages admit (when installed)."""
    entries = [
        e for e in NAV if e.url_name in {"attendance:index", "tpp:index", "participation:index"}
    ]
    assert len(entries) == 3

    def allowed(user) -> set[str]:
        actor = actor_for_user(user)
        return {e.url_name for e in entries if e.allowed(actor)}

    assert allowed(world.employee_user) == {"attendance:index", "tpp:index"}
    assert allowed(world.finance_user) == {"tpp:index"}
    assert allowed(world.auditor_user) == {
        "attendance:index", "tpp:index", "participation:index"
    }  # fmt: skip
    assert allowed(world.head_user) == {"attendance:index", "tpp:index", "participation:index"}
    assert allowed(world.superadmin_user) == set()
    admin = actor_for_user(world.admin_user)
    assert role("bkpsdm_admin")(admin) and not role("auditor")(admin)


def test_it_skips_entries_whose_url_does_not_resolve(world) -> None:
    entries = [
        NavEntry("A", "ui:employees", lambda actor: True),
        NavEntry("B", "nowhere:index", lambda actor: True),
        NavEntry("C", "ui:audit", any_cap("audit.view")),
    ]
    links = nav_for(actor_for_user(world.admin_user), entries)
    assert [link.url_name for link in links] == ["ui:employees", "ui:audit"]
    assert nav_for(None, entries) == []


def test_layout_has_skip_link_tenant_user_and_current_page(world) -> None:
    response = get(world.client_for(world.employee_user), "ui:employees")
    html = response.content.decode()
    assert '<a class="skip" href="#main">' in html
    assert 'id="main"' in html
    assert "Kota Sofifi" in html
    assert "Arnoldus Seran" in html
    assert f'href="{reverse("ui:employees")}" aria-current="page"' in html
    assert "pamong/vendor/htmx.min.js" in html
    assert "https://" not in html  # no CDN


def test_login_page_labels_and_login_with_nip(world) -> None:
    client = Client()
    page = get(client, "ui:login").content.decode()
    assert '<label for="id_username">NIP atau nama pengguna' in page
    assert '<label for="id_password">Kata sandi' in page
    response = client.post(
        reverse("ui:login"), {"username": world.employee.nip, "password": "rahasia-123"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("ui:home")
    assert get(client, "ui:home").status_code == 200


def test_login_rejects_a_wrong_password(world) -> None:
    response = Client().post(
        reverse("ui:login"), {"username": world.employee.nip, "password": "salah"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "NIP/nama pengguna atau kata sandi salah." in html


def test_logout_needs_post(world) -> None:
    client = world.client_for(world.employee_user)
    assert client.get(reverse("ui:logout")).status_code == 405
    assert client.post(reverse("ui:logout")).status_code == 302
    assert_login_redirect(get(client, "ui:home"))


def test_home_needs_login_and_get(world) -> None:
    assert_login_redirect(get(Client(), "ui:home"))
    assert world.client_for(world.admin_user).post(reverse("ui:home")).status_code == 405


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        ("employee_user", ["Profil saya", "Arnoldus Seran"], ["Bawahan langsung", "OPD saya"]),
        ("supervisor_user", ["Bawahan langsung", '<span class="stat">2</span>'], ["OPD saya"]),
        ("head_user", ["OPD saya", "Badan Kepegawaian", '<span class="stat">4</span>'], []),
        ("admin_user", ['<span class="stat">5</span>', "Unit kerja"], ["OPD saya"]),
        ("auditor_user", ["Lihat perubahan terakhir", '<span class="stat">5</span>'], []),
        ("finance_user", ['<span class="stat">5</span>'], ["Lihat perubahan terakhir"]),
        ("superadmin_user", ["Kelola pemda"], ["Unit kerja"]),
    ],
)
def test_home_dashboard_per_role(world, persona, expected, absent) -> None:
    html = get(world.client_for(getattr(world, persona)), "ui:home").content.decode()
    for text in expected:
        assert text in html
    for text in absent:
        assert text not in html


def test_english_nav_labels_after_switching_language(world) -> None:
    client = world.client_for(world.admin_user)
    assert ">Pegawai</a>" in get(client, "ui:home").content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = get(client, "ui:home").content.decode()
    assert ">Employees</a>" in html
    assert ">Audit log</a>" in html
    assert '<html lang="en">' in html
    translation.activate("id")


def _page_weight(response) -> int:
    html = response.content
    total = len(gzip.compress(html))
    for url in re.findall(rb'(?:href|src)="/static/([^"]+)"', html):
        path = finders.find(url.decode())
        assert path, url
        with open(path, "rb") as fh:
            total += len(gzip.compress(fh.read()))
    return total


def test_first_load_is_under_150_kb(world) -> None:
    for i in range(50):
        EmployeeFactory(tenant=world.tenant, unit=world.bidang, name=f"Pegawai Berat {i}")
    login = get(Client(), "ui:login")
    employees = get(world.client_for(world.admin_user), "ui:employees")
    assert employees.content.count(b'<tr><td><a href="/pegawai/') == 50
    for response in (login, employees):
        weight = _page_weight(response)
        assert 10_000 < weight < 150 * 1024, weight


def test_error_pages_use_the_layout(world) -> None:
    client = world.client_for(world.employee_user)
    forbidden = get(client, "ui:employee-detail", world.peer.pk)
    assert forbidden.status_code == 403
    assert "Akses ditolak" in forbidden.content.decode()
    assert 'id="main"' in forbidden.content.decode()
    missing = get(client, "ui:employee-detail", world.foreigner.pk)
    assert missing.status_code == 404
    assert "Tidak ditemukan" in missing.content.decode()
    assert "Orang Kupang" not in missing.content.decode()
