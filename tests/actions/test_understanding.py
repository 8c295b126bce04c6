"""Clarification ("Meinten Sie …?"), misunderstandings leading to the help desk, and follow-ups in context."""
from __future__ import annotations

from tests.actions.memory import Chat, ScriptedModel
from tests.actions.records import personas

PEOPLE, REPOS = personas()
UNSURE = {
    "wann geht das los": [("mobile_work_apply", 0.41), ("device_status", 0.33), ("greet", 0.1)],
    "hm": [("out_of_scope", 0.3), ("vpn_help", 0.02)],
    "close": [("agreement_cancel", 0.55), ("agreement_change", 0.45)],
    "alike": [("agreement_status", 0.5), ("mobile_work_eligibility", 0.45)],
}


def chat(who="julia", model=None, nlu=None):
    return Chat(model or ScriptedModel(UNSURE), REPOS, PEOPLE[who])


async def test_unsure_guess_asks_meinten_sie_with_two_options_and_something_else():
    c = chat()
    outcome = await c.say("wann geht das los")
    [reply] = outcome.replies
    assert reply.key == "clarify.two"
    assert [o.value for o in reply.options] == ["/mobile_work_apply", "/device_status", "/something_else"]
    text = await chat().text("wann geht das los")
    assert text.startswith("Meinten Sie „Mobiles Arbeiten beantragen“ oder „Mein Laptop und meine Geräte“?")


async def test_a_typed_number_picks_the_option():
    c = chat()
    await c.say("wann geht das los")
    text = await c.text("2")
    assert "NB-100871" in text and c.state["last_intent"] == "device_status"


async def test_a_close_second_is_a_doubt_but_alike_answers_are_not():
    assert (await chat().say("close")).replies[0].key == "clarify.two"
    assert (await chat().say("alike")).replies[0].key.startswith("agreement.")


async def test_two_misunderstandings_in_a_row_offer_the_help_desk():
    c = chat()
    await c.say("hm")
    assert c.state["misunderstood"] == 1
    outcome = await c.say("hm")
    assert outcome.replies[0].key == "handoff.offer" and c.state["offer"]["kind"] == "handoff"
    asked = await c.text("/affirm")
    assert "Worum geht es?" in asked and c.state["form"]["name"] == "handoff"


async def test_something_else_after_a_clarification_is_the_second_misunderstanding():
    c = chat()
    await c.say("wann geht das los")
    outcome = await c.say("3")
    assert outcome.replies[0].key == "handoff.offer" and c.state["misunderstood"] == 0


async def test_a_good_answer_resets_the_count(nlu):
    c = Chat(nlu, REPOS, PEOPLE["julia"])
    c.state["misunderstood"] = 1
    await c.say("Wo ist mein Laptop?")
    assert c.state["misunderstood"] == 0


async def test_follow_ups_use_the_context(nlu):
    c = Chat(nlu, REPOS, PEOPLE["julia"])
    await c.say("Wie ist der Stand meiner Vereinbarung?")
    until = await c.text("und bis wann?")
    assert "18. Dezember 2026" in until and c.state["last_intent"] == "agreement_until"
    laptop = await c.text("und mein Laptop?")
    assert "INC-58213" in laptop and c.state["last_intent"] == "device_status"


async def test_until_follow_up_offers_the_extension(nlu):
    c = Chat(nlu, REPOS, PEOPLE["julia"])
    await c.say("Wie ist der Stand meiner Vereinbarung?")
    await c.say("und bis wann?")
    assert c.state["offer"]["kind"] == "extend"
    text = await c.text("ja")
    assert c.state["form"]["name"] == "change" and c.state["form"]["at"] == "until"
    assert "Bis wann" in text


async def test_follow_up_in_english(nlu):
    c = Chat(nlu, REPOS, PEOPLE["julia"], language="en")
    await c.say("What is the status of my agreement?")
    text = await c.text("and until when?")
    assert "December 18, 2026" in text


async def test_yes_to_a_single_guess_takes_it():
    model = ScriptedModel({"laptop?": [("device_status", 0.3), ("greet", 0.05)], "ja": [("affirm", 0.99)]})
    c = chat(model=model)
    assert (await c.say("laptop?")).replies[0].key == "clarify.one"
    assert "INC-58213" in await c.text("ja")


async def test_answers_inside_a_form_keep_the_topic(nlu):
    c = Chat(nlu, REPOS, PEOPLE["julia"])
    await c.say("Ich möchte meine Vereinbarung verlängern")
    await c.say("abbrechen")
    assert c.state["topic"] == "agreement"
