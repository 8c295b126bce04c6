"""Dashboard figures: aggregate only, and any figure about fewer than 5 employees is suppressed.

`Figure` carries a count and the number of distinct employees behind it; `shown` is what a page
may print. The queries group in SQL and never return a text or an identity.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import String, cast, func, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.escalation.lifecycle import ACTIVE
from bot.escalation.schema import CaseRow
from integrations.db.bot_schema import ConversationRow, MessageLogRow
from integrations.db.dialogue_schema import EffectRow

MIN_GROUP = 5
SUPPRESSED = "< 5"
FALLBACK_INTENTS = ("out_of_scope", "nlu_fallback")
LOG, CONV, EFFECTS, CASES = MessageLogRow.__table__, ConversationRow.__table__, EffectRow.__table__, CaseRow.__table__


@dataclass(frozen=True)
class Figure:
    value: int
    group: int  # distinct employees behind the value

    @property
    def suppressed(self) -> bool:
        """Fewer than 5 employees behind a non-zero figure (nobody at all reveals nobody)."""
        return 0 < self.group < MIN_GROUP or (self.value > 0 and self.group == 0)

    @property
    def shown(self) -> str:
        return SUPPRESSED if self.suppressed else f"{self.value:,}".replace(",", ".")


@dataclass(frozen=True)
class Day:
    date: dt.date
    messages: Figure
    users: Figure


@dataclass(frozen=True)
class Share:
    part: Figure
    whole: Figure

    @property
    def shown(self) -> str:
        if self.whole.suppressed or self.part.suppressed:
            return SUPPRESSED
        if not self.whole.value:
            return "–"
        return f"{self.part.value / self.whole.value * 100:.1f} %".replace(".", ",")


@dataclass(frozen=True)
class Dashboard:
    days: list[Day]
    intents: list[tuple[str, Figure]]
    low_confidence: Share
    cases: Figure  # hand-offs in the period: tickets and help-desk cases
    open_cases: Figure  # help-desk cases waiting for or with an agent now
    since: dt.date


def fill_days(rows: dict[dt.date, tuple[int, int]], first: dt.date, last: dt.date) -> list[Day]:
    """One Day per date from first to last; days without messages are zero (and suppressed)."""
    days, current = [], first
    while current <= last:
        messages, people = rows.get(current, (0, 0))
        days.append(Day(current, Figure(messages, people), Figure(people, people)))
        current += dt.timedelta(days=1)
    return days


def _person():
    """An employee if the conversation is linked, else the conversation itself."""
    return func.coalesce(CONV.c.personnel_number, literal("c") + cast(CONV.c.id, String))


async def dashboard(conn: AsyncConnection, today: dt.date, threshold: float, days: int = 14) -> Dashboard:
    since = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.timezone.utc)
    inbound = LOG.join(CONV, CONV.c.id == LOG.c.conversation_id)
    where = (LOG.c.direction == "in") & (LOG.c.created_at >= start)
    person = func.count(func.distinct(_person()))
    day = func.date(LOG.c.created_at)
    per_day = await conn.execute(select(day, func.count(), person).select_from(inbound).where(where).group_by(day))
    rows = {_as_date(d): (n, p) for d, n, p in per_day}
    intents = await conn.execute(select(LOG.c.intent, func.count(), person).select_from(inbound)
                                 .where(where & LOG.c.intent.is_not(None)).group_by(LOG.c.intent)
                                 .order_by(func.count().desc()).limit(10))
    total = (await conn.execute(select(func.count(), person).select_from(inbound).where(where))).one()
    unsure = or_(LOG.c.confidence < threshold, LOG.c.intent.in_(FALLBACK_INTENTS))
    low = (await conn.execute(select(func.count(), person).select_from(inbound).where(where & unsure))).one()
    return Dashboard(fill_days(rows, since, today), [(name, Figure(n, p)) for name, n, p in intents],
                     Share(Figure(*low), Figure(*total)), await hand_offs(conn, start), await open_cases(conn), since)


async def hand_offs(conn: AsyncConnection, start: dt.datetime) -> Figure:
    """Tickets (form effects) and help-desk cases (the `cases` table) since `start`."""
    both = union_all(
        select(EFFECTS.c.personnel_number.label("who")).where((EFFECTS.c.kind == "OpenTicket")
                                                               & (EFFECTS.c.created_at >= start)),
        select(CASES.c.personnel_number.label("who")).where(CASES.c.created_at >= start)).subquery()
    return Figure(*(await conn.execute(select(func.count(), func.count(func.distinct(both.c.who))))).one())


async def open_cases(conn: AsyncConnection) -> Figure:
    """Cases of the help-desk room (and console) open or claimed now; e-mailed ones are the ITSM's to count."""
    people = func.count(func.distinct(CASES.c.personnel_number))
    query = select(func.count(), people).where(CASES.c.status.in_(ACTIVE) & (CASES.c.route == "matrix"))
    return Figure(*(await conn.execute(query)).one())


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
