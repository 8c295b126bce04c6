"""Employee side of a case, pure: consent question, relaying while a case is open, leaving it.

`Dialogue` calls `before` first (an answer to the consent question, or any message while a
case is open, never reaches the normal dialogue) and `after` on the normal answer (a hand-off
the actions asked for becomes the consent question). The conversation state holds `case_consent`
(the pending hand-off) or `case_open`; the effects in `bot.escalation.service` do the rest and
clear `case_open` when an agent closes the case.
"""
from __future__ import annotations

import re
from dataclasses import replace

from actions import records
from actions.base import Outcome, Reply, Repos, Turn
from actions.events import RequestHandoff, to_record
from actions.story import agreement_story, device_story
from bot.escalation.events import CancelCase, OpenCase, RelayToAgent
from bot.messages import Option
from bot.texts import render_reply

CONSENT, OPEN = "case_consent", "case_open"
LEAVE = re.compile(r"^\s*(abbrechen|abbruch|zurück zum bot|zurueck zum bot|back to the bot|cancel)\W*$", re.I)
YES = re.compile(r"^\s*(ja|j|yes|y|ok|okay|gern|einverstanden)\b", re.I)
NO = re.compile(r"^\s*(nein|n|no|lieber nicht)\b", re.I)


def consent_question() -> Reply:
    return Reply("case.consent", options=(Option("Ja", "ja"), Option("Nein", "nein")))


class CaseFlow:
    """The hook `bot.dialogue.Dialogue` consults around its normal answer."""

    async def before(self, turn: Turn, repos: Repos) -> Outcome | None:
        if turn.state.get(OPEN):
            return self._while_open(turn)
        pending = turn.state.get(CONSENT)
        if pending is None:
            return None
        if LEAVE.match(turn.text):
            return _answer(turn, (Reply("case.not_opened"),), {CONSENT: None})
        consent = _yes_no(turn)
        if consent is None:
            return _answer(turn, (consent_question(),), {})
        status = await summary(turn, repos)
        event = OpenCase(pending["reference"], turn.employee.personnel_number, pending["reason"],
                         pending["topic"], pending["description"], consent, status, turn.language,
                         tuple(tuple(d) for d in pending.get("details") or ()), pending.get("reply_to"))
        reply = Reply("case.opening_shared" if consent else "case.opening_private")
        return _answer(turn, (reply,), {CONSENT: None, OPEN: True}, (event,))

    def after(self, turn: Turn, outcome: Outcome) -> Outcome:
        """A hand-off event becomes the consent question; the case opens with the answer."""
        handoffs = [e for e in outcome.events if isinstance(e, RequestHandoff)]
        if not handoffs:
            return outcome
        rest = tuple(e for e in outcome.events if not isinstance(e, RequestHandoff))
        pending = to_record(handoffs[0])[1]
        return replace(outcome, replies=(consent_question(),), events=rest,
                       state={**outcome.state, CONSENT: pending, "options": ["ja", "nein"]})

    def _while_open(self, turn: Turn) -> Outcome:
        pn = turn.employee.personnel_number
        if LEAVE.match(turn.text):
            return _answer(turn, (Reply("case.cancelled"),), {OPEN: None}, (CancelCase(pn),))
        return _answer(turn, (), {}, (RelayToAgent(pn, turn.text),))


def _yes_no(turn: Turn) -> bool | None:
    if turn.parse.intent.name == "affirm" or YES.match(turn.text):
        return True
    if turn.parse.intent.name == "deny" or NO.match(turn.text):
        return False
    return None


def _answer(turn: Turn, replies, changes: dict, events=()) -> Outcome:
    state = {k: v for k, v in {**turn.state, **changes}.items() if v is not None}
    state["options"] = [o.value for r in replies for o in r.options]
    return Outcome(tuple(replies), state, tuple(events))


async def summary(turn: Turn, repos: Repos) -> str:
    """The employee's agreement and devices as mobi would tell them (German, for the agent)."""
    rec = await records.load(turn, repos)
    de = replace(turn, language="de")
    parts = [device_story(rec, de)]
    if rec.agreement is not None:
        parts.insert(0, agreement_story(rec, de))
    return "\n\n".join(render_reply(r, "de") for outcome in parts for r in outcome.replies)
