"""Uploaded import files: kept only for successful imports, only for the retention period."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import World
from tests.imports.helpers import EMPLOYEE_HEADER, example_bytes, example_employees, to_csv
from tests.imports.test_views import _post


@pytest.fixture
def media(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    return tmp_path / "media" / "imports"


def stored(media: Path) -> list[str]:
    return sorted(p.name for p in media.glob("*/*"))


def test_a_rejected_file_is_not_kept_and_a_successful_one_is(world: World, media: Path) -> None:
    rows = example_employees(**{"199507212026101001": {"nip": "123"}})
    assert _post(world, "employees", to_csv(rows, EMPLOYEE_HEADER)).status_code == 200
    assert stored(media) == []
    assert _post(world, "units", example_bytes("units.csv"), "units.csv").status_code == 200
    assert [name.endswith("-units.csv") for name in stored(media)] == [True]


@override_settings(PAMONG_IMPORT_BACKGROUND_ROWS=2)
def test_a_failed_background_import_drops_its_file(world: World, media: Path) -> None:
    rows = example_employees(**{"199507212026101001": {"nip": "123"}})
    assert _post(world, "employees", to_csv(rows, EMPLOYEE_HEADER)).status_code == 302
    assert stored(media) == []


@override_settings(PAMONG_IMPORT_RETENTION_DAYS=30)
def test_purge_deletes_files_past_the_retention_period(media: Path, capsys) -> None:
    folder = media / "sofifi"
    folder.mkdir(parents=True)
    old, recent = folder / "old-units.csv", folder / "new-units.csv"
    old.write_text("kode\n")
    recent.write_text("kode\n")
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    call_command("imports_purge")
    assert stored(media) == ["new-units.csv"]
    assert "berkas impor dihapus: 1" in capsys.readouterr().out
    call_command("imports_purge", "--days", "0")
    assert stored(media) == []
