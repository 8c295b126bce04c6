"""The forms in the pure core: happy paths with their events, validation with re-prompts, cancel, restart."""
from __future__ import annotations

import dataclasses

import pytest

from actions.events import (CancelAgreement, DeleteMyData, NotifySupervisor, OpenTicket, RequestHandoff,
                            SubmitAgreement)
from actions.forms.engine import IllegalMove
from actions.forms.apply import FORM as APPLY
from bot.domain import DeviceStatus, DeviceType
from tests.actions.memory import HELPDESK, Chat, employee, memory_repos
from tests.actions.records import agreement, day, laptop, personas

PEOPLE, REPOS = personas()
NEWBIE = employee("100010", "Jonas", "Neu")
SABINE = employee("100006", "Sabine", "Wagner")
OFFICE = memory_repos(
    [NEWBIE, SABINE],
    [agreement("100006", until=None, weekdays=("tue", "thu"))],
    [laptop("100006", "NB-100002"), laptop("100006", "HS-200001", type=DeviceType.HEADSET)],
)


def form(chat: Chat) -> tuple[str, str] | None:
    current = chat.state.get("form")
    return (current["name"], current["at"]) if current else None


async def test_apply_happy_path_submits_and_mails_the_supervisor(nlu):
    c = Chat(nlu, OFFICE, NEWBIE)
    first = await c.text("Ich möchte mobiles Arbeiten beantragen")
    assert "Wie viele Tage" in first and form(c) == ("apply", "days")
    assert "Montag" in await c.text("2 Tage")
    assert "Ab wann" in await c.text("Montag und Donnerstag")
    summary = await c.text("1")  # the offered option: as early as possible
    assert "12. Dezember 2026" in summary and "Claudia Wolf" in summary and form(c) == ("apply", "confirm")
    done = await c.text("ja")
    assert "eingereicht" in done and form(c) is None
    submit, notify = c.events
    assert submit == SubmitAgreement("100010", 2.0, ("mon", "thu"), day(14), day(14 + 364), "new")
    assert isinstance(notify, NotifySupervisor) and notify.supervisor_email == "claudia.wolf@stuttgart.example"


async def test_apply_validates_every_answer_with_a_helpful_reprompt(nlu):
    c = Chat(nlu, OFFICE, NEWBIE)
    await c.say("Antrag auf mobiles Arbeiten stellen")
    assert "höchstens 3 mobile Tage" in await c.text("4")
    assert "ganzen oder halben" in await c.text("1,3")
    await c.say("2,5")
    assert "brauche ich 3" in await c.text("Montag und Freitag")
    await c.say("Montag, Mittwoch und Freitag")
    assert "frühestens am 12. Dezember 2026" in await c.text("ab morgen")
    assert form(c) == ("apply", "start")
    await c.say("15.01.2027")
    assert form(c) == ("apply", "confirm")


async def test_three_invalid_answers_offer_a_person(nlu):
    c = Chat(nlu, OFFICE, NEWBIE)
    await c.say("Ich möchte mobil arbeiten, bitte Antrag stellen")
    for _ in range(2):
        await c.say("keine Ahnung")
        assert form(c) == ("apply", "days")
    text = await c.text("keine Ahnung")
    assert form(c) is None and c.state["offer"]["kind"] == "handoff" and HELPDESK in text
    assert "Worum geht es" in await c.text("ja")


@pytest.mark.parametrize("word", ["abbrechen", "cancel", "Abbrechen bitte", "stopp"])
async def test_cancel_at_any_step(nlu, word):
    c = Chat(nlu, OFFICE, NEWBIE)
    await c.say("Antrag stellen")
    await c.say("2")
    text = await c.text(word)
    assert form(c) is None and "Abgebrochen" in text and c.events == []


async def test_a_restart_in_the_middle_continues(nlu):
    c = Chat(nlu, OFFICE, NEWBIE)
    await c.say("Antrag stellen")
    await c.say("3")
    again = c.restarted()
    await again.say("Montag, Dienstag und Mittwoch")
    assert form(again) == ("apply", "start")


