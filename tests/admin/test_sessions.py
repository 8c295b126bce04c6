"""Sessions: only a hash of the cookie is stored; idle and absolute expiry; deactivation ends them."""
import datetime as dt

from sqlalchemy import select

from bot.admin import accounts, sessions

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
LIFE = sessions.Lifetime(dt.timedelta(minutes=30), dt.timedelta(hours=10))


async def _user(conn):
    return await accounts.create(conn, "a@x.de", "hr", "lang-genug-123", actor="t")


async def test_the_cookie_value_is_never_stored(dbs):
    async with dbs.bot.begin() as conn:
        token = await sessions.start(conn, await _user(conn), NOW)
        stored = await conn.scalar(select(sessions.SESSIONS.c.token_hash))
        loaded = await sessions.load(conn, token, LIFE, NOW + dt.timedelta(minutes=1))
    assert stored == sessions.digest(token) != token
    assert loaded.user.email == "a@x.de" and len(loaded.csrf) > 30


async def test_idle_and_absolute_expiry(dbs):
    async with dbs.bot.begin() as conn:
        user = await _user(conn)
        idle = await sessions.start(conn, user, NOW)
        assert await sessions.load(conn, idle, LIFE, NOW + dt.timedelta(minutes=31)) is None
        busy = await sessions.start(conn, user, NOW)
        for minutes in range(20, 600, 20):  # active all day: touched every 20 minutes
            assert await sessions.load(conn, busy, LIFE, NOW + dt.timedelta(minutes=minutes)) is not None
        assert await sessions.load(conn, busy, LIFE, NOW + dt.timedelta(hours=10, minutes=1)) is None


async def test_a_disabled_account_has_no_session(dbs):
    async with dbs.bot.begin() as conn:
        user = await _user(conn)
        token = await sessions.start(conn, user, NOW)
        await accounts.set_active(conn, user.id, False, actor="op@x.de")
        assert await sessions.load(conn, token, LIFE, NOW) is None


def test_token_comparison():
    assert sessions.same("abc", "abc") and not sessions.same("abc", "abd")
    assert not sessions.same("", "") and not sessions.same(None, None)
