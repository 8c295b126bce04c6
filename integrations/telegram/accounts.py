"""The linking flow's shell: look up, let `linking.decide` choose, store the outcome, prepare the code mail."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain import Employee
from bot.messages import Option
from bot.repositories import EmployeeDirectory
from bot.texts import render
from integrations.db.bot_schema import utcnow
from integrations.email import Mail
from integrations.telegram import linking
from integrations.telegram import store as tg
from integrations.telegram.linking import CODE_DIGITS, CODE_TTL, Decision, Input, Move, Pending, Stage

MINUTES = int(CODE_TTL.total_seconds() // 60)
ASKS_FOR_EMAIL = frozenset({"telegram.welcome", "telegram.not_an_email"})


@dataclass(frozen=True)
class Result:
    """What to answer (rendered, with options) and the mail to send once the transaction committed."""

    replies: list[tuple[str, tuple[Option, ...]]]
    mail: Mail | None = field(default=None, repr=False)  # holds the code: never logged, never stored


class Accounts:
    def __init__(self, directory: EmployeeDirectory, key: bytes, helpdesk: str, personal_data: bool,
                 clock: Callable[[], dt.datetime] = utcnow):
        self._directory = directory
        self._key = key
        self._helpdesk = helpdesk
        self._personal_data = personal_data
        self._clock = clock

    async def handle(self, conn: AsyncConnection, user_id: int, inp: Input, language: str) -> Result:
        """One step of the flow for `user_id`, inside the caller's bot-database transaction."""
        now = self._clock()
        pending = await tg.load_link(conn, user_id)
        stage = Stage.LINKED if await tg.linked(conn, user_id) else pending.stage
        email_hash = linking.email_hash(self._key, inp.value) if inp.kind == "email" else pending.email_hash
        counts = await tg.counts(conn, user_id, email_hash, now)
        typed = linking.code_hash(self._key, user_id, inp.value) if inp.kind == "code" else ""
        decision = linking.decide(stage, inp, counts, linking.matches(pending, typed), linking.is_expired(pending, now))
        mail, name = await self._apply(conn, user_id, stage, decision, inp, pending, email_hash, now)
        if decision.count:
            await tg.add_attempt(conn, decision.count, user_id, email_hash, now)
        return Result([self._reply(decision, language, name, user_id)], mail)

    async def _apply(self, conn: AsyncConnection, user_id: int, stage: Stage, decision: Decision, inp: Input,
                     pending: Pending, email_hash: str | None, now: dt.datetime) -> tuple[Mail | None, str]:
        """Store what the move changed; returns the code mail (for a known address) and the linked name."""
        if decision.move is Move.EMAIL:
            employee = await self._directory.by_email(inp.value)
            code = linking.new_code()
            known = employee is not None
            await tg.save_link(conn, user_id, Pending(
                decision.stage, email_hash, employee.personnel_number if known else None,
                linking.code_hash(self._key, user_id, code) if known else None, now + CODE_TTL))
            return (self._mail(employee, code) if known else None), ""
        if decision.move is Move.CODE_OK:
            await tg.link(conn, user_id, pending.personnel_number)
            employee = await self._directory.by_personnel_number(pending.personnel_number)
            return None, employee.name if employee else ""
        if decision.move is Move.UNLINK:
            await tg.unlink(conn, user_id)
        elif decision.stage is not stage or decision.move is Move.START:
            await tg.save_link(conn, user_id, Pending(decision.stage))
        return None, ""

    def _reply(self, decision: Decision, language: str, name: str, user_id: int) -> tuple[str, tuple[Option, ...]]:
        params = dict(digits=CODE_DIGITS, minutes=MINUTES, left=decision.left, helpdesk=self._helpdesk,
                      user_id=user_id, name=name)
        body = render(decision.reply, language, **params)
        if decision.reply in ("telegram.welcome", "telegram.linked") and not self._personal_data:
            body += "\n\n" + render("telegram.privacy_note", language)
        options = ()
        if decision.reply in ASKS_FOR_EMAIL:
            options = (Option(render("telegram.option_no_email", language), linking.NO_EMAIL),)
        return body, options

    def _mail(self, employee: Employee, code: str) -> Mail:
        language = employee.language
        body = render("telegram.mail_body", language, name=employee.name, code=linking.shown(code), minutes=MINUTES,
                    helpdesk=self._helpdesk)
        return Mail(employee.email or "", render("telegram.mail_subject", language), body)
