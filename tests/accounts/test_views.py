"""Account pages: who may do what, tenant isolation, and every change audited."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from pamong.core.models import AuditLog, Role, RoleGrant, User

LIST = reverse("accounts:list")
ROLES = reverse("accounts:roles")
NEW = reverse("accounts:new")
BULK = reverse("accounts:bulk")


def detail(user: User) -> str:
    return reverse("accounts:detail", args=[user.pk])


def action(user: User) -> str:
    return reverse("accounts:action", args=[user.pk])


@pytest.mark.parametrize("persona", ["employee_user", "head_user", "finance_user"])
def test_pages_are_closed_to_other_roles(world, persona):
    client = world.client_for(getattr(world, persona))
    for url in (LIST, ROLES, NEW, detail(world.employee_user)):
        assert client.get(url).status_code == 403, url
    assert client.post(BULK).status_code == 403
    assert client.post(action(world.employee_user), {"action": "deactivate"}).status_code == 403


def test_the_auditor_sees_who_holds_which_role_but_changes_nothing(world):
    client = world.client_for(world.auditor_user)
    page = client.get(ROLES)
    assert page.status_code == 200
    assert "keuangan.sofifi" in page.content.decode()
    assert client.get(detail(world.finance_user)).status_code == 200
    assert client.post(action(world.finance_user), {"action": "deactivate"}).status_code == 403
    assert client.post(BULK).status_code == 403
    assert User.objects.get(pk=world.finance_user.pk).is_active


def test_another_tenants_accounts_are_404(world):
    client = world.client_for(world.admin_user)
    foreign = world.other_admin_user
    assert client.get(detail(foreign)).status_code == 404
    assert client.post(action(foreign), {"action": "deactivate"}).status_code == 404
    assert client.post(action(foreign), {"action": "code"}).status_code == 404
    assert "admin.kupang" not in client.get(LIST + "?q=admin").content.decode()
    assert User.objects.get(pk=foreign.pk).is_active
    # A grant of the other tenant cannot be revoked through one's own user either.
    other_grant = RoleGrant.objects.get(user=foreign)
    response = client.post(
        action(world.finance_user), {"action": "revoke", "grant": other_grant.pk}
    )
    assert response.status_code == 404
    assert RoleGrant.objects.filter(pk=other_grant.pk).exists()


def test_list_has_no_n_plus_one(world, django_assert_max_num_queries):
    client = world.client_for(world.admin_user)
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


def test_bulk_creation_gives_employees_their_nip_as_login(world, clock):
    clock.set(2026, 12, 1)
    world.peer.email = "fransiska@example.go.id"
    world.peer.save()
    client = world.client_for(world.admin_user)
    mail.outbox.clear()
    assert client.post(BULK).status_code == 302
    # head, supervisor and employee already had accounts; peer and outsider get one.
    created = set(User.objects.filter(employee__isnull=False).values_list("username", flat=True))
    assert {world.peer.nip, world.outsider.nip} <= created
    assert not User.objects.filter(username=world.foreigner.nip).exists()
    peer = User.objects.get(username=world.peer.nip)
    assert not peer.has_usable_password()
    assert [m.to for m in mail.outbox] == [["fransiska@example.go.id"]]
    entry = AuditLog.objects.get(action="accounts.user.bulk_created")
    assert entry.data["count"] == 2 and entry.tenant == world.tenant
    assert client.post(BULK).status_code == 302  # again: nothing new
    assert AuditLog.objects.filter(action="accounts.user.bulk_created").count() == 1


def test_activation_link_sets_the_first_password(world):
    client = world.client_for(world.admin_user)
    world.peer.email = "peer@example.go.id"
    world.peer.save()
    mail.outbox.clear()
    response = client.post(NEW, {"nip": world.peer.nip, "username": "", "email": ""})
    assert response.status_code == 302
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    visitor = Client()
    form_page = visitor.get("/" + path, follow=True)
    assert form_page.status_code == 200
    weak = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "assalamualaikum", "new_password2": "assalamualaikum"},
    )
    assert weak.status_code == 200  # refused: a common Indonesian password
    assert "umum" in weak.content.decode() or "common" in weak.content.decode()
    good = "Tenun-Ikat-Sikka-77"
    done = visitor.post(
        form_page.redirect_chain[-1][0], {"new_password1": good, "new_password2": good}
    )
    assert done.status_code == 302
    login = Client().post(reverse("ui:login"), {"username": world.peer.nip, "password": good})
    assert login.status_code == 302


def test_grant_and_revoke_are_audited_and_the_last_admin_stays(world):
    client = world.client_for(world.admin_user)
    user = world.supervisor_user
    response = client.post(
        action(user), {"action": "grant", "role": Role.FINANCE, "unit": world.opd.pk}
    )
    assert response.status_code == 302
    new = RoleGrant.objects.get(user=user, role=Role.FINANCE)
    assert new.unit == world.opd
    client.post(action(user), {"action": "revoke", "grant": new.pk})
    assert not RoleGrant.objects.filter(pk=new.pk).exists()
    actions = list(AuditLog.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert "accounts.role.granted" in actions and "accounts.role.revoked" in actions
    # Head of OPD must be limited to an OPD.
    client.post(action(user), {"action": "grant", "role": Role.OPD_HEAD})
    assert not RoleGrant.objects.filter(user=user, role=Role.OPD_HEAD).exists()
    # The only BKPSDM admin can be neither revoked nor deactivated.
    only = RoleGrant.objects.get(user=world.admin_user, role=Role.BKPSDM_ADMIN)
    client.post(action(world.admin_user), {"action": "revoke", "grant": only.pk})
    assert RoleGrant.objects.filter(pk=only.pk).exists()


def test_deactivation_ends_the_sessions(world):
    admin = world.client_for(world.admin_user)
    victim = world.client_for(world.employee_user)
    assert victim.get(reverse("ui:home")).status_code == 200
    admin.post(action(world.employee_user), {"action": "deactivate"})
    assert not User.objects.get(pk=world.employee_user.pk).is_active
    assert victim.get(reverse("ui:home")).status_code == 302
    assert AuditLog.objects.filter(action="accounts.user.deactivated").exists()


def test_one_time_code_must_be_changed_at_first_use(world):
    admin = world.client_for(world.admin_user)
    admin.post(action(world.employee_user), {"action": "code"})
    messages = [str(m) for m in admin.get(LIST).context["messages"]]
    code = re.search(r": ([a-z0-9]{10})\.", " ".join(messages)).group(1)
    client = Client()
    assert (
        client.post(
            reverse("ui:login"), {"username": world.employee_user.username, "password": code}
        ).status_code
        == 302
    )
    response = client.get(reverse("ui:home"))
    assert response["Location"].startswith(reverse("accounts:password-change"))
    new = "Sasando-Rote-2026!"
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": code, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.get(reverse("ui:home")).status_code == 200
    assert not User.objects.get(pk=world.employee_user.pk).must_change_password


def test_superadmin_creates_the_first_admin_of_a_pemda(world):
    url = reverse("accounts:first-admin", args=[world.other_tenant.pk])
    assert world.client_for(world.admin_user).get(url).status_code == 403
    client = world.client_for(world.superadmin_user)
    response = client.post(url, {"username": "admin.baru", "email": ""})
    assert response.status_code == 200
    assert "/akun/sandi/atur/" in response.context["link"]
    user = User.objects.get(username="admin.baru")
    assert user.tenant == world.other_tenant
    assert RoleGrant.objects.filter(user=user, role=Role.BKPSDM_ADMIN).exists()
    entry = AuditLog.objects.get(action="accounts.user.created", object_id=str(user.pk))
    assert entry.tenant == world.other_tenant and entry.actor_user == world.superadmin_user


def test_sign_out_everywhere_and_password_change_end_other_sessions(world):
    user = world.auditor_user
    first, second = world.client_for(user), world.client_for(user)
    first.post(reverse("accounts:sign-out-everywhere"))
    assert second.get(reverse("ui:home")).status_code == 302
    user.refresh_from_db()  # the epoch moved on
    third, fourth = world.client_for(user), world.client_for(user)
    new = "Ombak-Banda-Neira-9"
    third.post(
        reverse("accounts:password-change"),
        {"old_password": "rahasia-123", "new_password1": new, "new_password2": new},
    )
    assert third.get(reverse("ui:home")).status_code == 200  # this session stays
    assert fourth.get(reverse("ui:home")).status_code == 302
