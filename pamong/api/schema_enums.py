"""Choice sets named once in the OpenAPI schema (SPECTACULAR_SETTINGS ENUM_NAME_OVERRIDES
takes import paths; nested TextChoices need a module-level name)."""

from __future__ import annotations

from pamong.appraisal.models import Skp
from pamong.kinerja_org.models import PerjanjianKinerja
from pamong.org.models import EmployeeStatus
from pamong.performance.predikat import Expectation

SkpStatus = Skp.Status
PkStatus = PerjanjianKinerja.Status

__all__ = ["EmployeeStatus", "Expectation", "PkStatus", "SkpStatus"]
