"""Greetings, thanks, goodbye, what mobi can do, and the polite answer to anything else."""
from __future__ import annotations

from actions.base import Outcome, Repos, Turn, say


async def greet(turn: Turn, repos: Repos) -> Outcome:
    return say("greet", name=turn.employee.first_name)


async def goodbye(turn: Turn, repos: Repos) -> Outcome:
    return say("goodbye")


async def thanks(turn: Turn, repos: Repos) -> Outcome:
    return say("thanks")


async def bot_capabilities(turn: Turn, repos: Repos) -> Outcome:
    return say("capabilities")


async def out_of_scope(turn: Turn, repos: Repos) -> Outcome:
    return say("out_of_scope")


async def fallback(turn: Turn, repos: Repos) -> Outcome:
    return say("fallback")
