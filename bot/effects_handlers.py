"""What each kind of effect does, wired to the agreement writer, the help desk, the mailer and the bot DB."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from actions.events import (
    CancelAgreement, DeleteMyData, ExportMyData, NotifySupervisor, OpenTicket, RequestHandoff, ScheduleReminder,
    SetPreference, SubmitAgreement,
)
from actions.story import weekday_list
from bot import effects_privacy as privacy
from bot.effects import EffectRun, Handler, Permanent, enqueue_text, txn_for
from bot.store import insert_ignore
from bot.texts import render
from integrations.db.bot_schema import utcnow
from integrations.db.dialogue_schema import PreferenceRow, ReminderRow
from integrations.email import Mail, Mailer
from integrations.helpdesk import Helpdesk, Ticket

PREFS = PreferenceRow.__table__
REMINDERS = ReminderRow.__table__


class AgreementWriter(Protocol):
    """The two writes mobi makes to the HR system (SQL: `integrations.db.agreement_writer`)."""

    async def submit(self, event: SubmitAgreement, today: dt.date) -> None: ...

    async def cancel(self, event: CancelAgreement, today: dt.date) -> None: ...


@dataclass
class Effects:
    """The shell's means to carry out events; `handlers()` is the registry for `EffectRunner`."""

    engine: AsyncEngine  # the bot database
    writer: AgreementWriter
    helpdesk: Helpdesk
    mailer: Mailer
    today: Callable[[], dt.date]
    transaction: Callable[[AsyncConnection], Any] | None = None

    def handlers(self) -> dict[str, Handler]:
        return {
            "SubmitAgreement": self.submit, "CancelAgreement": self.cancel, "NotifySupervisor": self.notify,
            "OpenTicket": self.ticket, "RequestHandoff": self.handoff, "ScheduleReminder": self.remind,
            "SetPreference": self.preference, "DeleteMyData": self.delete, "ExportMyData": self.export,
        }

    def _tx(self, conn: AsyncConnection):
        return self.transaction(conn) if self.transaction else conn.begin()

    async def submit(self, event: SubmitAgreement, run: EffectRun) -> None:
        await self.writer.submit(event, self.today())

    async def cancel(self, event: CancelAgreement, run: EffectRun) -> None:
        await self.writer.cancel(event, self.today())

    async def notify(self, event: NotifySupervisor, run: EffectRun) -> None:
        if not event.supervisor_email:
            raise Permanent("the supervisor has no e-mail address on file")
        params = {"supervisor": event.supervisor_name or "", "employee": event.employee_name,
                  "change": render(f"mail.change.{event.change}", "de"), "days": event.days_per_week,
                  "weekdays": weekday_list(event.weekdays, "de"), "from": event.valid_from,
                  "until": event.valid_until or render("agreement.open_ended", "de")}
        await self.mailer.send(Mail(event.supervisor_email, render("mail.supervisor_subject", "de", **params),
                                    render("mail.supervisor_body", "de", **params),
                                    {"X-Mobi-Idempotency-Key": run.key}))

    async def ticket(self, event: OpenTicket, run: EffectRun) -> None:
        await self.helpdesk.open(Ticket(event.reference, event.priority, event.category, event.summary,
                                        event.details, event.reply_to), idempotency_key=run.key)

    async def handoff(self, event: RequestHandoff, run: EffectRun) -> None:
        """Until #8 brings the Matrix help-desk room, a hand-off is a ticket with the employee's words."""
        details = event.details + (("Anliegen", event.description), ("Thema", event.topic or "-"),
                                   ("Anlass", render(f"mail.handoff_reason.{event.reason}", "de")))
        await self.helpdesk.open(Ticket(event.reference, "normal", f"handoff/{event.reason}",
                                        "Bitte um Rückmeldung durch einen Menschen", details, event.reply_to),
                                 idempotency_key=run.key)

    async def remind(self, event: ScheduleReminder, run: EffectRun) -> None:
        async with self.engine.connect() as conn, self._tx(conn):
            await conn.execute(insert_ignore(conn, REMINDERS).values(
                key=event.key, personnel_number=event.personnel_number, kind=event.kind, due=event.due,
                params=dict(event.params), status="scheduled", created_at=utcnow()))

    async def preference(self, event: SetPreference, run: EffectRun) -> None:
        async with self.engine.connect() as conn, self._tx(conn):
            await set_preference(conn, event.personnel_number, event.name, event.enabled)

    async def delete(self, event: DeleteMyData, run: EffectRun) -> None:
        async with self.engine.connect() as conn, self._tx(conn):
            await privacy.forget(conn, event.personnel_number, keep_effect=run.id)

    async def export(self, event: ExportMyData, run: EffectRun) -> int | None:
        if run.conversation_id is None:
            raise Permanent("the conversation is gone")
        async with self.engine.connect() as conn, self._tx(conn):
            data = await privacy.collect(conn, event.personnel_number)
            text = render("privacy.export", event.language, json=privacy.as_json(data))
            queued = await enqueue_text(conn, run.conversation_id, text, event.language, txn_for(run.key))
        return run.conversation_id if queued else None


async def set_preference(conn: AsyncConnection, personnel_number: str, name: str, enabled: bool) -> None:
    where = (PREFS.c.personnel_number == personnel_number) & (PREFS.c.name == name)
    if await conn.scalar(select(PREFS.c.name).where(where)) is None:
        await conn.execute(insert_ignore(conn, PREFS).values(
            personnel_number=personnel_number, name=name, enabled=enabled, updated_at=utcnow()))
    else:
        await conn.execute(PREFS.update().where(where).values(enabled=enabled, updated_at=utcnow()))


async def preference(conn: AsyncConnection, personnel_number: str, name: str) -> bool:
    """An employee's switch; on unless they turned it off."""
    where = (PREFS.c.personnel_number == personnel_number) & (PREFS.c.name == name)
    value = await conn.scalar(select(PREFS.c.enabled).where(where))
    return True if value is None else bool(value)


def mailer_for(settings) -> Mailer:
    """SMTP when configured; otherwise mails land as .eml files in `MOBI_HOME/mail/` (demo, development)."""
    from integrations.email import SmtpMailer
    from integrations.helpdesk.maildrop import MailDrop

    return SmtpMailer(settings) if settings.smtp_host else MailDrop(settings.home / "mail", settings.mail_from)


def effect_runner(settings, dbs, transaction=None, extra: dict[str, Handler] | None = None):
    """The runner `mobi serve`, `mobi ask` and `mobi shell` use: SQL writer, e-mail help desk, settings' clock.

    `extra` adds handlers for further event kinds (help-desk cases: `bot.escalation.wiring`)."""
    from bot.effects import EffectRunner
    from bot.effects_broadcasts import broadcast_handlers
    from integrations.db.agreement_writer import SqlAgreementWriter
    from integrations.helpdesk import EmailHelpdesk

    mailer = mailer_for(settings)
    effects = Effects(dbs.bot, SqlAgreementWriter(dbs.agreement), EmailHelpdesk(mailer, settings.helpdesk_email),
                      mailer, settings.clock_today, transaction)
    broadcasts = broadcast_handlers(dbs.bot, settings.broadcast_approval, transaction)
    return EffectRunner(dbs.bot, {**effects.handlers(), **broadcasts, **(extra or {})}, transaction,
                        keep=dt.timedelta(days=settings.retention_days))
