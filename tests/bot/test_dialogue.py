"""The pure dialogue policy: language choice, numbered options, fallback on low confidence."""
from bot.dialogue import Dialogue, choose_language, pick_option
from nlu.result import IntentScore, ParseResult


def parse(text, intent="greet", confidence=0.9, language="de"):
    return ParseResult(text, IntentScore(intent, confidence), language=language)


def test_language_follows_the_user_but_not_on_short_answers():
    assert choose_language(parse("where is my laptop", language="en"), "de") == "en"
    assert choose_language(parse("ok", language="en"), "de") == "de"


def test_a_form_goes_on_in_the_language_it_started_in():
    english_text = parse("The new agreement applies from 1 January", language="en")
    assert choose_language(english_text, "de", in_form=True) == "de"


def test_number_picks_offered_option():
    state = {"options": ["agreement_status", "device_status"]}
    assert pick_option("2", state) == "device_status"
    assert pick_option(" 1. ", state) == "agreement_status"
    assert pick_option("3", state) == "3"
    assert pick_option("2", {}) == "2"


def test_low_confidence_goes_to_fallback():
    async def handler(turn, repos): ...

    async def fallback(turn, repos): ...

    dialogue = Dialogue({"greet": handler}, fallback, threshold=0.5)
    assert dialogue.action_for(parse("hi")) is handler
    assert dialogue.action_for(parse("hm", confidence=0.2)) is fallback
    assert dialogue.action_for(parse("x", intent="unknown_intent")) is fallback
