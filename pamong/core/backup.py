"""`pamong backup` and `pamong restore`: one archive holds the database and uploaded files.

The archive is a gzip-compressed tar (docs/formats/backup.md):

    manifest.json        format, version, engine, time, applied migrations, and the
                         SHA-256 of every member plus a checksum and row count per table
    database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API
    database.pgdump      PostgreSQL: `pg_dump --format=custom` (one consistent snapshot)
    media/...            every file under MEDIA_ROOT (attachments, evidence, imports)

The copy is consistent while Pamong keeps running: SQLite's backup API and pg_dump both
read one snapshot. `restore` checks every member against the manifest before it touches
anything, refuses an installation that already holds data, loads the database, puts the
files back, and compares every table's checksum with the manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections

from pamong.core import clock

FORMAT = "pamong-backup"
VERSION = 1
# Tables whose rows a fresh `pamong migrate` writes: an installation with only these is empty.
SEEDED_TABLES = {"django_migrations", "django_content_type", "auth_permission", "django_site"}


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"unsupported database engine: {vendor}")
    return vendor


def table_checksums() -> dict[str, dict[str, Any]]:
    """Row count and a SHA-256 over the sorted rows of every table (engine-neutral text)."""
    result: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - a name from the catalogue
            rows = sorted(repr(tuple(_plain(v) for v in row)) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table] = {"rows": len(rows), "sha256": digest}
    return result


def _plain(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    args += ["--username", str(db.get("USER") or "postgres")]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _dump_database(target: Path) -> str:
    engine = _engine()
    db = connections["default"].settings_dict
    if engine == "sqlite":
        path = target / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(str(path))
        try:
            # Online backup API on Django's own connection: a consistent snapshot while
            # others write (and it also copies an in-memory database).
            connection.connection.backup(copy)
        finally:
            copy.close()
        return path.name
    path = target / "database.pgdump"
    args, env = _pg_env(db)
    command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args]
    command += ["--file", str(path), str(db["NAME"])]
    subprocess.run(command, check=True, env=env, capture_output=True)  # noqa: S603
    return path.name


def _media_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path, "media/" + path.relative_to(root).as_posix()


def archive_path(output: Path) -> Path:
    """`--output` is a file when it ends in .tar.gz or .tgz, else a folder (created if
    needed) that gets a dated archive name such as pamong-20261207-020000.tar.gz."""
    if output.is_dir() or not output.name.endswith((".tar.gz", ".tgz")):
        output.mkdir(parents=True, exist_ok=True)
        return output / f"pamong-{clock.now():%Y%m%d-%H%M%S}.tar.gz"
    output.parent.mkdir(parents=True, exist_ok=True)
    return output


def backup(output: Path) -> tuple[Path, dict[str, Any]]:
    """Write the archive; returns its path and the manifest."""
    target = archive_path(output)
    with tempfile.TemporaryDirectory(prefix="pamong-backup-") as tmp:
        work = Path(tmp)
        db_name = _dump_database(work)
        files: dict[str, str] = {db_name: _sha256(work / db_name)}
        media = list(_media_files())
        for path, member in media:
            files[member] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": clock.now().isoformat(),
            "engine": _engine(),
            "database": db_name,
            "migrations": _applied_migrations(),
            "tables": table_checksums(),
            "files": files,
        }
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(work / db_name, arcname=db_name)
            for path, member in media:
                tar.add(path, arcname=member)
        partial.replace(target)  # never leave a half-written archive under the final name
    target.chmod(0o600)  # it holds every personal record of every tenant
    return target, manifest


def _installation_is_empty() -> bool:
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor)) - SEEDED_TABLES
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT 1 FROM {quoted} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                return False
    root = Path(settings.MEDIA_ROOT)
    return not (root.is_dir() and any(p.is_file() for p in root.rglob("*")))


def _extract(archive: Path, work: Path) -> dict[str, Any]:
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(work, filter="data")  # no absolute paths, links out, or devices
    manifest = json.loads((work / "manifest.json").read_text())
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("not a Pamong backup archive (or a newer version)")
    for member, digest in manifest["files"].items():
        path = work / member
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{member}: checksum does not match the manifest")
    return dict(manifest)


def _load_database(work: Path, manifest: dict[str, Any]) -> None:
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"the archive holds a {manifest['engine']} database; this installation uses {engine}"
        )
    db = connections["default"].settings_dict
    if engine == "sqlite":
        source = sqlite3.connect(str(work / manifest["database"]))
        connection.ensure_connection()
        try:
            source.backup(connection.connection)  # replaces every page of the database
        finally:
            source.close()
        return
    connections["default"].close()
    args, env = _pg_env(db)
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    command += [*args, "--dbname", str(db["NAME"]), str(work / manifest["database"])]
    subprocess.run(command, check=True, env=env, capture_output=True)  # noqa: S603


def restore(archive: Path, *, force: bool = False) -> dict[str, Any]:
    """Bring an archive back onto an empty installation; returns the manifest.

    Raises BackupError when the archive is damaged, the installation holds data (unless
    `force`), or the restored tables differ from the manifest.
    """
    if not force and not _installation_is_empty():
        raise BackupError(
            "this installation already holds data; restore only onto an empty one "
            "(a new database and an empty MEDIA_ROOT)"
        )
    with tempfile.TemporaryDirectory(prefix="pamong-restore-") as tmp:
        work = Path(tmp)
        manifest = _extract(archive, work)
        _load_database(work, manifest)
        media_root = Path(settings.MEDIA_ROOT)
        for member in manifest["files"]:
            if member.startswith("media/"):
                destination = media_root / member.removeprefix("media/")
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work / member, destination)
    differing = [
        table
        for table, expected in table_checksums().items()
        if manifest["tables"].get(table, expected) != expected
    ]
    missing = sorted(set(manifest["tables"]) - set(table_checksums()))
    if differing or missing:
        raise BackupError(f"restored tables differ from the backup: {differing + missing}")
    return manifest
