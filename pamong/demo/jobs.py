"""Jabatan used by the demo: kind, kelas, the golongan band and the usual education.

Golongan are indexes into PNS_GOLONGAN (0 = I/a … 16 = IV/e). An employee's golongan is the
entry golongan of their education plus one step per four years of service (KP reguler),
clipped to the band of the jabatan, so golongan always fits both age and position.
"""

from __future__ import annotations

from dataclasses import dataclass

from pamong.org.models import PNS_GOLONGAN

G = {g: i for i, g in enumerate(PNS_GOLONGAN)}


@dataclass(frozen=True)
class Education:
    key: str
    degrees: tuple[str, ...]  # trailing academic titles, one is picked
    front: str = ""  # leading title such as "dr." or "Ns."
    entry: int = G["III/a"]  # PNS entry golongan index
    pppk: str = "IX"  # PPPK golongan on appointment
    entry_age: tuple[int, int] = (22, 31)
    masters: tuple[str, ...] = ("M.Si.", "M.M.", "M.AP.")


EDUCATION = {
    e.key: e
    for e in (
        Education("sma", (), entry=G["II/a"], pppk="V", entry_age=(19, 27), masters=()),
        Education("d3", ("A.Md.",), entry=G["II/c"], pppk="VII", entry_age=(21, 29)),
        Education("d3kep", ("A.Md.Kep.",), entry=G["II/c"], pppk="VII", entry_age=(21, 28)),
        Education("d3keb", ("A.Md.Keb.", "S.Tr.Keb."), entry=G["II/c"], pppk="VII",
                  entry_age=(21, 28)),
        Education("d3lab", ("A.Md.AK.", "A.Md.Kes."), entry=G["II/c"], pppk="VII",
                  entry_age=(21, 28)),
        Education("s1", ("S.Sos.", "S.IP.", "S.AP.", "S.E.", "S.H.", "S.Kom.")),
        Education("s1eko", ("S.E.", "S.Ak.", "S.E.")),
        Education("s1hukum", ("S.H.",), masters=("M.H.",)),
        Education("s1tek", ("S.T.",), masters=("M.T.", "M.Eng.")),
        Education("s1kom", ("S.Kom.", "S.T.")),
        Education("s1pd", ("S.Pd.", "S.Pd.", "S.Pd.I."), masters=("M.Pd.",)),
        Education("s1kesmas", ("S.KM.",), masters=("M.Kes.",)),
        Education("s1gizi", ("S.Gz.",), masters=("M.Kes.",)),
        Education("s1sos", ("S.Sos.", "S.Tr.Sos.")),
        Education("stp", ("S.STP.", "S.IP."), masters=("M.Si.", "M.AP.")),
        Education("ners", ("S.Kep.",), front="Ns.", entry=G["III/b"], pppk="X",
                  entry_age=(23, 31), masters=("M.Kep.",)),
        Education("apt", ("S.Farm.",), front="apt.", entry=G["III/b"], pppk="X",
                  entry_age=(23, 31), masters=("M.Farm.",)),
        Education("dokter", (), front="dr.", entry=G["III/b"], pppk="X", entry_age=(25, 33),
                  masters=("M.Kes.",)),
        Education("drspesialis", ("Sp.PD", "Sp.A", "Sp.OG", "Sp.B", "Sp.An", "Sp.Rad"),
                  front="dr.", entry=G["III/b"], pppk="XI", entry_age=(25, 33), masters=()),
        Education("drg", (), front="drg.", entry=G["III/b"], pppk="X", entry_age=(25, 33),
                  masters=()),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Job:
    name: str
    kind: str  # PositionKind value
    kelas: int
    edu: str
    gol: tuple[int, int]  # golongan band (PNS index, inclusive)
    years: tuple[int, int]  # usual years of service in this jabatan
    pppk_share: float = 0.0  # share of holders who are PPPK
    female_share: float = 0.5
    retire_age: int = 58  # batas usia pensiun

    @property
    def is_head(self) -> bool:
        return self.kind in {"jpt", "administrator", "pengawas"}


def jpt(name: str, kelas: int = 14, edu: str = "s1") -> Job:
    band = (G["IV/c"], G["IV/d"]) if kelas >= 15 else (G["IV/b"], G["IV/d"])
    return Job(name, "jpt", kelas, edu, band, (20, 32), female_share=0.3, retire_age=60)


def administrator(name: str, kelas: int = 11, edu: str = "s1") -> Job:
    band = (G["IV/a"], G["IV/c"]) if kelas >= 12 else (G["III/d"], G["IV/b"])
    years = (16, 32) if kelas >= 12 else (12, 30)
    return Job(name, "administrator", kelas, edu, band, years, female_share=0.35)


def pengawas(name: str, edu: str = "s1") -> Job:
    return Job(name, "pengawas", 9, edu, (G["III/c"], G["IV/a"]), (8, 30), female_share=0.45)


# Fungsional levels: (suffix, kelas, golongan band, years of service, retire age).
LEVELS = {
    "mahir": ("Mahir", 7, (G["II/d"], G["III/b"]), (4, 26), 58),
    "pertama": ("Ahli Pertama", 8, (G["III/a"], G["III/b"]), (1, 12), 58),
    "muda": ("Ahli Muda", 9, (G["III/c"], G["III/d"]), (8, 26), 58),
    "madya": ("Ahli Madya", 11, (G["IV/a"], G["IV/c"]), (16, 33), 60),
}


def fungsional(
    base: str, level: str, edu: str, *, pppk: float = 0.0, female: float = 0.5, kelas: int = 0
) -> Job:
    suffix, default_kelas, band, years, retire = LEVELS[level]
    return Job(
        f"{base} {suffix}", "fungsional", kelas or default_kelas, edu, band, years,
        pppk_share=pppk, female_share=female, retire_age=retire,
    )  # fmt: skip


def pelaksana(name: str, kelas: int, edu: str, *, pppk: float = 0.12) -> Job:
    band = {5: (G["II/a"], G["III/b"]), 6: (G["II/c"], G["III/c"]), 7: (G["III/a"], G["III/d"])}
    return Job(name, "pelaksana", kelas, edu, band[kelas], (1, 34), pppk_share=pppk)


OPERATOR = pelaksana("Operator Layanan Operasional", 5, "sma")
PENGADMINISTRASI = pelaksana("Pengadministrasi Perkantoran", 5, "sma")
PENGELOLA = pelaksana("Pengelola Layanan Operasional", 6, "d3")
PENATA = pelaksana("Penata Layanan Operasional", 7, "s1", pppk=0.08)
PELAKSANA_MIX: tuple[tuple[Job, float], ...] = (
    (OPERATOR, 4),
    (PENGADMINISTRASI, 3),
    (PENGELOLA, 3),
    (PENATA, 3),
)

# A kepala sekolah is a guru with an additional task, so a fungsional jabatan, not a head
# kind: the demo links the school's staff to them with an explicit supervisor.
KEPALA_SEKOLAH = Job(
    "Guru Ahli Madya (Kepala Sekolah)", "fungsional", 11, "s1pd",
    (G["IV/a"], G["IV/c"]), (16, 32), female_share=0.5, retire_age=60,
)  # fmt: skip

GURU: tuple[tuple[Job, float], ...] = (
    (fungsional("Guru", "pertama", "s1pd", pppk=0.6, female=0.68), 45),
    (fungsional("Guru", "muda", "s1pd", female=0.65), 22),
    (fungsional("Guru", "madya", "s1pd", female=0.6), 10),
    (OPERATOR, 6),
    (PENGELOLA, 2),
)

PUSKESMAS: tuple[tuple[Job, float], ...] = (
    (fungsional("Dokter", "pertama", "dokter", pppk=0.2, female=0.6, kelas=9), 5),
    (fungsional("Dokter Gigi", "pertama", "drg", pppk=0.2, female=0.7, kelas=9), 2),
    (fungsional("Perawat", "mahir", "d3kep", pppk=0.45, female=0.7), 14),
    (fungsional("Perawat", "pertama", "ners", pppk=0.3, female=0.7), 10),
    (fungsional("Bidan", "mahir", "d3keb", pppk=0.45, female=1.0), 12),
    (fungsional("Bidan", "pertama", "d3keb", pppk=0.2, female=1.0), 5),
    (fungsional("Apoteker", "pertama", "apt", pppk=0.3, female=0.75), 3),
    (fungsional("Pranata Laboratorium Kesehatan", "mahir", "d3lab", pppk=0.3, female=0.7), 4),
    (fungsional("Sanitarian", "mahir", "d3", pppk=0.3), 3),
    (fungsional("Nutrisionis", "mahir", "s1gizi", pppk=0.3, female=0.85), 3),
    (fungsional("Penyuluh Kesehatan Masyarakat", "pertama", "s1kesmas", pppk=0.2), 2),
    (OPERATOR, 6),
    (PENGELOLA, 3),
)

RSUD: tuple[tuple[Job, float], ...] = (
    (fungsional("Dokter", "muda", "drspesialis", female=0.45, kelas=11), 6),
    (fungsional("Dokter", "pertama", "dokter", pppk=0.2, female=0.6, kelas=9), 7),
    (fungsional("Perawat", "mahir", "d3kep", pppk=0.4, female=0.7), 24),
    (fungsional("Perawat", "pertama", "ners", pppk=0.3, female=0.7), 16),
    (fungsional("Perawat", "muda", "ners", female=0.7), 5),
    (fungsional("Bidan", "mahir", "d3keb", pppk=0.4, female=1.0), 6),
    (fungsional("Apoteker", "pertama", "apt", pppk=0.3, female=0.75), 4),
    (fungsional("Pranata Laboratorium Kesehatan", "mahir", "d3lab", pppk=0.3, female=0.7), 5),
    (fungsional("Radiografer", "mahir", "d3", pppk=0.3), 2),
    (OPERATOR, 6),
    (PENGELOLA, 4),
)

WILAYAH: tuple[tuple[Job, float], ...] = (
    *PELAKSANA_MIX,
    (fungsional("Analis Kebijakan", "pertama", "s1"), 1),
)
