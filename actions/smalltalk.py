"""Greetings, thanks, goodbye, what mobi can do, yes/no without a question, and the polite answer to anything else."""
from __future__ import annotations

from actions.base import Outcome, Reply, Repos, Turn, say
from bot.messages import Option
from bot.texts import render

MENU = ("agreement_status", "device_status", "mobile_work_apply", "device_problem", "working_time_rules")


def menu(turn: Turn) -> tuple[Option, ...]:
    """A few things to try, as buttons (numbered where a channel has none)."""
    return tuple(Option(render(f"intent.{name}", turn.language), f"/{name}") for name in MENU)


async def greet(turn: Turn, repos: Repos) -> Outcome:
    return say("greet", name=turn.employee.first_name)


async def goodbye(turn: Turn, repos: Repos) -> Outcome:
    return say("goodbye")


async def thanks(turn: Turn, repos: Repos) -> Outcome:
    return say("thanks")


async def bot_capabilities(turn: Turn, repos: Repos) -> Outcome:
    return Outcome((Reply("capabilities", {}, menu(turn)),))


async def out_of_scope(turn: Turn, repos: Repos) -> Outcome:
    return Outcome((Reply("out_of_scope", {"helpdesk": turn.facts.helpdesk}, menu(turn)),))


async def affirm(turn: Turn, repos: Repos) -> Outcome:
    """'Ja' with no open question."""
    return say("affirm_alone")


async def deny(turn: Turn, repos: Repos) -> Outcome:
    return say("deny_alone")


async def fallback(turn: Turn, repos: Repos) -> Outcome:
    return Outcome((Reply("fallback", {}, menu(turn)),))


async def something_else(turn: Turn, repos: Repos) -> Outcome:
    """The employee picked 'etwas anderes' after 'Meinten Sie …?'."""
    return Outcome((Reply("something_else", {}, menu(turn)),))
