"""Change the days of an agreement or extend it: both are a new application the supervisor approves (§ 5)."""
from __future__ import annotations

import datetime as dt

from actions.base import Outcome, Reply, Repos, Turn
from actions.events import NotifySupervisor, SubmitAgreement
from actions.forms import agreement_steps as steps
from actions.forms import values
from actions.forms.engine import DONE, Answer, Form, Invalid, Step, begin
from actions.offers import offer
from actions.records import load
from actions.story import agreement_story
from bot.messages import Option
from bot.texts import render

WHAT = {"extension": ("verläng", "verlaeng", "extend", "länger", "laenger", "renew"),
        "days": ("tag", "day", "änder", "aender", "change", "mehr", "weniger", "more", "fewer")}
MAX_EXTENSION = dt.timedelta(days=2 * 365)


def ask_what(turn: Turn, data: dict) -> Reply:
    lang = turn.language
    options = (Option(render("option.change_days", lang), render("option.change_days", lang)),
               Option(render("option.extend", lang), render("option.extend", lang)))
    return Reply("form.change.ask_what", {}, options)


def read_what(turn: Turn, data: dict) -> Answer | Invalid:
    what = turn.parse.first("what") or values.choice(turn, (), WHAT)
    if what == "extension" and not data["current"]["valid_until"]:
        return Invalid("form.change.open_ended")
    return Answer(what, what) if what in WHAT else Invalid("form.change.what_invalid")


def ask_until(turn: Turn, data: dict) -> Reply:
    current = dt.date.fromisoformat(data["current"]["valid_until"])
    year = current + dt.timedelta(days=365)
    option = Option(render("option.one_year", turn.language, date=year), year.isoformat())
    return Reply("form.change.ask_until", {"until": current}, (option,))


def read_until(turn: Turn, data: dict) -> Answer | Invalid:
    current = dt.date.fromisoformat(data["current"]["valid_until"])
    until = values.date(turn)
    if until is None or until <= current:
        return Invalid("form.change.until_invalid", {"until": current})
    if until > current + MAX_EXTENSION:
        return Invalid("form.change.until_too_late", {"latest": current + MAX_EXTENSION})
    return Answer(value=until.isoformat())


def _terms(turn: Turn, data: dict) -> dict:
    current = data["current"]
    if data["what"] == "extension":
        start = dt.date.fromisoformat(current["valid_until"]) + dt.timedelta(days=1)
        merged = {**data, "days": current["days"], "weekdays": current["weekdays"], "start": start.isoformat()}
    else:
        merged = {**data, "until": current["valid_until"]}
    return merged


def ask_confirm(turn: Turn, data: dict) -> Reply:
    key = f"form.change.confirm_{data['what']}"
    return Reply(key, steps.terms(turn, _terms(turn, data)), steps.confirm_options(turn))


def finish(turn: Turn, data: dict) -> Outcome:
    terms = _terms(turn, data)
    start = dt.date.fromisoformat(terms["start"])
    until = dt.date.fromisoformat(terms["until"]) if terms.get("until") else None
    weekdays = tuple(terms.get("weekdays") or ())
    employee, kind = turn.employee, "extension" if data["what"] == "extension" else "change"
    events = (
        SubmitAgreement(employee.personnel_number, terms["days"], weekdays, start, until, kind),
        NotifySupervisor(employee.personnel_number, employee.name, data.get("supervisor_email"),
                         data.get("supervisor"), terms["days"], weekdays, start, until, kind),
    )
    return Outcome((Reply(f"form.change.done_{data['what']}", steps.terms(turn, terms)),), events=events)


FORM = Form(
    name="change",
    steps={"what": Step(ask_what, read_what), "days": steps.DAYS, "weekdays": steps.WEEKDAYS,
           "start": steps.START, "until": Step(ask_until, read_until), "confirm": Step(ask_confirm, steps.read_confirm)},
    moves={
        "what": {"days": "days", "extension": "until"},
        "days": {"ok": "weekdays"},
        "weekdays": {"ok": "start"},
        "start": {"ok": "confirm"},
        "until": {"ok": "confirm"},
        "confirm": {"yes": DONE, "no": "what"},
    },
    finish=finish,
)


async def start(turn: Turn, repos: Repos, what: str | None = None, **prefill) -> Outcome:
    """Only an agreement in force can be changed; otherwise say what the situation is."""
    rec = await load(turn, repos)
    active = rec.active
    if active is None:
        if rec.agreement is not None:
            return agreement_story(rec, turn)
        question, state = offer("apply", "form.change.nothing_to_change", turn)
        return Outcome((question,), state)
    current = {"valid_from": active.valid_from.isoformat(),
               "valid_until": active.valid_until.isoformat() if active.valid_until else None,
               "days": active.days_per_week, "weekdays": list(active.weekdays)}
    data = {"current": current, "supervisor": rec.supervisor(), "supervisor_email": turn.employee.supervisor_email}
    what = what or turn.parse.first("what") or values.choice(turn, (), {"extension": WHAT["extension"]})
    if what is None and (turn.parse.first("count") or turn.parse.first("weekday")):
        what = "days"
    if what == "extension" and current["valid_until"]:
        return begin(FORM, turn, "until", {**data, "what": "extension"})
    if what == "days":
        data["what"] = "days"
        return begin(FORM, turn, steps.first_step(turn, data), data)
    return begin(FORM, turn, "what", data)
