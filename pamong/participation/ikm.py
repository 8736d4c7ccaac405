"""IKM (indeks kepuasan masyarakat) arithmetic, PermenPANRB 14/2017 and formats.md.

Everything is exact (`Fraction`); only printed values are rounded, always half-up:

- NRR of unsur N = sum of the N-th scores / number of questionnaires (printed with 3 decimals);
- IKM = sum of the nine NRR, each weighted exactly 1/9 (not 0.111), printed with 4 decimals;
- IKM konversi = IKM x 25, rounded half-up to 2 decimals;
- mutu and kinerja come from that *rounded* konversi: 25.00-64.99 D (tidak baik),
  65.00-76.60 C (kurang baik), 76.61-88.30 B (baik), 88.31-100.00 A (sangat baik).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy

from pamong.core.labels import register

# The kinerja words of the printed report (a contract format) as labels for people.
register(
    "ikm",
    {
        "sangat baik": gettext_lazy("Sangat baik"),
        "baik": gettext_lazy("Baik"),
        "kurang baik": gettext_lazy("Kurang baik"),
        "tidak baik": gettext_lazy("Tidak baik"),
    },
)
UNSUR_COUNT = 9

# Lower bound of each band on the rounded konversi, best first.
BANDS: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("88.31"), "A", "sangat baik"),
    (Decimal("76.61"), "B", "baik"),
    (Decimal("65.00"), "C", "kurang baik"),
    (Decimal("0"), "D", "tidak baik"),
)


def round_half_up(value: Fraction, places: int) -> Decimal:
    """Round an exact non-negative or negative fraction half-up (away from zero on ties)."""
    scale = 10**places
    scaled = abs(value) * scale
    units = int(scaled)  # floor for non-negative values
    if scaled - units >= Fraction(1, 2):
        units += 1
    sign = -1 if value < 0 else 1
    return Decimal(sign * units).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def band(konversi: Decimal) -> tuple[str, str]:
    """(mutu, kinerja) for a konversi already rounded to 2 decimals."""
    for lower, mutu, kinerja in BANDS:
        if konversi >= lower:
            return mutu, kinerja
    return BANDS[-1][1], BANDS[-1][2]


@dataclass(frozen=True)
class Ikm:
    """The survey result of a group of questionnaires (a service, a unit or the tenant)."""

    responden: int
    sums: tuple[int, ...]  # per unsur, u1..u9

    @property
    def nrr(self) -> tuple[Fraction, ...]:
        return tuple(Fraction(s, self.responden) for s in self.sums)

    @property
    def ikm(self) -> Fraction:
        return sum(self.nrr, Fraction(0)) / UNSUR_COUNT

    @property
    def konversi(self) -> Decimal:
        return round_half_up(self.ikm * 25, 2)

    @property
    def mutu(self) -> str:
        return band(self.konversi)[0]

    @property
    def kinerja(self) -> str:
        return band(self.konversi)[1]

    def printed(self) -> list[str]:
        """nrr_u1..nrr_u9, ikm, ikm_konversi, mutu, kinerja as formats.md prints them."""
        return [
            *(str(round_half_up(n, 3)) for n in self.nrr),
            str(round_half_up(self.ikm, 4)),
            str(self.konversi),
            self.mutu,
            self.kinerja,
        ]

    def __add__(self, other: Ikm) -> Ikm:
        return Ikm(
            self.responden + other.responden,
            tuple(a + b for a, b in zip(self.sums, other.sums, strict=True)),
        )


EMPTY = Ikm(0, (0,) * UNSUR_COUNT)


def ikm_of(scores: list[tuple[int, ...]]) -> Ikm:
    """The result of explicit questionnaires (each a tuple of nine scores); for tests/forms."""
    sums = [0] * UNSUR_COUNT
    for row in scores:
        for i, value in enumerate(row):
            sums[i] += value
    return Ikm(len(scores), tuple(sums))


def minimum_sample(population: int) -> int:
    """Krejcie & Morgan (1970) sample size at 95% confidence, 5% margin, P = 0.5.

    s = X2 N P(1-P) / (d2 (N-1) + X2 P(1-P)) with X2 = 3.841, rounded half-up; this
    reproduces the published table (100 -> 80, 500 -> 217, 1,000 -> 278, 75,000 -> 382,
    1,000,000 -> 384).
    """
    if population <= 0:
        return 0
    chi2, pq, d2 = Fraction(3841, 1000), Fraction(1, 4), Fraction(1, 400)
    size = chi2 * population * pq / (d2 * (population - 1) + chi2 * pq)
    return min(population, int(round_half_up(size, 0)))
