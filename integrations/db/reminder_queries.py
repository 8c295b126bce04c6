"""Candidates for reminders, read from the HR and IT databases: only rows that could be due (a few hundred)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain import Agreement, AgreementStatus, Device, DeviceStatus
from bot.reminders import APPROVAL_WAIT, EXPIRY_FIRST, PICKUP_WAIT, RETURN_AFTER_END, RETURN_SOON
from integrations.db.repositories import AGR, DEV, SqlAgreementRepository, _to_agreement, _to_device

A, D = AgreementStatus, DeviceStatus


class SqlReminderSource:
    def __init__(self, agreement_engine: AsyncEngine, device_engine: AsyncEngine):
        self._agreements = agreement_engine
        self._devices = device_engine

    async def candidates(self, today: dt.date) -> dict[str, tuple[list[Agreement], list[Device]]]:
        day = lambda n: today + dt.timedelta(days=n)  # noqa: E731
        ended_window = (day(-RETURN_AFTER_END), day(RETURN_SOON - RETURN_AFTER_END))
        where = or_(
            and_(AGR.c.status == A.ACTIVE, AGR.c.valid_until.between(today, day(EXPIRY_FIRST))),
            and_(AGR.c.status == A.SUBMITTED, AGR.c.status_since < day(-APPROVAL_WAIT)),
            and_(AGR.c.status.in_((A.CANCELLED, A.EXPIRED)), AGR.c.valid_until.between(*ended_window)),
        )
        async with self._agreements.connect() as conn:
            agreements = [_to_agreement(r) for r in await conn.execute(SqlAgreementRepository._query.where(where))]
        ended = [a.personnel_number for a in agreements if a.status in (A.CANCELLED, A.EXPIRED)]
        if ended:  # their other agreements decide whether the devices must really go back
            async with self._agreements.connect() as conn:
                more = SqlAgreementRepository._query.where(AGR.c.personnel_number.in_(ended))
                known = {(a.personnel_number, a.valid_from) for a in agreements}
                agreements += [a for a in map(_to_agreement, await conn.execute(more))
                               if (a.personnel_number, a.valid_from) not in known]
        devices_where = or_(
            and_(DEV.c.status == D.READY_FOR_PICKUP, DEV.c.status_since < day(-PICKUP_WAIT)),
            and_(DEV.c.status == D.RETURN_REQUESTED, DEV.c.expected_date.between(today, day(RETURN_SOON))),
            and_(DEV.c.status == D.HANDED_OUT, DEV.c.personnel_number.in_(ended or [""])),
        )
        async with self._devices.connect() as conn:
            devices = [_to_device(r) for r in await conn.execute(select(DEV).where(devices_where))]
        found: dict[str, tuple[list[Agreement], list[Device]]] = defaultdict(lambda: ([], []))
        for agreement in agreements:
            found[agreement.personnel_number][0].append(agreement)
        for device in devices:
            if device.personnel_number:
                found[device.personnel_number][1].append(device)
        return dict(found)
