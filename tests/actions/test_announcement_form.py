""""Neue Ankündigung" in the pure core: the transition table, the preview, edits, refusals (issue #9)."""
from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from actions.base import Turn
from actions.events import CreateBroadcast
from actions.forms.announcement import FORM
from actions.forms.announcement_steps import read_schedule
from actions.forms.announcement_target import read_target
from actions.forms.engine import CANCELLED, DONE, Answer, Invalid
from bot.domain import OrgUnit, Role
from bot.repositories import Audience
from tests.actions.memory import TODAY, Chat, employee, memory_repos

UNITS = {"10": "Haupt- und Personalamt", "51": "Jugendamt", "36": "Amt für Umweltschutz"}
HR_UNIT = OrgUnit("10", "Haupt- und Personalamt")
SABINE = employee("100006", "Sabine", "Wagner", role=Role.HR, unit=HR_UNIT)
ADMIN = employee("100008", "Ada", "Admin", role=Role.OPERATOR, unit=HR_UNIT)
ANNA = employee()


class MemoryDesk:
    """Our `BroadcastDesk` protocol over a list of (Amt, channel or None) people."""

    def __init__(self, approval: bool = True):
        self.approval = approval
        self.people = [("10", "matrix"), ("10", None), ("51", "web"), ("36", "telegram")]

    async def org_units(self) -> dict[str, str]:
        return dict(UNITS)

    async def audience(self, target, kind) -> Audience:
        chosen = [p for p in self.people if p[0] in target.get("amter", UNITS)]
        reached = Counter(channel for _, channel in chosen if channel)
        return Audience(len(chosen), sum(reached.values()), len(chosen) - sum(reached.values()), 0, dict(reached))

    def message(self, title, text_de, text_en, kind, language) -> str:
        return f"📢 **{title}**\n\n{text_en if language == 'en' and text_en else text_de}"


def office(approval: bool = True):
    return dataclasses.replace(memory_repos([SABINE, ADMIN, ANNA]), broadcasts=MemoryDesk(approval))


def at(chat: Chat) -> str | None:
    current = chat.state.get("form")
    return current["at"] if current else None


def test_every_move_leads_to_a_step_and_every_step_is_reachable():
    ends = set(FORM.steps) | {DONE, CANCELLED}
    assert all(target in ends for moves in FORM.moves.values() for target in moves.values())
    seen, todo = set(), ["title"]
    while todo:
        step = todo.pop()
        seen.add(step)
        todo += [t for t in FORM.moves[step].values() if t in FORM.steps and t not in seen]
    assert seen == set(FORM.steps)
    assert all(FORM.moves[s]["review"] == "confirm" for s in FORM.steps if s != "confirm")


async def test_hr_writes_an_announcement_sees_the_preview_and_submits_it_for_approval(nlu):
    c = Chat(nlu, office(), SABINE)
    assert "Titel" in await c.text("Neue Ankündigung") and at(c) == "title"
    assert "Text auf Deutsch" in await c.text("Laptop-Ausgabe geschlossen")
    assert "englischen Text" in await c.text("Am **Freitag** ist die Ausgabe im Rathaus geschlossen.")
    assert "An wen" in await c.text("überspringen")
    schedule = await c.text("Amt 10 und Jugendamt")
    assert "10 Haupt- und Personalamt" in schedule and "51 Jugendamt" in schedule and at(c) == "schedule"
    preview = await c.text("15.01.2027 8:00")
    assert at(c) == "confirm" and "📢 **Laptop-Ausgabe geschlossen**" in preview
    assert "Erreichbar: 2 von 3 Personen" in preview and "Matrix 1" in preview and "Web-Chat 1" in preview
    assert "15. Januar 2027 um 08:00 Uhr" in preview and "zweite Person" in preview
    done = await c.text("ja")
    assert at(c) is None and "/admin/broadcasts" in done and "mobi broadcast approve" in done
    assert c.events == [CreateBroadcast("100006", "hr", "Laptop-Ausgabe geschlossen",
                                        "Am **Freitag** ist die Ausgabe im Rathaus geschlossen.", None, "info",
                                        {"amter": ["10", "51"]}, "2027-01-15T08:00:00+01:00", "de")]


async def test_the_first_message_suggests_the_target_and_ja_takes_it(nlu):
    c = Chat(nlu, office(approval=False), SABINE)
    await c.say("Ich möchte eine Rundmail an alle im Amt 10 schicken")
    for answer in ("Neue Dienstvereinbarung", "Sie gilt ab dem 1. Januar."):
        await c.say(answer)
    suggested = await c.text("skip")
    assert "10 Haupt- und Personalamt" in suggested and "Passt das" in suggested
    await c.say("ja")
    preview = await c.text("sofort")
    assert "Erreichbar: 1 von 2" in preview and "nicht nötig" in preview
    assert "Versand: sofort." in preview and "geht sofort hinaus" in await c.text("ja")
    [event] = c.events
    assert event.target == {"amter": ["10"]} and event.send_at is None


