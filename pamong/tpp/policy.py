"""Parse and validate tpp-policy.yaml (tpp.md §1) into an exact, typed `Policy`.

Numbers are read as Decimal straight from the YAML text (never through float), so
`0.5` is exactly one half. Every problem names its field path, e.g.
`discipline.late_in[2].to`, and all problems of a file are reported at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.utils.translation import gettext as _

from pamong.core.errors import InputError, InputErrors

PREDIKAT_KEYS = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang", "missing")
EMPLOYEE_TYPES = ("PNS", "CPNS", "PPPK")
LEAVE_TYPES = ("tahunan", "alasan_penting", "melahirkan", "sakit", "besar", "cltn")
STATUSES = ("cltn", "tugas_belajar", "diberhentikan_sementara", "pensiun", "berhenti")
TAX_GROUPS = ("I", "II", "III", "IV", "PPPK")
TOP_KEYS = (
    "name", "effective_from", "weights", "base_by_class", "jabatan_overrides",
    "employee_type_percent", "kinerja_percent", "discipline", "leave", "not_paid_status",
    "tax", "bpjs",
)  # fmt: skip
OPTIONAL_TOP = {"jabatan_overrides"}
DISCIPLINE_KEYS = ("late_in", "early_out", "missing_in", "missing_out", "absent", "cap")
HUNDRED = Decimal(100)
MISSING = object()
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")


class _DecimalLoader(yaml.SafeLoader):
    """SafeLoader that reads floats as exact Decimal from their text."""


def _decimal_constructor(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise yaml.constructor.ConstructorError(None, None, f"bad number {text!r}") from exc


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal_constructor)


@dataclass(frozen=True)
class Bracket:
    start: int
    end: int | None  # None: open-ended
    percent: Decimal

    def contains(self, minutes: int) -> bool:
        return minutes >= self.start and (self.end is None or minutes <= self.end)


@dataclass(frozen=True)
class LeaveRule:
    deduct: Decimal = Decimal(0)
    after_days: int | None = None
    deduct_after: Decimal | None = None
    unpaid: bool = False


@dataclass(frozen=True)
class Policy:
    name: str
    effective_from: dt.date
    weight_kinerja: Decimal
    weight_disiplin: Decimal
    base_by_class: dict[int, int]
    jabatan_overrides: dict[str, int]
    employee_type_percent: dict[str, Decimal]
    kinerja_percent: dict[str, Decimal]
    late_in: tuple[Bracket, ...]
    early_out: tuple[Bracket, ...]
    missing_in: Decimal
    missing_out: Decimal
    absent: Decimal
    cap: Decimal
    leave: dict[str, LeaveRule]
    not_paid_status: tuple[str, ...]
    tax_method: str
    tax_percent: dict[str, Decimal]
    bpjs_percent: Decimal
    bpjs_cap: int
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def unpaid_leave_types(self) -> tuple[str, ...]:
        return tuple(t for t, rule in self.leave.items() if rule.unpaid)

    def base_for(self, *, jabatan: str, kelas: int) -> int | None:
        if jabatan in self.jabatan_overrides:
            return self.jabatan_overrides[jabatan]
        return self.base_by_class.get(kelas)


class _Checker:
    """Collects problems; each reader returns a usable default so checking continues."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[InputError] = []

    def add(self, path: str, message: str) -> None:
        where = path or _("(seluruh berkas, mis. kosong)")
        self.errors.append(InputError(message=f"{where}: {message}", source=self.source))

    def mapping(
        self, value: Any, path: str, required: tuple[str, ...], optional: set[str] | None = None
    ) -> dict[str, Any]:
        if value is MISSING:  # already reported by the parent
            return {}
        if not isinstance(value, dict):
            self.add(path, _("harus berupa pemetaan (kunci: nilai)"))
            return {}
        allowed = set(required) | (optional or set())
        out: dict[str, Any] = {}
        for key, item in value.items():
            if str(key) not in allowed:
                self.add(_join(path, str(key)), _("kunci tidak dikenal"))
            else:
                out[str(key)] = item
        for key in required:
            if key not in out and key not in (optional or set()):
                self.add(_join(path, key), _("wajib diisi"))
        return out

    def number(self, value: Any, path: str, *, percent: bool = True) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.add(path, _("harus berupa angka"))
            return Decimal(0)
        number = Decimal(value)
        if not number.is_finite():
            self.add(path, _("harus berupa angka"))
            return Decimal(0)
        if number < 0:
            self.add(path, _("tidak boleh negatif"))
        if percent and number > HUNDRED:
            self.add(path, _("persen tidak boleh lebih dari 100"))
        if percent and number != number.quantize(Decimal("0.01")):
            self.add(path, _("paling banyak dua angka desimal"))
        return number

    def integer(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.add(path, _("harus berupa bilangan bulat"))
            return 0
        if Decimal(value) != Decimal(value).to_integral_value():
            self.add(path, _("harus berupa bilangan bulat"))
            return 0
        if value < 0:
            self.add(path, _("tidak boleh negatif"))
        return int(value)

    def percents(self, value: Any, path: str, keys: tuple[str, ...]) -> dict[str, Decimal]:
        items = self.mapping(value, path, keys)
        return {k: self.number(v, _join(path, k)) for k, v in items.items()}

    def brackets(self, value: Any, path: str) -> tuple[Bracket, ...]:
        if not isinstance(value, list) or not value:
            self.add(path, _("harus berupa daftar rentang yang tidak kosong"))
            return ()
        out: list[Bracket] = []
        for index, item in enumerate(value):
            here = f"{path}[{index}]"
            data = self.mapping(item, here, ("from", "percent"), {"to"})
            start = self.integer(data.get("from", 0), f"{here}.from") if "from" in data else 0
            end = self.integer(data["to"], f"{here}.to") if data.get("to") is not None else None
            percent = self.number(data.get("percent", 0), f"{here}.percent")
            if end is not None and end < start:
                self.add(f"{here}.to", _("lebih kecil dari 'from'"))
            if out:
                prev = out[-1]
                if prev.end is None:
                    self.add(
                        f"{path}[{index - 1}].to", _("hanya rentang terakhir boleh tanpa 'to'")
                    )
                elif start <= prev.end:
                    self.add(f"{here}.from", _("rentang tumpang tindih atau tidak berurutan"))
            out.append(Bracket(start, end, percent))
        return tuple(out)

    def leave_rule(self, value: Any, path: str) -> LeaveRule:
        data = self.mapping(value, path, (), {"deduct", "after_days", "deduct_after", "unpaid"})
        unpaid = data.get("unpaid", False)
        if not isinstance(unpaid, bool):
            self.add(f"{path}.unpaid", _("harus true atau false"))
            unpaid = False
        if not unpaid and "deduct" not in data:
            self.add(f"{path}.deduct", _("wajib diisi"))
        deduct = self.number(data.get("deduct", 0), f"{path}.deduct")
        after_days = deduct_after = None
        if ("after_days" in data) != ("deduct_after" in data):
            missing = "deduct_after" if "after_days" in data else "after_days"
            self.add(f"{path}.{missing}", _("'after_days' dan 'deduct_after' harus diisi berdua"))
        if "after_days" in data:
            after_days = self.integer(data["after_days"], f"{path}.after_days")
        if "deduct_after" in data:
            deduct_after = self.number(data["deduct_after"], f"{path}.deduct_after")
        return LeaveRule(deduct, after_days, deduct_after, unpaid)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _jsonable(value: Any) -> Any:
    """The validated document as JSON: Decimals as strings (exact), dates as ISO."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def load_yaml(text: str | bytes, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_DecimalLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        raise InputErrors(
            [InputError(message=_("YAML tidak sah: %s") % exc, source=source)]
        ) from exc


def parse_policy(text: str | bytes, *, source: str) -> Policy:
    return validate_policy(load_yaml(text, source), source=source)


def validate_policy(doc: Any, *, source: str) -> Policy:  # noqa: C901 - one check per field
    c = _Checker(source)
    top = c.mapping(doc, "", TOP_KEYS, OPTIONAL_TOP)
    name = top.get("name")
    if "name" in top and (not isinstance(name, str) or not name.strip()):
        c.add("name", _("harus berupa teks yang tidak kosong"))
    effective = top.get("effective_from")
    if isinstance(effective, str):
        try:
            effective = dt.date.fromisoformat(effective)
        except ValueError:
            effective = None
    if "effective_from" in top and not isinstance(effective, dt.date):
        c.add("effective_from", _("harus berupa tanggal YYYY-MM-DD"))
    weights = c.percents(top.get("weights", MISSING), "weights", ("kinerja", "disiplin"))
    if len(weights) == 2 and sum(weights.values()) != HUNDRED:
        c.add("weights", _("jumlah bobot kinerja dan disiplin harus 100"))
    base: dict[int, int] = {}
    raw_base = top.get("base_by_class", {})
    if not isinstance(raw_base, dict):
        c.add("base_by_class", _("harus berupa pemetaan (kunci: nilai)"))
        raw_base = {}
    for key, amount in raw_base.items():
        here = f"base_by_class.{key}"
        kelas = int(key) if str(key).isdigit() else 0
        if not 1 <= kelas <= 17:
            c.add(here, _("kelas jabatan harus 1 sampai 17"))
            continue
        base[kelas] = c.integer(amount, here)
    overrides: dict[str, int] = {}
    raw_overrides = top.get("jabatan_overrides") or {}
    if not isinstance(raw_overrides, dict):
        c.add("jabatan_overrides", _("harus berupa pemetaan (kunci: nilai)"))
        raw_overrides = {}
    for key, amount in raw_overrides.items():
        overrides[str(key)] = c.integer(amount, f"jabatan_overrides.{key}")
    type_percent = c.percents(
        top.get("employee_type_percent", MISSING), "employee_type_percent", EMPLOYEE_TYPES
    )
    kinerja = c.percents(top.get("kinerja_percent", MISSING), "kinerja_percent", PREDIKAT_KEYS)
    disc = c.mapping(top.get("discipline", MISSING), "discipline", DISCIPLINE_KEYS)
    late_in = c.brackets(disc.get("late_in"), "discipline.late_in") if "late_in" in disc else ()
    early_out = (
        c.brackets(disc.get("early_out"), "discipline.early_out") if "early_out" in disc else ()
    )
    singles = {
        k: c.number(disc.get(k, 0), f"discipline.{k}")
        for k in ("missing_in", "missing_out", "absent", "cap")
    }
    raw_leave = c.mapping(top.get("leave", MISSING), "leave", LEAVE_TYPES)
    leave = {k: c.leave_rule(v, f"leave.{k}") for k, v in raw_leave.items()}
    statuses = top.get("not_paid_status", [])
    if not isinstance(statuses, list):
        c.add("not_paid_status", _("harus berupa daftar"))
        statuses = []
    for index, status in enumerate(statuses):
        if status not in STATUSES:
            c.add(f"not_paid_status[{index}]", _("status tidak dikenal"))
    tax = c.mapping(top.get("tax", MISSING), "tax", ("method",), {"percent"})
    method = tax.get("method", "none")
    if method not in ("by_golongan", "none"):
        c.add("tax.method", _("harus 'by_golongan' atau 'none'"))
    tax_percent: dict[str, Decimal] = {}
    if method == "by_golongan":
        if "percent" not in tax:
            c.add("tax.percent", _("wajib diisi"))
        else:
            tax_percent = c.percents(tax["percent"], "tax.percent", TAX_GROUPS)
    bpjs = c.mapping(top.get("bpjs", MISSING), "bpjs", ("percent", "cap"))
    bpjs_percent = c.number(bpjs.get("percent", 0), "bpjs.percent")
    bpjs_cap = c.integer(bpjs.get("cap", 0), "bpjs.cap")
    if c.errors:
        raise InputErrors(c.errors)
    assert isinstance(effective, dt.date) and isinstance(name, str)
    return Policy(
        name=name.strip(),
        effective_from=effective,
        weight_kinerja=weights["kinerja"],
        weight_disiplin=weights["disiplin"],
        base_by_class=base,
        jabatan_overrides=overrides,
        employee_type_percent=type_percent,
        kinerja_percent=kinerja,
        late_in=late_in,
        early_out=early_out,
        missing_in=singles["missing_in"],
        missing_out=singles["missing_out"],
        absent=singles["absent"],
        cap=singles["cap"],
        leave=leave,
        not_paid_status=tuple(statuses),
        tax_method=str(method),
        tax_percent=tax_percent,
        bpjs_percent=bpjs_percent,
        bpjs_cap=bpjs_cap,
        raw=_jsonable({**top, "effective_from": effective, "jabatan_overrides": raw_overrides}),
    )


def policy_from_json(data: dict[str, Any]) -> Policy:
    """Rebuild a stored policy (numbers were kept as exact strings)."""
    return validate_policy(_decimals(data), source="tpp-policy")


def _decimals(value: Any) -> Any:
    if isinstance(value, str):
        return Decimal(value) if NUMBER_RE.match(value) else value
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value


class _PolicyDumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


_PolicyDumper.add_representer(Decimal, _represent_decimal)


def policy_to_yaml(policy: Policy) -> str:
    """The policy as tpp-policy.yaml; loading the output gives the same policy."""
    doc = _decimals(policy.raw)
    doc["effective_from"] = policy.effective_from
    return yaml.dump(doc, Dumper=_PolicyDumper, sort_keys=False, allow_unicode=True)
