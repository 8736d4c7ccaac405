"""Pamong: personnel and performance management for ASN in regional governments."""

from pamong.celery import app as celery_app

__all__ = ["celery_app"]
