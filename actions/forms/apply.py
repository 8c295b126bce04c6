"""Apply for mobile work: eligibility first, then days, weekdays, start, confirm -> submitted + supervisor mail."""
from __future__ import annotations

import datetime as dt

from actions.base import Outcome, Reply, Repos, Turn
from actions.events import NotifySupervisor, SubmitAgreement
from actions.forms import agreement_steps as steps
from actions.forms.engine import DONE, Form, Step, begin
from actions.knowledge import kb_reply
from actions.records import load
from actions.story import agreement_story, told
from bot.texts import render

VALIDITY = dt.timedelta(days=364)  # a first agreement runs one year; extending it is one message away


def ask_confirm(turn: Turn, data: dict) -> Reply:
    return Reply("form.apply.confirm", steps.terms(turn, data), steps.confirm_options(turn))


def finish(turn: Turn, data: dict) -> Outcome:
    start = dt.date.fromisoformat(data["start"])
    until = start + VALIDITY
    weekdays = tuple(data.get("weekdays") or ())
    employee = turn.employee
    events = (
        SubmitAgreement(employee.personnel_number, data["days"], weekdays, start, until, "new"),
        NotifySupervisor(employee.personnel_number, employee.name, data.get("supervisor_email"),
                         data.get("supervisor"), data["days"], weekdays, start, until, "new"),
    )
    params = {**steps.terms(turn, {**data, "until": until.isoformat()})}
    return Outcome((Reply("form.apply.done", params),), events=events)


FORM = Form(
    name="apply",
    steps={"days": steps.DAYS, "weekdays": steps.WEEKDAYS, "start": steps.START,
           "confirm": Step(ask_confirm, steps.read_confirm)},
    moves={
        "days": {"ok": "weekdays"},
        "weekdays": {"ok": "start"},
        "start": {"ok": "confirm"},
        "confirm": {"yes": DONE, "no": "days"},
    },
    finish=finish,
)


async def start(turn: Turn, repos: Repos, **prefill) -> Outcome:
    """Refuse politely where an application makes no sense; else ask the first question."""
    employee = turn.employee
    if not employee.eligible_for_mobile_work:
        supervisor = employee.supervisor_name or render("agreement.your_supervisor", turn.language)
        return told(kb_reply(turn, "mobile_work_eligibility", "not_eligible", position=employee.position,
                             supervisor=supervisor))
    rec = await load(turn, repos)
    if rec.pending or rec.active:
        story = agreement_story(rec, turn)
        key = "form.apply.already_pending" if rec.pending else "form.apply.already_active"
        return Outcome((Reply(key).then(*story.replies),), story.state)
    data = {"supervisor": rec.supervisor(), "supervisor_email": employee.supervisor_email}
    return begin(FORM, turn, steps.first_step(turn, data), data, intro=(Reply("form.apply.intro"),))
