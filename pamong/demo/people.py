"""Invented people with consistent facts: the NIP encodes birth date, TMT and gender,
golongan follows education and years of service, and the age fits the jabatan.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from pamong.demo.data import Region
from pamong.demo.jobs import EDUCATION, Job
from pamong.org.models import PNS_GOLONGAN

PPPK_YEARS = ((2019, 1), (2021, 2), (2022, 3), (2023, 3), (2024, 3), (2025, 2))
PHONE_PREFIXES = ("11", "12", "13", "21", "22", "52", "53", "77", "78", "81", "95")
MASTERS_SHARE = {"jpt": 0.9, "administrator": 0.7, "pengawas": 0.3}
OLD_STYLE = {"s1": "Drs.", "s1sos": "Drs.", "s1eko": "Drs.", "s1pd": "Drs.", "s1tek": "Ir."}


class NipAllocator:
    """Serials start at 001 per 15-digit prefix and never repeat a NIP already taken."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.next: dict[str, int] = {}

    def allocate(self, prefix: str) -> str:
        serial = self.next.get(prefix, 1)
        while f"{prefix}{serial:03d}" in self.taken:
            serial += 1
        if serial > 999:
            raise ValueError(f"no NIP serial left for {prefix}")
        nip = f"{prefix}{serial:03d}"
        self.taken.add(nip)
        self.next[prefix] = serial + 1
        return nip


@dataclass
class Person:
    name: str
    gender: str
    birth_date: dt.date
    employee_type: str
    golongan: str
    nip: str
    tmt_unit: dt.date
    status: str
    email: str
    phone: str
    bank_name: str
    bank_account: str


def _month_start(ref: dt.date, months_back: int) -> dt.date:
    index = ref.year * 12 + ref.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def _birth(rng: random.Random, before: dt.date, age: int) -> dt.date:
    return before - dt.timedelta(days=age * 365 + rng.randint(0, 360))


class PersonFactory:
    def __init__(
        self, rng: random.Random, region: Region, ref: dt.date, nips: NipAllocator, domain: str
    ) -> None:
        self.rng, self.region, self.ref, self.nips, self.domain = rng, region, ref, nips, domain
        self.emails: dict[str, int] = {}

    def make(self, job: Job, *, structural: bool = False) -> Person:
        """One person for `job`; structural posts (heads, kepala sekolah) are always PNS aktif."""
        rng, edu = self.rng, EDUCATION[job.edu]
        gender = "P" if rng.random() < job.female_share else "L"
        r = rng.random()
        if not structural and r < job.pppk_share:
            kind = "PPPK"
        elif not structural and job.years[0] <= 4 and r < job.pppk_share + 0.04:
            kind = "CPNS"
        else:
            kind = "PNS"
        if kind == "PPPK":
            years = [(y, w) for y, w in PPPK_YEARS if y < self.ref.year] or [(self.ref.year, 1)]
            year = rng.choices([y for y, _w in years], weights=[w for _y, w in years])[0]
            start = dt.date(year, rng.choice((1, 3, 4, 6)), 1)
            age = min(rng.randint(22, 50), job.retire_age - 2 - (self.ref.year - year))
            birth = _birth(rng, start, max(age, 19))
            golongan = edu.pppk
            prefix = f"{birth:%Y%m%d}{year}21{1 if gender == 'L' else 2}"
            tmt_unit = start
        else:
            entry_age = rng.randint(*edu.entry_age)
            if kind == "CPNS":
                tmt = _month_start(self.ref, rng.randint(2, 12))
                years_served = 0
            else:
                years_served = rng.randint(*job.years)
                years_served = max(1, min(years_served, job.retire_age - 3 - entry_age))
                tmt = _month_start(self.ref, years_served * 12 + rng.randint(0, 11))
            birth = _birth(rng, tmt, entry_age)
            step = edu.entry + years_served // 4
            index = edu.entry if kind == "CPNS" else min(max(step, job.gol[0]), job.gol[1])
            golongan = PNS_GOLONGAN[index]
            prefix = f"{birth:%Y%m%d}{tmt:%Y%m}{1 if gender == 'L' else 2}"
            tmt_unit = tmt
            if kind == "PNS" and rng.random() < 0.25:
                # Moved in from another instansi later in their career (mutasi).
                span = (self.ref - tmt).days - 30
                tmt_unit = tmt + dt.timedelta(days=rng.randint(0, max(span, 0)))
        status = "aktif"
        if not structural and kind == "PNS":
            s = rng.random()
            status = "tugas_belajar" if s < 0.01 else "cltn" if s < 0.014 else "aktif"
        name, first, last = self._name(job, gender, birth)
        return Person(
            name=name,
            gender=gender,
            birth_date=birth,
            employee_type=kind,
            golongan=golongan,
            nip=self.nips.allocate(prefix),
            tmt_unit=tmt_unit,
            status=status,
            email=self._email(first, last),
            phone=f"08{rng.choice(PHONE_PREFIXES)}{rng.randint(0, 10**8 - 1):08d}",
            bank_name=self.region.regional_bank
            if rng.random() < 0.6 and self.region.regional_bank
            else rng.choice(self.region.banks),
            bank_account=str(rng.randint(10**9, 10 ** rng.randint(10, 15) - 1)),
        )

    def _name(self, job: Job, gender: str, birth: dt.date) -> tuple[str, str, str]:
        rng, region, edu = self.rng, self.region, EDUCATION[job.edu]
        firsts = region.male if gender == "L" else region.female
        first = rng.choice(firsts)
        if first in {"Andi", "Moh."}:
            first = f"{first} {rng.choice([f for f in firsts if f not in {'Andi', 'Moh.'}])}"
        if rng.random() < region.family_share:
            last = rng.choice(region.family)
        else:
            seconds = region.second_male if gender == "L" else region.second_female
            last = rng.choice(seconds or [f for f in firsts if f != first])
        base = f"{first} {last}"
        front = edu.front
        degree = rng.choice(edu.degrees) if edu.degrees else ""
        if birth.year < 1972 and job.edu in OLD_STYLE and rng.random() < 0.4:
            front, degree = OLD_STYLE[job.edu], ""
            if front == "Drs." and gender == "P":
                front = "Dra."
        age = self.ref.year - birth.year
        hajj = ""
        if age >= 40 and rng.random() < region.hajj_share:
            hajj = "H." if gender == "L" else "Hj."
        share = MASTERS_SHARE.get(job.kind, 0.4 if job.kelas >= 11 else 0.04)
        masters = rng.choice(edu.masters) if edu.masters and rng.random() < share else ""
        head = " ".join(p for p in (front, hajj, base) if p)
        tail = ", ".join(p for p in (degree, masters) if p)
        return (f"{head}, {tail}" if tail else head), first, last

    def _email(self, first: str, last: str) -> str:
        local = ".".join(re.sub(r"[^a-z]", "", w.lower()) for w in (first.split()[-1], last))
        n = self.emails.get(local, 0) + 1
        self.emails[local] = n
        return f"{local}{n if n > 1 else ''}@{self.domain}"
