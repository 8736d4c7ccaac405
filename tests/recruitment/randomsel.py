"""Random selections with many ties, for the property tests (plain dicts, see oracle.py)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from pamong.recruitment.ranking import JALUR, Candidate, Line

WEIGHT_SETS = [
    {"cat": 100},
    {"cat": 60, "wawancara": 40},
    {"cat": 50, "praktik": 35, "tpa": 15},
    {"a": 33, "b": 33, "c": 34},
]
MARKS = ["0", "33.33", "50", "50.5", "62.33", "66.67", "70", "75.25", "80.5", "99.99", "100"]
EDU = ["3.5", "3.50", "3.75", "3.92", "88.4", "88.40"]
BIRTHS = ["1990-01-01", "1990-01-02", "1995-06-24", "1998-03-20"]


def random_selection(rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    lines = []
    for i in range(rng.randint(1, 4)):
        lines.append(
            {
                "code": rng.choice(["F-", "F0", "f", "Z"]) + str(i),
                "jalur": rng.choice(JALUR),
                "kuota": rng.randint(1, 3),
                "weights": rng.choice(WEIGHT_SETS),
            }
        )
    # a few SKD "profiles" shared by many candidates, so every tie-break gets its turn
    profiles = [
        (rng.choice(range(40, 151, 5)), rng.choice(range(50, 176, 5)), rng.randint(120, 225))
        for _ in range(rng.randint(2, 6))
    ]
    people = []
    numbers = rng.sample(range(1, 10_000), rng.randint(0, 30))
    for n in numbers:
        line = rng.choice(lines)
        if rng.random() < 0.3:
            twk, tiu = rng.choice(range(40, 151, 5)), rng.choice(range(50, 176, 5))
            tkp = rng.randint(120, 225)
        else:
            twk, tiu, tkp = rng.choice(profiles)
            shift = rng.choice([5, 10])
            roll = rng.random()
            # same total, another split: ties on the total are decided by TKP or TIU
            if roll < 0.15 and tiu - shift >= 0 and tkp + shift <= 225:
                tiu, tkp = tiu - shift, tkp + shift
            elif roll < 0.3 and twk - shift >= 0 and tiu + shift <= 175:
                twk, tiu = twk - shift, tiu + shift
        skb: dict[str, str] = {}
        if rng.random() < 0.85:
            mark = rng.choice(MARKS)
            skb = {
                name: (mark if rng.random() < 0.7 else rng.choice(MARKS))
                for name in line["weights"]
            }
        people.append(
            {
                "no": f"{n:05d}",
                "name": f"Peserta {n}",
                "birth": rng.choice(BIRTHS),
                "line": line["code"],
                "twk": twk,
                "tiu": tiu,
                "tkp": tkp,
                "edu": rng.choice(EDU),
                "skb": skb,
            }
        )
    if people and rng.random() < 0.5:
        # a partner with the same final score: SKD 33 lower, SKB 4 higher (2.4 = 0.6 × 4)
        base = rng.choice(people)
        mark = rng.choice(["50", "62.33", "70", "75.25"])
        if base["tkp"] >= 33:
            base["skb"] = {name: mark for name in base["skb"]} or {
                name: mark
                for name in next(f["weights"] for f in lines if f["code"] == base["line"])
            }
            partner = dict(base, no=f"{10_000 + len(people):05d}", tkp=base["tkp"] - 33)
            partner["skb"] = {name: str(Decimal(mark) + 4) for name in base["skb"]}
            people.append(partner)
    return lines, people


def to_pamong(
    lines: list[dict[str, Any]], people: list[dict[str, Any]]
) -> tuple[list[Line], list[Candidate]]:
    return (
        [Line(f["code"], f["jalur"], f["kuota"], tuple(f["weights"].items())) for f in lines],
        [
            Candidate(
                no_peserta=p["no"],
                line_code=p["line"],
                twk=p["twk"],
                tiu=p["tiu"],
                tkp=p["tkp"],
                education=Decimal(p["edu"]),
                birth_date=dt.date.fromisoformat(p["birth"]),
                skb={k: Decimal(v) for k, v in p["skb"].items()},
                name=p["name"],
            )
            for p in people
        ],
    )
