"""The multi-turn forms, registered by name; `start` opens one, `advance` feeds it the next message."""
from __future__ import annotations

from typing import Any, Awaitable, Callable

from actions.base import Outcome, Repos, Turn
from actions.forms import (
    announcement, apply, cancel, change, delete_data, device_lost, device_problem, handoff, peripherals,
)
from actions.forms.engine import FORM, Form, Other
from actions.forms.engine import advance as _advance

Starter = Callable[..., Awaitable[Outcome]]
FORMS: dict[str, tuple[Form, Starter]] = {
    module.FORM.name: (module.FORM, module.start)
    for module in (apply, change, cancel, device_problem, device_lost, peripherals, delete_data, handoff, announcement)
}


async def start(name: str, turn: Turn, repos: Repos, **prefill: Any) -> Outcome:
    """Open form `name` (its start may answer instead, e.g. when the employee is not eligible)."""
    return await FORMS[name][1](turn, repos, **prefill)


def is_open(state) -> bool:
    current = state.get(FORM)
    return bool(current) and current.get("name") in FORMS


async def advance(turn: Turn, repos: Repos, other: Other | None = None) -> Outcome:
    """The open form takes the message."""
    return await _advance(FORMS[turn.state[FORM]["name"]][0], turn, repos, other)
