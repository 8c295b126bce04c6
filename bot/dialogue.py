"""Pure dialogue policy: which action answers a turn, and in which language. No I/O."""
from __future__ import annotations

from typing import Any, Mapping

from actions import FALLBACK, HANDLERS
from actions.base import Action, Outcome, Repos, Turn
from nlu.result import ParseResult

MIN_WORDS_TO_SWITCH_LANGUAGE = 3


def choose_language(parse: ParseResult, current: str) -> str:
    """Follow the user's language, but don't flip on 'ok' or '2'."""
    if parse.language != current and len(parse.text.split()) >= MIN_WORDS_TO_SWITCH_LANGUAGE:
        return parse.language
    return current


def pick_option(text: str, state: Mapping[str, Any]) -> str:
    """A typed number picks the numbered option offered last ('2' -> its value)."""
    options = state.get("options") or []
    stripped = text.strip().rstrip(".)")
    if stripped.isdigit() and 1 <= int(stripped) <= len(options):
        return options[int(stripped) - 1]
    return text


class Dialogue:
    """Maps a parsed turn to its action; low confidence goes to the fallback."""

    def __init__(self, handlers: Mapping[str, Action] = HANDLERS, fallback: Action = FALLBACK,
                 threshold: float = 0.45):
        self._handlers = handlers
        self._fallback = fallback
        self._threshold = threshold

    def action_for(self, parse: ParseResult) -> Action:
        if parse.intent.confidence < self._threshold and parse.intent.name != "out_of_scope":
            return self._fallback
        return self._handlers.get(parse.intent.name, self._fallback)

    async def respond(self, turn: Turn, repos: Repos) -> Outcome:
        outcome = await self.action_for(turn.parse)(turn, repos)
        options = [o.value for r in outcome.replies for o in r.options]
        state = {**turn.state, **outcome.state, "options": options, "last_intent": turn.parse.intent.name}
        return Outcome(outcome.replies, state, outcome.events)
