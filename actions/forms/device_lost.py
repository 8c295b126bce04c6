"""Device lost or stolen, the urgent path: instructions first (§ 8 Abs. 4), every question asked, high-priority ticket."""
from __future__ import annotations

from actions.base import Outcome, Reply, Repos, Turn
from actions.forms import device_steps as dev
from actions.forms import values
from actions.forms.engine import DONE, Answer, Form, Invalid, Step, begin
from actions.knowledge import kb_reply
from actions.offers import yes_no
from actions.records import load


def ask_where(turn: Turn, data: dict) -> Reply:
    return Reply("form.lost.ask_where")


def ask_stolen(turn: Turn, data: dict) -> Reply:
    return Reply("form.lost.ask_stolen", {}, yes_no(turn, "option.stolen", "option.lost"))


def read_stolen(turn: Turn, data: dict) -> Answer | Invalid:
    text = turn.text.lower()
    if any(w in text for w in ("gestohlen", "geklaut", "diebstahl", "stolen", "theft")):
        return Answer(value=True)
    if any(w in text for w in ("verloren", "verlegt", "liegen lassen", "lost")):
        return Answer(value=False)
    said = values.yes_or_no(turn)
    return Invalid("form.lost.stolen_invalid") if said is None else Answer(value=said)


def finish(turn: Turn, data: dict) -> Outcome:
    stolen = data["stolen"]
    event = dev.ticket(turn, data, category="device_lost", priority="high",
                       summary="DRINGEND: Gerät gestohlen" if stolen else "DRINGEND: Gerät verloren",
                       details=[("Art", "Diebstahl" if stolen else "Verlust"), ("Umstände", data["where"])])
    key = "form.lost.done_stolen" if stolen else "form.lost.done"
    return Outcome((Reply(key, {"ticket": event.reference, "helpdesk": turn.facts.helpdesk}),), events=(event,))


FORM = Form(
    name="device_lost",
    steps={"device": Step(dev.ask_device, dev.read_device), "where": Step(ask_where, dev.read_text),
           "stolen": Step(ask_stolen, read_stolen)},
    moves={"device": {"ok": "where"}, "where": {"ok": "stolen"}, "stolen": {"ok": DONE}},
    finish=finish,
)


async def start(turn: Turn, repos: Repos, **prefill) -> Outcome:
    """The instructions come first, then the questions; none is skipped, so the device is confirmed too."""
    rec = await load(turn, repos)
    data = {"devices": dev.device_rows(rec.devices, turn.language)}
    instructions = kb_reply(turn, "device_lost", helpdesk=turn.facts.helpdesk)
    return begin(FORM, turn, "device", data, intro=(instructions,))
