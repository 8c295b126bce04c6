"""What an action gets (`Turn`, `Repos`) and what it returns (`Outcome`): snapshot in, replies out."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Mapping

from bot.domain import Employee
from bot.messages import Option
from bot.repositories import AgreementRepository, DeviceRepository, EmployeeDirectory
from nlu.result import ParseResult


@dataclass(frozen=True)
class Turn:
    """One message of a known employee, as the core sees it."""

    employee: Employee
    parse: ParseResult
    language: str
    today: dt.date
    state: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Repos:
    directory: EmployeeDirectory
    agreements: AgreementRepository
    devices: DeviceRepository


@dataclass(frozen=True)
class Reply:
    """A text key plus its parameters; rendered in the user's language at the edge."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Outcome:
    replies: tuple[Reply, ...]
    state: Mapping[str, Any] = field(default_factory=dict)
    events: tuple[Any, ...] = ()


def say(key: str, **params: Any) -> Outcome:
    """The common case: one reply, no state change."""
    return Outcome((Reply(key, params),))


Action = Callable[[Turn, Repos], Awaitable[Outcome]]
