"""The home page's to-do list: a registry of providers, one per domain app.

Each domain app registers a selector function at start-up (its `apps.py`), the way `org`
registers the actor's employee facts. Core sits below the domains and never imports them;
the home page only renders what the providers return.

A provider takes the actor and the tenant's today and returns:
- `Todo` items: what waits for this person, as a count of set-based queries (never a loop
  over the items), with the link to the page where they act on them and how many are
  overdue. Items with a count of zero are dropped.
- `Fact` cards: the person's own figures (leave balance, this month's attendance, the
  latest TPP slip).

A provider links only to pages the actor may open: it checks the same rule as the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pamong.core import clock
from pamong.core.actor import Actor


@dataclass(frozen=True)
class Todo:
    key: str  # stable name, e.g. "leave.decide" (tests, ordering)
    label: str  # translated words, without the number
    count: int
    url: str
    overdue: int = 0  # how many of `count` are past their due date
    own: bool = False  # due from the person themselves (not something to decide for others)


@dataclass(frozen=True)
class Fact:
    key: str
    title: str
    lines: list[str] = field(default_factory=list)
    url: str = ""
    link_label: str = ""


Provider = Callable[[Actor, dt.date], Iterable[Todo | Fact]]

_providers: list[tuple[int, str, Provider]] = []


def register(name: str, provider: Provider, *, order: int = 50) -> None:
    """Add (or replace) the provider `name`; lower `order` is shown first."""
    global _providers
    _providers = [p for p in _providers if p[1] != name]
    _providers.append((order, name, provider))
    _providers.sort(key=lambda p: (p[0], p[1]))


def providers() -> list[str]:
    return [name for _order, name, _provider in _providers]


@dataclass
class Home:
    todos: list[Todo]
    facts: list[Fact]

    @property
    def waiting(self) -> list[Todo]:
        """What the person decides for others, overdue first."""
        return [t for t in self.todos if not t.own]

    @property
    def mine(self) -> list[Todo]:
        """What is due from the person themselves, overdue first."""
        return [t for t in self.todos if t.own]


def collect(actor: Actor, today: dt.date | None = None) -> Home:
    """Every provider's items for the actor: non-empty to-dos, overdue ones first (in
    provider order otherwise), and the fact cards."""
    if actor.tenant is None:
        return Home([], [])
    today = today or clock.today(actor.tenant)
    todos: list[Todo] = []
    facts: list[Fact] = []
    for _order, _name, provider in _providers:
        for item in provider(actor, today):
            if isinstance(item, Fact):
                facts.append(item)
            elif item.count > 0:
                todos.append(item)
    todos.sort(key=lambda t: t.overdue == 0)  # stable: provider order within each group
    return Home(todos, facts)
