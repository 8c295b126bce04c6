"""What an action gets (`Turn`, `Repos`) and what it returns (`Outcome`): snapshot in, replies out."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Mapping

from bot.domain import Employee
from bot.messages import Option
from bot.repositories import AgreementRepository, BroadcastDesk, DeviceRepository, EmployeeDirectory
from nlu.result import ParseResult


@dataclass(frozen=True)
class Facts:
    """What mobi knows about its own installation (from the live config), for answers like privacy_info."""

    helpdesk: str = ""
    retention_days: int = 90
    store_texts: bool = True


@dataclass(frozen=True)
class Turn:
    """One message of a known employee, as the core sees it.

    `ref` identifies the message (channel and event id): reference numbers the employee is told
    (tickets) are derived from it, so a replay after a crash yields the same number.
    """

    employee: Employee
    parse: ParseResult
    language: str
    today: dt.date
    state: Mapping[str, Any] = field(default_factory=dict)
    ref: str = ""
    facts: Facts = Facts()

    @property
    def text(self) -> str:
        return self.parse.text


@dataclass(frozen=True)
class Repos:
    directory: EmployeeDirectory
    agreements: AgreementRepository
    devices: DeviceRepository
    broadcasts: BroadcastDesk | None = None  # only the announcement form reads it


@dataclass(frozen=True)
class Reply:
    """A text key plus its parameters; rendered in the user's language at the edge.

    `also` are further paragraphs of the same message (one story told in one bubble).
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    options: tuple[Option, ...] = ()
    also: tuple["Reply", ...] = ()

    def then(self, *more: "Reply") -> "Reply":
        """This reply with `more` paragraphs appended; the options of the last one win."""
        options = next((r.options for r in reversed(more) if r.options), self.options)
        return Reply(self.key, self.params, options, self.also + tuple(more))


@dataclass(frozen=True)
class Outcome:
    replies: tuple[Reply, ...]
    state: Mapping[str, Any] = field(default_factory=dict)
    events: tuple[Any, ...] = ()


def say(key: str, **params: Any) -> Outcome:
    """The common case: one reply, no state change."""
    return Outcome((Reply(key, params),))


Action = Callable[[Turn, Repos], Awaitable[Outcome]]
