"""A pipeline with cases over memory channels: employees on `test`, the help-desk room on `helpdesk`."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from bot import store
from bot.channel import MemoryChannel
from bot.dialogue import Dialogue
from bot.effects import EffectRunner
from bot.effects_handlers import Effects
from bot.escalation.agents import Agents
from bot.escalation.flow import CaseFlow
from bot.escalation.hours import OfficeHours
from bot.escalation.service import CaseOptions, Cases
from bot.interpreter import EmbeddedInterpreter
from bot.messages import IncomingMessage
from bot.pipeline import Pipeline, PipelineOptions
from bot.runtime import sql_repos
from integrations.db.agreement_writer import SqlAgreementWriter
from tests.factories import TODAY

ROOM = "!helpdesk:stuttgart.example"
MONDAY_10 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone.utc)  # 10:00 in Stuttgart


class Clock:
    def __init__(self, now: dt.datetime = MONDAY_10):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


class Tickets:
    """A help desk that keeps what it got (our protocol)."""

    def __init__(self):
        self.got = []

    async def open(self, ticket, *, idempotency_key):
        self.got.append((ticket, idempotency_key))


@dataclass
class Desk:
    pipeline: Pipeline
    employees: MemoryChannel
    room: MemoryChannel
    agents: Agents
    clock: Clock
    tickets: object

    async def say(self, who: str, text: str) -> str:
        await self.pipeline.handle(IncomingMessage("test", who, text, f"ev-{uuid.uuid4().hex}"))
        await self.pipeline.join()
        return "\n".join(m.text for m in self.employees.take(who))

    async def agent(self, who: str, text: str, event_id: str | None = None) -> str:
        await self.agents.handle(event_id or f"$ev-{uuid.uuid4().hex}", who, text)
        return self.posted()

    def posted(self) -> str:
        return "\n".join(m.text for m in self.room.take(ROOM))

    def told(self, who: str) -> str:
        return "\n".join(m.text for m in self.employees.take(who))


def desk(dbs, model, *, room: str = ROOM, helpdesk=None, email_topics=(), clock: Clock | None = None) -> Desk:
    today = lambda: TODAY  # noqa: E731
    employees, room_channel = MemoryChannel("test"), MemoryChannel("helpdesk")
    repos = sql_repos(dbs)
    p = Pipeline(dbs.bot, repos, EmbeddedInterpreter(model, today=today), Dialogue(cases=CaseFlow()),
                 {"test": employees, "helpdesk": room_channel}, PipelineOptions(today=today, helpdesk="IT-Service"))
    clock = clock or Clock()
    tickets = helpdesk or Tickets()
    options = CaseOptions(room=room, hours=OfficeHours(), email_topics=frozenset(email_topics), now=clock)

    async def drain(conv):
        await p.drain(conv, resend=True)

    cases = Cases(dbs.bot, repos.directory, tickets, options, p.transaction, drain)
    handlers = Effects(dbs.bot, SqlAgreementWriter(dbs.agreement), tickets, None, today, p.transaction).handlers()
    p.effects = EffectRunner(dbs.bot, {**handlers, **cases.handlers()}, p.transaction)

    async def resolve(user: str):
        return await repos.directory.by_email(f"{user}@stuttgart.example")

    return Desk(p, employees, room_channel, Agents(cases, resolve), clock, tickets)


async def link(dbs, *people: str) -> None:
    from bot.demo.personas import PERSONAS

    numbers = {p.email.split("@")[0]: p.personnel_number for p in PERSONAS}
    async with dbs.bot.begin() as conn:
        for person in people:
            await store.link_identity(conn, "test", person, numbers[person])
