"""Pohon Kinerja pages: the tree (coverage flags, query count), sasaran and PK pages, the SKP
editor's PK-item picker, tenant isolation (404), rights (403) and methods (405)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pamong.appraisal import services as asvc
from pamong.appraisal.models import Rhk
from pamong.kinerja_org import services as svc
from pamong.kinerja_org.models import (
    IndikatorSasaran,
    PerjanjianKinerja,
    PerjanjianKinerjaItem,
    SasaranStrategis,
)
from tests.appraisal.conftest import draft_skp
from tests.conftest import World
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory, UserFactory
from tests.kinerja_org.conftest import YEAR, Tree, act

pytestmark = pytest.mark.django_db
TREE = reverse("kinerja_org:tree")


def _cascade(world: World, tree: Tree) -> Rhk:
    """The OPD head's RHK hangs from the PK item; the bidang head's RHK intervenes it."""
    head_skp = draft_skp(world.head_user, text="Layanan kepegawaian prima")
    head_rhk = asvc.rhk_link_pk_item(
        actor=act(world.head_user), rhk=head_skp.rhks.get(), pk_item=tree.item
    )
    draft_skp(world.supervisor_user, parent=head_rhk, text="Mutasi tepat waktu")
    return head_rhk


def test_the_tree_shows_the_cascade_and_flags_what_is_not_covered(world: World, tree: Tree) -> None:
    _cascade(world, tree)
    page = world.client_for(world.admin_user).get(TREE, {"year": YEAR})
    assert page.status_code == 200
    html = page.text
    assert "Meningkatnya kualitas pelayanan publik" in html
    assert "Layanan kepegawaian prima" in html and "Mutasi tepat waktu" in html
    assert "Maria Bria: Mutasi tepat waktu" in html
    # SAKIP is in nobody's PK yet; the IKM item is covered.
    assert "Belum masuk Perjanjian Kinerja unit mana pun." in html
    assert 'class="flag"' not in html
    assert "Semua butir sudah diintervensi" in html
    assert "Sasaran Kupang rahasia" not in html
    # Units without PK are listed with a link to draft one.
    assert reverse("kinerja_org:unit-pk", args=[world.outsider.unit_id]) in html


def test_an_uncovered_item_is_flagged(world: World, tree: Tree) -> None:
    bidang_pk = svc.pk_create(actor=act(world.admin_user), unit=world.bidang, year=YEAR)
    svc.pk_item_add(
        actor=act(world.admin_user), perjanjian=bidang_pk, indikator=tree.sakip, target_text="B"
    )
    html = world.client_for(world.head_user).get(TREE, {"year": YEAR}).text
    assert html.count('class="flag"') == 2  # both items: nobody's RHK hangs there
    uncovered = html.split('id="uncovered"')[1].split("</ul>")[0]
    assert "Bidang Mutasi: Predikat SAKIP" in uncovered


def test_rhk_texts_only_for_who_may_read_the_heads_skp(world: World, tree: Tree) -> None:
    _cascade(world, tree)
    # The outsider works in another OPD: coverage yes, texts no.
    outsider = UserFactory(
        username=world.outsider.nip, tenant=world.tenant, employee=world.outsider
    )
    html = world.client_for(outsider).get(TREE, {"year": YEAR}).text
    assert "Layanan kepegawaian prima" not in html
    assert "1 RHK kepala unit tidak ditampilkan." in html
    assert 'class="flag"' not in html
    # A direct report of the head reads the head's cascade (as on the SKP cascade page).
    supervisor = world.client_for(world.supervisor_user)
    assert "Layanan kepegawaian prima" in supervisor.get(TREE, {"year": YEAR}).text


def test_pk_page_shows_rhk_texts_only_to_who_may_read_the_heads_skp(
    world: World, tree: Tree
) -> None:
    _cascade(world, tree)
    url = reverse("kinerja_org:pk", args=[tree.pk.pk])
    outsider = UserFactory(
        username=world.outsider.nip, tenant=world.tenant, employee=world.outsider
    )
    html = world.client_for(outsider).get(url).text
    assert "Layanan kepegawaian prima" not in html
    assert "1 RHK kepala unit tidak ditampilkan." in html
    assert 'class="flag"' not in html  # covered, only not readable
    assert "Layanan kepegawaian prima" in world.client_for(world.supervisor_user).get(url).text


def _grow(world: World, tree: Tree, n: int) -> None:
    """n more OPDs, each with a head, a signed PK and the head's RHK hanging from it."""
    jpt = PositionFactory(tenant=world.tenant, name="Kepala Dinas", kind="jpt", kelas=14)
    staff = PositionFactory(tenant=world.tenant, name="Analis", kind="pelaksana", kelas=7)
    for i in range(n):
        unit = UnitFactory(tenant=world.tenant, code=f"3.{i:02d}", name=f"Dinas {i}")
        head = EmployeeFactory(tenant=world.tenant, unit=unit, position=jpt)
        unit.head = head
        unit.save()
        sub = EmployeeFactory(tenant=world.tenant, unit=unit, position=staff, supervisor=head)
        head_user = UserFactory(username=head.nip, tenant=world.tenant, employee=head)
        sub_user = UserFactory(username=sub.nip, tenant=world.tenant, employee=sub)
        pk = svc.pk_create(actor=act(world.admin_user), unit=unit, year=YEAR)
        item = svc.pk_item_add(
            actor=act(world.admin_user), perjanjian=pk, indikator=tree.ikm, target_text="x"
        )
        svc.pk_item_add(  # and one nobody covers (listed with its indikator)
            actor=act(world.admin_user), perjanjian=pk, indikator=tree.sakip, target_text="y"
        )
        svc.pk_sign(actor=act(world.admin_user), perjanjian=pk)
        skp = draft_skp(head_user, text=f"RHK kepala {i}")
        rhk = asvc.rhk_link_pk_item(actor=act(head_user), rhk=skp.rhks.get(), pk_item=item)
        draft_skp(sub_user, parent=rhk, text=f"RHK staf {i}")


