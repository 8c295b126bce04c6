"""The agent side: commands from the help-desk room and re-announcing unclaimed cases.

Each room event is handled in one transaction keyed by its event id (a command seen twice, e.g.
re-read after a crash, does nothing the second time); what it says to the employee and to the
room is queued in the outbox in that transaction and delivered after the commit.
"""
from __future__ import annotations

from typing import Awaitable, Callable

from bot.domain import Employee, Role
from bot.effects import enqueue_text, txn_for
from bot.escalation import commands, lifecycle
from bot.escalation import store as cases
from bot.escalation.service import Cases
from bot.texts import render

Resolve = Callable[[str], Awaitable[Employee | None]]
"""A Matrix user id -> the employee behind it (None: not in the directory)."""


class Agents:
    def __init__(self, cases_: Cases, resolve: Resolve):
        self.cases, self.resolve = cases_, resolve

    async def handle(self, event_id: str, sender: str, body: str, thread_case: int | None = None) -> None:
        """One message in the help-desk room."""
        command = commands.parse(body, thread_case)
        if command is None:
            return
        agent = await self.resolve(sender)
        touched: set[int] = set()
        svc = self.cases
        async with svc.engine.connect() as conn, svc.tx(conn):
            if not await cases.note(conn, f"room:{event_id}", command.case or 0, "command", sender, body):
                return
            if agent is None or agent.role is not Role.HELPDESK:
                await svc.post(conn, render("case.agent.refused", "de", user=sender), f"{event_id}:refused")
            elif command.name == "usage":
                await svc.post(conn, render("case.agent.usage", "de"), f"{event_id}:usage")
            elif command.name == "queue":
                await svc.post(conn, await self._queue(conn), f"{event_id}:queue")
            else:
                touched = await self._act(conn, command, agent, sender, event_id)
        for conv in touched:
            await svc.drain(conv)
        await svc.deliver_room()

    async def _act(self, conn, command: commands.Command, agent: Employee, sender: str, event_id: str) -> set[int]:
        svc = self.cases
        case = await cases.get(conn, command.case)
        if case is None or case.route != "matrix":
            await svc.post(conn, render("case.agent.unknown", "de", number=command.case), f"{event_id}:unknown")
            return set()
        lang, conv, say = case.language, case.conversation_id, []
        try:
            if command.name == "claim":
                await cases.move(conn, case, "claim", agent=sender, agent_name=agent.name)
                say.append(render("case.claimed", lang, agent=agent.name))
                await svc.post(conn, render("case.room.claimed", "de", number=case.id, agent=agent.name),
                               f"{event_id}:ack")
            elif command.name == "reassign":
                other = await self.resolve(command.text.split()[0])
                if other is None or other.role is not Role.HELPDESK:
                    await svc.post(conn, render("case.agent.no_agent", "de", user=command.text), f"{event_id}:ack")
                    return set()
                await cases.move(conn, case, "reassign", agent=command.text.split()[0], agent_name=other.name)
                say.append(render("case.claimed", lang, agent=other.name))
                await svc.post(conn, render("case.room.reassigned", "de", number=case.id, agent=other.name),
                               f"{event_id}:ack")
            elif command.name == "reply":
                await cases.move(conn, case, "reply")
                await cases.note(conn, f"reply:{event_id}", case.id, "agent", sender, command.text)
                say.append(render("case.from_agent", lang, agent=agent.name, text=command.text))
            elif command.name == "close":
                await cases.move(conn, case, "close")
                if command.text:
                    await cases.note(conn, f"close:{event_id}", case.id, "note", sender, command.text)
                await cases.leave_case_state(conn, conv)
                say.append(render("case.closed", lang, number=case.id))
                await svc.post(conn, render("case.room.closed", "de", number=case.id, agent=agent.name),
                               f"{event_id}:ack")
        except lifecycle.IllegalMove as exc:
            await svc.post(conn, render(exc.key, "de", number=case.id, status=case.status), f"{event_id}:illegal")
            return set()
        for i, text in enumerate(say):
            await enqueue_text(conn, conv, text, lang, txn_for(f"{event_id}:{i}"))
        return {conv}

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


def _aware(moment):
    import datetime as dt

    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
