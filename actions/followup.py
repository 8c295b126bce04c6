"""Follow-ups that only make sense in context: 'und bis wann?', 'und mein Laptop?', 'what about the monitor?'."""
from __future__ import annotations

import dataclasses
import re

from actions.base import Turn
from nlu.result import IntentScore

LEAD = re.compile(r"^\s*(und|and|what about|how about|und was ist mit|und wie ist es mit|und wie steht)\b", re.I)
UNTIL = re.compile(r"bis wann|wie lange|ab wann|until when|how long|till when|ablauf|expire|läuft", re.I)
AGREEMENT = re.compile(r"vereinbarung|antrag|agreement|application", re.I)
MAX_WORDS = 6
SURE = 0.5
EXPORT = re.compile(r"(daten|data).*(export|herunterlad|download|kopie|zuschick|schick)|(export|send|schick).*(daten|data)",
                    re.I)
TOPICS = {
    "agreement": {"agreement_status", "agreement_until", "agreement_change", "agreement_cancel",
                  "mobile_work_eligibility", "mobile_work_apply", "mobile_work_days"},
    "device": {"device_status", "device_return", "device_problem", "device_lost", "peripherals_request"},
}


def topic_of(intent: str) -> str | None:
    return next((topic for topic, intents in TOPICS.items() if intent in intents), None)


def resolve(turn: Turn) -> Turn:
    """The turn with the intent the follow-up means, or unchanged if it is not a follow-up.

    An inventory number alone says "this device" whatever else the classifier guessed, and
    "meine Daten exportieren" means the export (the NLU files it under delete_my_data).
    """
    text = turn.text
    intent = turn.parse.intent
    if turn.parse.first("inventory_number") and (topic_of(intent.name) != "device" or intent.confidence < SURE):
        return with_intent(turn, intent.name if intent.name in ("device_problem", "device_lost") else "device_status")
    if EXPORT.search(text) and len(text.split()) <= 8:  # the NLU has no intent of its own for it
        return with_intent(turn, "export_my_data")
    if not LEAD.match(text) or len(text.split()) > MAX_WORDS:
        return turn
    topic = turn.state.get("topic")
    if turn.parse.first("device_type"):
        intent = "device_status"
    elif AGREEMENT.search(text):
        intent = "agreement_until" if UNTIL.search(text) else "agreement_status"
    elif UNTIL.search(text) and topic == "agreement":
        intent = "agreement_until"
    elif topic == "device":
        intent = "device_return" if turn.state.get("last_intent") == "device_return" else "device_status"
    elif topic == "agreement":
        intent = "agreement_status"
    else:
        return turn
    return with_intent(turn, intent)


def with_intent(turn: Turn, intent: str) -> Turn:
    """The turn as if the NLU had been sure of `intent`."""
    parse = dataclasses.replace(turn.parse, intent=IntentScore(intent, 1.0), meta={**turn.parse.meta, "resolved": True})
    return dataclasses.replace(turn, parse=parse)