async def test_a_real_question_in_between_is_answered_and_the_form_goes_on(nlu):
    c = Chat(nlu, OFFICE, NEWBIE)
    await c.say("Antrag stellen")
    text = await c.text("Darf ich eigentlich im Ausland arbeiten?")
    assert "§ 11 Abs. 1" in text and "Zurück zu unserem Formular" in text and "Wie viele Tage" in text
    assert form(c) == ("apply", "days")


async def test_no_application_form_where_it_makes_no_sense(nlu):
    thomas = await Chat(nlu, REPOS, PEOPLE["thomas"]).text("Ich möchte mobiles Arbeiten beantragen")
    assert "nicht für mobiles Arbeiten vorgesehen" in thomas
    c = Chat(nlu, REPOS, PEOPLE["mehmet"])
    assert "schon einen Antrag" in await c.text("Ich möchte mobiles Arbeiten beantragen") and form(c) is None


async def test_extend_the_agreement(nlu):
    c = Chat(nlu, REPOS, PEOPLE["julia"])
    assert "Bis wann" in await c.text("Ich möchte meine Vereinbarung verlängern")
    assert "Verlängerung bis zum 18. Dezember 2027" in await c.text("1")
    await c.say("ja")
    [submit, notify] = c.events
    assert submit == SubmitAgreement("100003", 3, ("mon", "tue", "thu"), day(21), day(20 + 365), "extension")
    assert notify.change == "extension"


async def test_change_the_days(nlu):
    c = Chat(nlu, REPOS, PEOPLE["anna"])
    await c.say("Ich möchte meine Tage ändern")
    if form(c) == ("change", "what"):
        await c.say("Tage ändern")
    await c.say("3")
    await c.say("Montag, Mittwoch, Donnerstag")
    await c.say("2027-01-04")
    assert form(c) == ("change", "confirm")
    await c.say("ja")
    assert c.events[0] == SubmitAgreement("100001", 3, ("mon", "wed", "thu"), day(37), day(220), "change")


async def test_cancel_the_agreement_reminds_of_the_device_return(nlu):
    c = Chat(nlu, OFFICE, SABINE)
    ask = await c.text("Ich möchte meine Vereinbarung kündigen")
    assert "einen Monat" in ask and "28. Dezember 2026" in ask
    assert "zu früh" not in await c.text("15.12.2026") and form(c) == ("cancel", "end")
    confirm = await c.text("1")
    assert "Laptop NB-100002" in confirm and "11. Januar 2027" in confirm and "§ 12 Abs. 2" in confirm
    done = await c.text("ja")
    assert "11. Januar 2027" in done and c.events == [CancelAgreement("100006", day(-145), day(30))]


async def test_device_problem_asks_which_device_when_there_are_several(nlu):
    c = Chat(nlu, OFFICE, SABINE)
    assert "Um welches Gerät" in await c.text("Ich habe ein Problem mit meinem Gerät")
    await c.say("NB-100002")
    await c.say("2")  # Bildschirm
    done = await c.text("Das Display flackert seit gestern")
    [ticket] = c.events
    assert isinstance(ticket, OpenTicket) and ticket.reference in done and ticket.reference.startswith("MOBI-")
    assert ticket.inventory_number == "NB-100002" and ticket.category == "device_problem/display"
    assert ("Beschreibung", "Das Display flackert seit gestern") in ticket.details


async def test_device_problem_skips_what_the_first_message_said(nlu):
    c = Chat(nlu, REPOS, PEOPLE["julia"])
    await c.say("Mein Laptop startet nicht mehr")
    assert form(c) == ("device_problem", "description")


async def test_the_same_message_gives_the_same_ticket_number(nlu):
    refs = set()
    for _ in range(2):
        c = Chat(nlu, REPOS, PEOPLE["julia"])
        for text in ("Mein Laptop startet nicht mehr", "Er bleibt nach dem Einschalten schwarz"):
            await c.say(text)
        refs.add(c.events[0].reference)
    assert len(refs) == 1


