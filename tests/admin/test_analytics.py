"""Dashboard figures: suppression below 5 employees, days filled, shares, SQL on both databases."""
import datetime as dt

from bot.admin import analytics
from bot.admin.analytics import Figure, Share
from tests.admin.support import seed_messages

TODAY = dt.date(2026, 11, 28)


def test_figures_about_fewer_than_five_employees_are_suppressed():
    assert Figure(40, 4).shown == "< 5" and Figure(3, 3).shown == "< 5"
    assert Figure(1234, 5).shown == "1.234"
    assert Figure(0, 0).shown == "0"


def test_a_share_is_suppressed_when_either_part_is():
    assert Share(Figure(2, 2), Figure(50, 20)).shown == "< 5"
    assert Share(Figure(10, 6), Figure(50, 20)).shown == "20,0 %"


def test_days_without_messages_are_zero():
    days = analytics.fill_days({TODAY: (7, 6)}, TODAY - dt.timedelta(days=2), TODAY)
    assert [d.date.day for d in days] == [26, 27, 28]
    assert [d.messages.shown for d in days] == ["0", "0", "7"]


async def test_dashboard_counts_people_not_messages(dbs):
    now = dt.datetime.combine(TODAY, dt.time(10), tzinfo=dt.timezone.utc)
    await seed_messages(dbs.bot, people=6, unsure=("a", "b"), when=now)
    async with dbs.bot.connect() as conn:
        data = await analytics.dashboard(conn, TODAY, 0.45, days=7)
    today = data.days[-1]
    assert (today.messages.value, today.users.value) == (14, 6)
    assert dict((name, f.shown) for name, f in data.intents) == {"device_status": "12", "out_of_scope": "< 5"}
    assert data.low_confidence.shown == "< 5"  # the two unsure questions came from one person
    assert data.cases.shown == "0"


async def open_cases(dbs, people: int, status: str = "open", route: str = "matrix", batch: str = "a") -> None:
    from bot.escalation import store

    at = dt.datetime.combine(TODAY, dt.time(10), tzinfo=dt.timezone.utc)
    async with dbs.bot.begin() as conn:
        for n in range(people):
            case, _ = await store.create(conn, reference=f"{batch}-{status}-{route}-{n}", conversation_id=n,
                                         created_at=at, personnel_number=f"P{n:05d}", route=route, reason="asked",
                                         topic="vpn", description=None, consent=False, language="de")
            if status != "open":
                await store.move(conn, case, "close")


async def test_open_cases_come_from_the_cases_table_and_follow_the_five_rule(dbs):
    await open_cases(dbs, 3)
    await open_cases(dbs, 4, status="closed")
    await open_cases(dbs, 6, route="email")  # the ITSM's now: not open here
    async with dbs.bot.connect() as conn:
        data = await analytics.dashboard(conn, TODAY, 0.45, days=7)
        assert data.open_cases.shown == "< 5"
        await open_cases(dbs, 5, batch="b")
        assert (await analytics.open_cases(conn)).shown == "8"
    assert data.cases.value == 13  # every case opened in the period is a hand-off
