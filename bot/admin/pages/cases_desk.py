"""The console as a help-desk desk: who the agent is, the queue as rows, and commands through `Agents.run`.

A console agent is its account's e-mail address: it is stored as the case's agent (a Matrix
agent's is the Matrix id) and the employee is told the name the directory has for that address
(else one made from the address). Claim, reply and close are the room's `!claim/!reply/!close`:
the same `Agents.run`, hence the same moves, texts, outbox and room posts; only the audit entry
(written in the command's transaction, never the reply text) is the console's own.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from markupsafe import Markup

from bot.admin import audit
from bot.escalation import lifecycle
from bot.escalation import store as cases
from bot.escalation.agents import Agents, Answer
from bot.escalation.commands import Command
from bot.messages import OutgoingMessage
from bot.texts import render
from integrations.matrix.render import content

NONCE = re.compile(r"^[0-9a-f]{32}$")
WHO = {"employee": "Beschäftigte Person", "agent": "Help-Desk", "note": "Notiz"}


@dataclass(frozen=True)
class Agent:
    email: str
    name: str


@dataclass(frozen=True)
class Row:
    """One case of the queue as the console shows it (no name, no text: those are for its agent only)."""

    number: int
    topic: str
    reason: str
    status: str
    agent_name: str
    since: dt.datetime
    mine: bool


@dataclass(frozen=True)
class Opened:
    """A case open for its agent: the room's first post (as HTML) and what was said since."""

    row: Row
    first_post: Markup | None
    thread: list[tuple[str, str, dt.datetime]]


def name_from_email(email: str) -> str:
    """`petra.koch@…` -> "Petra Koch" (for console accounts that are not in the directory)."""
    return " ".join(part.capitalize() for part in re.split(r"[._-]+", email.partition("@")[0]) if part)


async def agent_of(directory, email: str) -> Agent:
    person = await directory.by_email(email)
    return Agent(email, person.name if person is not None else name_from_email(email))


def event_id(nonce: str) -> str:
    """The form's nonce makes a resent form a repeat of the same command (handled once)."""
    return f"console:{nonce if NONCE.match(nonce) else uuid.uuid4().hex}"


def new_nonce() -> str:
    return uuid.uuid4().hex


async def act(agents: Agents, agent: Agent, name: str, number: int, text: str = "", nonce: str = "") -> Answer:
    """`!name number text` by a console agent; a repeated nonce is answered as done."""
    async def note(conn, case) -> None:
        await audit.record(conn, agent.email, f"case.{name}", f"#{number}", {"status": case.status if case else ""})

    body = f"!{name} {number} {text}".strip()
    answer = await agents.run(Command(name, number, text), agent.name, agent.email, event_id(nonce), body,
                              audit=note)
    return answer or Answer(True)


async def queue(conn, agents: Agents, me: str) -> list[Row]:
    return [await _row(agents, case, me) for case in await cases.queue(conn)]


async def owned(conn, agents: Agents, number: int, email: str) -> bool:
    """Whether case `number` is claimed by the console account `email` (only then may it answer or close)."""
    case = await cases.get(conn, number)
    return case is not None and await agents.is_claimed_by(case, email)


async def opened(conn, agents: Agents, number: int, me: str) -> Opened | Row | None:
    """The case for its agent (`Opened`), only its queue row for anybody else, None if there is none."""
    case = await cases.get(conn, number)
    if case is None or case.route != "matrix":
        return None
    row = await _row(agents, case, me)
    if not (row.mine and case.status in lifecycle.ACTIVE):
        return row
    post = await cases.first_post(conn, number)
    said = [(WHO[m.direction], m.text or "(Text gelöscht)", m.created_at) for m in await cases.thread(conn, number)]
    return Opened(row, as_the_room_shows(post) if post else None, said)


def as_the_room_shows(text: str) -> Markup:
    """The HTML the Matrix room got for `text` (its Markdown renderer escapes any HTML in the text)."""
    return Markup(content(OutgoingMessage("helpdesk", "", text))["formatted_body"])


async def _row(agents: Agents, case, me: str) -> Row:
    reason = render(f"mail.handoff_reason.{case.reason}", "de") if case.reason else "–"
    return Row(case.id, case.topic or "–", reason, case.status, case.agent_name or "", case.created_at,
               await agents.is_claimed_by(case, me))
