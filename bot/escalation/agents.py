"""The agent side: commands from the help-desk room or the admin console, re-announcing unclaimed cases.

Both desks go through `Agents.run`. Each room event (or console form) is handled in one
transaction keyed by its event id (a command seen twice, e.g. re-read after a crash or a form sent
twice, does nothing the second time); what it says to the employee and to the room is queued in
the outbox in that transaction and delivered after the commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Awaitable, Callable

from bot.domain import Employee, Role
from bot.effects import enqueue_text, txn_for
from bot.escalation import commands, lifecycle
from bot.escalation import store as cases
from bot.escalation.service import Cases
from bot.texts import render


@dataclass(frozen=True)
class Act:
    """One agent command on one case, inside the command's transaction."""

    conn: Any
    case: Any
    command: commands.Command
    agent: str  # the agent's name as the employee sees it
    sender: str  # who acts: a Matrix id from the room, an e-mail address from the console
    event_id: str
    now: datetime
    in_room: bool = True  # False: from the admin console, so the room is shown what was done


@dataclass(frozen=True)
class Answer:
    """What a command did: `ok` false if refused or not allowed; `text` is what the room is told."""

    ok: bool
    text: str | None = None
    key: str = "ack"  # suffix of the room post's outbox key


Resolve = Callable[[str], Awaitable[Employee | None]]
"""A Matrix user id -> the employee behind it (None: not in the directory)."""
Audit = Callable[[Any, Any], Awaitable[None]]
"""(connection, case) -> write the audit entry of a successful command, in its transaction."""


