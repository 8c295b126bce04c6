"""One handled message: who is it, what did they mean, what do we answer (rendered, ready to store)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from actions.base import Facts, Outcome, Turn
from actions.forms.engine import FORM
from bot.dialogue import choose_language, forced_parse, pick_option
from bot.effects import effect_rows
from bot.messages import Option, OutgoingMessage
from bot.texts import render, render_reply
from nlu.result import ParseResult

if TYPE_CHECKING:
    from bot.pipeline import Pipeline, PipelineOptions

Policy = Callable[[Turn], "Outcome | None"]
"""A channel's rule over understood turns: an Outcome answers instead of the dialogue, None lets it through."""


@dataclass
class TurnResult:
    parse: ParseResult | None
    replies: list[OutgoingMessage]
    state: dict[str, Any]
    language: str
    personnel_number: str | None
    log: list[dict[str, Any]] = field(default_factory=list)
    status: str = "done"
    effects: list[dict[str, Any]] = field(default_factory=list)  # rows of `bot.effects.effect_rows`

    def changes(self) -> dict[str, Any]:
        """The keyword arguments of `store.finish_turn`."""
        return {"status": self.status, "state": self.state, "language": self.language,
                "personnel_number": self.personnel_number, "log": self.log, "replies": self.replies,
                "effects": self.effects}


async def run_turn(work, pipeline: "Pipeline") -> TurnResult:
    """`work` is a row of `store.load_work`: conversation, linked employee and the message."""
    employee = await pipeline.employees.by_personnel_number(work.linked) if work.linked else None
    state = dict(work.state or {})
    if employee is None:
        text = render("unknown_sender", work.language, helpdesk=pipeline.options.helpdesk)
        return build(work, pipeline.options, None, [(text, ())], state, work.language, None)
    language = work.language if work.turns else employee.language
    text = pick_option(work.text or "", state)
    parse = forced_parse(text, language) or await pipeline.interpreter.parse(text)
    language = choose_language(parse, language, in_form=bool(state.get(FORM)))
    turn = Turn(employee, parse, language, pipeline.options.today(), state, ref=f"{work.channel}:{work.event_id}",
                facts=facts(pipeline.options))
    outcome = checked(turn, work.channel, pipeline.options) or await pipeline.dialogue.respond(turn, pipeline.repos)
    texts = [(render_reply(r, language), r.options) for r in outcome.replies]
    result = build(work, pipeline.options, parse, texts, dict(outcome.state), language, work.linked)
    result.effects = effect_rows(outcome.events, turn.ref, employee.personnel_number)
    return result


def checked(turn: Turn, channel: str, options: "PipelineOptions") -> Outcome | None:
    """The channel's policy answer, if it has one for this turn; its state is merged like the dialogue's."""
    policy = options.policies.get(channel)
    answer = policy(turn) if policy else None
    if answer is None:
        return None
    state = {**turn.state, **answer.state, "options": [o.value for r in answer.replies for o in r.options]}
    return Outcome(answer.replies, {k: v for k, v in state.items() if v is not None}, answer.events)


def facts(options: "PipelineOptions") -> Facts:
    """What the core may tell about this installation (privacy answers quote it)."""
    return Facts(helpdesk=options.helpdesk, retention_days=options.retention_days,
                 store_texts=options.store_texts)


def error_turn(work, options: "PipelineOptions") -> TurnResult:
    text = render("internal_error", work.language, helpdesk=options.helpdesk)
    result = build(work, options, None, [(text, ())], dict(work.state or {}), work.language, work.linked)
    result.status = "failed"
    return result


def build(work, options: "PipelineOptions", parse: ParseResult | None, texts: list[tuple[str, tuple[Option, ...]]],
          state: dict, language: str, personnel_number: str | None) -> TurnResult:
    replies = [OutgoingMessage(work.channel, work.external_id, text, tuple(opts), language,
                               txn_id=txn_id(work.channel, work.event_id, i), reply_to=work.event_id)
               for i, (text, opts) in enumerate(texts)]
    keep = options.store_texts
    log = [{"direction": "in", "text": work.text if keep else None,
            "intent": parse.intent.name if parse else None, "confidence": parse.intent.confidence if parse else None}]
    log += [{"direction": "out", "text": r.text if keep else None, "intent": None, "confidence": None}
            for r in replies]
    return TurnResult(parse, replies, state, language, personnel_number, log)


def txn_id(channel: str, event_id: str, index: int) -> str:
    """Deterministic per (triggering event, reply number): a resend after a crash is deduplicated."""
    digest = hashlib.sha256(f"{channel}\0{event_id}".encode()).hexdigest()[:24]
    return f"mobi-{digest}-{index}"
