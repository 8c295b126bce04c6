"""Steps shared by the application and change forms: days (§ 4), weekdays, start date, confirmation."""
from __future__ import annotations

import datetime as dt
import math

from actions.base import Reply, Turn
from actions.forms import values
from actions.forms.engine import Answer, Invalid, Step
from actions.knowledge import cite
from actions.offers import YES
from actions.story import weekday_list
from bot.messages import Option
from bot.texts import render

MAX_DAYS = 3.0  # 60 % of a five-day week, and at least two office days (§ 4 Abs. 1 and 3)
LEAD_DAYS = 14  # the supervisor and HR need time to decide
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")


def earliest_start(turn: Turn) -> dt.date:
    return turn.today + dt.timedelta(days=LEAD_DAYS)


def ask_days(turn: Turn, data: dict) -> Reply:
    options = tuple(Option(n, n) for n in ("1", "2", "3"))
    return Reply("form.days.ask", {"max": MAX_DAYS, "source": cite(turn, "§ 4 Abs. 1", "§ 4 Abs. 3")}, options)


def read_days(turn: Turn, data: dict) -> Answer | Invalid:
    days = values.days_per_week(turn)
    if days is None:
        return Invalid("form.days.invalid")
    if days > MAX_DAYS:
        return Invalid("form.days.too_many", {"days": days, "max": MAX_DAYS})
    if days < 0.5 or (days * 2) != int(days * 2):
        return Invalid("form.days.halves", {"days": days})
    return Answer(value=days)


def first_step(turn: Turn, data: dict) -> str:
    """'days', or 'weekdays' if the first message already named a valid number of days (stored in `data`)."""
    days = values.days_named(turn)
    if days is None or days > MAX_DAYS or days < 0.5 or days * 2 != int(days * 2):
        return "days"
    data["days"] = days
    return "weekdays"


def ask_weekdays(turn: Turn, data: dict) -> Reply:
    needed = math.ceil(data["days"])
    options = (Option(render("option.flexible", turn.language), render("option.flexible", turn.language)),)
    return Reply("form.weekdays.ask", {"n": needed, "days": data["days"]}, options)


def read_weekdays(turn: Turn, data: dict) -> Answer | Invalid:
    if values.wants_flexible(turn):
        return Answer(value=[])
    chosen = values.weekdays(turn)
    needed = math.ceil(data["days"])
    if not chosen or any(d not in WORKDAYS for d in chosen):
        return Invalid("form.weekdays.invalid", {"n": needed})
    if len(chosen) != needed:
        return Invalid("form.weekdays.count", {"n": needed, "given": len(chosen)})
    return Answer(value=list(chosen))


def ask_start(turn: Turn, data: dict) -> Reply:
    first = earliest_start(turn)
    option = Option(render("option.earliest", turn.language, date=first), first.isoformat())
    return Reply("form.start.ask", {"earliest": first}, (option,))


def read_start(turn: Turn, data: dict) -> Answer | Invalid:
    start = values.date(turn)
    first = earliest_start(turn)
    if start is None:
        return Invalid("form.start.invalid", {"earliest": first})
    if start < first:
        return Invalid("form.start.too_early", {"earliest": first})
    if start > turn.today + dt.timedelta(days=365):
        return Invalid("form.start.too_late")
    limit = data.get("current", {}).get("valid_until")
    if limit and start > dt.date.fromisoformat(limit):
        return Invalid("form.start.after_end", {"until": dt.date.fromisoformat(limit)})
    return Answer(value=start.isoformat())


def confirm_options(turn: Turn) -> tuple[Option, ...]:
    lang = turn.language
    return (Option(render("option.submit", lang), YES), Option(render("option.change", lang), "ändern"),
            Option(render("option.cancel", lang), "abbrechen"))


def read_confirm(turn: Turn, data: dict) -> Answer | Invalid:
    said = values.yes_or_no(turn)
    if said is None and any(w in turn.text.lower() for w in ("änder", "aender", "change", "korrig")):
        said = False
    if said is None:
        return Invalid("form.confirm.invalid")
    return Answer("yes" if said else "no")


def terms(turn: Turn, data: dict) -> dict:
    """The parameters of a summary: days, weekdays, from, until, supervisor."""
    until = data.get("until")
    return {
        "days": data["days"],
        "weekdays": weekday_list(tuple(data.get("weekdays") or ()), turn.language),
        "from": dt.date.fromisoformat(data["start"]),
        "until": dt.date.fromisoformat(until) if until else render("agreement.open_ended", turn.language),
        "supervisor": data.get("supervisor") or render("agreement.your_supervisor", turn.language),
    }


DAYS = Step(ask_days, read_days)
WEEKDAYS = Step(ask_weekdays, read_weekdays)
START = Step(ask_start, read_start)
