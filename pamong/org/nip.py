"""NIP (PNS/CPNS) and NI PPPK validation, domain.md §8."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

NIP_RE = re.compile(r"^\d{18}$")


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def nip_problems(
    nip: str,
    *,
    employee_type: str,
    birth_date: dt.date | None = None,
    gender: str | None = None,
) -> list[str]:
    """Reasons why `nip` is not valid for this person; empty when it is valid.

    PNS/CPNS: birth date (8) + TMT CPNS yyyymm (6) + gender 1/2 (1) + serial (3).
    PPPK: birth date (8) + appointment year (4) + contract code (2) + gender (1) + serial (3).
    """
    if not NIP_RE.match(nip):
        return [_("NIP harus 18 digit angka")]
    problems: list[str] = []
    born = _date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if born is None:
        problems.append(_("8 digit pertama NIP bukan tanggal lahir yang sah"))
    elif birth_date is not None and born != birth_date:
        problems.append(
            _("tanggal lahir %(date)s tidak sama dengan NIP (%(nip_date)s)")
            % {"date": birth_date.isoformat(), "nip_date": born.isoformat()}
        )
    year = int(nip[8:12])
    if employee_type == "PPPK":
        start = _date(year, 1, 1)
    else:
        start = _date(year, int(nip[12:14]), 1)
        if start is None:
            problems.append(_("digit 9–14 NIP bukan TMT CPNS (tahun dan bulan) yang sah"))
    if born is not None and start is not None and start.year < born.year + 18:
        problems.append(_("TMT pada NIP kurang dari 18 tahun setelah tanggal lahir"))
    gender_digit = nip[14]
    if gender_digit not in "12":
        problems.append(_("digit ke-15 NIP (jenis kelamin) harus 1 atau 2"))
    elif gender is not None and employee_type in {"PNS", "CPNS"}:
        expected = "L" if gender_digit == "1" else "P"
        if gender != expected:
            problems.append(
                _("jenis kelamin %(gender)s tidak sesuai dengan digit NIP (%(expected)s)")
                % {"gender": gender, "expected": expected}
            )
    if nip[15:] == "000":
        problems.append(_("nomor urut NIP tidak boleh 000"))
    return problems
