"""Only one's own records: questions about other people or their devices get a polite refusal."""
from __future__ import annotations

import pytest

from actions import PERSONAL_INTENTS
from tests.actions.memory import Chat
from tests.actions.records import personas

PEOPLE, REPOS = personas()


@pytest.mark.parametrize("question", [
    "Wo ist der Laptop von Anna Schmid?",
    "Wann läuft die Vereinbarung von Frau Becker ab?",
    "Bitte die Vereinbarung für Mehmet Yilmaz anzeigen",
    "Where is Anna Schmid's laptop?",
])
async def test_questions_about_another_person_are_refused(nlu, question):
    c = Chat(nlu, REPOS, PEOPLE["lukas"])
    outcome = await c.say(question)
    assert [r.key for r in outcome.replies] == ["privacy.other_person"], question
    assert "form" not in c.state


@pytest.mark.parametrize("question", ["Was ist mit NB-104233?", "Ist NB-999999 schon da?", "Personalnummer 100003 Status"])
async def test_someone_elses_or_unknown_numbers_get_the_same_refusal(nlu, question):
    outcome = await Chat(nlu, REPOS, PEOPLE["lukas"]).say(question)
    assert outcome.replies[0].key in ("privacy.other_device", "privacy.other_person")
    text = await Chat(nlu, REPOS, PEOPLE["lukas"]).text(question)
    assert "NB-104233" not in text and "100003" not in text and "NB-999999" not in text


async def test_own_inventory_number_and_own_supervisor_are_fine(nlu):
    text = await Chat(nlu, REPOS, PEOPLE["lukas"]).text("Was ist mit NB-102455?")
    assert "NB-102455" in text and "zurück" in text
    text = await Chat(nlu, REPOS, PEOPLE["mehmet"]).text("Hat Claudia Wolf schon zugestimmt?")
    assert "wartet noch auf die Zustimmung von Claudia Wolf" in text


async def test_naming_oneself_is_fine(nlu):
    text = await Chat(nlu, REPOS, PEOPLE["anna"]).text("Ich bin Anna Schmid, wo ist mein Laptop?")
    assert "NB-104233" in text


def test_personal_intents_are_exported_for_the_telegram_policy():
    assert {"agreement_status", "device_status", "mobile_work_apply"} <= PERSONAL_INTENTS
    assert "working_time_rules" not in PERSONAL_INTENTS
