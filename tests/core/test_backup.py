"""`pamong backup` / `pamong restore`: the round trip gives back every table and file
(issue 11 §4). Runs on the suite's database engine: SQLite here, PostgreSQL in CI's second
run (pg_dump custom format / pg_restore).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pamong.core.backup import BackupError, backup, restore, table_checksums
from pamong.core.models import AuditLog, Tenant
from pamong.org.models import Employee
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)


def files_of(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def media(settings: object, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    (root / "imports" / "sofifi").mkdir(parents=True)
    (root / "imports" / "sofifi" / "units.csv").write_text("kode,nama\nX,Dinas X\n")
    (root / "leave" / "1").mkdir(parents=True)
    (root / "leave" / "1" / "surat.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    settings.MEDIA_ROOT = root  # type: ignore[attr-defined]
    return root


def _empty_installation(media: Path) -> None:
    """What a new server looks like: migrated tables without rows, no uploaded files."""
    call_command("flush", "--no-input", verbosity=0)
    shutil.rmtree(media)
    media.mkdir()


def test_round_trip_gives_back_every_table_and_file(world: World, media: Path, tmp_path) -> None:
    Employee.objects.filter(pk=world.employee.pk).update(name="Siti Aminah — ÜTF-8 ✓")
    before_tables = table_checksums()
    before_files = files_of(media)
    assert before_tables["org_employee"]["rows"] > 0 and len(before_files) == 2

    archive, manifest = backup(tmp_path / "backups")
    assert archive.name.endswith(".tar.gz") and archive.parent == tmp_path / "backups"
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        stored = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert stored["tables"] == before_tables == manifest["tables"]
    assert {"manifest.json", manifest["database"], "media/leave/1/surat.pdf"} <= names

    _empty_installation(media)
    assert not Tenant.objects.exists()
    restore(archive)
    assert table_checksums() == before_tables
    assert files_of(media) == before_files
    assert Employee.objects.get(pk=world.employee.pk).name == "Siti Aminah — ÜTF-8 ✓"
    assert AuditLog.objects.count() == before_tables["core_auditlog"]["rows"]

    # Now it holds data: a second restore is refused and changes nothing.
    with pytest.raises(BackupError, match="already holds data"):
        restore(archive)
    assert table_checksums() == before_tables


def test_a_damaged_archive_is_refused_before_anything_changes(
    world: World, media: Path, tmp_path: Path
) -> None:
    archive, _manifest = backup(tmp_path / "b.tar.gz")
    work = tmp_path / "x"
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    (work / "media" / "leave" / "1" / "surat.pdf").write_bytes(b"%PDF-1.4 changed")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for path in sorted(work.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(work).as_posix())
    _empty_installation(media)
    with pytest.raises(BackupError, match="surat.pdf: checksum"):
        restore(damaged)
    assert not Tenant.objects.exists() and files_of(media) == {}


def test_the_commands(world: World, media: Path, tmp_path: Path, capsys) -> None:
    call_command("backup", "--output", str(tmp_path / "nightly.tar.gz"))
    assert "ditulis ke" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(tmp_path / "nightly.tar.gz"))


def test_postgresql_restore_into_a_separate_database(
    world: World, media: Path, tmp_path: Path
) -> None:
    """The CLI round trip onto a second, brand-new database and data folder."""
    import os
    import subprocess
    import sys

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (the SQLite round trip is the test above)")
    before_tables = table_checksums()
    archive, _manifest = backup(tmp_path / "pg.tar.gz")
    db = connection.settings_dict
    name = f"{db['NAME']}_restored"
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db.get("PASSWORD") else f"{db['USER']}@"
    url = f"postgresql://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    data_dir = tmp_path / "restored"
    env = {**os.environ, "DATABASE_URL": url, "PAMONG_DATA_DIR": str(data_dir)}
    env["PAMONG_DEV"] = "1"
    pamong = [sys.executable, "-m", "pamong.cli"]
    try:
        subprocess.run([*pamong, "restore", str(archive)], env=env, check=True)
        script = (
            "import django, json; django.setup(); "
            "from pamong.core.backup import table_checksums; print(json.dumps(table_checksums()))"
        )
        out = subprocess.run(
            [sys.executable, "-c", script],
            env={**env, "DJANGO_SETTINGS_MODULE": "pamong.settings"},
            check=True,
            capture_output=True,
            text=True,
        )
        assert json.loads(out.stdout.strip().splitlines()[-1]) == before_tables
        assert files_of(data_dir / "media") == files_of(media)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
