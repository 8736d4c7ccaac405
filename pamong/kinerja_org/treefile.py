"""The performance tree of a year as YAML (`pamong kinerja tree import|export`).

    year: 2026
    sasaran:
      - code: SS.1
        unit: "1.06"            # optional: a unit's sasaran (Renstra); none = the Pemda's
        statement: Meningkatnya kualitas pelayanan publik
        indikator:
          - code: SS.1.1
            statement: Indeks kepuasan masyarakat
            target_value: 82    # a number with its target_unit, or a target_text
            target_unit: poin
    perjanjian_kinerja:
      - unit: "1.06"
        status: signed          # draft (default) or signed
        items:
          - indikator: SS.1.1
            target_value: 84
            target_unit: poin

The import checks the whole file first and writes nothing if anything is wrong; each
problem names the line, the entry and the field. Entries are matched by code (sasaran,
indikator) and unit code (PK), so importing the same file again changes nothing. Entries
missing from the file are kept. A signed PK cannot change through an import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.errors import InputError, InputErrors
from pamong.core.models import Tenant
from pamong.core.permissions import require
from pamong.kinerja_org.models import (
    IndikatorSasaran,
    PerjanjianKinerja,
    PerjanjianKinerjaItem,
    SasaranStrategis,
)
from pamong.kinerja_org.rules import MANAGE
from pamong.org.models import Unit

TOP_KEYS = {"year", "sasaran", "perjanjian_kinerja"}
SASARAN_KEYS = {"code", "unit", "statement", "indikator"}
TARGET_KEYS = {"target_value", "target_unit", "target_text"}
INDIKATOR_KEYS = {"code", "statement"} | TARGET_KEYS
PK_KEYS = {"unit", "status", "signed_at", "items"}
ITEM_KEYS = {"indikator"} | TARGET_KEYS


class _Map(dict[Any, Any]):
    """A YAML mapping that remembers its line and the line of each key."""

    line = 0
    key_lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    out = _Map()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[str(key)] = loader.construct_object(value_node, deep=True)
        out.key_lines[str(key)] = key_node.start_mark.line + 1
    return out


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    # Exact numbers, and codes such as 1.10 keep their trailing zero.
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise yaml.constructor.ConstructorError(None, None, f"bad number {text!r}") from exc


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


@dataclass
class _Target:
    value: Decimal | None
    unit: str
    text: str


@dataclass
class _Indikator:
    node: _Map
    where: str
    code: str
    statement: str
    target: _Target


@dataclass
class _Sasaran:
    node: _Map
    where: str
    code: str
    unit: str | None
    statement: str
    indikator: list[_Indikator] = field(default_factory=list)


@dataclass
class _Item:
    node: _Map
    where: str
    indikator: str
    target: _Target


@dataclass
class _Pk:
    node: _Map
    where: str
    unit: str
    signed: bool
    signed_at: dt.datetime | None
    items: list[_Item] = field(default_factory=list)


@dataclass
class ImportResult:
    counts: dict[str, int]


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[InputError] = []

    def add(self, node: Any, key: str | None, where: str, message: str) -> None:
        line = None
        if isinstance(node, _Map):
            line = node.key_lines.get(key or "", node.line) if key else node.line
        path = f"{where}.{key}" if key and where else (key or where)
        self.errors.append(
            InputError(message=message, row=line, column=path or None, source=self.source)
        )

    def mapping(self, node: Any, where: str, keys: set[str], parent: Any = None) -> _Map | None:
        if not isinstance(node, _Map):
            self.add(parent, None, where, _("harus berupa pemetaan (kunci: nilai)"))
            return None
        for key in node:
            if key not in keys:
                self.add(node, key, where, _("kunci tidak dikenal"))
        return node

    def items(self, node: _Map, key: str, where: str) -> list[Any]:
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(node, key, where, _("harus berupa daftar"))
            return []
        return value

    def text(self, node: _Map, key: str, where: str, *, required: bool, limit: int = 0) -> str:
        value = node.get(key)
        if value is None or value == "":
            if required:
                self.add(node, key, where, _("wajib diisi"))
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.add(node, key, where, _("harus berupa teks"))
            return ""
        out = str(value).strip()
        if limit and len(out) > limit:
            self.add(node, key, where, _("paling panjang %(n)s karakter") % {"n": limit})
        return out

    def target(self, node: _Map, where: str) -> _Target:
        raw = node.get("target_value")
        value = None
        if raw is not None:
            if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
                self.add(node, "target_value", where, _("harus berupa angka"))
            elif Decimal(raw) < 0 or not Decimal(raw).is_finite():
                self.add(node, "target_value", where, _("harus berupa angka tidak negatif"))
            elif not _fits_target(Decimal(raw)):
                self.add(node, "target_value", where, _(
                    "paling banyak 14 angka sebelum koma dan 2 angka di belakang koma"
                ))  # fmt: skip
            else:
                value = Decimal(raw)
        unit = self.text(node, "target_unit", where, required=False, limit=40)
        text = self.text(node, "target_text", where, required=False, limit=200)
        if raw is None and not text:
            self.add(node, None, where, _("target_value atau target_text wajib diisi"))
        return _Target(value, unit, text)


def _fits_target(value: Decimal) -> bool:
    """Fits DecimalField(max_digits=16, decimal_places=2) without rounding."""
    return value == value.quantize(Decimal("0.01")) and value < Decimal(10) ** 14


def _load(data: str | bytes, source: str) -> Any:
    try:
        return yaml.load(data, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except (yaml.YAMLError, TypeError) as exc:
        raise InputErrors(
            [InputError(message=_("YAML tidak sah: %s") % exc, source=source)]
        ) from exc


def _parse(doc: Any, year: int, c: _Checker) -> tuple[list[_Sasaran], list[_Pk]]:
    top = c.mapping(doc, "", TOP_KEYS)
    if top is None:
        return [], []
    if "year" in top and top["year"] != year:
        c.add(top, "year", "", _("tahun berkas (%(file)s) bukan %(year)s") % {
            "file": top["year"], "year": year,
        })  # fmt: skip
    sasaran = [
        s
        for i, raw in enumerate(c.items(top, "sasaran", ""))
        if (s := _parse_sasaran(raw, f"sasaran[{i}]", top, c)) is not None
    ]
    agreements = [
        pk
        for i, raw in enumerate(c.items(top, "perjanjian_kinerja", ""))
        if (pk := _parse_pk(raw, f"perjanjian_kinerja[{i}]", top, c)) is not None
    ]
    return sasaran, agreements


def _parse_sasaran(raw: Any, where: str, top: _Map, c: _Checker) -> _Sasaran | None:
    node = c.mapping(raw, where, SASARAN_KEYS, top)
    if node is None:
        return None
    s = _Sasaran(
        node,
        where,
        c.text(node, "code", where, required=True, limit=40),
        c.text(node, "unit", where, required=False) or None,
        c.text(node, "statement", where, required=True),
    )
    for j, raw_ind in enumerate(c.items(node, "indikator", where)):
        here = f"{where}.indikator[{j}]"
        ind = c.mapping(raw_ind, here, INDIKATOR_KEYS, node)
        if ind is not None:
            s.indikator.append(
                _Indikator(
                    ind,
                    here,
                    c.text(ind, "code", here, required=True, limit=40),
                    c.text(ind, "statement", here, required=True),
                    c.target(ind, here),
                )
            )
    return s


def _signed_at(node: _Map, where: str, c: _Checker) -> dt.datetime | None:
    value = node.get("signed_at")
    if value is None:
        return None
    if not isinstance(value, dt.date):
        c.add(node, "signed_at", where, _("harus berupa tanggal TTTT-BB-HH"))
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(9))
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _parse_pk(raw: Any, where: str, top: _Map, c: _Checker) -> _Pk | None:
    node = c.mapping(raw, where, PK_KEYS, top)
    if node is None:
        return None
    status = node.get("status", "draft")
    if status not in PerjanjianKinerja.Status.values:
        c.add(node, "status", where, _("harus draft atau signed"))
    unit = c.text(node, "unit", where, required=True)
    pk = _Pk(node, where, unit, status == "signed", _signed_at(node, where, c))
    for j, raw_item in enumerate(c.items(node, "items", where)):
        here = f"{where}.items[{j}]"
        item = c.mapping(raw_item, here, ITEM_KEYS, node)
        if item is not None:
            code = c.text(item, "indikator", here, required=True)
            pk.items.append(_Item(item, here, code, c.target(item, here)))
    return pk


@dataclass
class _Existing:
    units: dict[str, Unit]
    sasaran: dict[str, SasaranStrategis]
    indikator: dict[str, IndikatorSasaran]
    agreements: dict[str, PerjanjianKinerja]
    items: dict[tuple[int, int], PerjanjianKinerjaItem]


def _existing(tenant: Tenant, year: int, codes: set[str]) -> _Existing:
    units = {u.code: u for u in Unit.objects.filter(tenant=tenant, code__in=codes)}
    sasaran = {
        s.code: s
        for s in SasaranStrategis.objects.filter(tenant=tenant, year=year).select_related("unit")
    }
    indikator = {
        i.code: i
        for i in IndikatorSasaran.objects.filter(tenant=tenant, sasaran__year=year).select_related(
            "sasaran", "sasaran__unit"
        )
    }
    agreements = {
        a.unit.code: a
        for a in PerjanjianKinerja.objects.filter(tenant=tenant, year=year)
        .select_related("unit")
        .select_for_update(of=("self",))
    }
    items = {
        (i.perjanjian_id, i.indikator_id): i
        for i in PerjanjianKinerjaItem.objects.filter(tenant=tenant, perjanjian__year=year)
    }
    return _Existing(units, sasaran, indikator, agreements, items)


def _same_target(obj: IndikatorSasaran | PerjanjianKinerjaItem, t: _Target) -> bool:
    return (obj.target_value, obj.target_unit, obj.target_text) == (t.value, t.unit, t.text)


def _check_sasaran(sasaran: list[_Sasaran], db: _Existing, c: _Checker) -> dict[str, str | None]:
    """Codes unique, units known, no sasaran moving unit; returns indikator code → the unit
    code of its sasaran (None: the Pemda's), file and database together."""
    ind_units: dict[str, str | None] = {
        code: (i.sasaran.unit.code if i.sasaran.unit else None) for code, i in db.indikator.items()
    }
    seen: set[str] = set()
    seen_ind: set[str] = set()
    for s in sasaran:
        if s.code in seen:
            c.add(s.node, "code", s.where, _("kode sasaran %(code)s ganda") % {"code": s.code})
        seen.add(s.code)
        if s.unit is not None and s.unit not in db.units:
            c.add(s.node, "unit", s.where, _("unit %(code)s tidak ada") % {"code": s.unit})
        old = db.sasaran.get(s.code)
        if old is not None and (old.unit.code if old.unit else None) != s.unit:
            c.add(s.node, "unit", s.where, _("unit sasaran yang sudah ada tidak dapat diubah"))
        for ind in s.indikator:
            if ind.code in seen_ind:
                c.add(ind.node, "code", ind.where, _("kode indikator %(code)s ganda") % {
                    "code": ind.code,
                })  # fmt: skip
            seen_ind.add(ind.code)
            was = db.indikator.get(ind.code)
            if was is not None and was.sasaran.code != s.code:
                c.add(ind.node, "code", ind.where, _(
                    "kode indikator %(code)s sudah dipakai sasaran %(other)s"
                ) % {"code": ind.code, "other": was.sasaran.code})  # fmt: skip
            ind_units[ind.code] = s.unit
    return ind_units


def _check_agreements(
    agreements: list[_Pk], db: _Existing, ind_units: dict[str, str | None], c: _Checker
) -> None:
    seen: set[str] = set()
    for pk in agreements:
        if pk.unit in seen:
            c.add(pk.node, "unit", pk.where, _("unit %(code)s ganda") % {"code": pk.unit})
        seen.add(pk.unit)
        unit = db.units.get(pk.unit)
        if unit is None:
            if pk.unit:
                c.add(pk.node, "unit", pk.where, _("unit %(code)s tidak ada") % {"code": pk.unit})
            continue
        old = db.agreements.get(pk.unit)
        if pk.signed and unit.head_id is None:
            c.add(pk.node, "status", pk.where, _("unit belum memiliki kepala untuk menandatangani"))
        if old is not None and not old.editable and not pk.signed:
            c.add(pk.node, "status", pk.where, _("PK sudah ditandatangani"))
        has_items = bool(pk.items) or (
            old is not None and any(key[0] == old.pk for key in db.items)
        )
        if pk.signed and not has_items:
            c.add(pk.node, "items", pk.where, _("PK yang ditandatangani harus memiliki butir"))
        allowed = set(unit.path.split("/") if unit.path else [unit.code])
        codes: set[str] = set()
        for item in pk.items:
            _check_item(item, pk, old, allowed, codes, db, ind_units, c)


def _check_item(
    item: _Item,
    pk: _Pk,
    old: PerjanjianKinerja | None,
    allowed: set[str],
    codes: set[str],
    db: _Existing,
    ind_units: dict[str, str | None],
    c: _Checker,
) -> None:
    if item.indikator in codes:
        c.add(item.node, "indikator", item.where, _("indikator ganda dalam PK ini"))
    codes.add(item.indikator)
    if item.indikator not in ind_units:
        if item.indikator:
            c.add(item.node, "indikator", item.where, _(
                "indikator %(code)s tidak ada pada tahun ini"
            ) % {"code": item.indikator})  # fmt: skip
        return
    owner = ind_units[item.indikator]
    if owner is not None and owner not in allowed:
        c.add(item.node, "indikator", item.where, _(
            "indikator %(code)s milik sasaran unit %(unit)s, bukan Pemda, unit ini atau unit"
            " di atasnya"
        ) % {"code": item.indikator, "unit": owner})  # fmt: skip
    if old is None or old.editable:
        return
    was = db.indikator.get(item.indikator)
    current = db.items.get((old.pk, was.pk)) if was is not None else None
    if current is None or not _same_target(current, item.target):
        c.add(item.node, None, item.where, _("PK %(unit)s sudah ditandatangani") % {
            "unit": pk.unit,
        })  # fmt: skip


def tree_import(*, actor: Actor, year: int, data: str | bytes, source: str) -> ImportResult:
    """Validate the whole file, then write it in one transaction (nothing on any problem)."""
    require(actor, MANAGE)
    assert actor.tenant is not None
    if not 2000 <= year <= 2100:
        raise InputErrors([InputError(message=_("Tahun tidak sah."), source=source)])
    raw = data.encode() if isinstance(data, str) else data
    c = _Checker(source)
    sasaran, agreements = _parse(_load(raw, source), year, c)
    codes = {s.unit for s in sasaran if s.unit} | {pk.unit for pk in agreements}
    # Checked and written in one transaction, the year's PKs locked: a PK signed meanwhile
    # is seen as signed.
    with transaction.atomic():
        db = _existing(actor.tenant, year, codes)
        ind_units = _check_sasaran(sasaran, db, c)
        _check_agreements(agreements, db, ind_units, c)
        if c.errors:
            raise InputErrors(c.errors)
        counts = _Writer(actor, year, db).write(sasaran, agreements)
        audit(
            actor=actor,
            action="kinerja_org.tree.imported",
            data={
                "file": source,
                "sha256": hashlib.sha256(raw).hexdigest(),
                "year": year,
                **counts,
            },
        )
    return ImportResult(counts)


class _Writer:
    """Set-based writes: one bulk_create and one bulk_update per model."""

    def __init__(self, actor: Actor, year: int, db: _Existing) -> None:
        assert actor.tenant is not None
        self.actor, self.tenant, self.year, self.db = actor, actor.tenant, year, db
        self.now = timezone.now()
        self.counts = {"created": 0, "updated": 0, "unchanged": 0}
        self.signed_before = {a.pk for a in db.agreements.values() if not a.editable}

    def _count(self, created: int, updated: int, unchanged: int) -> None:
        self.counts["created"] += created
        self.counts["updated"] += updated
        self.counts["unchanged"] += unchanged

    def write(self, sasaran: list[_Sasaran], agreements: list[_Pk]) -> dict[str, int]:
        self._sasaran(sasaran)
        self._indikator(sasaran)
        self._agreements(agreements)
        self._items(agreements)
        return self.counts

    def _sasaran(self, sasaran: list[_Sasaran]) -> None:
        new, changed = [], []
        for s in sasaran:
            old = self.db.sasaran.get(s.code)
            if old is None:
                unit = self.db.units[s.unit] if s.unit else None
                new.append(
                    SasaranStrategis(
                        tenant=self.tenant,
                        year=self.year,
                        unit=unit,
                        code=s.code,
                        statement=s.statement,
                    )  # fmt: skip
                )
            elif old.statement != s.statement:
                old.statement, old.updated_at = s.statement, self.now
                changed.append(old)
        SasaranStrategis.objects.bulk_create(new)
        SasaranStrategis.objects.bulk_update(changed, ["statement", "updated_at"])
        self.db.sasaran |= {s.code: s for s in new}
        self._count(len(new), len(changed), len(sasaran) - len(new) - len(changed))

    def _indikator(self, sasaran: list[_Sasaran]) -> None:
        new, changed, total = [], [], 0
        for s in sasaran:
            parent = self.db.sasaran[s.code]
            for order, ind in enumerate(s.indikator, start=1):
                total += 1
                t = ind.target
                old = self.db.indikator.get(ind.code)
                if old is None:
                    new.append(
                        IndikatorSasaran(
                            tenant=self.tenant,
                            sasaran=parent,
                            code=ind.code,
                            statement=ind.statement,
                            target_value=t.value,
                            target_unit=t.unit,
                            target_text=t.text,
                            order=order,
                        )  # fmt: skip
                    )
                elif (
                    old.statement != ind.statement or old.order != order or not _same_target(old, t)
                ):
                    old.statement, old.order = ind.statement, order
                    old.target_value, old.target_unit, old.target_text = t.value, t.unit, t.text
                    changed.append(old)
        IndikatorSasaran.objects.bulk_create(new)
        fields = ["statement", "order", "target_value", "target_unit", "target_text"]
        IndikatorSasaran.objects.bulk_update(changed, fields)
        self.db.indikator |= {i.code: i for i in new}
        self._count(len(new), len(changed), total - len(new) - len(changed))

    def _agreements(self, agreements: list[_Pk]) -> None:
        new, changed = [], []
        for pk in agreements:
            unit = self.db.units[pk.unit]
            old = self.db.agreements.get(pk.unit)
            if old is None:
                obj = PerjanjianKinerja(tenant=self.tenant, unit=unit, year=self.year)
                if pk.signed:
                    self._sign(obj, unit, pk.signed_at)
                new.append(obj)
            elif pk.signed and old.editable:
                self._sign(old, unit, pk.signed_at)
                changed.append(old)
        PerjanjianKinerja.objects.bulk_create(new)
        fields = ["status", "signer", "signed_at", "signed_by", "updated_at"]
        PerjanjianKinerja.objects.bulk_update(changed, fields)
        self.db.agreements |= {a.unit.code: a for a in new}
        self._count(len(new), len(changed), len(agreements) - len(new) - len(changed))

    def _sign(self, obj: PerjanjianKinerja, unit: Unit, at: dt.datetime | None) -> None:
        obj.status = PerjanjianKinerja.Status.SIGNED
        obj.signer_id = unit.head_id
        obj.signed_at = at or self.now
        obj.signed_by = self.actor.user
        obj.updated_at = self.now

    def _items(self, agreements: list[_Pk]) -> None:
        new, changed, total = [], [], 0
        for pk in agreements:
            parent = self.db.agreements[pk.unit]
            for order, item in enumerate(pk.items, start=1):
                total += 1
                indikator = self.db.indikator[item.indikator]
                old = self.db.items.get((parent.pk, indikator.pk))
                t = item.target
                if old is None:
                    new.append(
                        PerjanjianKinerjaItem(
                            tenant=self.tenant,
                            perjanjian=parent,
                            indikator=indikator,
                            target_value=t.value,
                            target_unit=t.unit,
                            target_text=t.text,
                            order=order,
                        )  # fmt: skip
                    )
                elif not _same_target(old, t) or (
                    old.order != order and parent.pk not in self.signed_before
                ):  # a signed PK keeps even the order of its items
                    old.target_value, old.target_unit, old.target_text = t.value, t.unit, t.text
                    if parent.pk not in self.signed_before:
                        old.order = order
                    changed.append(old)
        PerjanjianKinerjaItem.objects.bulk_create(new)
        fields = ["target_value", "target_unit", "target_text", "order"]
        PerjanjianKinerjaItem.objects.bulk_update(changed, fields)
        self._count(len(new), len(changed), total - len(new) - len(changed))


# --- export ---------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value.normalize()))


_Dumper.add_representer(Decimal, _represent_decimal)


def _target_doc(obj: IndikatorSasaran | PerjanjianKinerjaItem) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if obj.target_value is not None:
        out["target_value"] = obj.target_value
    if obj.target_unit:
        out["target_unit"] = obj.target_unit
    if obj.target_text:
        out["target_text"] = obj.target_text
    return out


def tree_export(tenant: Tenant, year: int) -> str:
    """The year's tree as YAML; importing the output changes nothing (4 queries)."""
    indikator: dict[int, list[IndikatorSasaran]] = {}
    for ind in IndikatorSasaran.objects.filter(tenant=tenant, sasaran__year=year).order_by(
        "order", "id"
    ):
        indikator.setdefault(ind.sasaran_id, []).append(ind)
    sasaran = []
    for s in (
        SasaranStrategis.objects.filter(tenant=tenant, year=year)
        .select_related("unit")
        .order_by("unit__path", "code")
    ):
        entry: dict[str, Any] = {"code": s.code}
        if s.unit is not None:
            entry["unit"] = s.unit.code
        entry["statement"] = s.statement
        entry["indikator"] = [
            {"code": i.code, "statement": i.statement, **_target_doc(i)}
            for i in indikator.get(s.pk, [])
        ]
        sasaran.append(entry)
    items: dict[int, list[PerjanjianKinerjaItem]] = {}
    for item in (
        PerjanjianKinerjaItem.objects.filter(tenant=tenant, perjanjian__year=year)
        .select_related("indikator")
        .order_by("order", "id")
    ):
        items.setdefault(item.perjanjian_id, []).append(item)
    agreements = []
    zone = timezone.get_current_timezone()
    for pk in (
        PerjanjianKinerja.objects.filter(tenant=tenant, year=year)
        .select_related("unit")
        .order_by("unit__path")
    ):
        doc: dict[str, Any] = {"unit": pk.unit.code, "status": pk.status}
        if pk.signed_at is not None:
            doc["signed_at"] = timezone.localtime(pk.signed_at, zone).date()
        doc["items"] = [
            {"indikator": i.indikator.code, **_target_doc(i)} for i in items.get(pk.pk, [])
        ]
        agreements.append(doc)
    out = {"year": year, "sasaran": sasaran, "perjanjian_kinerja": agreements}
    return yaml.dump(out, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
