"""Login throttling: the pure lock rule and the per-account / per-address counting in the database."""
import datetime as dt

from bot.admin import throttle

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
MIN = dt.timedelta(minutes=1)


def test_four_failures_do_not_lock():
    assert throttle.locked_until([NOW - n * MIN for n in range(4)], NOW) is None


def test_five_failures_lock_for_15_minutes_after_the_last():
    assert throttle.locked_until([NOW - n * MIN for n in range(5)], NOW) == NOW + 15 * MIN


def test_failures_older_than_the_window_do_not_count():
    assert throttle.locked_until([NOW - (11 + n) * MIN for n in range(5)], NOW) is None
    assert throttle.locked_until([NOW - 14 * MIN] + [NOW - n * MIN for n in range(4)], NOW) == NOW + 15 * MIN


async def test_account_and_address_are_locked_separately(dbs):
    async with dbs.bot.begin() as conn:
        for n in range(5):
            await throttle.note(conn, "a@x.de", f"10.0.0.{n}", False, NOW - n * MIN)
        assert await throttle.lock_of(conn, "a@x.de", "10.9.9.9", NOW) == NOW + 15 * MIN  # the account
        assert await throttle.lock_of(conn, "b@x.de", "10.0.0.1", NOW) is None
        for n in range(5):
            await throttle.note(conn, f"u{n}@x.de", "192.0.2.1", False, NOW - n * MIN)
        assert await throttle.lock_of(conn, "new@x.de", "192.0.2.1", NOW) == NOW + 15 * MIN  # the address


async def test_a_success_clears_the_account_but_not_the_address(dbs):
    async with dbs.bot.begin() as conn:
        for n in range(4):
            await throttle.note(conn, "a@x.de", "192.0.2.1", False, NOW - (5 + n) * MIN)
        await throttle.note(conn, "a@x.de", "192.0.2.1", True, NOW - 4 * MIN)
        await throttle.note(conn, "a@x.de", "192.0.2.1", False, NOW - 3 * MIN)
        assert await throttle.lock_of(conn, "a@x.de", "198.51.100.1", NOW) is None
        assert await throttle.lock_of(conn, "b@x.de", "192.0.2.1", NOW) == NOW + 12 * MIN
