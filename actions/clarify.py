"""'Meinten Sie …?': when the NLU is unsure, offer its two best guesses plus 'etwas anderes'."""
from __future__ import annotations

from typing import Container

from actions.base import Outcome, Reply, Turn
from bot.messages import Option
from bot.texts import catalog, render
from nlu.result import ParseResult

NEVER_OFFERED = frozenset({"out_of_scope", "affirm", "deny", "greet", "goodbye", "thanks"})
CLOSE = 0.2  # a second guess this close to the first is a real doubt
SURE = 0.8  # above this the first guess stands even with a close second
MIN_GUESS = 0.05
SOMETHING_ELSE = "/something_else"
ALIKE = (frozenset({"agreement_status", "mobile_work_eligibility"}), frozenset({"device_status", "device_return"}))
"""Pairs answered with the same story from the records: a doubt between them needs no question."""


def is_unclear(parse: ParseResult, threshold: float) -> bool:
    top = parse.intent
    if top.name == "out_of_scope" and top.confidence >= threshold:
        return False
    second = next((s for s in parse.intent_ranking if s.name != top.name), None)
    alike = second is not None and frozenset({top.name, second.name}) in ALIKE
    if top.confidence + (second.confidence if alike else 0.0) < threshold:
        return True
    if second is None or alike:
        return False
    return top.confidence < SURE and top.confidence - second.confidence < CLOSE and second.name not in NEVER_OFFERED


def guesses(parse: ParseResult, handled: Container[str]) -> list[str]:
    """The two best intents worth offering (each handled, and with a label in the texts)."""
    ranked = parse.intent_ranking or (parse.intent,)
    labelled = catalog("de")
    return [s.name for s in ranked if s.name not in NEVER_OFFERED and s.confidence >= MIN_GUESS
            and s.name in handled and f"intent.{s.name}" in labelled][:2]


def clarify(turn: Turn, handled: Container[str]) -> Outcome | None:
    """The question with its options, or None if there is nothing sensible to offer."""
    best = guesses(turn.parse, handled)
    if not best:
        return None
    lang = turn.language
    options = tuple(Option(render(f"intent.{name}", lang), f"/{name}") for name in best)
    options += (Option(render("option.something_else", lang), SOMETHING_ELSE),)
    key = "clarify.one" if len(best) == 1 else "clarify.two"
    labels = {f"option{i + 1}": render(f"intent.{name}", lang) for i, name in enumerate(best)}
    return Outcome((Reply(key, labels, options),))
