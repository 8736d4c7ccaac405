"""Control characters are refused at input: forms, API, imports (issue 11 §3)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from pamong.core.errors import InputErrors
from pamong.imports.tabular import read_table
from pamong.participation.models import Complaint
from tests.conftest import World
from tests.participation.test_complaints_public import report_data


def test_a_form_field_with_a_control_character_is_refused(world: World) -> None:
    lapor = reverse("participation:lapor", args=["sofifi"])
    data = report_data(world, reporter_name="Siti\u000bAminah")
    response = Client().post(lapor, data)
    assert response.status_code == 400
    assert "reporter_name: berisi karakter kendali U+000B" in response.content.decode()
    assert not Complaint.objects.exists()
    # Line breaks and tabs in a description are text, not control characters.
    ok = Client().post(lapor, report_data(world, description="Baris satu\r\n\tbaris dua ..."))
    assert ok.status_code == 302


def test_an_api_write_with_a_control_character_is_refused(world: World) -> None:
    client = world.client_for(world.admin_user)
    response = client.post(
        "/api/v1/anything/",
        data=json.dumps({"pegawai": {"nama": "Budi\u0007"}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    message = "berisi karakter kendali U+0007 yang tidak diizinkan"
    assert response.json() == {"pegawai.nama": [message]}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_import_cell_with_a_control_character_names_row_and_column(kind: str) -> None:
    if kind == "csv":
        data = "kode,nama\nA,Dinas\u000bA\n".encode()
    else:
        from tests.imports.test_hostile_xlsx import sheet_file

        data = sheet_file({"A1": "kode", "B1": "nama", "A2": "A", "B2": "Dinas_x000B_A"})
    with pytest.raises(InputErrors) as exc:
        read_table(data, source=f"u.{kind}", required=["kode", "nama"])
    assert exc.value.lines() == [
        f"u.{kind}:2:nama: berisi karakter kendali U+000B yang tidak diizinkan"
    ]