async def test_only_operators_are_asked_for_the_kind_and_edits_return_to_the_preview(nlu):
    c = Chat(nlu, office(), ADMIN)
    for answer in ("Neue Ankündigung", "Wartung", "Am Samstag ist das VPN aus.", "überspringen", "alle"):
        await c.say(answer)
    assert "Pflichtmitteilung" in await c.text("morgen 9 Uhr") and at(c) == "kind"
    assert "Erreichbar: 3 von 4" in await c.text("Pflichtmitteilung")
    assert "An wen" in await c.text("Empfänger ändern") and at(c) == "target"
    assert "Erreichbar: 1 von 1" in await c.text("nur Amt 36") and at(c) == "confirm"
    await c.say("ja")
    [event] = c.events
    assert (event.kind, event.target, event.send_at) == ("mandatory", {"amter": ["36"]}, "2026-11-29T09:00:00+01:00")


async def test_wrong_answers_get_a_hint_and_cancel_works_at_any_step(nlu):
    c = Chat(nlu, office(), SABINE)
    for answer in ("Neue Ankündigung", "Titel", "Ein Text für alle.", "überspringen"):
        await c.say(answer)
    assert "Amt 99 kenne ich nicht" in await c.text("Amt 99")
    assert "nicht verstanden" in await c.text("die Netten")
    await c.say("alle")
    assert "Vergangenheit" in await c.text("01.01.2020 10:00")
    assert "Abgebrochen" in await c.text("abbrechen") and at(c) is None and c.events == []


async def test_a_restart_in_the_middle_continues(nlu):
    c = Chat(nlu, office(), SABINE)
    await c.say("Neue Ankündigung")
    await c.say("Titel")
    again = c.restarted()
    assert "englischen Text" in await again.text("Der Text.") and at(again) == "text_en"


@pytest.mark.parametrize("text,language", [("Neue Ankündigung", "de"), ("new announcement", "en")])
async def test_employees_without_the_role_are_told_who_sends_announcements(nlu, text, language):
    c = Chat(nlu, office(), ANNA, language=language)
    answer = await c.text(text)
    assert at(c) is None and c.events == []
    assert ("Haupt- und Personalamt (HR)" in answer) and (("contact them" in answer) == (language == "en"))


@pytest.mark.parametrize("text,target", [
    ("alle", {}), ("an alle Beschäftigten", {}), ("everyone", {}),
    ("10, 51", {"amter": ["10", "51"]}), ("Jugendamt und Amt für Umweltschutz", {"amter": ["51", "36"]}),
    ("alle mit aktiver Vereinbarung", {"agreement_status": ["active"]}),
    ("Laptop abholbereit", {"device_status": ["ready_for_pickup"]}),
    ("eAkte-Welle 1 und 2", {"eakte_wave": [1, 2]}),
    ("die HR-Kolleginnen", {"role": ["hr"]}), ("englischsprachige Beschäftigte", {"language": ["en"]}),
    ("everyone in Amt 36 whose laptop is in repair", {"amter": ["36"], "device_status": ["in_repair"]}),
    ("everyone with an active agreement", {"agreement_status": ["active"]}), ("HR staff", {"role": ["hr"]}),
    ("English-speaking employees in eAkte wave 3", {"eakte_wave": [3], "language": ["en"]}),
])
def test_targets_are_read_from_free_text(nlu, text, target):
    turn = Turn(SABINE, nlu.parse(text, today=TODAY), "de", TODAY)
    assert read_target(turn, {"units": UNITS}) == Answer(value=target)


@pytest.mark.parametrize("text,expected", [
    ("sofort", "now"), ("now", "now"), ("morgen 9 Uhr", "2026-11-29T09:00:00+01:00"),
    ("Montag", "2026-11-30T08:00:00+01:00"), ("2027-01-04 14:30", "2027-01-04T14:30:00+01:00"),
    ("am 4. Januar um 8:00", "2027-01-04T08:00:00+01:00"), ("1.7.2027 10 Uhr", "2027-07-01T10:00:00+02:00"),
])
def test_times_are_read_in_berlin(nlu, text, expected):
    turn = Turn(SABINE, nlu.parse(text, today=TODAY), "de", TODAY)
    assert read_schedule(turn, {}) == Answer("ok", expected)
    assert isinstance(read_schedule(Turn(SABINE, nlu.parse("irgendwann", today=TODAY), "de", TODAY), {}), Invalid)
