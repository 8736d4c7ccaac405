"""Ticket codes a citizen can read over the phone: `SOF-7K3M-Q9XD-4HNP`.

- A prefix from the tenant's slug (decoration for people: which Pemda), then 12 symbols
  in groups of four from a Crockford-like alphabet of 32 symbols: the digits and the
  capital letters without I, L, O and U, so nothing looks like anything else.
- The first 11 symbols are random (`secrets`): 32**11 = 2**55 codes. The 12th is a check
  symbol (Luhn mod 32): any single mistyped symbol and most swaps of two neighbours are
  caught before the database is asked, with a message that says so.
- Reading is forgiving: case does not matter, spaces, dashes and dots are ignored, and
  the look-alikes are read as what they resemble (O -> 0, I and L -> 1, U -> V).
  The prefix may be left out.

Codes issued before this format (24 case-sensitive characters from `token_urlsafe`) keep
working as they were typed: see `complaints.get_complaint_by_code`. Entropy and guessing
cost: README ("Ticket codes of public reports") and docs/deployment.md.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)  # 32
RANDOM_SYMBOLS = 11  # 55 bits
BODY = RANDOM_SYMBOLS + 1  # plus the check symbol
GROUP = 4
ENTROPY_BITS = RANDOM_SYMBOLS * 5
_VALUE = {symbol: n for n, symbol in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_SEPARATORS = re.compile(r"[\s\-_.·/]+")


def tenant_prefix(slug: str) -> str:
    """Three capitals from the tenant's slug: its last word (`kota-kupang` -> `KUP`)."""
    words = [w for w in re.split(r"[^a-z0-9]+", slug.lower()) if w]
    word = words[-1] if words else ""
    if len(word) < 3:
        word = "".join(words)
    return (word[:3] or "TKT").upper()


def check_symbol(symbols: str) -> str:
    """The Luhn mod 32 check symbol of `symbols` (all from ALPHABET)."""
    factor, total = 2, 0
    for symbol in reversed(symbols):
        addend = factor * _VALUE[symbol]
        total += addend // BASE + addend % BASE
        factor = 1 if factor == 2 else 2
    return ALPHABET[(BASE - total % BASE) % BASE]


def _check_ok(body: str) -> bool:
    return check_symbol(body[:-1]) == body[-1]


def format_code(prefix: str, body: str) -> str:
    groups = [body[i : i + GROUP] for i in range(0, len(body), GROUP)]
    return "-".join([prefix, *groups])


def example_code(slug: str) -> str:
    """A well-formed code to show as an example (no report has it: not random)."""
    body = "7K3MQ9XD4HN"
    return format_code(tenant_prefix(slug), body + check_symbol(body))


def new_code(prefix: str) -> str:
    randoms = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return format_code(prefix, randoms + check_symbol(randoms))


@dataclass(frozen=True)
class Parsed:
    """What a typed code says: the canonical code, or that it is a typo."""

    canonical: str | None  # the stored form when the check symbol agrees
    typo: bool  # shaped like a code, but the check symbol disagrees


def parse(typed: str, prefix: str) -> Parsed | None:
    """Read a typed code of the tenant with `prefix`; None when it is not shaped like one."""
    compact = _SEPARATORS.sub("", typed).upper().translate(_LOOKALIKES)
    head, body = compact[:-BODY], compact[-BODY:]
    if len(body) != BODY or any(s not in _VALUE for s in body):
        return None
    if head and head != prefix.upper().translate(_LOOKALIKES):
        return None
    if not _check_ok(body):
        return Parsed(canonical=None, typo=True)
    return Parsed(canonical=format_code(prefix, body), typo=False)
