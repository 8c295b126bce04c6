"""Keyword-default factories that write real rows into the test databases."""
from __future__ import annotations

import datetime as dt
import itertools

from integrations.db.agreement_schema import AgreementRow, EmployeeRow, OrgUnitRow
from integrations.db.device_schema import DeviceRow

TODAY = dt.date(2026, 11, 28)
_numbers = itertools.count(900000)


async def org_unit(dbs, *, code="36", name="Amt für Umweltschutz", eakte_wave=2, eakte_start=TODAY) -> str:
    async with dbs.agreement.begin() as conn:
        await conn.execute(OrgUnitRow.__table__.insert(), dict(
            code=code, name=name, eakte_wave=eakte_wave, eakte_start=eakte_start))
    return code


async def employee(dbs, *, personnel_number=None, first_name="Erika", last_name="Muster", email=None,
                   org_unit_code="36", position="Sachbearbeitung", eligible=True, role="employee",
                   language="de", supervisor=None) -> str:
    number = personnel_number or str(next(_numbers))
    async with dbs.agreement.begin() as conn:
        await conn.execute(EmployeeRow.__table__.insert(), dict(
            personnel_number=number, first_name=first_name, last_name=last_name,
            email=email if email is not None else f"{number}@stuttgart.example",
            org_unit_code=org_unit_code, position=position, eligible_for_mobile_work=eligible, role=role,
            language=language, supervisor_personnel_number=supervisor))
    return number


async def agreement(dbs, *, personnel_number, status="active", days_per_week=2, weekdays="mon,thu",
                    valid_from=TODAY - dt.timedelta(days=100), valid_until=TODAY + dt.timedelta(days=220),
                    status_since=TODAY - dt.timedelta(days=100), supervisor=None, note="") -> None:
    async with dbs.agreement.begin() as conn:
        await conn.execute(AgreementRow.__table__.insert(), dict(
            personnel_number=personnel_number, status=status, days_per_week=days_per_week, weekdays=weekdays,
            valid_from=valid_from, valid_until=valid_until, status_since=status_since,
            supervisor_personnel_number=supervisor, note=note))


async def device(dbs, *, inventory_number="NB-104233", type="laptop", model="Dell Latitude 5440",
                 status="handed_out", personnel_number=None, status_since=TODAY - dt.timedelta(days=3),
                 expected_date=None, location=None, ticket=None) -> str:
    async with dbs.device.begin() as conn:
        await conn.execute(DeviceRow.__table__.insert(), dict(
            inventory_number=inventory_number, type=type, model=model, status=status,
            personnel_number=personnel_number, status_since=status_since, expected_date=expected_date,
            location=location, ticket=ticket))
    return inventory_number
