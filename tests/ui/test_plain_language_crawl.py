"""Every page a role can reach reads in plain Indonesian, and in English (issue 12 §1).

Signs in as every role of a demo tenant (realistic data from `pamong demo`), follows the
same-origin GET links from the home page (bounded BFS, see tests/ui/crawl.py) in both
languages, and fails on codes (snake_case, dotted action names, raw choice values) or,
in English, on Indonesian source strings that have a translation.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from pamong.core.models import Role, RoleGrant, User
from pamong.demo.data import preset_for
from pamong.demo.generator import generate_tenant
from tests.conftest import Clock
from tests.factories import login_fully
from tests.ui.crawl import crawl, msgid_map, problems

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def _logins(clock: Clock) -> dict[str, User]:
    clock.set(TODAY.year, TODAY.month, TODAY.day, tick=True)
    preset = preset_for("sofifi", None, None, 60)
    result = generate_tenant(preset, today=TODAY, months=["2026-09", "2026-10"])
    users = {
        login.role: User.objects.get(username=login.username)
        for login in result.logins
        if login.tenant == "sofifi"
    }
    pimpinan = User.objects.create(username="pimpinan.sofifi", tenant=result.tenant)
    RoleGrant.objects.create(tenant=result.tenant, user=pimpinan, role=Role.PIMPINAN)
    users["pimpinan"] = pimpinan
    return users


def test_every_page_of_every_role_reads_plainly_in_both_languages(clock: Clock) -> None:
    users = _logins(clock)
    msgids = msgid_map()
    names = set(User.objects.values_list("username", flat=True))
    found: list[str] = []
    for role, user in sorted(users.items()):
        for language in ("id", "en"):
            client = login_fully(Client(raise_request_exception=False), user)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            pages = crawl(client, "/")
            assert len(pages) > 3, (role, language)
            found += [f"[{role}/{language}] {p}" for p in problems(pages, language, msgids, names)]
    if found:
        pytest.fail("\n".join(sorted(set(found))), pytrace=False)
