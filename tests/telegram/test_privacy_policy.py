"""MOBI_TELEGRAM_PERSONAL_DATA: off, personal matters are refused with a pointer to Matrix and the web chat."""
import pytest

from actions.base import Turn
from bot.domain import Employee, OrgUnit
from integrations.telegram.policy import privacy_policy, touches_personal_data
from nlu.result import IntentScore, ParseResult
from tests.factories import TODAY
from integrations.telegram import store as tg_store
from tests.telegram.conftest import link, running
from tests.telegram.test_channel import linked_as

ANNA = 880101
ANNA_EMPLOYEE = Employee("100001", "Anna", "Schmid", "anna.schmid@stuttgart.example", OrgUnit("36", "Amt"),
                         "Sachbearbeitung", True)


async def test_off_personal_lookups_are_refused_general_questions_answered(tg_settings, fake_telegram):
    api = fake_telegram
    async with running(tg_settings) as (_, runtime):
        await linked_as(runtime, ANNA)
        await api.say(ANNA, "Wo ist mein Laptop?")
        refusal = await api.reply(ANNA)
        assert "Datenschutzgründen" in refusal and "NB-104233" not in refusal
        assert "@mobi:stuttgart.example" in refusal and "https://mobi.intranet.stuttgart.example/" in refusal
        await api.say(ANNA, "Darf ich im Ausland mobil arbeiten?")
        general = await api.reply(ANNA)
        assert "Datenschutzgründen" not in general and "Ausland" in general


async def test_refusal_in_english_without_configured_addresses(tg_settings, fake_telegram):
    api = fake_telegram
    settings = tg_settings.model_copy(update={"matrix_user_id": "", "telegram_webchat_url": ""})
    async with running(settings) as (_, runtime):
        await linked_as(runtime, ANNA)
        await api.say(ANNA, "/sprache en")
        await api.reply(ANNA)
        await api.say(ANNA, "What is the status of my agreement?")
        refusal = await api.reply(ANNA)
        assert "data-protection reasons" in refusal and "web chat on the city's intranet" in refusal


async def test_on_linked_employees_get_everything(tg_settings, fake_telegram):
    api = fake_telegram
    async with running(tg_settings.model_copy(update={"telegram_personal_data": True})) as (_, runtime):
        await linked_as(runtime, ANNA)
        await api.say(ANNA, "Wo ist mein Laptop?")
        assert "NB-104233" in await api.reply(ANNA)
        await api.say(ANNA, "/help")
        assert "Datenschutz" not in await api.reply(ANNA)


async def test_deleting_my_data_on_telegram_removes_the_link(tg_settings, fake_telegram, smtp):
    api, (_, inbox) = fake_telegram, smtp
    async with running(tg_settings) as (_, runtime):
        await link(api, inbox, ANNA)
        await api.say(ANNA, "Bitte löschen Sie alle meine Daten")
        [confirm] = await api.replies(ANNA)
        yes = confirm["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        await api.click(ANNA, yes)
        await api.reply(ANNA)
        await runtime.pipeline.join()
        async with runtime.dbs.bot.connect() as conn:
            assert await tg_store.linked(conn, ANNA) is None
        await api.say(ANNA, "Wo ist mein Laptop?")
        assert "E-Mail-Adresse" in await api.reply(ANNA)  # a stranger again


def turn(intent: str, text: str = "…", **state) -> Turn:
    return Turn(ANNA_EMPLOYEE, ParseResult(text, IntentScore(intent, 0.9)), "de", TODAY, state)


@pytest.mark.parametrize("case,refused", [
    (turn("device_status"), True),
    (turn("agreement_status"), True),
    (turn("human_handoff"), True),
    (turn("mobile_work_abroad"), False),
    (turn("delete_my_data", "Löschen Sie bitte alle meine Daten"), False),
    (turn("delete_my_data", "Ich möchte meine Daten exportieren"), True),  # a copy of everything
    (turn("export_my_data"), True),
    (turn("affirm", offer={"kind": "apply"}), True),  # yes to "shall I start your application?"
    (turn("deny", offer={"kind": "apply"}), False),
    (turn("affirm", form={"name": "apply", "step": "days"}), True),
    (turn("affirm", form={"name": "delete_data", "step": "confirm"}), False),  # erasure works everywhere
    (turn("out_of_scope", "und bis wann?", topic="agreement"), True),  # a follow-up about her agreement
])
def test_what_counts_as_personal(case, refused):
    assert touches_personal_data(case) is refused


def test_refusal_ends_a_form_or_offer_so_nobody_is_stuck():
    outcome = privacy_policy(False)(turn("affirm", form={"name": "apply"}))
    assert outcome.replies[0].key == "telegram.personal_refused"
    assert outcome.state == {"form": None, "offer": None}
    assert privacy_policy(True) is None