@pytest.mark.parametrize("persona", ["admin_user", "head_user"])
def test_the_tree_page_query_count_does_not_grow(
    world: World, tree: Tree, persona: str, django_assert_num_queries: Any
) -> None:
    _cascade(world, tree)
    client = world.client_for(getattr(world, persona))
    client.get(TREE, {"year": YEAR})  # session and translations warm
    # Session, user with its employee and tenant, role grants, the units of the sasaran
    # form, then the tree in 7: sasaran, indikator, PK items, heads' RHK, supporting RHK, PKs,
    # OPDs without PK. An employee's actor adds headed OPDs and subordinates (one statement),
    # and the tree reads their supervisor (who may read which RHK).
    expected = 11 if persona == "admin_user" else 13
    with django_assert_num_queries(expected):
        small = client.get(TREE, {"year": YEAR})
    _grow(world, tree, 4)
    with django_assert_num_queries(expected):
        big = client.get(TREE, {"year": YEAR})
    assert big.text.count("RHK staf") == 4 or persona == "head_user"
    assert len(big.text) > len(small.text)


def test_tree_rights(world: World, tree: Tree) -> None:
    assert world.client_for(world.employee_user).get(TREE).status_code == 200
    assert world.client_for(world.auditor_user).get(TREE).status_code == 200
    assert world.client_for(world.finance_user).get(TREE).status_code == 403  # no employee
    assert world.client_for(world.superadmin_user).get(TREE).status_code == 404
    assert world.client_for(world.admin_user).post(TREE).status_code == 405
    # The other tenant's admin sees their own tree, never ours.
    html = world.client_for(world.other_admin_user).get(TREE, {"year": YEAR}).text
    assert "Sasaran Kupang rahasia" in html and "kualitas pelayanan publik" not in html


def test_sasaran_and_indikator_pages(world: World, tree: Tree) -> None:
    admin = world.client_for(world.admin_user)
    response = admin.post(
        reverse("kinerja_org:sasaran-create"),
        {"year": YEAR, "code": "SS.2", "statement": "Meningkatnya daya saing daerah", "unit": ""},
    )
    created = SasaranStrategis.objects.get(tenant=world.tenant, code="SS.2")
    assert response.status_code == 302
    assert response["Location"] == reverse("kinerja_org:sasaran", args=[created.pk])
    url = reverse("kinerja_org:sasaran", args=[created.pk])
    assert "Meningkatnya daya saing daerah" in admin.get(url).text
    admin.post(
        reverse("kinerja_org:indikator-create", args=[created.pk]),
        {"new-statement": "Pertumbuhan ekonomi", "new-target_value": "5.2", "new-target_unit": "%"},
    )
    ind = IndikatorSasaran.objects.get(sasaran=created)
    assert (ind.code, ind.target_display) == ("SS.2.1", "5.20 %")
    p = f"ind{ind.pk}"
    admin.post(
        reverse("kinerja_org:indikator-save", args=[ind.pk]),
        {f"{p}-code": "SS.2.1", f"{p}-statement": "PDRB", f"{p}-target_text": "naik"},
    )
    ind.refresh_from_db()
    assert (ind.statement, ind.target_display) == ("PDRB", "naik")
    admin.post(url, {"code": "SS.2", "statement": "Daya saing"})
    assert SasaranStrategis.objects.get(pk=created.pk).statement == "Daya saing"
    # A head cannot add a Pemda sasaran; the page says why instead of failing.
    head = world.client_for(world.head_user)
    assert head.post(url, {"code": "X", "statement": "y"}).status_code == 403
    response = head.post(
        reverse("kinerja_org:sasaran-create"), {"year": YEAR, "code": "SS.3", "statement": "z"}
    )
    assert response.status_code == 302 and not SasaranStrategis.objects.filter(code="SS.3")
    head.post(
        reverse("kinerja_org:sasaran-create"),
        {"year": YEAR, "code": "R.1", "statement": "Renstra", "unit": world.opd.pk},
    )
    assert SasaranStrategis.objects.get(code="R.1").unit_id == world.opd.pk


