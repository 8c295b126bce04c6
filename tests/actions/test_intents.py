"""Every intent of the NLU has an answer in German and English, for every persona, ending with a next step."""
from __future__ import annotations

import pytest

from actions import HANDLERS, INTENTS
from tests.actions.memory import Chat
from tests.actions.records import personas

PEOPLE, REPOS = personas()


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("who", sorted(PEOPLE))
async def test_every_intent_is_answered(nlu, who, language):
    for intent in INTENTS:
        chat = Chat(nlu, REPOS, PEOPLE[who], language=language)
        text = await chat.text(f"/{intent}")
        assert text.strip(), intent
        assert "{" not in text and "}" not in text, (intent, text)


def test_every_intent_has_a_handler():
    assert set(INTENTS) <= set(HANDLERS)


SAMPLES = {
    "de": {
        "Wo ist mein Laptop?": "device_status",
        "Wie ist der Stand meiner Vereinbarung?": "agreement_status",
        "Darf ich im Ausland arbeiten?": "mobile_work_abroad",
        "Bekomme ich Stromkosten erstattet?": "costs_reimbursement",
        "Wie funktioniert das VPN?": "vpn_help",
        "Mein Laptop ist kaputt": "device_problem",
        "Ich brauche ein Headset": "peripherals_request",
        "Was speichert ihr über mich?": "privacy_info",
    },
    "en": {
        "Where is my laptop?": "device_status",
        "Can I work abroad?": "mobile_work_abroad",
        "What are the rules on working time?": "working_time_rules",
        "My laptop is broken": "device_problem",
    },
}


@pytest.mark.parametrize("language", ["de", "en"])
async def test_real_questions_reach_their_answer_in_the_right_language(nlu, language):
    for question, intent in SAMPLES[language].items():
        chat = Chat(nlu, REPOS, PEOPLE["anna"], language="de")
        text = await chat.text(question)
        assert chat.state["last_intent"] == intent, (question, chat.state["last_intent"])
        assert chat.language == language
        assert text.strip()
