"""Hand over to a person: one short description -> a help-desk case with a reference (#8 adds the Matrix room)."""
from __future__ import annotations

from actions.base import Outcome, Reply, Repos, Turn
from actions.events import RequestHandoff, reference
from actions.forms.device_steps import read_text, who_asks
from actions.forms.engine import DONE, Form, Step, begin


def ask_topic(turn: Turn, data: dict) -> Reply:
    return Reply("form.handoff.ask", {"helpdesk": turn.facts.helpdesk})


def finish(turn: Turn, data: dict) -> Outcome:
    event = RequestHandoff(reference(turn.ref, "handoff"), turn.employee.personnel_number, data.get("reason", "asked"),
                           data.get("topic") or "", data["description"], who_asks(turn), turn.employee.email)
    params = {"ticket": event.reference, "email": turn.employee.email or "-", "helpdesk": turn.facts.helpdesk}
    return Outcome((Reply("form.handoff.done", params),), events=(event,))


FORM = Form(
    name="handoff",
    steps={"description": Step(ask_topic, read_text)},
    moves={"description": {"ok": DONE}},
    finish=finish,
)


async def start(turn: Turn, repos: Repos, reason: str = "asked", **prefill) -> Outcome:
    topic = turn.state.get("last_intent") or ""
    return begin(FORM, turn, "description", {"reason": reason, "topic": topic})
