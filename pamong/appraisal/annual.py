"""The year's periodic ratings, summarised for the penilai who gives the annual predikat.

PermenPANRB 6/2022: the annual evaluation is given at the end of the year and takes the
periodic evaluations into account. The summary reads performance.Rating, which holds the
ratings given in Pamong (mirrored from Evaluation) and those imported from e-Kinerja, in
whatever periodic form they came (month, quarter, semester). Two queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pamong.appraisal.models import Evaluation
from pamong.org.models import Employee
from pamong.performance.models import Rating
from pamong.performance.predikat import Expectation, Predikat


@dataclass(frozen=True)
class PeriodicRow:
    period: str
    hasil_kerja: str
    perilaku_kerja: str
    predikat: str
    finalized: bool
    evaluation_id: int | None  # the Pamong evaluation, to link to; None when imported


@dataclass
class YearSummary:
    year: int
    rows: list[PeriodicRow] = field(default_factory=list)
    counts: list[tuple[str, str, int]] = field(default_factory=list)  # (value, label, n)

    @property
    def total(self) -> int:
        return len(self.rows)


def year_summary(employee: Employee, year: int) -> YearSummary:
    prefix = f"{year:04d}-"
    ratings = list(
        Rating.objects.filter(
            tenant=employee.tenant, employee=employee, period__startswith=prefix
        ).order_by("period")
    )
    evaluations = dict(
        Evaluation.objects.filter(
            tenant=employee.tenant, employee=employee, period__startswith=prefix
        ).values_list("period", "pk")
    )
    rows = [
        PeriodicRow(
            period=r.period,
            hasil_kerja=str(Expectation(r.hasil_kerja).label) if r.hasil_kerja else "–",
            perilaku_kerja=str(Expectation(r.perilaku_kerja).label) if r.perilaku_kerja else "–",
            predikat=str(Predikat(r.predikat).label),
            finalized=r.finalized,
            evaluation_id=evaluations.get(r.period),
        )
        for r in ratings
    ]
    tally: dict[str, int] = {}
    for r in ratings:
        tally[r.predikat] = tally.get(r.predikat, 0) + 1
    counts = [(value, str(label), tally.get(value, 0)) for value, label in Predikat.choices]
    return YearSummary(year=year, rows=rows, counts=counts)
