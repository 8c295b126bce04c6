"""The only writes mobi makes to the HR agreement database: submit an application, end an agreement.

Both are idempotent, so an effect retried after a crash changes nothing the second time.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from actions.events import CancelAgreement, SubmitAgreement
from bot.domain import AgreementStatus
from bot.store import insert_ignore
from integrations.db.agreement_schema import AgreementRow, EmployeeRow

AGR = AgreementRow.__table__
EMP = EmployeeRow.__table__
NOTES = {
    "new": "Antrag über mobi gestellt.",
    "change": "Änderung über mobi beantragt.",
    "extension": "Verlängerung über mobi beantragt.",
}


class SqlAgreementWriter:
    def __init__(self, engine: AsyncEngine):
        self._engine = engine

    async def submit(self, event: SubmitAgreement, today: dt.date) -> None:
        """A `submitted` agreement; the same start day twice is one application (unique per employee and day)."""
        async with self._engine.begin() as conn:
            supervisor = await conn.scalar(
                select(EMP.c.supervisor_personnel_number).where(EMP.c.personnel_number == event.personnel_number))
            await conn.execute(insert_ignore(conn, AGR).values(
                personnel_number=event.personnel_number, status=AgreementStatus.SUBMITTED,
                days_per_week=event.days_per_week, weekdays=",".join(event.weekdays), valid_from=event.valid_from,
                valid_until=event.valid_until, status_since=today, supervisor_personnel_number=supervisor,
                note=NOTES.get(event.change, NOTES["new"])))

    async def cancel(self, event: CancelAgreement, today: dt.date) -> None:
        """The agreement in force that began on `valid_from` ends on `end_date` (§ 12 Abs. 1)."""
        live = (AgreementStatus.ACTIVE, AgreementStatus.APPROVED)
        async with self._engine.begin() as conn:
            await conn.execute(
                update(AGR)
                .where((AGR.c.personnel_number == event.personnel_number) & (AGR.c.valid_from == event.valid_from)
                       & AGR.c.status.in_(live))
                .values(status=AgreementStatus.CANCELLED, valid_until=event.end_date, status_since=today,
                        note=f"Über mobi beendet zum {event.end_date:%d.%m.%Y} (§ 12 Abs. 1)."))
