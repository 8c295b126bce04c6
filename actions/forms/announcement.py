""""Neue Ankündigung": HR (or an operator) writes a broadcast in the chat; a preview with recipient counts comes
before it is stored, by an effect, for the four-eyes approval (`bot/broadcasts`)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

from actions.base import Outcome, Reply, Repos, Turn
from actions.events import CreateBroadcast
from actions.forms import announcement_steps as steps
from actions.forms import values
from actions.forms.announcement_target import describe, read_target
from actions.forms.engine import CANCELLED, DONE, Answer, Form, Invalid, Step, begin
from actions.offers import yes_no
from bot.broadcasts.lifecycle import AUTHORS
from bot.domain import Role
from bot.texts import render
from nlu.normalize import fold

EDITS = {  # order matters: "englischen Text ändern" is the English text
    "edit_text_en": ("englisch", "english"), "edit_title": ("titel", "title", "ueberschrift", "betreff"),
    "edit_text": ("text", "nachricht", "inhalt", "message"),
    "edit_target": ("empfaenger", "zielgruppe", "recipient", "target", "an wen", "who"),
    "edit_schedule": ("zeit", "datum", "termin", "wann", "time", "date", "schedule", "when"),
}
_CHANGE = re.compile(r"aender|anders|korrig|change|edit|fix|neu\b")
CHANNELS = {"matrix": "Matrix", "telegram": "Telegram", "web": "Web-Chat", "cli": "CLI"}


def read_target_step(turn: Turn, data: dict) -> Answer | Invalid:
    """'ja' takes the target understood from the first message; anything else is read afresh."""
    if "suggested" in data and values.yes_or_no(turn) is True:
        return Answer(steps.reviewing(data), data["suggested"])
    result = read_target(turn, data)
    return Answer(steps.reviewing(data), result.value) if isinstance(result, Answer) else result


def ask_confirm(turn: Turn, data: dict) -> Reply:
    return Reply("form.announce.confirm", params(turn, data),
                 yes_no(turn, "option.submit_announcement", "option.cancel"))


def params(turn: Turn, data: dict) -> dict:
    """What the preview shows: the message as recipients see it, whom it reaches, when."""
    audience, lang = data.get("audience") or {}, turn.language
    channels = ", ".join(f"{CHANNELS.get(c, c)} {n}" for c, n in (audience.get("per_channel") or {}).items())
    english = data.get("preview_en") and "\n\n" + render("form.announce.preview_en", lang, text=data["preview_en"])
    return {"preview": data.get("preview_de", ""), "preview_en": english or "", "title": data["title"],
            "target": describe(data.get("target") or {}, data.get("units") or {}, lang),
            "when": when(data, lang), "recipients": audience.get("recipients", 0),
            "reachable": audience.get("reachable", 0), "channels": channels or "–",
            "unreachable": audience.get("unreachable", 0), "opted_out": audience.get("opted_out", 0),
            "kind": render(f"option.kind_{data.get('kind', 'info')}", lang),
            "approval": render(f"form.announce.approval_{'on' if data.get('approval') else 'off'}", lang)}


def when(data: dict, language: str) -> str:
    if data.get("schedule", "now") == "now":
        return render("form.announce.when_now" if data.get("approval") else "form.announce.when_at_once", language)
    at = dt.datetime.fromisoformat(data["schedule"])
    return render("form.announce.when_at", language, date=at.date(), time=at.strftime("%H:%M"))


def read_confirm(turn: Turn, data: dict) -> Answer | Invalid:
    text = fold(turn.text)
    if _CHANGE.search(text) or len(text.split()) <= 2:
        edit = next((event for event, words in EDITS.items() if any(w in text for w in words)), None)
        if edit:
            return Answer(edit, "edit")
    said = values.yes_or_no(turn)
    if said is None:
        return Invalid("form.announce.confirm_invalid")
    return Answer("yes" if said else "no")


async def prepare(turn: Turn, repos: Repos, step: str, data: dict) -> dict:
    """Before the preview: the recipients counted and the message composed by the broadcast service."""
    if step != "confirm" or repos.broadcasts is None:
        return data
    desk, kind = repos.broadcasts, data.get("kind", "info")
    audience = await desk.audience(data.get("target") or {}, kind)
    english = data.get("text_en") or None
    return {**data, "audience": dataclasses.asdict(audience),
            "preview_de": desk.message(data["title"], data["text_de"], english, kind, "de"),
            "preview_en": desk.message(data["title"], data["text_de"], english, kind, "en") if english else ""}


def finish(turn: Turn, data: dict) -> Outcome:
    employee = turn.employee
    event = CreateBroadcast(employee.personnel_number, employee.role.value, data["title"], data["text_de"],
                            data.get("text_en") or None, data.get("kind", "info"), dict(data.get("target") or {}),
                            None if data.get("schedule", "now") == "now" else data["schedule"], turn.language)
    key = "form.announce.done_approval" if data.get("approval") else "form.announce.done_released"
    return Outcome((Reply(key, {"title": data["title"], "when": when(data, turn.language)}),), events=(event,))


FORM = Form(
    name="announcement",
    steps={"title": Step(steps.ask_title, steps.read_title), "text_de": Step(steps.ask_text_de, steps.read_text_de),
           "text_en": Step(steps.ask_text_en, steps.read_text_en), "target": Step(steps.ask_target, read_target_step),
           "schedule": Step(steps.ask_schedule, steps.read_schedule), "kind": Step(steps.ask_kind, steps.read_kind),
           "confirm": Step(ask_confirm, read_confirm)},
    moves={
        "title": {"ok": "text_de", "review": "confirm"},
        "text_de": {"ok": "text_en", "review": "confirm"},
        "text_en": {"ok": "target", "review": "confirm"},
        "target": {"ok": "schedule", "review": "confirm"},
        "schedule": {"ok": "confirm", "operator": "kind", "review": "confirm"},
        "kind": {"ok": "confirm", "review": "confirm"},
        "confirm": {"yes": DONE, "no": CANCELLED, "edit_title": "title", "edit_text": "text_de",
                    "edit_text_en": "text_en", "edit_target": "target", "edit_schedule": "schedule"},
    },
    finish=finish,
    prepare=prepare,
)


async def start(turn: Turn, repos: Repos, **prefill) -> Outcome:
    """Only hr and operators write announcements; everyone else is told who does."""
    if turn.employee.role not in AUTHORS:
        return Outcome((Reply("form.announce.not_allowed"),))
    if repos.broadcasts is None:
        return Outcome((Reply("form.announce.unavailable", {"helpdesk": turn.facts.helpdesk}),))
    data = {"units": await repos.broadcasts.org_units(), "operator": turn.employee.role is Role.OPERATOR,
            "approval": repos.broadcasts.approval}
    understood = read_target(turn, data)
    if isinstance(understood, Answer):
        data["suggested"] = understood.value
    return begin(FORM, turn, "title", data, intro=(Reply("form.announce.intro"),))
