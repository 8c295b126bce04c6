"""The shell of cases: effects of the employee side (open, relay, cancel), run by `bot.effects.EffectRunner`.

Every write is one transaction on the bot DB that also queues the resulting messages in the
reply outbox with deterministic transaction ids (from the effect key), so a retry after a crash
neither opens a second case nor delivers a message twice. Posts to the help-desk room go through
the outbox of a pseudo-conversation (channel `helpdesk`, the room id); `drain` delivers them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.effects import EffectRun, Permanent, enqueue_text, txn_for
from bot.escalation import store as cases
from bot.escalation.events import CancelCase, OpenCase, RelayToAgent
from bot.escalation.hours import OfficeHours, spoken
from bot.repositories import EmployeeDirectory
from bot.texts import render
from integrations.helpdesk import Helpdesk, Ticket

ROOM_CHANNEL = "helpdesk"


@dataclass(frozen=True)
class CaseOptions:
    room: str = ""  # the help-desk room id; empty: every case by e-mail
    hours: OfficeHours = field(default_factory=OfficeHours)
    reannounce: dt.timedelta = dt.timedelta(minutes=15)
    response_minutes: int = 10
    email_topics: frozenset[str] = frozenset()
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)

    def route(self, topic: str) -> str:
        return "matrix" if self.room and topic not in self.email_topics else "email"


class Cases:
    def __init__(self, engine: AsyncEngine, directory: EmployeeDirectory, helpdesk: Helpdesk,
                 options: CaseOptions, transaction: Callable[[AsyncConnection], Any] | None = None,
                 drain: Callable[[int], Awaitable[Any]] | None = None):
        self.engine, self.directory, self.helpdesk, self.options = engine, directory, helpdesk, options
        self._transaction = transaction or (lambda conn: conn.begin())
        self.drain = drain  # delivers a conversation's pending outbox (the pipeline's `drain(conv, resend=True)`)

    def handlers(self) -> dict[str, Callable]:
        return {"OpenCase": self.open, "RelayToAgent": self.relay, "CancelCase": self.cancel}

    def tx(self, conn: AsyncConnection):
        return self._transaction(conn)

    async def open(self, event: OpenCase, run: EffectRun) -> int | None:
        if run.conversation_id is None:
            raise Permanent("the conversation is gone")
        route = self.options.route(event.topic)
        employee = await self.directory.by_personnel_number(event.personnel_number)
        async with self.engine.connect() as conn, self.tx(conn):
            case, _ = await cases.create(conn, reference=event.reference, conversation_id=run.conversation_id,
                                         personnel_number=event.personnel_number, route=route, reason=event.reason,
                                         topic=event.topic, description=event.description, consent=event.consent,
                                         language=event.language, created_at=self.options.now())
            lines = await cases.transcript(conn, run.conversation_id) if event.consent else []
            text = announcement(case, employee, event, lines)
            if route == "matrix":
                await self.post(conn, text, f"case-{case.id}-announce-0")
                told = await self.opened_text(conn, case, event.language)
            else:
                await cases.leave_case_state(conn, run.conversation_id)
                told = render("case.opened_email", event.language, number=case.id,
                              email=event.reply_to or "-")
            await enqueue_text(conn, run.conversation_id, told, event.language, txn_for(run.key))
        if route == "email":
            details = (("Fall", f"#{case.id}"), *event.details, ("Nachricht", text))
            await self.helpdesk.open(Ticket(f"#{case.id}", "normal", f"handoff/{event.reason}", _subject(event),
                                            details, event.reply_to), idempotency_key=run.key)
        await self.deliver_room()
        return run.conversation_id

    async def opened_text(self, conn: AsyncConnection, case, language: str) -> str:
        now, hours = self.options.now(), self.options.hours
        ahead = await cases.position(conn, case.id)
        if hours.is_open(now):
            when = render("case.when_open", language, minutes=max(ahead, 1) * self.options.response_minutes)
        else:
            when = render("case.when_closed", language, at=spoken(hours.next_opening(now), language),
                          hours=hours.span())
        return render("case.opened", language, number=case.id, position=ahead, when=when)

    async def relay(self, event: RelayToAgent, run: EffectRun) -> int | None:
        async with self.engine.connect() as conn, self.tx(conn):
            case = await cases.active_of(conn, run.conversation_id)
            if case is None:  # closed meanwhile: say so rather than drop the message silently
                return await self._not_relayed(conn, run)
            if await cases.note(conn, run.key, case.id, "employee", event.personnel_number, event.text):
                employee = await self.directory.by_personnel_number(event.personnel_number)
                name = employee.name if employee else event.personnel_number
                await self.post(conn, render("case.room.from_employee", "de", number=case.id, name=name,
                                             text=event.text), txn_for(run.key))
        await self.deliver_room()

    async def _not_relayed(self, conn: AsyncConnection, run: EffectRun) -> int:
        if await cases.opening(conn, run.conversation_id):
            raise RuntimeError("the case is still being opened")  # the runner retries the relay later
        language = await cases.language(conn, run.conversation_id)
        await cases.leave_case_state(conn, run.conversation_id)
        await enqueue_text(conn, run.conversation_id, render("case.not_relayed", language), language,
                           txn_for(run.key))
        return run.conversation_id

    async def cancel(self, event: CancelCase, run: EffectRun) -> None:
        async with self.engine.connect() as conn, self.tx(conn):
            case = await cases.active_of(conn, run.conversation_id)
            if case is None:
                return
            await cases.move(conn, case, "cancel", self.options.now())
            await self.post(conn, render("case.room.cancelled", "de", number=case.id), txn_for(run.key))
        await self.deliver_room()

    async def post(self, conn: AsyncConnection, text: str, key: str) -> None:
        """Queue a message for the help-desk room (sent once per key)."""
        if self.options.room:
            conv = await cases.room_conversation(conn, ROOM_CHANNEL, self.options.room)
            await enqueue_text(conn, conv, text, "de", txn_for(key))

    async def deliver_room(self) -> None:
        if self.options.room and self.drain is not None:
            async with self.engine.connect() as conn, self.tx(conn):
                conv = await cases.room_conversation(conn, ROOM_CHANNEL, self.options.room)
            await self.drain(conv)


def announcement(case, employee, event: OpenCase, transcript: list[tuple[str, str]]) -> str:
    """The case as agents see it: number, Amt, topic, status summary, transcript if consented."""
    who = employee.name if employee else event.personnel_number
    amt = employee.org_unit.name if employee else "-"
    text = render("case.room.new", "de", number=case.id, name=who, amt=amt, topic=event.topic or "-",
                  reason=render(f"mail.handoff_reason.{event.reason}", "de"), description=event.description or "-",
                  status=event.status or "-")
    if not event.consent:
        return text + "\n\n" + render("case.room.no_transcript", "de")
    lines = "\n".join(f"> {'Beschäftigte/r' if d == 'in' else 'mobi'}: {t}" for d, t in transcript)
    return text + "\n\n" + render("case.room.transcript", "de", lines=lines or "-")


def _subject(event: OpenCase) -> str:
    return (event.description or event.topic or "Bitte um Rückmeldung")[:60]