async def test_lost_device_instructions_first_then_every_question_then_urgent_ticket(nlu):
    c = Chat(nlu, REPOS, PEOPLE["julia"])
    first = await c.text("Mein Laptop wurde gestohlen!")
    assert first.index("sofort") < first.index("Geht es um")
    assert "§ 8 Abs. 4" in first and HELPDESK in first
    await c.say("ja")
    await c.say("Gestern Abend in der S-Bahn")
    done = await c.text("gestohlen")
    [ticket] = c.events
    assert ticket.priority == "high" and "Polizei" in done and ticket.reference in done


async def test_peripherals_request(nlu):
    c = Chat(nlu, OFFICE, SABINE)
    assert "Wofür brauchen Sie den Monitor" in await c.text("Ich brauche einen zweiten Monitor")
    await c.say("für die Arbeit mit großen Tabellen")
    [ticket] = c.events
    assert ticket.category == "peripherals/monitor" and ticket.priority == "normal"


async def test_delete_my_data_only_after_confirmation(nlu):
    c = Chat(nlu, OFFICE, SABINE)
    assert "nicht rückgängig" in await c.text("Lösche bitte alle meine Daten")
    await c.say("nein")
    assert c.events == [] and form(c) is None
    await c.say("Lösche bitte alle meine Daten")
    text = await c.text("ja")
    assert c.events == [DeleteMyData("100006")] and "Was bleibt" in text


async def test_handoff_collects_the_request(nlu):
    c = Chat(nlu, OFFICE, SABINE)
    await c.say("Ich möchte mit einem Menschen sprechen")
    await c.say("Meine Vereinbarung ist falsch erfasst, es sind drei Tage")
    [event] = c.events
    assert isinstance(event, RequestHandoff) and event.reason == "asked" and event.reply_to == SABINE.email


def test_illegal_moves_raise():
    with pytest.raises(IllegalMove):
        APPLY.move("days", "extension")
    with pytest.raises(IllegalMove):
        APPLY.move("confirm", "ok")


async def test_forms_in_english(nlu):
    c = Chat(nlu, OFFICE, NEWBIE, language="en")
    assert "How many days" in await c.text("I would like to apply for mobile work")
    assert "at most 3 mobile days" in await c.text("5")


async def test_device_in_repair_is_a_device_in_hand(nlu):
    repaired = dataclasses.replace(laptop("100006", "NB-100002"), status=DeviceStatus.IN_REPAIR)
    repos = memory_repos([SABINE], [], [repaired])
    c = Chat(nlu, repos, SABINE)
    await c.say("Mein Laptop ist kaputt")
    assert form(c) == ("device_problem", "category")


async def test_the_number_of_days_in_the_first_message_is_taken(nlu):
    c = Chat(nlu, REPOS, PEOPLE["anna"])
    assert "3 Tag(e)" in await c.text("Ich möchte statt 2 lieber 3 Tage")
    assert form(c) == ("change", "weekdays") and c.state["form"]["data"]["days"] == 3
    c = Chat(nlu, OFFICE, NEWBIE)
    await c.say("Ich möchte einen Antrag auf 2,5 Tage mobiles Arbeiten stellen")
    assert form(c) == ("apply", "weekdays") and c.state["form"]["data"]["days"] == 2.5


async def test_a_date_in_the_first_message_is_not_taken_for_days(nlu):
    c = Chat(nlu, OFFICE, NEWBIE)
    await c.say("Ich möchte ab 1. Februar mobil arbeiten, bitte Antrag stellen")
    assert form(c) == ("apply", "days")


@pytest.mark.parametrize("text", ["Was ist mit NB-2000070?", "INC-58213", "Personalnummer 200007", "am 01.03.2027"])
async def test_numbers_inside_codes_and_dates_are_not_days(nlu, text):
    """Regression (found by the leak property test): digits of an inventory number were read as days."""
    c = Chat(nlu, OFFICE, NEWBIE)
    await c.say("Antrag auf mobiles Arbeiten stellen")
    answer = await c.text(text)
    assert form(c) == ("apply", "days")
    assert not any(digits in answer for digits in ("2000070", "58213", "200007", "2027"))
