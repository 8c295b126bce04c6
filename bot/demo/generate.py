"""The pure part of the demo build: seed + today -> rows for the agreement and device databases.

Deterministic: every random choice comes from `random.Random` streams seeded with the seed, and
nothing depends on set or hash order, so the same seed and day give identical rows.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from bot.demo.agreements import AGREEMENTS_PER_15000, generate_agreements
from bot.demo.catalog import UNITS, eakte_start
from bot.demo.devices import Inventory, generate_devices
from bot.demo.people import FIRST_GENERATED_NUMBER, generate_staff
from bot.demo.personas import fixed_records

MIN_EMPLOYEES = 100


@dataclass(frozen=True)
class DemoData:
    """Rows ready for bulk insert (employees ordered so supervisors come first; `level` is not a column)."""

    org_units: list[dict]
    employees: list[dict]
    agreements: list[dict]
    devices: list[dict]


def _stream(seed: int, part: str) -> random.Random:
    """One independent stream per part, so changing how devices are drawn leaves the staff alone."""
    return random.Random(f"mobi-demo/{seed}/{part}")


def generate(*, employees: int = 15000, seed: int = 1, today: dt.date) -> DemoData:
    """All demo rows: ~40 Ämter, `employees` staff (personas included), agreements and devices."""
    if employees < MIN_EMPLOYEES:
        raise ValueError(f"the demo needs at least {MIN_EMPLOYEES} employees (got {employees})")
    fixed = fixed_records(today)
    staff = generate_staff(_stream(seed, "staff"), employees - len(fixed.employees), fixed.employees)
    generated = [e for e in staff.employees if int(e["personnel_number"]) >= FIRST_GENERATED_NUMBER]
    pool = [e for e in generated if e["eligible_for_mobile_work"] and e["email"]]
    wanted = round(AGREEMENTS_PER_15000 * employees / 15000) - len(fixed.agreements)
    agreements = generate_agreements(_stream(seed, "agreements"), pool, wanted, today)
    supervisor = {e["personnel_number"]: e["supervisor_personnel_number"] for e in staff.employees}
    agreements += [dict(a, supervisor_personnel_number=supervisor[a["personnel_number"]]) for a in fixed.agreements]
    inventory = Inventory(_stream(seed, "devices"), today, [d["inventory_number"] for d in fixed.devices])
    devices = generate_devices(inventory, generated, _current(agreements)) + fixed.devices
    units = [dict(code=u.code, name=u.name, eakte_wave=u.wave, eakte_start=eakte_start(u.wave, today)) for u in UNITS]
    return DemoData(
        org_units=units,
        employees=staff.employees,
        agreements=sorted(agreements, key=lambda a: (a["personnel_number"], a["valid_from"])),
        devices=sorted(devices, key=lambda d: d["inventory_number"]),
    )


def _current(agreements: list[dict]) -> dict[str, dict]:
    """Each holder's newest agreement (the one that decides about devices)."""
    newest: dict[str, dict] = {}
    for a in agreements:
        known = newest.get(a["personnel_number"])
        if known is None or a["valid_from"] > known["valid_from"]:
            newest[a["personnel_number"]] = a
    return newest
