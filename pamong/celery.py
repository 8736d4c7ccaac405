"""Celery app: eager when no broker is configured (REDIS_URL unset)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")

app = Celery("pamong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
