"""The wish to talk to a person, and the offer of one after misunderstandings (issue #8 adds the Matrix room)."""
from __future__ import annotations

from actions import forms
from actions.base import Outcome, Repos, Turn
from actions.offers import offer


async def human_handoff(turn: Turn, repos: Repos) -> Outcome:
    return await forms.start("handoff", turn, repos, reason="asked")


def offer_handoff(turn: Turn, reason: str) -> Outcome:
    """'Shall I pass this on to the help desk?' after two misunderstandings (or a failed form)."""
    question, state = offer("handoff", "handoff.offer", turn, helpdesk=turn.facts.helpdesk, reason=reason)
    return Outcome((question,), state)
