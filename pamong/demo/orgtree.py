"""The organisation tree of a demo Pemda, sized to its number of employees (pure, no DB).

Structural units (Sekretariat, bidang, seksi, subbagian) are added round-robin across the
OPDs until the head budget (~11% of employees, a usual share of structural posts) is used,
so a small tenant gets a shallow tree and a big one the full structure. Schools,
puskesmas, RSUD and kelurahan are counted from the number of employees.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pamong.demo import jobs as j
from pamong.demo.data import GENERIC_KECAMATAN, ROMAN, TenantPreset
from pamong.demo.jobs import Job

Staff = tuple[tuple[Job, float], ...]


@dataclass(frozen=True)
class Sub:
    name: str
    head: Job
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpdTemplate:
    name: str
    short: str
    head: Job
    edu: str
    subs: tuple[Sub, ...]
    staff: Staff
    weight: float
    child_kind: str = "seksi"  # seksi in a dinas, subbidang in a badan


def _opd(
    name: str,
    short: str,
    head: str,
    edu: str,
    bidang: list[tuple[str, list[str]]],
    fungsional: list[tuple[Job, float]],
    weight: float,
    *,
    badan: bool = False,
    secretary: str = "",
) -> OpdTemplate:
    child_kind = "subbidang" if badan else "seksi"
    secretary = secretary or ("Sekretaris Badan" if badan else "Sekretaris Dinas")
    sekretariat = Sub(
        f"Sekretariat {short}",
        j.administrator(secretary, 12, edu),
        ("Subbagian Umum dan Kepegawaian", "Subbagian Perencanaan dan Keuangan"),
    )
    subs = [sekretariat] + [
        Sub(b, j.administrator(f"Kepala {b}", 11, edu), tuple(c)) for b, c in bidang
    ]
    staff = (*j.PELAKSANA_MIX, *fungsional)
    return OpdTemplate(
        name, short, j.jpt(head or f"Kepala {name}", 14, edu), edu, tuple(subs), staff, weight,
        "subbidang" if badan else child_kind,
    )  # fmt: skip


SETDA = OpdTemplate(
    "Sekretariat Daerah", "Setda", j.jpt("Sekretaris Daerah", 15), "s1",
    tuple(
        Sub(b, j.administrator(f"Kepala {b}", 11), tuple(c))
        for b, c in [
            ("Bagian Pemerintahan", ["Subbagian Administrasi Pemerintahan",
                                     "Subbagian Kerja Sama"]),
            ("Bagian Hukum", ["Subbagian Perundang-undangan", "Subbagian Bantuan Hukum"]),
            ("Bagian Organisasi", ["Subbagian Kelembagaan dan Analisis Jabatan",
                                   "Subbagian Reformasi Birokrasi"]),
            ("Bagian Umum", ["Subbagian Tata Usaha Pimpinan", "Subbagian Rumah Tangga"]),
            ("Bagian Pengadaan Barang dan Jasa", ["Subbagian Pengelolaan Pengadaan"]),
        ]
    ),
    (
        *j.PELAKSANA_MIX,
        (j.fungsional("Perancang Peraturan Perundang-undangan", "pertama", "s1hukum"), 1),
        (j.fungsional("Pengelola Pengadaan Barang/Jasa", "pertama", "s1eko"), 1),
        (j.fungsional("Analis Kebijakan", "muda", "s1"), 1),
    ),
    4.0, "subbidang",
)  # fmt: skip

INSPEKTORAT = OpdTemplate(
    "Inspektorat", "Inspektorat", j.jpt("Inspektur", 14, "s1eko"), "s1eko",
    (
        Sub("Sekretariat Inspektorat", j.administrator("Sekretaris Inspektorat", 12, "s1eko"),
            ("Subbagian Perencanaan dan Keuangan",)),
        *(Sub(f"Inspektorat Pembantu Wilayah {w}",
              j.administrator(f"Inspektur Pembantu Wilayah {w}", 11, "s1eko"))
          for w in ("I", "II", "III")),
    ),
    (
        *j.PELAKSANA_MIX,
        (j.fungsional("Auditor", "pertama", "s1eko"), 4),
        (j.fungsional("Auditor", "muda", "s1eko"), 3),
        (j.fungsional("Auditor", "madya", "s1eko"), 1),
        (j.fungsional("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", "pertama",
                      "s1hukum"), 2),
    ),
    2.0, "subbidang",
)  # fmt: skip

OPDS: tuple[OpdTemplate, ...] = (
    SETDA,
    INSPEKTORAT,
    _opd(
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "",
        "s1",
        [
            ("Bidang Pengadaan, Pemberhentian dan Informasi",
             ["Subbidang Pengadaan dan Pemberhentian", "Subbidang Data dan Informasi"]),
            ("Bidang Mutasi dan Promosi",
             ["Subbidang Mutasi", "Subbidang Promosi dan Kepangkatan"]),
            ("Bidang Pengembangan Kompetensi", ["Subbidang Pengembangan Kompetensi"]),
            ("Bidang Penilaian Kinerja dan Penghargaan",
             ["Subbidang Penilaian Kinerja", "Subbidang Disiplin dan Penghargaan"]),
        ],
        [
            (j.fungsional("Analis SDM Aparatur", "pertama", "s1"), 3),
            (j.fungsional("Analis SDM Aparatur", "muda", "s1"), 2),
            (j.fungsional("Pranata Komputer", "pertama", "s1kom"), 1),
            (j.fungsional("Asesor SDM Aparatur", "pertama", "s1"), 1),
        ],
        2.0, badan=True,
    ),
    _opd(
        "Badan Perencanaan Pembangunan Daerah", "Bappeda", "", "s1",
        [
            ("Bidang Pemerintahan dan Pembangunan Manusia",
             ["Subbidang Pemerintahan", "Subbidang Pembangunan Manusia"]),
            ("Bidang Perekonomian dan Sumber Daya Alam", ["Subbidang Perekonomian"]),
            ("Bidang Infrastruktur dan Kewilayahan", ["Subbidang Infrastruktur"]),
            ("Bidang Penelitian dan Pengembangan", ["Subbidang Inovasi Daerah"]),
        ],
        [(j.fungsional("Perencana", "pertama", "s1"), 3),
         (j.fungsional("Perencana", "muda", "s1"), 2)],
        2.0, badan=True,
    ),
    _opd(
        "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "", "s1eko",
        [
            ("Bidang Anggaran", ["Subbidang Penyusunan Anggaran"]),
            ("Bidang Perbendaharaan", ["Subbidang Belanja", "Subbidang Kas Daerah"]),
            ("Bidang Akuntansi dan Pelaporan", ["Subbidang Akuntansi"]),
            ("Bidang Aset", ["Subbidang Penatausahaan Aset"]),
        ],
        [
            (j.fungsional("Analis Keuangan Pusat dan Daerah", "pertama", "s1eko"), 3),
            (j.fungsional("Analis Keuangan Pusat dan Daerah", "muda", "s1eko"), 1),
            (j.fungsional("Penata Kelola Barang Milik Daerah", "pertama", "s1eko"), 1),
        ],
        3.0, badan=True,
    ),
    _opd(
        "Dinas Pendidikan", "Dinas Pendidikan", "", "s1pd",
        [
            ("Bidang Pembinaan Sekolah Dasar", ["Seksi Kurikulum SD", "Seksi Peserta Didik SD"]),
            ("Bidang Pembinaan Sekolah Menengah Pertama",
             ["Seksi Kurikulum SMP", "Seksi Sarana dan Prasarana SMP"]),
            ("Bidang Pendidikan Anak Usia Dini dan Nonformal", ["Seksi PAUD"]),
            ("Bidang Guru dan Tenaga Kependidikan",
             ["Seksi Pendidik", "Seksi Tenaga Kependidikan"]),
        ],
        [(j.fungsional("Pengawas Sekolah", "madya", "s1pd"), 2),
         (j.fungsional("Penilik", "pertama", "s1pd"), 1)],
        2.0,
    ),
    _opd(
        "Dinas Kesehatan", "Dinas Kesehatan", "", "s1kesmas",
        [
            ("Bidang Kesehatan Masyarakat",
             ["Seksi Kesehatan Keluarga dan Gizi", "Seksi Promosi Kesehatan"]),
            ("Bidang Pencegahan dan Pengendalian Penyakit",
             ["Seksi Surveilans dan Imunisasi", "Seksi Penyakit Menular"]),
            ("Bidang Pelayanan dan Sumber Daya Kesehatan",
             ["Seksi Pelayanan Kesehatan", "Seksi Kefarmasian dan Alat Kesehatan"]),
        ],
        [(j.fungsional("Epidemiolog Kesehatan", "pertama", "s1kesmas"), 1),
         (j.fungsional("Administrator Kesehatan", "pertama", "s1kesmas"), 2)],
        2.0,
    ),
    _opd(
        "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Dukcapil", "", "s1",
        [
            ("Bidang Pelayanan Pendaftaran Penduduk", ["Seksi Identitas Penduduk",
                                                       "Seksi Pindah Datang"]),
            ("Bidang Pelayanan Pencatatan Sipil", ["Seksi Kelahiran dan Kematian",
                                                   "Seksi Perkawinan dan Perceraian"]),
            ("Bidang Pengelolaan Informasi Administrasi Kependudukan", ["Seksi Sistem Informasi"]),
            ("Bidang Pemanfaatan Data dan Inovasi Pelayanan", ["Seksi Kerja Sama"]),
        ],
        [(j.fungsional("Administrator Database Kependudukan", "pertama", "s1kom"), 2)],
        2.5,
    ),
    _opd(
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "", "s1",
        [
            ("Bidang Penanaman Modal", ["Seksi Promosi Penanaman Modal"]),
            ("Bidang Pelayanan Perizinan", ["Seksi Perizinan Usaha", "Seksi Perizinan Nonusaha"]),
            ("Bidang Pengaduan, Kebijakan dan Pelaporan Layanan", ["Seksi Pengaduan"]),
        ],
        [(j.fungsional("Analis Kebijakan", "pertama", "s1"), 2)],
        1.5,
    ),
    _opd(
        "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", "", "s1tek",
        [
            ("Bidang Bina Marga",
             ["Seksi Pembangunan Jalan dan Jembatan", "Seksi Preservasi Jalan"]),
            ("Bidang Sumber Daya Air", ["Seksi Irigasi", "Seksi Drainase"]),
            ("Bidang Cipta Karya", ["Seksi Air Minum dan Sanitasi", "Seksi Bangunan Gedung"]),
            ("Bidang Penataan Ruang", ["Seksi Perencanaan Tata Ruang"]),
        ],
        [
            (j.fungsional("Teknik Jalan dan Jembatan", "pertama", "s1tek"), 3),
            (j.fungsional("Teknik Jalan dan Jembatan", "muda", "s1tek"), 1),
            (j.fungsional("Teknik Pengairan", "pertama", "s1tek"), 2),
            (j.fungsional("Penata Ruang", "pertama", "s1tek"), 1),
            (j.fungsional("Teknik Tata Bangunan dan Perumahan", "pertama", "s1tek"), 1),
        ],
        4.0,
    ),
    _opd(
        "Dinas Sosial", "Dinas Sosial", "", "s1sos",
        [
            ("Bidang Rehabilitasi Sosial", ["Seksi Rehabilitasi Penyandang Disabilitas",
                                            "Seksi Rehabilitasi Anak dan Lanjut Usia"]),
            ("Bidang Perlindungan dan Jaminan Sosial", ["Seksi Perlindungan Korban Bencana",
                                                        "Seksi Jaminan Sosial Keluarga"]),
            ("Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin",
             ["Seksi Penanganan Fakir Miskin"]),
        ],
        [(j.fungsional("Pekerja Sosial", "mahir", "d3"), 2),
         (j.fungsional("Pekerja Sosial", "pertama", "s1sos"), 2),
         (j.fungsional("Penyuluh Sosial", "pertama", "s1sos"), 1)],
        2.0,
    ),
    _opd(
        "Satuan Polisi Pamong Praja", "Satpol PP", "", "s1",
        [
            ("Bidang Penegakan Peraturan Daerah", ["Seksi Penyelidikan dan Penyidikan"]),
            ("Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
             ["Seksi Operasi dan Pengendalian"]),
            ("Bidang Perlindungan Masyarakat", ["Seksi Satuan Linmas"]),
        ],
        [(j.Job("Polisi Pamong Praja Mahir", "fungsional", 7, "sma", (j.G["II/a"], j.G["III/b"]),
                (2, 30), pppk_share=0.2, female_share=0.15), 10),
         (j.fungsional("Polisi Pamong Praja", "pertama", "s1hukum", female=0.3), 2)],
        4.0, secretary="Sekretaris Satuan",
    ),
)  # fmt: skip

KECAMATAN_SUBS = (
    Sub("Sekretariat Kecamatan", j.administrator("Sekretaris Kecamatan", 11, "stp")),
    Sub("Seksi Pemerintahan", j.pengawas("Kepala Seksi Pemerintahan", "stp")),
    Sub("Seksi Ketenteraman dan Ketertiban Umum",
        j.pengawas("Kepala Seksi Ketenteraman dan Ketertiban Umum", "stp")),
    Sub("Seksi Pemberdayaan Masyarakat", j.pengawas("Kepala Seksi Pemberdayaan Masyarakat", "stp")),
)  # fmt: skip
CAMAT = j.administrator("Camat", 12, "stp")
LURAH = j.pengawas("Lurah", "stp")
KEPALA_PUSKESMAS = j.pengawas("Kepala UPTD Puskesmas", "s1kesmas")
DIREKTUR_RSUD = j.administrator("Direktur RSUD", 12, "dokter")
RSUD_SUBS = (
    Sub("Bidang Pelayanan Medik dan Keperawatan",
        j.administrator("Kepala Bidang Pelayanan Medik dan Keperawatan", 11, "dokter")),
    Sub("Bagian Umum dan Keuangan",
        j.administrator("Kepala Bagian Umum dan Keuangan", 11, "s1eko")),
)  # fmt: skip
INSTALASI = ("Instalasi Gawat Darurat", "Instalasi Rawat Inap", "Instalasi Rawat Jalan",
             "Instalasi Farmasi", "Instalasi Laboratorium")  # fmt: skip
SHARES = {"school": 0.42, "puskesmas": 0.12, "rsud": 0.08, "wilayah": 0.08, "office": 0.30}


@dataclass(eq=False)
class UnitNode:
    name: str
    kind: str
    parent: UnitNode | None
    head: Job | None = None
    anchor: Job | None = None  # kepala sekolah: explicit supervisor of the school's staff
    staff: Staff = ()
    group: str = "office"
    weight: float = 1.0
    code: str = ""
    children: list[UnitNode] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.parent is not None:
            self.parent.children.append(self)

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1


def _place_names(count: int, pool: tuple[str, ...]) -> list[str]:
    return [pool[i % len(pool)] + ROMAN[min(i // len(pool), len(ROMAN) - 1)] for i in range(count)]


def _assign_codes(roots: list[UnitNode]) -> list[UnitNode]:
    ordered: list[UnitNode] = []

    def walk(node: UnitNode) -> None:
        ordered.append(node)
        width = max(2, len(str(len(node.children))))
        for i, child in enumerate(node.children, start=1):
            child.code = f"{node.code}.{i:0{width}d}"
            walk(child)

    counters = {"1": 0, "2": 0}
    for root in roots:
        prefix = "2" if root.kind == "kecamatan" else "1"
        counters[prefix] += 1
        root.code = f"{prefix}.{counters[prefix]:02d}"
        walk(root)
    return ordered


def build_tree(preset: TenantPreset, employees: int) -> list[UnitNode]:
    """All units, parents before children, with codes like 1.06 and 1.06.02.01."""
    n = employees
    city = preset.name.removeprefix("Kota ").removeprefix("Kabupaten ")
    kec_names = list(preset.kecamatan) or [
        f"{city} {g}" for g in GENERIC_KECAMATAN
    ]  # fmt: skip
    n_kec = max(2, min(round(n / 200), 40 if not preset.kecamatan else len(kec_names)))
    kec_names = _place_names(n_kec, tuple(kec_names))
    n_sd, n_smp = max(2, round(n * 0.27 / 20)), max(1, round(n * 0.15 / 28))
    n_pkm = max(1, round(n * SHARES["puskesmas"] / 25))
    n_rsud = max(1 if n >= 300 else 0, n // 20000)
    n_kel = max(n_kec, min(round(n / 70), n_kec * 10))
    specials = n_sd + n_smp + n_pkm + n_kel + 3 * n_rsud
    budget = max(0, min(round(n * 0.11), int(n * 0.6) - specials) - len(OPDS) - n_kec)

    roots: list[UnitNode] = []
    slots: list[list[tuple[UnitNode, str, str, Job]]] = []
    by_name: dict[str, UnitNode] = {}
    for t in OPDS:
        root = UnitNode(t.name, "opd", None, head=t.head, staff=t.staff, weight=t.weight * 0.3)
        roots.append(root)
        by_name[t.name] = root
        # Each slot: (parent, name, kind, head); children precede grandchildren.
        first = [(root, s.name, "bidang", s.head) for s in t.subs]
        slots.append([*first])
    for name in kec_names:
        root = UnitNode(f"Kecamatan {name}", "kecamatan", None, head=CAMAT, staff=j.WILAYAH)
        root.group = "wilayah"
        roots.append(root)
        slots.append([(root, s.name, "seksi" if s.name.startswith("Seksi") else "bidang", s.head)
                      for s in KECAMATAN_SUBS])  # fmt: skip

    accepted: list[UnitNode] = []
    templates = {t.name: t for t in OPDS}
    queue = [list(s) for s in slots]
    while budget > 0 and any(queue):
        for i, q in enumerate(queue):
            if not q or budget <= 0:
                continue
            parent, name, kind, head = q.pop(0)
            root = roots[i]
            # Heavier OPDs (PUPR, Satpol PP) get more staff per unit.
            weight = root.weight / 0.3 * 0.5 if root.kind == "opd" else 1.0
            node = UnitNode(
                name, kind, parent, head=head, staff=root.staff, group=root.group, weight=weight
            )
            by_name[name] = node
            accepted.append(node)
            budget -= 1
            template = templates.get(root.name)
            if template is not None and parent is root:
                sub = next(s for s in template.subs if s.name == name)
                edu = template.edu
                q.extend(
                    (node, c, template.child_kind, j.pengawas(f"Kepala {c}", edu))
                    for c in sub.children
                )

    _add_service_units(by_name, preset, city, kec_names, n_sd, n_smp, n_pkm, n_rsud)
    _add_kelurahan([r for r in roots if r.kind == "kecamatan"], preset, kec_names, n_kel)
    _dedupe_names(roots)
    return _assign_codes(roots)


def _add_service_units(
    by_name: dict[str, UnitNode],
    preset: TenantPreset,
    city: str,
    kec_names: list[str],
    n_sd: int,
    n_smp: int,
    n_pkm: int,
    n_rsud: int,
) -> None:
    """Schools under their bidang (or the Dinas), puskesmas and RSUD under the Dinkes."""
    dinas = by_name["Dinas Pendidikan"]
    school_parents = {
        "SD": by_name.get("Bidang Pembinaan Sekolah Dasar", dinas),
        "SMP": by_name.get("Bidang Pembinaan Sekolah Menengah Pertama", dinas),
    }
    for level, count, weight in (("SD", n_sd, 1.0), ("SMP", n_smp, 1.6)):
        for i in range(1, count + 1):
            UnitNode(
                f"{level} Negeri {i} {city}", "sekolah", school_parents[level],
                anchor=j.KEPALA_SEKOLAH, staff=j.GURU, group="school", weight=weight,
            )  # fmt: skip
    dinkes = by_name["Dinas Kesehatan"]
    places = [k for kels in preset.kecamatan.values() for k in kels] or kec_names
    for name in _place_names(n_pkm, tuple(places)):
        UnitNode(
            f"UPTD Puskesmas {name}", "puskesmas", dinkes, head=KEPALA_PUSKESMAS,
            staff=j.PUSKESMAS, group="puskesmas",
        )  # fmt: skip
    for r in range(n_rsud):
        rsud = UnitNode(
            f"RSUD {city}{ROMAN[r + 1] if r else ''}", "upt", dinkes, head=DIREKTUR_RSUD,
            staff=j.RSUD, group="rsud", weight=0.2,
        )  # fmt: skip
        medik, umum = (
            UnitNode(s.name, "bidang", rsud, head=s.head, staff=j.RSUD, group="rsud", weight=0.2)
            for s in RSUD_SUBS
        )
        umum.staff = j.PELAKSANA_MIX
        for name in INSTALASI:
            UnitNode(name, "lainnya", medik, staff=j.RSUD, group="rsud")


def _add_kelurahan(
    kecamatan: list[UnitNode], preset: TenantPreset, kec_names: list[str], n_kel: int
) -> None:
    n_kec = len(kecamatan)
    pools = [list(preset.kecamatan.get(name, ())) for name in kec_names]
    for i in range(n_kel):
        k = i % n_kec
        pool = pools[k] or [f"{kec_names[k]} {chr(65 + (i // n_kec) % 26)}"]
        name = pool[(i // n_kec) % len(pool)]
        UnitNode(
            f"Kelurahan {name}", "kelurahan", kecamatan[k], head=LURAH, staff=j.WILAYAH,
            group="wilayah",
        )  # fmt: skip


def _dedupe_names(roots: list[UnitNode]) -> None:
    """Kelurahan beyond the real list reuse names; number repeats within a parent."""
    for root in roots:
        seen: dict[str, int] = {}
        for child in root.children:
            seen[child.name] = seen.get(child.name, 0) + 1
            if seen[child.name] > 1:
                child.name = f"{child.name} {seen[child.name]}"


def allocate_staff(
    units: list[UnitNode], count: int, rng: random.Random
) -> list[tuple[UnitNode, Job]]:
    """Spread `count` staff over the units by group share and unit weight."""
    groups: dict[str, list[UnitNode]] = {}
    for u in units:
        if u.staff:
            groups.setdefault(u.group, []).append(u)
    shares = {g: SHARES[g] for g in groups}
    total = sum(shares.values())
    out: list[tuple[UnitNode, Job]] = []
    remaining = count
    names = sorted(groups, key=lambda g: -shares[g])
    for i, g in enumerate(names):
        n = remaining if i == len(names) - 1 else round(count * shares[g] / total)
        n = min(n, remaining)
        remaining -= n
        members = groups[g]
        chosen = rng.choices(members, weights=[u.weight for u in members], k=n)
        for unit in chosen:
            jobs, weights = zip(*unit.staff, strict=True)
            out.append((unit, rng.choices(jobs, weights=weights)[0]))
    return out
