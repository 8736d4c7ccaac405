"""Demo hook: the Pemda's sasaran strategis with indikator and a signed Perjanjian Kinerja
for each OPD, for the demo year. Runs before `pamong.appraisal.demo`, whose OPD heads then
hang their RHK from their OPD's PK items.

Written through the YAML import (`treefile.tree_import`): set-based, validated and audited
like an operator's import. A tenant that already has the year's tree is left alone;
nothing is written without months (the benchmark tenant).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import yaml

from pamong.core.actor import system_actor
from pamong.core.models import Tenant
from pamong.kinerja_org.models import SasaranStrategis
from pamong.kinerja_org.treefile import tree_import
from pamong.org.models import Unit
from pamong.org.personas import current_year

# (code, sasaran, [(indikator, target number or None, satuan or qualitative target)])
SASARAN: list[tuple[str, str, list[tuple[str, int | None, str]]]] = [
    ("SS.1", "Meningkatnya kualitas pelayanan publik", [
        ("Indeks kepuasan masyarakat (IKM)", 82, "poin"),
        ("Persentase layanan yang diselesaikan tepat waktu", 90, "%"),
    ]),
    ("SS.2", "Meningkatnya akuntabilitas kinerja pemerintah daerah", [
        ("Nilai evaluasi SAKIP", 70, "poin"),
        ("Opini BPK atas laporan keuangan", None, "WTP"),
    ]),
    ("SS.3", "Meningkatnya profesionalitas aparatur", [
        ("Indeks profesionalitas ASN", 71, "poin"),
        ("Indeks reformasi birokrasi", 68, "poin"),
    ]),
]  # fmt: skip
ITEMS_PER_PK = 2


def _target(number: int | None, unit_or_text: str, bump: int = 0) -> dict[str, Any]:
    if number is None:
        return {"target_text": unit_or_text}
    return {"target_value": number + bump, "target_unit": unit_or_text}


def tree_document(year: int, opds: Sequence[tuple[str, int | None]], rng: random.Random) -> str:
    """The demo tree as the import's YAML: every OPD takes two indikator, signed if the OPD
    has a head."""
    indikator = []
    sasaran = []
    for code, statement, rows in SASARAN:
        entries = []
        for n, (text, number, unit) in enumerate(rows, start=1):
            entries.append({"code": f"{code}.{n}", "statement": text, **_target(number, unit)})
            indikator.append((f"{code}.{n}", number, unit))
        sasaran.append({"code": code, "statement": statement, "indikator": entries})
    agreements = []
    for unit_code, head_id in opds:
        chosen = sorted(rng.sample(range(len(indikator)), ITEMS_PER_PK))
        items = [
            {
                "indikator": indikator[i][0],
                **_target(indikator[i][1], indikator[i][2], rng.randint(0, 3)),
            }
            for i in chosen
        ]
        status = "signed" if head_id is not None else "draft"
        agreements.append({"unit": unit_code, "status": status, "items": items})
    doc = {"year": year, "sasaran": sasaran, "perjanjian_kinerja": agreements}
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def generate(*, tenant: Tenant, rng: random.Random, months: list[str]) -> dict[str, int]:
    if not months:
        return {}
    year = current_year(months)
    if SasaranStrategis.objects.filter(tenant=tenant, year=year).exists():
        return {}  # an earlier run wrote it (its signed PKs cannot change)
    opds = list(
        Unit.objects.filter(tenant=tenant, parent__isnull=True)
        .order_by("code")
        .values_list("code", "head_id")
    )
    result = tree_import(
        actor=system_actor(tenant, "demo"),
        year=year,
        data=tree_document(year, opds, rng),
        source="demo:pohon-kinerja.yaml",
    )
    return result.counts