def test_pk_pages_and_htmx_items(world: World, tree: Tree) -> None:
    head = world.client_for(world.supervisor_user)  # heads the bidang
    unit_url = reverse("kinerja_org:unit-pk", args=[world.bidang.pk])
    page = head.get(unit_url, {"year": YEAR})
    assert "Susun Perjanjian Kinerja" in page.text
    response = head.post(unit_url, {"year": YEAR})
    pk = PerjanjianKinerja.objects.get(unit=world.bidang, year=YEAR)
    assert response["Location"] == reverse("kinerja_org:pk", args=[pk.pk])
    assert head.get(unit_url, {"year": YEAR})["Location"] == response["Location"]
    add = reverse("kinerja_org:pk-item-add", args=[pk.pk])
    fragment = head.post(
        add,
        {"item-indikator": tree.sakip.pk, "item-target_text": "BB"},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200
    assert fragment.text.startswith('<section id="pk-items"') and "Predikat SAKIP" in fragment.text
    item = pk.items.get()
    head.post(
        reverse("kinerja_org:pk-item-save", args=[item.pk]),
        {f"item{item.pk}-target_value": "3", f"item{item.pk}-target_unit": "dokumen"},
    )
    item.refresh_from_db()
    assert item.target_display == "3 dokumen"
    detail = head.get(reverse("kinerja_org:pk", args=[pk.pk])).text
    assert "Tandatangani Perjanjian Kinerja" in detail
    # Staff read the PK but cannot change it.
    staff = world.client_for(world.employee_user)
    staff_view = staff.get(reverse("kinerja_org:pk", args=[pk.pk]))
    assert staff_view.status_code == 200 and "Tandatangani" not in staff_view.text
    assert staff.post(add, {"item-indikator": tree.ikm.pk}).status_code == 403
    assert (
        staff.post(reverse("kinerja_org:pk-sign", args=[pk.pk]), {"confirmed": "1"}).status_code
        == 403
    )
    assert staff.post(unit_url, {"year": YEAR + 1}).status_code == 403
    assert head.post(reverse("kinerja_org:pk-sign", args=[pk.pk])).status_code == 400
    pk.refresh_from_db()
    assert pk.status == "draft"  # unconfirmed: nothing signed
    head.post(reverse("kinerja_org:pk-sign", args=[pk.pk]), {"confirmed": "1"})
    pk.refresh_from_db()
    assert pk.status == "signed" and pk.signer_id == world.supervisor.pk
    signed = head.get(reverse("kinerja_org:pk", args=[pk.pk])).text
    assert "Tandatangani" not in signed and "Tambah indikator" not in signed
    remove = reverse("kinerja_org:pk-item-remove", args=[item.pk])
    assert head.post(remove, follow=True).status_code == 200
    assert PerjanjianKinerjaItem.objects.filter(pk=item.pk).exists()  # signed: refused


def test_pk_perubahan_page(world: World, tree: Tree) -> None:
    from pamong.kinerja_org import services as kosvc

    kosvc.pk_sign(actor=act(world.head_user), perjanjian=tree.pk)
    page = reverse("kinerja_org:pk", args=[tree.pk.pk])
    reopen = reverse("kinerja_org:pk-reopen", args=[tree.pk.pk])
    assert reopen in world.client_for(world.admin_user).get(page).text
    assert reopen not in world.client_for(world.head_user).get(page).text
    assert world.client_for(world.head_user).post(reopen, {"reason": "x"}).status_code == 403
    assert world.client_for(world.admin_user).get(reopen).status_code == 405
    admin = world.client_for(world.admin_user)
    refused = admin.post(reopen, {"reason": ""}, follow=True)
    assert "Alasan perubahan wajib diisi." in refused.text
    response = admin.post(reopen, {"reason": "Perubahan APBD"})
    assert response.status_code == 302 and response["Location"] == page
    tree.pk.refresh_from_db()
    assert tree.pk.status == "draft"


def test_other_tenants_objects_are_404(world: World, tree: Tree) -> None:
    client = world.client_for(world.admin_user)
    foreign_item = tree.foreign_pk.items.get()
    foreign_ind = tree.foreign_sasaran.indikator.get()
    urls_get = [
        reverse("kinerja_org:sasaran", args=[tree.foreign_sasaran.pk]),
        reverse("kinerja_org:unit-pk", args=[world.other_opd.pk]),
        reverse("kinerja_org:pk", args=[tree.foreign_pk.pk]),
    ]
    urls_post = [
        *urls_get[:2],
        reverse("kinerja_org:indikator-create", args=[tree.foreign_sasaran.pk]),
        reverse("kinerja_org:indikator-save", args=[foreign_ind.pk]),
        reverse("kinerja_org:pk-item-add", args=[tree.foreign_pk.pk]),
        reverse("kinerja_org:pk-sign", args=[tree.foreign_pk.pk]),
        reverse("kinerja_org:pk-reopen", args=[tree.foreign_pk.pk]),
        reverse("kinerja_org:pk-item-save", args=[foreign_item.pk]),
        reverse("kinerja_org:pk-item-remove", args=[foreign_item.pk]),
    ]
    for url in urls_get:
        assert client.get(url).status_code == 404, url
    for url in urls_post:
        assert client.post(url, {"year": YEAR}).status_code == 404, url
    tree.foreign_pk.refresh_from_db()
    assert tree.foreign_pk.status == "draft" and foreign_item.pk
    assert client.get(reverse("kinerja_org:sasaran-create")).status_code == 405
    assert client.post(urls_get[2]).status_code == 405


def test_the_skp_editor_offers_pk_items_to_unit_heads(world: World, tree: Tree) -> None:
    skp = draft_skp(world.head_user, text="Layanan prima")
    rhk = skp.rhks.get()
    client = world.client_for(world.head_user)
    page = client.get(reverse("appraisal:skp-detail", args=[skp.pk])).text
    assert f'name="rhk{rhk.pk}-pk_item"' in page and 'name="new-pk_item"' in page
    assert "Badan Kepegawaian: Indeks kepuasan masyarakat" in page
    data = {f"rhk{rhk.pk}-text": "Layanan prima", f"rhk{rhk.pk}-kind": "utama"}
    data[f"rhk{rhk.pk}-pk_item"] = str(tree.item.pk)
    response = client.post(
        reverse("appraisal:rhk-save", args=[rhk.pk]), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert Rhk.objects.get(pk=rhk.pk).pk_item_id == tree.item.pk
    client.post(
        reverse("appraisal:rhk-add", args=[skp.pk]),
        {"new-text": "RHK dua", "new-kind": "utama", "new-pk_item": str(tree.item.pk)},
    )
    assert Rhk.objects.get(skp=skp, text="RHK dua").pk_item_id == tree.item.pk
    page = client.get(reverse("appraisal:skp-detail", args=[skp.pk])).text
    assert "Butir Perjanjian Kinerja</dt>" not in page and "84 poin" in page
    # Staff get no picker, and their autosave keeps working.
    staff_skp = draft_skp(world.employee_user)
    staff_page = world.client_for(world.employee_user).get(
        reverse("appraisal:skp-detail", args=[staff_skp.pk])
    )
    assert "pk_item" not in staff_page.text


def test_nav_link(world: World) -> None:
    home = world.client_for(world.employee_user).get(reverse("ui:home")).text
    assert f'href="{TREE}"' in home
    assert f'href="{TREE}"' not in world.client_for(world.finance_user).get(reverse("ui:home")).text


def test_a_linked_item_shows_its_rhk_on_the_pk_page(world: World, tree: Tree) -> None:
    _cascade(world, tree)
    page = world.client_for(world.head_user).get(reverse("kinerja_org:pk", args=[tree.pk.pk]))
    assert "Layanan kepegawaian prima" in page.text
    assert 'class="flag"' not in page.text
