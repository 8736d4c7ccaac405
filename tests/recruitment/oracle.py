"""An independent implementation of spec/selection.md, written from the spec only.

It shares no code with pamong.recruitment: rational numbers (fractions.Fraction) instead
of scaled Decimals, pairwise comparators instead of sort keys, and its own rounding. It
returns the output rows as lists of strings.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

Person = dict[str, Any]  # no, name, birth (ISO text), line, twk, tiu, tkp, edu (str), skb {}
Formasi = dict[str, Any]  # code, jalur, kuota, weights {name: int}


def _passes(jalur: str, p: Person) -> bool:
    total = p["twk"] + p["tiu"] + p["tkp"]
    table = {
        "umum": p["twk"] >= 65 and p["tiu"] >= 80 and p["tkp"] >= 166,
        "kalimantan": p["twk"] >= 65 and p["tiu"] >= 80 and p["tkp"] >= 166,
        "cumlaude": total >= 311 and p["tiu"] >= 85,
        "diaspora": total >= 311 and p["tiu"] >= 85,
        "disabilitas": total >= 286 and p["tiu"] >= 60,
        "putra_papua": total >= 286 and p["tiu"] >= 60,
        "daerah_tertinggal": total >= 286 and p["tiu"] >= 60,
    }
    return table[jalur]


def _skd(p: Person) -> list[int]:
    return [p["twk"] + p["tiu"] + p["tkp"], p["tkp"], p["tiu"], p["twk"]]


def _cmp_desc(a: Any, b: Any) -> int:
    return -1 if a > b else (1 if a < b else 0)


def _cmp_skd(a: Person, b: Person) -> int:
    for x, y in zip(_skd(a), _skd(b), strict=True):
        if x != y:
            return _cmp_desc(x, y)
    return 0


def _cmp_skd_then_no(a: Person, b: Person) -> int:
    return _cmp_skd(a, b) or (-1 if a["no"] < b["no"] else (1 if a["no"] > b["no"] else 0))


def _round_half_up(value: Fraction, places: int) -> str:
    scaled = value * 10**places
    whole = int(scaled)  # value >= 0
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    text = str(whole).rjust(places + 1, "0")
    return f"{text[:-places]}.{text[-places:]}"


def rank(lines: list[Formasi], people: list[Person]) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in sorted(lines, key=lambda f: f["code"]):
        members = [p for p in people if p["line"] == line["code"]]
        passing = sorted(
            [p for p in members if _passes(line["jalur"], p)],
            key=functools.cmp_to_key(_cmp_skd_then_no),
        )
        skd_rank = {p["no"]: i + 1 for i, p in enumerate(passing)}
        quota3 = 3 * line["kuota"]
        invited = set()
        for i, p in enumerate(passing):
            last = passing[min(quota3, len(passing)) - 1]
            if i < quota3 or _cmp_skd(p, last) == 0:
                invited.add(p["no"])
        skb: dict[str, Fraction] = {}
        final: dict[str, Fraction] = {}
        for p in members:
            if p["no"] in invited and p["skb"]:
                s = sum(
                    Fraction(w) * Fraction(p["skb"][n]) / 100 for n, w in line["weights"].items()
                )
                skb[p["no"]] = s
                final[p["no"]] = (
                    Fraction(40) * Fraction(sum(_skd(p)[:1]), 550) + Fraction(6, 10) * s
                )

        def cmp_final(a: Person, b: Person, final: dict[str, Fraction] = final) -> int:
            chain = [
                (final[a["no"]], final[b["no"]]),
                *zip(_skd(a), _skd(b), strict=True),
                (Fraction(a["edu"]), Fraction(b["edu"])),
            ]
            for x, y in chain:
                if x != y:
                    return _cmp_desc(x, y)
            if a["birth"] != b["birth"]:  # ISO dates compare as text; older first
                return -1 if a["birth"] < b["birth"] else 1
            return -1 if a["no"] < b["no"] else (1 if a["no"] > b["no"] else 0)

        ranked = sorted(
            [p for p in members if p["no"] in final], key=functools.cmp_to_key(cmp_final)
        )
        rest = sorted(
            [p for p in members if p["no"] not in final], key=functools.cmp_to_key(_cmp_skd_then_no)
        )
        for position, p in enumerate(ranked, start=1):
            status = "L" if position <= line["kuota"] else "TL"
            rows.append(_row(line, p, skd_rank, skb, final, str(position), status))
        for p in rest:
            if p["no"] not in skd_rank:
                status = "TMS"
            elif p["no"] not in invited:
                status = "TSKB"
            else:
                status = "TH"
            rows.append(_row(line, p, skd_rank, skb, final, "", status))
    return rows


def _row(line, p, skd_rank, skb, final, position, status):  # type: ignore[no-untyped-def]
    no = p["no"]
    return [
        line["code"],
        no,
        p["name"],
        str(p["twk"]),
        str(p["tiu"]),
        str(p["tkp"]),
        str(p["twk"] + p["tiu"] + p["tkp"]),
        "Y" if no in skd_rank else "N",
        str(skd_rank.get(no, "")),
        _round_half_up(skb[no], 2) if no in skb else "",
        _round_half_up(final[no], 3) if no in final else "",
        position,
        status,
    ]
