"""Report a device problem: which device (if several), symptom category, short description -> ticket."""
from __future__ import annotations

from actions.base import Outcome, Reply, Repos, Turn
from actions.forms import device_steps as dev
from actions.forms import values
from actions.forms.engine import DONE, Answer, Form, Invalid, Step, begin
from actions.records import load
from bot.domain import DeviceStatus
from bot.messages import Option
from bot.texts import render

CATEGORIES = {
    "start": ("startet nicht", "fährt nicht", "faehrt nicht", "bootet", "schwarz", "geht nicht an", "won't start",
              "does not start", "doesn't start", "boot", "black"),
    "display": ("bildschirm", "display", "monitor", "flacker", "screen", "anzeige"),
    "power": ("akku", "lädt", "laedt", "laden", "strom", "netzteil", "battery", "charg", "power"),
    "network": ("vpn", "wlan", "netzwerk", "internet", "verbind", "wifi", "network", "connect", "eakte"),
    "audio": ("ton", "mikro", "headset", "kamera", "lautsprecher", "sound", "audio", "camera", "micro"),
    "software": ("programm", "software", "update", "passwort", "anmeld", "login", "password", "outlook"),
    "other": ("sonstig", "anderes", "other", "something else"),
}
IN_HAND = (DeviceStatus.HANDED_OUT, DeviceStatus.IN_REPAIR, DeviceStatus.RETURN_REQUESTED)


def ask_category(turn: Turn, data: dict) -> Reply:
    options = tuple(Option(render(f"category.{c}", turn.language), c) for c in CATEGORIES)
    return Reply("form.problem.ask_category", {}, options)


def read_category(turn: Turn, data: dict) -> Answer | Invalid:
    found = values.choice(turn, tuple(CATEGORIES), CATEGORIES)
    return Answer(value=found) if found else Invalid("form.problem.category_invalid")


def ask_description(turn: Turn, data: dict) -> Reply:
    return Reply("form.problem.ask_description")


def finish(turn: Turn, data: dict) -> Outcome:
    category = data["category"]
    label = render(f"category.{category}", "de")
    event = dev.ticket(turn, data, category=f"device_problem/{category}", priority="normal",
                       summary=f"Geräteproblem: {label}",
                       details=[("Kategorie", label), ("Beschreibung", data["description"])])
    device = (data.get("device") or {}).get("label") or render("option.other_device", turn.language)
    return Outcome((Reply("form.problem.done", {"ticket": event.reference, "device": device,
                                                "category": render(f"category.{category}", turn.language),
                                                "helpdesk": turn.facts.helpdesk}),), events=(event,))


FORM = Form(
    name="device_problem",
    steps={"device": Step(dev.ask_device, dev.read_device), "category": Step(ask_category, read_category),
           "description": Step(ask_description, dev.read_text)},
    moves={"device": {"ok": "category"}, "category": {"ok": "description"}, "description": {"ok": DONE}},
    finish=finish,
)


async def start(turn: Turn, repos: Repos, **prefill) -> Outcome:
    """Skip what the first message already said: the only device, or the one named; the symptom."""
    rec = await load(turn, repos)
    rows = dev.device_rows(tuple(d for d in rec.devices if d.status in IN_HAND), turn.language)
    data: dict = {"devices": rows}
    chosen = dev.read_device(turn, data) if rows else None
    if len(rows) == 1:
        data["device"] = rows[0]
    elif isinstance(chosen, Answer) and chosen.value.get("inventory"):
        data["device"] = chosen.value
    category = values.choice(turn, (), {k: v for k, v in CATEGORIES.items() if k != "other"})
    if category:
        data["category"] = category
    at = "device" if rows and "device" not in data else ("description" if category else "category")
    return begin(FORM, turn, at, data, intro=(Reply("form.problem.intro"),))