class Agents:
    def __init__(self, cases_: Cases, resolve: Resolve):
        self.cases, self.resolve = cases_, resolve

    async def handle(self, event_id: str, sender: str, body: str, thread_case: int | None = None) -> None:
        """One message in the help-desk room."""
        command = commands.parse(body, thread_case)
        if command is None:
            return
        agent = await self.resolve(sender)
        name = agent.name if agent is not None and agent.role is Role.HELPDESK else None
        await self.run(command, name, sender, event_id, body, in_room=True)

    async def run(self, command: commands.Command, agent: str | None, sender: str, event_id: str, body: str, *,
                  in_room: bool = False, audit: Audit | None = None) -> Answer | None:
        """One command of an agent named `agent` (None: not an agent), from the room or the admin console.

        Both desks share this path: lifecycle move, case note, texts to the employee and the room,
        all in one transaction keyed by `event_id` (None: this event was handled before). Refusals
        go to the room only `in_room` (the console shows them itself); console replies are echoed there."""
        touched: set[int] = set()
        svc = self.cases
        async with svc.engine.connect() as conn, svc.tx(conn):
            if not await cases.note(conn, f"room:{event_id}", command.case or 0, "command", sender, body):
                return None
            if agent is None:
                answer = Answer(False, render("case.agent.refused", "de", user=sender), "refused")
            elif command.name == "usage":
                answer = Answer(False, render("case.agent.usage", "de"), "usage")
            elif command.name == "queue":
                answer = Answer(True, await self._queue(conn), "queue")
            else:
                answer, touched = await self._act(conn, command, agent, sender, event_id, in_room)
            if answer.text and (answer.ok or in_room):
                await svc.post(conn, answer.text, f"{event_id}:{answer.key}")
            if answer.ok and audit is not None and command.case is not None:
                await audit(conn, await cases.get(conn, command.case))
        for conv in touched:
            await svc.drain(conv)
        await svc.deliver_room()
        return answer

    async def _act(self, conn, command: commands.Command, agent: str, sender: str, event_id: str,
                   in_room: bool) -> tuple[Answer, set[int]]:
        """A command on one case: the lifecycle move, the note, what the employee and the room are told."""
        svc = self.cases
        case = await cases.get(conn, command.case)
        if case is None or case.route != "matrix":
            return Answer(False, render("case.agent.unknown", "de", number=command.case), "unknown"), set()
        act = Act(conn, case, command, agent, sender, event_id, svc.options.now(), in_room)
        try:
            told, ack = await {"claim": self._claim, "reassign": self._reassign, "reply": self._reply,
                               "close": self._close}[command.name](act)
        except lifecycle.IllegalMove as exc:
            return Answer(False, render(exc.key, "de", number=case.id, status=case.status)), set()
        for i, text in enumerate(told):
            await enqueue_text(conn, case.conversation_id, text, case.language, txn_for(f"{event_id}:{i}"))
        return Answer(bool(told), ack), ({case.conversation_id} if told else set())

    async def is_claimed_by(self, case, email: str) -> bool:
        """Whether `case` is with the person of this e-mail, claimed in the console or on Matrix."""
        if not case.agent:
            return False
        if case.agent.lower() == email.lower():
            return True
        person = await self.resolve(case.agent)
        return person is not None and (person.email or "").lower() == email.lower()

    async def _claim(self, a: "Act") -> tuple[list[str], str]:
        await cases.move(a.conn, a.case, "claim", a.now, agent=a.sender, agent_name=a.agent)
        return ([render("case.claimed", a.case.language, agent=a.agent)],
                render("case.room.claimed", "de", number=a.case.id, agent=a.agent))

    async def _reassign(self, a: "Act") -> tuple[list[str], str]:
        target = a.command.text.split()[0]
        other = await self.resolve(target)
        if other is None or other.role is not Role.HELPDESK:
            return [], render("case.agent.no_agent", "de", user=target)
        await cases.move(a.conn, a.case, "reassign", a.now, agent=target, agent_name=other.name)
        return ([render("case.claimed", a.case.language, agent=other.name)],
                render("case.room.reassigned", "de", number=a.case.id, agent=other.name))

    async def _reply(self, a: "Act") -> tuple[list[str], str | None]:
        await cases.move(a.conn, a.case, "reply", a.now)
        await cases.note(a.conn, f"reply:{a.event_id}", a.case.id, "agent", a.sender, a.command.text)
        echo = None if a.in_room else render("case.room.from_console", "de", number=a.case.id, agent=a.agent,
                                             text=a.command.text)  # in the room the agent's message is there
        return [render("case.from_agent", a.case.language, agent=a.agent, text=a.command.text)], echo

    async def _close(self, a: "Act") -> tuple[list[str], str]:
        await cases.move(a.conn, a.case, "close", a.now)
        if a.command.text:
            await cases.note(a.conn, f"close:{a.event_id}", a.case.id, "note", a.sender, a.command.text)
        await cases.leave_case_state(a.conn, a.case.conversation_id)
        return ([render("case.closed", a.case.language, number=a.case.id)],
                render("case.room.closed", "de", number=a.case.id, agent=a.agent))

    async def _queue(self, conn) -> str:
        rows = await cases.queue(conn)
        if not rows:
            return render("case.room.queue_empty", "de")
        lines = "\n".join(render("case.room.queue_line", "de", number=r.id, status=r.status, topic=r.topic or "-",
                                 agent=r.agent_name or "-") for r in rows)
        return render("case.room.queue", "de", lines=lines)

    async def reannounce(self) -> int:
        """Post unclaimed cases again once `reannounce` has passed since their last announcement."""
        svc = self.cases
        now = svc.options.now()
        async with svc.engine.connect() as conn, svc.tx(conn):
            due = await cases.due_announcements(conn, now - svc.options.reannounce)
            for case in due:
                n = case.announcements + 1
                minutes = int((now - _aware(case.created_at)).total_seconds() // 60)
                await svc.post(conn, render("case.room.reannounce", "de", number=case.id, minutes=minutes,
                                            topic=case.topic or "-"), f"case-{case.id}-announce-{n}")
                await conn.execute(cases.CASES.update().where(cases.CASES.c.id == case.id)
                                   .values(announcements=n, announced_at=now))
        if due:
            await svc.deliver_room()
        return len(due)


    async def purge(self, days: int) -> int:
        """Forget the texts of cases that ended more than `days` ago (`MOBI_RETENTION_DAYS`)."""
        svc = self.cases
        async with svc.engine.connect() as conn, svc.tx(conn):
            return await cases.purge_texts(conn, svc.options.now() - timedelta(days=days))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
