"""Multi-turn forms as transition tables, persisted in the conversation state.

Theory of operation: a `Form` is a set of named steps and one table `moves[step][event] -> step`.
Each message while a form is open goes to the current step's `read`, which either accepts it
(an `Answer` with an event, usually "ok", and a value stored under the step's name) or rejects
it (`Invalid` with a helpful text key). An accepted answer moves along the table; a move the
table does not list raises `IllegalMove` (a bug in the form, never silently ignored). Two
outcomes are allowed from every step and so are not in the tables: "abbrechen"/"cancel" ends
the form, and the third invalid answer in a row ends it with the offer of a person. Reaching
`DONE` calls the form's `finish`, which returns the replies and events (ticket, submission).

The whole form state is JSON in `state["form"]` (name, step, data, tries), so a restart in the
middle continues where the employee left off.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Mapping

from actions.base import Outcome, Reply, Repos, Turn

DONE, CANCELLED = "DONE", "CANCELLED"
MAX_TRIES = 3
FORM = "form"
CANCEL_WORDS = frozenset({"abbrechen", "abbruch", "cancel", "stopp", "stop", "beenden", "quit", "/cancel"})
_WORD = re.compile(r"[\w/]+")


class IllegalMove(RuntimeError):
    """The table has no move for (form, step, event)."""


@dataclass(frozen=True)
class Answer:
    event: str = "ok"
    value: Any = None


@dataclass(frozen=True)
class Invalid:
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


Read = Callable[[Turn, dict], "Answer | Invalid"]
Ask = Callable[[Turn, dict], Reply]
Prepare = Callable[[Turn, Repos, str, dict], Awaitable[dict]]
"""Before a step is asked: (turn, repos, step, data) -> data with what the question shows (e.g. counts)."""


@dataclass(frozen=True)
class Step:
    ask: Ask
    read: Read


@dataclass(frozen=True)
class Form:
    name: str
    steps: Mapping[str, Step]
    moves: Mapping[str, Mapping[str, str]]
    finish: Callable[[Turn, dict], Outcome]
    prepare: Prepare | None = None  # reads and steps stay pure; only this may ask a repository

    def move(self, at: str, event: str) -> str:
        try:
            return self.moves[at][event]
        except KeyError:
            raise IllegalMove(f"form {self.name!r}: no move from {at!r} on {event!r}") from None


def is_cancel(text: str) -> bool:
    words = _WORD.findall(text.lower())
    return 0 < len(words) <= 3 and bool(CANCEL_WORDS & set(words))


def begin(form: Form, turn: Turn, at: str, data: dict, intro: tuple[Reply, ...] = ()) -> Outcome:
    """Open the form at step `at` (with `intro` paragraphs before the first question)."""
    if at not in form.steps:
        raise IllegalMove(f"form {form.name!r} has no step {at!r}")
    question = form.steps[at].ask(turn, data)
    reply = intro[0].then(*intro[1:], question) if intro else question
    return Outcome((reply,), {FORM: {"name": form.name, "at": at, "data": data, "tries": 0}})


Other = Callable[[Turn, Repos], Awaitable["Outcome | None"]]


async def advance(form: Form, turn: Turn, repos: Repos, other: Other | None = None) -> Outcome:
    """Feed the message to the open form: cancel, re-prompt, move on, or finish."""
    current = turn.state[FORM]
    at, data, tries = current["at"], dict(current["data"]), current.get("tries", 0)
    if is_cancel(turn.text):
        return Outcome((Reply("form.cancelled"),), {FORM: None})
    result = form.steps[at].read(turn, data)
    if isinstance(result, Invalid):
        return await _invalid(form, turn, repos, result, current, tries, other)
    if result.value is not None:
        data[at] = result.value
    target = form.move(at, result.event)
    if target == DONE:
        outcome = form.finish(turn, data)
        return Outcome(outcome.replies, {**outcome.state, FORM: None}, outcome.events)
    if target == CANCELLED:
        return Outcome((Reply("form.cancelled"),), {FORM: None})
    if form.prepare is not None:
        data = await form.prepare(turn, repos, target, data)
    return Outcome((form.steps[target].ask(turn, data),),
                   {FORM: {"name": form.name, "at": target, "data": data, "tries": 0}})


async def _invalid(form: Form, turn: Turn, repos: Repos, problem: Invalid, current: dict, tries: int,
                   other: Other | None) -> Outcome:
    question = form.steps[current["at"]].ask(turn, current["data"])
    interjection = await other(turn, repos) if other else None
    if interjection is not None:  # a real question in between: answer it, then ask again
        if interjection.state.get(FORM):  # it opened a more urgent form (e.g. a lost device)
            return interjection
        replies = interjection.replies + (Reply("form.resume").then(question),)
        return Outcome(replies, {**interjection.state, "offer": None, FORM: current}, interjection.events)
    if tries + 1 >= MAX_TRIES:
        from actions.offers import offer

        ask, state = offer("handoff", "form.give_up", turn, helpdesk=turn.facts.helpdesk, reason="form_failed")
        return Outcome((ask,), {**state, FORM: None})
    return Outcome((Reply(problem.key, problem.params).then(question),), {FORM: {**current, "tries": tries + 1}})
