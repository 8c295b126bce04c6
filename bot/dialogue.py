"""Pure dialogue policy: which action answers a turn, and in which language. No I/O.

Order of precedence for one message: an open form takes it (it may let a real question
through); a pending yes/no offer takes "ja"/"nein"; a follow-up ("und bis wann?") is resolved
from the context; a question about someone else is refused; an unsure guess is clarified
("Meinten Sie …?"); everything else goes to its handler. Two misunderstandings in a row bring
the offer of a person.
"""
from __future__ import annotations

import json
import re
from typing import Any, Mapping

from actions import FALLBACK, HANDLERS, forms
from actions.base import Action, Outcome, Repos, Turn
from actions.clarify import SOMETHING_ELSE, clarify, is_unclear
from actions.followup import resolve, topic_of, with_intent
from actions.guard import guard
from actions.handoff import offer_handoff
from actions.offers import OFFER
from actions.offers import answer as answer_offer
from nlu.result import Entity, IntentScore, ParseResult

MIN_WORDS_TO_SWITCH_LANGUAGE = 3
INTERJECTION_CONFIDENCE = 0.85
MISUNDERSTOOD = "misunderstood"
QUIET = frozenset({"affirm", "deny", "out_of_scope", "greet", "thanks", "goodbye", "something_else"})


def choose_language(parse: ParseResult, current: str, in_form: bool = False) -> str:
    """Follow the user's language, but don't flip on 'ok' or '2', nor inside a form.

    A form's answers are the user's own words (an English announcement text, a description of a
    problem): the form goes on in the language it started in.
    """
    if in_form:
        return current
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


FORCED = re.compile(r"^/([a-z_]+)(\{.*\})?$")


def forced_parse(text: str, language: str) -> ParseResult | None:
    """Rasa-style '/intent{"entity": "value"}' (what buttons send): understood without the NLU."""
    match = FORCED.match(text.strip())
    if not match:
        return None
    try:
        given = json.loads(match[2]) if match[2] else {}
    except ValueError:
        given = {}
    entities = tuple(Entity(str(k), v, 0, 0, "option") for k, v in given.items()) if isinstance(given, dict) else ()
    score = IntentScore(match[1], 1.0)
    return ParseResult(text, score, entities, (score,), language=language)


class Dialogue:
    """Maps a parsed turn to its action; low confidence goes to clarification or the fallback."""

    def __init__(self, handlers: Mapping[str, Action] = HANDLERS, fallback: Action = FALLBACK,
                 threshold: float = 0.45, cases=None):
        self._handlers = handlers
        self._fallback = fallback
        self._threshold = threshold
        self._cases = cases  # `bot.escalation.flow.CaseFlow`: an open help-desk case comes before all else

    def action_for(self, parse: ParseResult) -> Action:
        if parse.intent.confidence < self._threshold and parse.intent.name != "out_of_scope":
            return self._fallback
        return self._handlers.get(parse.intent.name, self._fallback)

    async def respond(self, turn: Turn, repos: Repos) -> Outcome:
        if self._cases is not None:
            early = await self._cases.before(turn, repos)
            if early is not None:
                return early
        in_form = forms.is_open(turn.state)
        turn, outcome, misunderstood = await self._answer(turn, repos)
        count = turn.state.get(MISUNDERSTOOD, 0) + 1 if misunderstood else 0
        if count >= 2:
            outcome, count = offer_handoff(turn, "misunderstood"), 0
        # answers inside a form ("2", "ja") say nothing about the topic: the context stays the form's
        intent = turn.state.get("last_intent", "") if in_form else turn.parse.intent.name
        state = {**turn.state, OFFER: None, **outcome.state, MISUNDERSTOOD: count,
                 "options": [o.value for r in outcome.replies for o in r.options], "last_intent": intent}
        if topic_of(intent):
            state["topic"] = topic_of(intent)
        answer = Outcome(outcome.replies, {k: v for k, v in state.items() if v is not None}, outcome.events)
        return self._cases.after(turn, answer) if self._cases is not None else answer

    async def _answer(self, turn: Turn, repos: Repos) -> tuple[Turn, Outcome, bool]:
        """(the turn as understood, the outcome, whether mobi failed to understand it)."""
        if forms.is_open(turn.state):
            return turn, await forms.advance(turn, repos, other=self._interjection), False
        intent = turn.parse.intent.name
        pending = turn.state.get(OFFER)
        if pending and intent in ("affirm", "deny"):
            return turn, await answer_offer(turn, repos, pending), False
        turn = resolve(turn)
        sole = [o for o in turn.state.get("options") or () if o.startswith("/") and o != SOMETHING_ELSE]
        if intent == "affirm" and len(sole) == 1:  # "ja" to "Meinten Sie …?" with one guess
            turn = with_intent(turn, sole[0][1:])
        refusal = await guard(turn, repos)
        if refusal is not None:
            return turn, refusal, False
        if is_unclear(turn.parse, self._threshold):
            question = clarify(turn, self._handlers)
            return turn, question or await self._fallback(turn, repos), True
        parse = turn.parse
        outcome = await self.action_for(parse)(turn, repos)
        unknown = parse.intent.name not in self._handlers or parse.intent.name == "something_else"
        return turn, outcome, unknown or (parse.intent.confidence < self._threshold and parse.intent.name != "out_of_scope")

    async def _interjection(self, turn: Turn, repos: Repos) -> Outcome | None:
        """A confident, different question in the middle of a form is answered, then the form goes on."""
        parse = turn.parse
        if parse.intent.confidence < INTERJECTION_CONFIDENCE or parse.intent.name in QUIET:
            return None
        if parse.intent.name not in self._handlers:
            return None
        refusal = await guard(turn, repos)
        return refusal or await self._handlers[parse.intent.name](turn, repos)
