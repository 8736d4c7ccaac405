"""Uploaded import files (media/imports/<tenant>/) are evidence of what was imported.

Only successful imports keep their file, and only for PAMONG_IMPORT_RETENTION_DAYS
(default 90): a rejected file is deleted as soon as the import fails (it changed nothing
and may hold personal data), and `pamong imports purge` (also run daily by Celery beat)
deletes files older than the retention period. The import's audit entry keeps the file
name and SHA-256 for good.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def uploads_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def discard(path: Path | str) -> None:
    """Delete the stored upload of an import that failed."""
    Path(path).unlink(missing_ok=True)


def purge_old_uploads(days: int | None = None) -> int:
    """Delete stored uploads older than `days` (the setting by default); the count."""
    keep = settings.PAMONG_IMPORT_RETENTION_DAYS if days is None else days
    # File times come from the OS clock, so the age is measured on it too (not core.clock,
    # which tests move around).
    cutoff = time.time() - dt.timedelta(days=keep).total_seconds()
    root = uploads_root()
    if not root.is_dir():
        return 0
    removed = 0
    for path in root.glob("*/*"):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    logger.info("purged %s import uploads older than %s days", removed, keep)
    return removed
