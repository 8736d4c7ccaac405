"""Selection pages: upload, ranking with reasons, personal data only for selection staff,
tenant isolation, announcement, audited score changes, filling unfilled lines, public side."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.core.actor import actor_for_user
from pamong.core.models import AuditLog
from pamong.recruitment.models import Candidate, Selection
from pamong.recruitment.services import selection_announce, selection_load, skb_score_change
from tests.conftest import World
from tests.examples import SELECTION_EXAMPLE
from tests.recruitment.worked import FORMASI, PESERTA, SKB

EXAMPLE = SELECTION_EXAMPLE


@pytest.fixture
def sel(world: World) -> Selection:
    actor = actor_for_user(world.admin_user)
    return selection_load(
        actor=actor, code="W", formasi=FORMASI.encode(), peserta=PESERTA.encode(), skb=SKB.encode()
    ).selection


def test_admin_uploads_the_three_files(world: World) -> None:
    client = world.client_for(world.admin_user)
    files = {
        name: SimpleUploadedFile(f"{name}.csv", (EXAMPLE / f"{name}.csv").read_bytes())
        for name in ("formasi", "peserta", "skb")
    }
    response = client.post(
        reverse("recruitment:upload"), {"code": "SEL5", "name": "CASN 2026", **files}
    )
    assert response.status_code == 302
    selection = Selection.objects.get(tenant=world.tenant, code="SEL5")
    assert selection.candidates.count() == 95
    assert selection.candidates.get(no_peserta="00500009").status == "L"


def test_upload_with_errors_lists_file_row_column_and_writes_nothing(world: World) -> None:
    client = world.client_for(world.admin_user)
    files = {
        "formasi": SimpleUploadedFile("f.csv", FORMASI.replace("umum", "x").encode()),
        "peserta": SimpleUploadedFile("p.csv", PESERTA.encode()),
        "skb": SimpleUploadedFile("s.csv", SKB.encode()),
    }
    response = client.post(reverse("recruitment:upload"), {"code": "X", **files})
    assert response.status_code == 400
    assert "f.csv:2:jalur:" in response.content.decode()
    assert not Selection.objects.exists()


def test_line_page_shows_ranks_with_reasons_and_personal_data_to_staff(
    world: World, sel: Selection, django_assert_max_num_queries: object
) -> None:
    line = sel.lines.get()
    url = reverse("recruitment:line", args=[sel.pk, line.pk])
    client = world.client_for(world.admin_user)
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        page = client.get(url).content.decode()
    assert "menang pada TKP" in page and "lebih tua" in page and "lebih muda" in page
    assert "1990-05-01" in page  # birth date: selection staff only
    auditor_page = world.client_for(world.auditor_user).get(url).content.decode()
    assert "W010" in auditor_page and "1990-05-01" not in auditor_page


def test_permissions_and_tenant_isolation(world: World, sel: Selection) -> None:
    candidate = sel.candidates.get(no_peserta="W001")
    urls = [
        reverse("recruitment:selection", args=[sel.pk]),
        reverse("recruitment:ranking-csv", args=[sel.pk]),
        reverse("recruitment:announcement-pdf", args=[sel.pk]),
        reverse("recruitment:candidate", args=[candidate.pk]),
    ]
    for url in urls:
        assert world.client_for(world.employee_user).get(url).status_code == 403, url
        assert world.client_for(world.other_admin_user).get(url).status_code == 404, url
        assert world.client_for(world.admin_user).get(url).status_code == 200, url
    assert world.client_for(world.auditor_user).get(urls[3]).status_code == 403
    for name in ("announce", "fill"):
        url = reverse(f"recruitment:{name}", args=[sel.pk])
        assert world.client_for(world.auditor_user).post(url).status_code == 403
        assert world.client_for(world.other_admin_user).post(url).status_code == 404
    assert not Selection.objects.get(pk=sel.pk).is_announced


def test_announcing_needs_the_confirmation_on_the_server(world: World, sel: Selection) -> None:
    admin = world.client_for(world.admin_user)
    url = reverse("recruitment:announce", args=[sel.pk])
    response = admin.post(url)
    assert response.status_code == 400 and "Tidak ada yang diubah" in response.content.decode()
    assert not Selection.objects.get(pk=sel.pk).is_announced
    assert admin.post(url, {"confirmed": "1"}).status_code == 302
    assert Selection.objects.get(pk=sel.pk).is_announced


def test_csv_download_matches_the_ranking(world: World, sel: Selection) -> None:
    from tests.recruitment.worked import EXPECTED

    response = world.client_for(world.admin_user).get(
        reverse("recruitment:ranking-csv", args=[sel.pk])
    )
    assert response.content.decode() == EXPECTED


def test_score_change_after_announcement_needs_a_reason_and_is_audited(
    world: World, sel: Selection
) -> None:
    actor = actor_for_user(world.admin_user)
    w003 = Candidate.objects.get(selection=sel, no_peserta="W003")
    assert (w003.rank, w003.status) == (4, "L")
    skb_score_change(actor=actor, candidate=w003, component="cat", nilai=Decimal("61"))
    selection_announce(actor=actor, selection=sel)
    w003.refresh_from_db()
    with pytest.raises(ValidationError):
        skb_score_change(actor=actor, candidate=w003, component="cat", nilai=Decimal("62"))
    client = world.client_for(world.admin_user)
    url = reverse("recruitment:candidate", args=[w003.pk])
    response = client.post(url, {"component": "cat", "nilai": "0", "reason": "salah ketik"})
    assert response.status_code == 302
    w003.refresh_from_db()
    assert w003.status == "TL"  # skb 24: final 42.04, rank 9
    log = AuditLog.objects.filter(action="recruitment.skb_score.changed").latest("id")
    assert log.data["reason"] == "salah ketik" and log.data["announced"] is True
    assert log.before["status"] == "L" and log.after["status"] == "TL"
    # the announced selection refuses other data through the loader
    from pamong.core.errors import InputErrors

    with pytest.raises(InputErrors):
        selection_load(
            actor=actor,
            code="W",
            formasi=FORMASI.encode(),
            peserta=PESERTA.encode(),
            skb=b"no_peserta,komponen,nilai\n",
        )


def test_public_announcement_shows_only_names_numbers_and_results(
    world: World, sel: Selection, client: object
) -> None:
    url = reverse("recruitment:public-announcement", args=[world.tenant.slug, "W"])
    assert client.get(url).status_code == 404  # type: ignore[attr-defined]  # not announced
    selection_announce(actor=actor_for_user(world.admin_user), selection=sel)
    page = client.get(url).content.decode()  # type: ignore[attr-defined]
    assert "W001" in page and "Peserta W003" in page and "71,091" in page  # id locale
    assert "W006" not in page  # TL: not in the announcement
    assert "1995-01-01" not in page and "3,50" not in page and "3.50" not in page
    other = reverse("recruitment:public-announcement", args=[world.other_tenant.slug, "W"])
    assert client.get(other).status_code == 404  # type: ignore[attr-defined]
    pdf = client.get(url + "pengumuman.pdf")  # type: ignore[attr-defined]
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    index = client.get(reverse("recruitment:public-index", args=[world.tenant.slug]))  # type: ignore[attr-defined]
    assert url in index.content.decode()


FILL_FORMASI = (
    "kode_formasi,jabatan,jalur,kuota,bobot_skb\n"
    "A,Dokter,umum,1,cat=100\n"
    "B,Dokter,disabilitas,2,cat=100\n"
    "C,Perawat,umum,1,cat=100\n"
)
FILL_ROWS = [("1", "A", 100), ("2", "A", 90), ("3", "A", 80), ("4", "B", 100)]
FILL_ROWS += [("5", "C", 100), ("6", "C", 95)]
FILL_PESERTA = "no_peserta,nama,tanggal_lahir,kode_formasi,twk,tiu,tkp,nilai_pendidikan\n"
FILL_PESERTA += "".join(
    f"{no},N{no},1990-01-01,{line},{twk},100,180,3.5\n" for no, line, twk in FILL_ROWS
)
FILL_SKB = "no_peserta,komponen,nilai\n" + "".join(f"{n},cat,80\n" for n in "123456")


def test_fill_unfilled_lines_from_the_same_jabatan_by_rank(world: World) -> None:
    actor = actor_for_user(world.admin_user)
    selection = selection_load(
        actor=actor,
        code="F",
        formasi=FILL_FORMASI.encode(),
        peserta=FILL_PESERTA.encode(),
        skb=FILL_SKB.encode(),
    ).selection
    client = world.client_for(world.admin_user)
    response = client.post(reverse("recruitment:fill", args=[selection.pk]))
    assert response.status_code == 302
    filled = dict(
        Candidate.objects.filter(selection=selection, filled_line__isnull=False).values_list(
            "no_peserta", "filled_line__code"
        )
    )
    # B (Dokter) has 1 of 2 seats: the best TL Dokter of A (no 2) fills it; C's TL is a Perawat
    assert filled == {"2": "B"}
    assert AuditLog.objects.filter(action="recruitment.candidate.filled").count() == 1
    client.post(reverse("recruitment:fill", args=[selection.pk]))  # again: nothing more
    assert AuditLog.objects.filter(action="recruitment.candidate.filled").count() == 1


def test_nav_entry_for_selection_staff_and_auditors_only(world: World) -> None:
    from pamong.ui.nav import nav_for

    def names(user):  # type: ignore[no-untyped-def]
        return {link.url_name for link in nav_for(actor_for_user(user))}

    assert "recruitment:index" in names(world.admin_user)
    assert "recruitment:index" in names(world.auditor_user)
    assert "recruitment:index" not in names(world.employee_user)
    assert "recruitment:index" not in names(world.finance_user)
    assert (
        world.client_for(world.employee_user).get(reverse("recruitment:index")).status_code == 403
    )
