"""Linking a Telegram account by e-mail code, end to end: fake Bot API, real SMTP server, real databases."""
import asyncio
import datetime as dt
from email.header import decode_header, make_header

from sqlalchemy import select

from integrations.db.bot_schema import ChannelIdentityRow
from integrations.telegram.linking import MAX_ATTEMPTS
from integrations.telegram.schema import TelegramLinkRow
from tests.telegram.conftest import ANNA, link, running, wait_mail

USER = 777001


async def identities(runtime) -> dict[str, str]:
    table = ChannelIdentityRow.__table__
    async with runtime.dbs.bot.connect() as conn:
        rows = await conn.execute(select(table.c.external_id, table.c.personnel_number)
                                  .where(table.c.channel == "telegram"))
        return dict(rows.all())


async def test_code_by_mail_links_the_account(tg_settings, fake_telegram, smtp):
    api, (_, inbox) = fake_telegram, smtp
    async with running(tg_settings) as (_, runtime):
        await api.say(USER, "/start")
        welcome = (await api.replies(USER))[0]
        assert "dienstliche E-Mail-Adresse" in welcome["text"] and "Datenschutz" in welcome["text"]
        assert welcome["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/no_email"
        await api.say(USER, "Anna.Schmid@stuttgart.example")
        assert "8-stelliger Code" in await api.reply(USER)
        await wait_mail(inbox, 1)
        mail = inbox.mails[0]
        assert mail["To"] == ANNA and "Bestätigungscode" in str(make_header(decode_header(mail["Subject"])))
        code = inbox.code()
        stored = str((await _links(runtime))[USER])
        assert code.replace(" ", "") not in stored and ANNA not in stored  # only HMACs are kept
        await api.say(USER, code)
        assert "Geschafft, Anna Schmid!" in await api.reply(USER)
        assert await identities(runtime) == {str(USER): "100001"}
        assert await _links(runtime) == {}  # single use: the pending link is gone


async def test_unknown_address_gets_the_same_answer_and_no_mail(tg_settings, fake_telegram, smtp):
    api, (_, inbox) = fake_telegram, smtp
    async with running(tg_settings):
        await api.say(USER, "/start")
        await api.reply(USER)
        await api.say(USER, ANNA)
        known = await api.reply(USER)
        await wait_mail(inbox, 1)
        await api.say(USER + 1, "niemand.hier@stuttgart.example")  # a stranger's first message may be the address
        assert await api.reply(USER + 1) == known
        await api.say(USER + 1, "1234 5678")
        assert "stimmt leider nicht" in await api.reply(USER + 1)
    assert len(inbox.mails) == 1


async def test_wrong_code_five_times_locks_even_the_right_code(tg_settings, fake_telegram, smtp):
    api, (_, inbox) = fake_telegram, smtp
    async with running(tg_settings) as (_, runtime):
        await api.say(USER, ANNA)
        await api.reply(USER)
        await wait_mail(inbox, 1)
        right = inbox.code().replace(" ", "")
        wrong = f"{(int(right) + 1) % 10 ** 8:08d}"
        answers = []
        for _ in range(MAX_ATTEMPTS):
            await api.say(USER, wrong)
            answers.append(await api.reply(USER))
        assert [a.rsplit(": ", 1)[-1] for a in answers[:4]] == ["4.", "3.", "2.", "1."]
        assert "zu viele Versuche" in answers[4]
        await api.say(USER, right)
        assert "Bitte schicken Sie mir Ihre dienstliche" in await api.reply(USER)  # back to the address
        await api.say(USER, ANNA)  # a new code is not sent either: the address is locked for an hour
        assert "zu viele Versuche" in await api.reply(USER)
        assert await identities(runtime) == {}
    assert len(inbox.mails) == 1


async def test_limit_per_address_stops_many_telegram_accounts(tg_settings, fake_telegram, smtp):
    api, (_, inbox) = fake_telegram, smtp
    async with running(tg_settings):
        for user in range(USER, USER + MAX_ATTEMPTS):
            await api.say(user, ANNA)
            assert "Code" in await api.reply(user)
        await wait_mail(inbox, MAX_ATTEMPTS)
        await api.say(USER + 99, ANNA)
        assert "zu viele Versuche" in await api.reply(USER + 99)
        await api.say(USER, "julia.becker@stuttgart.example")  # the same user, another address: own limit
        assert "Code" in await api.reply(USER)


async def test_limit_per_telegram_user_across_addresses(tg_settings, fake_telegram, smtp):
    api = fake_telegram
    async with running(tg_settings):
        for n in range(MAX_ATTEMPTS):
            await api.say(USER, f"person{n}@stuttgart.example")
            assert "Code" in await api.reply(USER)
        await api.say(USER, ANNA)
        assert "zu viele Versuche" in await api.reply(USER)


async def test_expired_code_is_refused(tg_settings, fake_telegram, smtp):
    api, (_, inbox) = fake_telegram, smtp
    async with running(tg_settings) as (channel, runtime):
        await api.say(USER, ANNA)
        await api.reply(USER)
        await wait_mail(inbox, 1)
        table = TelegramLinkRow.__table__
        async with runtime.dbs.bot.begin() as conn:  # sixteen minutes later
            await conn.execute(table.update().values(expires_at=dt.datetime.now(dt.timezone.utc)
                                                     - dt.timedelta(minutes=1)))
        await api.say(USER, inbox.code())
        assert "abgelaufen" in await api.reply(USER)
        assert await identities(runtime) == {}


async def test_code_is_single_use(tg_settings, fake_telegram, smtp):
    api, (_, inbox) = fake_telegram, smtp
    async with running(tg_settings) as (_, runtime):
        await link(api, inbox, USER)
        await api.say(USER, "/abmelden")
        assert "nicht mehr" in await api.reply(USER)
        await api.say(USER, "/start")
        await api.reply(USER)
        await api.say(USER, inbox.code())  # the old code again
        assert "E-Mail-Adresse" in await api.reply(USER)
        assert await identities(runtime) == {}


async def test_without_email_the_help_desk_is_named(tg_settings, fake_telegram):
    api = fake_telegram
    async with running(tg_settings):
        await api.say(USER, "/start")
        await api.reply(USER)
        await api.click(USER, "/no_email")
        answer = await api.reply(USER)
        assert "IT-Service" in answer and str(USER) in answer
        assert [c["callback_query_id"] for c in api.calls_of("answerCallbackQuery")]


async def test_unlinking_removes_the_link_and_a_new_link_replaces_the_old_account(tg_settings, fake_telegram, smtp):
    api, (_, inbox) = fake_telegram, smtp
    async with running(tg_settings) as (_, runtime):
        await link(api, inbox, USER)
        await link(api, inbox, USER + 1)  # Anna's new phone
        assert await identities(runtime) == {str(USER + 1): "100001"}
        await api.say(USER + 1, "/abmelden")
        assert "nicht mehr mit mobi verknüpft" in await api.reply(USER + 1)
        assert await identities(runtime) == {}
        await api.say(USER + 1, "Wie viele Tage darf ich mobil arbeiten?")
        assert "E-Mail-Adresse" in await api.reply(USER + 1)  # a stranger again


async def _links(runtime) -> dict:
    table = TelegramLinkRow.__table__
    async with runtime.dbs.bot.connect() as conn:
        return {r.user_id: tuple(r) for r in await conn.execute(select(table))}


async def test_without_smtp_the_code_lands_in_the_demo_mail_drop(tg_settings, fake_telegram):
    from integrations.helpdesk.maildrop import MailDrop
    from tests.telegram.conftest import CODE

    api = fake_telegram
    async with running(tg_settings.model_copy(update={"smtp_host": ""})) as (_, runtime):
        await api.say(USER, ANNA)
        await api.reply(USER)
        drop = MailDrop(tg_settings.home / "mail")
        for _ in range(100):
            if drop.sent():
                break
            await asyncio.sleep(0.02)
        [mail] = drop.sent()
        await api.say(USER, CODE.search(mail.get_content())[1])
        assert "Geschafft" in await api.reply(USER)
