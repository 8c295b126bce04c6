"""The adapter's bot-database operations on SQLite and PostgreSQL."""
import datetime as dt

from integrations.telegram import store as tg
from integrations.telegram.linking import Counts, Pending, Stage

NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


async def test_update_ids_are_recorded_once(dbs):
    async with dbs.bot.begin() as conn:
        assert await tg.record_update(conn, 1, 100, "inbox")
        assert not await tg.record_update(conn, 1, 100, "linking")
        assert await tg.record_update(conn, 2, 100, "inbox")  # another bot, its own sequence
        assert await tg.seen(conn, 1, 100) and not await tg.seen(conn, 1, 101)


async def test_pending_link_round_trip_keeps_the_time_zone(dbs):
    pending = Pending(Stage.AWAIT_CODE, "e" * 64, "100001", "c" * 64, NOW + dt.timedelta(minutes=15))
    async with dbs.bot.begin() as conn:
        await tg.save_link(conn, 5, pending)
        assert await tg.load_link(conn, 5) == pending
        await tg.save_link(conn, 5, Pending(Stage.AWAIT_EMAIL))
        assert await tg.load_link(conn, 5) == Pending(Stage.AWAIT_EMAIL)
        await tg.save_link(conn, 5, Pending(Stage.STRANGER))
        assert await tg.load_link(conn, 5) == Pending()


async def test_attempts_count_per_user_and_per_address_within_the_hour(dbs):
    async with dbs.bot.begin() as conn:
        for _ in range(2):
            await tg.add_attempt(conn, "request", 5, "a", NOW)
        await tg.add_attempt(conn, "guess", 6, "a", NOW)
        await tg.add_attempt(conn, "guess", 6, "a", NOW)
        await tg.add_attempt(conn, "guess", 6, "a", NOW)
        await tg.add_attempt(conn, "request", 5, "b", NOW - dt.timedelta(minutes=61))
        assert await tg.counts(conn, 5, None, NOW) == Counts(requests=2, guesses=0)
        assert await tg.counts(conn, 5, "a", NOW) == Counts(requests=2, guesses=3)  # the address's guesses
        assert await tg.counts(conn, 7, "b", NOW) == Counts()
        await tg.purge(conn, NOW)
        assert await tg.counts(conn, 5, "b", NOW + dt.timedelta(minutes=61)) == Counts()


async def test_link_replaces_an_older_account_and_unlink_removes_it(dbs):
    async with dbs.bot.begin() as conn:
        await tg.save_link(conn, 5, Pending(Stage.AWAIT_CODE, "e", "100001", "c", NOW))
        await tg.link(conn, 5, "100001")
        assert await tg.linked(conn, 5) == "100001" and await tg.load_link(conn, 5) == Pending()
        await tg.link(conn, 6, "100001")
        assert await tg.linked(conn, 5) is None and await tg.linked(conn, 6) == "100001"
        assert await tg.unlink(conn, 6) and not await tg.unlink(conn, 6)
        assert await tg.linked(conn, 6) is None


async def test_language_choice_counts_as_a_turn(dbs):
    async with dbs.bot.begin() as conn:
        conv = await tg.conversation(conn, 5)
        assert (conv.language, conv.turns) == ("de", 0)
        await tg.set_language(conn, conv.id, "en")
        again = await tg.conversation(conn, 5)
        assert (again.id, again.language, again.turns) == (conv.id, "en", 1)
