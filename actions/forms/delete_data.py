"""Delete my data: one confirmation, then the bot database forgets the employee (what remains is said)."""
from __future__ import annotations

from actions.base import Outcome, Reply, Repos, Turn
from actions.events import DeleteMyData
from actions.forms import values
from actions.forms.engine import CANCELLED, DONE, Answer, Form, Invalid, Step, begin
from actions.offers import yes_no


def ask_confirm(turn: Turn, data: dict) -> Reply:
    return Reply("form.delete.confirm", {}, yes_no(turn, "option.delete_yes", "option.keep"))


def read_confirm(turn: Turn, data: dict) -> Answer | Invalid:
    said = values.yes_or_no(turn)
    if said is None:
        return Invalid("form.confirm.invalid")
    return Answer("yes" if said else "no")


def finish(turn: Turn, data: dict) -> Outcome:
    return Outcome((Reply("form.delete.done", {"retention": turn.facts.retention_days}),),
                   events=(DeleteMyData(turn.employee.personnel_number),))


FORM = Form(
    name="delete_data",
    steps={"confirm": Step(ask_confirm, read_confirm)},
    moves={"confirm": {"yes": DONE, "no": CANCELLED}},
    finish=finish,
)


async def start(turn: Turn, repos: Repos, **prefill) -> Outcome:
    return begin(FORM, turn, "confirm", {})
