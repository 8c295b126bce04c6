"""Request a headset, monitor or docking station (§ 7 Abs. 1-2): item, what for -> ticket."""
from __future__ import annotations

from actions.base import Outcome, Reply, Repos, Turn
from actions.forms import device_steps as dev
from actions.forms import values
from actions.forms.engine import DONE, Answer, Form, Invalid, Step, begin
from actions.knowledge import cite
from bot.messages import Option
from bot.texts import render

ITEMS = {
    "headset": ("headset", "kopfhörer", "kopfhoerer", "headphone"),
    "monitor": ("monitor", "bildschirm", "screen", "display"),
    "docking_station": ("dock", "station"),
}


def ask_item(turn: Turn, data: dict) -> Reply:
    options = tuple(Option(render(f"device_type.{item}", turn.language), item) for item in ITEMS)
    return Reply("form.peripherals.ask_item", {"source": cite(turn, "§ 7 Abs. 1", "§ 7 Abs. 2")}, options)


def read_item(turn: Turn, data: dict) -> Answer | Invalid:
    typed = turn.parse.first("device_type")
    item = typed if typed in ITEMS else values.choice(turn, tuple(ITEMS), ITEMS)
    return Answer(value=item) if item else Invalid("form.peripherals.item_invalid")


def ask_reason(turn: Turn, data: dict) -> Reply:
    return Reply("form.peripherals.ask_reason", {"item": render(f"the_device_acc.{data['item']}", turn.language)})


def finish(turn: Turn, data: dict) -> Outcome:
    item_de = render(f"device_type.{data['item']}", "de")
    event = dev.ticket(turn, data, category=f"peripherals/{data['item']}", priority="normal",
                       summary=f"Zubehör angefragt: {item_de}", details=[("Zubehör", item_de), ("Zweck", data["reason"])])
    params = {"ticket": event.reference, "item": render(f"device_type.{data['item']}", turn.language)}
    return Outcome((Reply("form.peripherals.done", params),), events=(event,))


FORM = Form(
    name="peripherals",
    steps={"item": Step(ask_item, read_item), "reason": Step(ask_reason, dev.read_text)},
    moves={"item": {"ok": "reason"}, "reason": {"ok": DONE}},
    finish=finish,
)


async def start(turn: Turn, repos: Repos, **prefill) -> Outcome:
    data: dict = {}
    first = read_item(turn, data)
    if isinstance(first, Answer):
        return begin(FORM, turn, "reason", {"item": first.value})
    return begin(FORM, turn, "item", data)
