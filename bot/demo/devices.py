"""Generated IT inventory, consistent with the agreements: who works mobile has a laptop, who stopped returns it."""
from __future__ import annotations

import datetime as dt
import random

from bot.demo.personas import RATHAUS, RESERVED_TICKETS
from bot.domain import AgreementStatus as A
from bot.domain import DeviceStatus as D
from bot.domain import DeviceType as T

PREFIX = {T.LAPTOP: "NB", T.MONITOR: "MO", T.HEADSET: "HS", T.DOCKING_STATION: "DS", T.SMARTPHONE: "SP"}
FIRST_NUMBER = 100100
FIRST_TICKET = 60001
RETURN_DAYS = 14  # § 12: devices back within 14 days after the end
LOCATIONS = ((RATHAUS, 0.6), ("IT-Ausgabe Technisches Rathaus, Eberhardstraße 33, Raum 0.07", 0.25),
             ("IT-Ausgabe Bezirksrathaus Bad Cannstatt, Marktplatz 10", 0.15))
LAPTOPS = (  # by age: older than 3 years, older than ~1.5 years, newer
    (1100, ("Lenovo ThinkPad T14 Gen 1", "Fujitsu Lifebook U7410", "HP EliteBook 840 G7")),
    (500, ("Lenovo ThinkPad T14 Gen 2", "Lenovo ThinkPad T14 Gen 3", "Dell Latitude 5430")),
    (-1, ("Lenovo ThinkPad T14 Gen 4", "Lenovo ThinkPad T14 Gen 5", "Dell Latitude 5440")),
)
MODELS = {
    T.MONITOR: ("Dell P2423D", "Fujitsu B24-9 TE", "HP E24 G5"),
    T.HEADSET: ("Jabra Evolve2 40", "Poly Blackwire 3320", "Jabra Evolve2 55"),
    T.DOCKING_STATION: ("Lenovo ThinkPad Universal USB-C Dock", "Dell WD19S"),
    T.SMARTPHONE: ("Apple iPhone 13", "Apple iPhone SE (2022)", "Samsung Galaxy A54"),
}
ACCESSORIES = ((T.HEADSET, 0.42), (T.DOCKING_STATION, 0.11), (T.MONITOR, 0.07))  # on request (§ 7)
LAPTOP_WITHOUT_AGREEMENT = 0.09  # desktops replaced by laptops anyway (council decision Nov 2020)
LEAD_SMARTPHONE = 0.5
FIELD_SMARTPHONE = 0.08
POOL_RETIRED = 0.018  # per employee: old laptops taken out of service
POOL_STOCK = 0.005  # per employee: laptops being set up for whoever comes next


class Inventory:
    """Collects devices and hands out unique inventory and ticket numbers, skipping reserved ones."""

    def __init__(self, rng: random.Random, today: dt.date, reserved: list[str]):
        self.rng, self.today = rng, today
        self.reserved = set(reserved) | set(RESERVED_TICKETS)
        self.next = {prefix: FIRST_NUMBER for prefix in PREFIX.values()}
        self.ticket_number = FIRST_TICKET
        self.devices: list[dict] = []

    def _number(self, kind: T) -> str:
        prefix = PREFIX[kind]
        while f"{prefix}-{self.next[prefix]}" in self.reserved:
            self.next[prefix] += 1
        self.next[prefix] += 1
        return f"{prefix}-{self.next[prefix] - 1}"

    def ticket(self) -> str:
        while f"INC-{self.ticket_number}" in self.reserved:
            self.ticket_number += 1
        self.ticket_number += 1
        return f"INC-{self.ticket_number - 1}"

    def add(self, kind: T, status: D, owner: str | None, since: dt.date, *, expected: dt.date | None = None,
            location: str | None = None, ticket: str | None = None, model_date: dt.date | None = None) -> None:
        since = min(since, self.today)
        self.devices.append(dict(
            inventory_number=self._number(kind), type=kind, model=self._model(kind, model_date or since),
            status=status, personnel_number=owner, status_since=since, expected_date=expected,
            location=location, ticket=ticket,
        ))

    def _model(self, kind: T, issued: dt.date) -> str:
        if kind is T.LAPTOP:
            age = (self.today - issued).days
            return self.rng.choice(next(models for older, models in LAPTOPS if age > older))
        return self.rng.choice(MODELS[kind])

    def location(self) -> str:
        return self.rng.choices([p for p, _ in LOCATIONS], weights=[w for _, w in LOCATIONS])[0]

    def days(self, low: int, high: int) -> dt.date:
        return self.today + dt.timedelta(days=self.rng.randint(low, high))


def generate_devices(inv: Inventory, employees: list[dict], current: dict[str, dict]) -> list[dict]:
    """Devices for `employees` (generated only); `current` maps personnel number -> current agreement."""
    rng = inv.rng
    for e in employees:
        pn = e["personnel_number"]
        agreement = current.get(pn)
        if agreement is not None:
            _for_agreement(inv, pn, agreement)
        elif e["eligible_for_mobile_work"] and e["email"] and rng.random() < LAPTOP_WITHOUT_AGREEMENT:
            issued = inv.days(-1400, -30)
            inv.add(T.LAPTOP, D.HANDED_OUT, pn, issued)
        if e["level"] < 2 and rng.random() < LEAD_SMARTPHONE:
            inv.add(T.SMARTPHONE, D.HANDED_OUT, pn, inv.days(-1200, -10))
        elif not e["eligible_for_mobile_work"] and e["email"] and rng.random() < FIELD_SMARTPHONE:
            inv.add(T.SMARTPHONE, D.HANDED_OUT, pn, inv.days(-1200, -10))
    for _ in range(round(len(employees) * POOL_RETIRED)):
        inv.add(T.LAPTOP, D.RETIRED, None, inv.days(-900, -20), model_date=inv.days(-2200, -1500))
    for _ in range(round(len(employees) * POOL_STOCK)):
        inv.add(T.LAPTOP, D.IN_PREPARATION, None, inv.days(-10, 0))
    return inv.devices


def _for_agreement(inv: Inventory, pn: str, agreement: dict) -> None:
    status = agreement["status"]
    if status is A.ACTIVE:
        _active_kit(inv, pn, min(inv.today, agreement["valid_from"] + dt.timedelta(days=inv.rng.randint(0, 14))))
    elif status is A.APPROVED:
        _coming(inv, pn, with_headset=inv.rng.random() < 0.5)
    elif status is A.SUBMITTED and inv.rng.random() < 0.25:  # ordered ahead of the decision
        inv.add(T.LAPTOP, D.ORDERED, pn, inv.days(-30, -1), expected=inv.days(3, 35))
    elif status in (A.EXPIRED, A.CANCELLED):
        _ending(inv, pn, agreement["valid_until"])


def _active_kit(inv: Inventory, pn: str, issued: dt.date) -> None:
    rng = inv.rng
    roll = rng.random()
    if roll < 0.025:
        inv.add(T.LAPTOP, D.IN_REPAIR, pn, inv.days(-25, -1), ticket=inv.ticket(), model_date=issued)
    elif roll < 0.029:
        inv.add(T.LAPTOP, D.LOST, pn, inv.days(-200, -1), ticket=inv.ticket(), model_date=issued)
    else:
        inv.add(T.LAPTOP, D.HANDED_OUT, pn, issued)
    for kind, share in ACCESSORIES:
        if rng.random() < share:
            inv.add(kind, D.HANDED_OUT, pn, issued)


def _coming(inv: Inventory, pn: str, with_headset: bool) -> None:
    roll = inv.rng.random()
    for kind in (T.LAPTOP, T.HEADSET) if with_headset else (T.LAPTOP,):
        if roll < 0.4:
            inv.add(kind, D.ORDERED, pn, inv.days(-25, -1), expected=inv.days(3, 30))
        elif roll < 0.7:
            inv.add(kind, D.IN_PREPARATION, pn, inv.days(-7, 0), expected=inv.days(1, 10))
        else:
            inv.add(kind, D.READY_FOR_PICKUP, pn, inv.days(-10, 0), location=inv.location())


def _ending(inv: Inventory, pn: str, until: dt.date) -> None:
    """Still in use during the notice period, then return requested, mostly returned later."""
    rng = inv.rng
    issued = until - dt.timedelta(days=rng.randint(200, 700))
    for kind in (T.LAPTOP, T.HEADSET) if rng.random() < 0.45 else (T.LAPTOP,):
        due = until + dt.timedelta(days=RETURN_DAYS)
        if until >= inv.today:
            inv.add(kind, D.HANDED_OUT, pn, issued)
        elif due >= inv.today or rng.random() < 0.1:
            inv.add(kind, D.RETURN_REQUESTED, pn, until, expected=due, location=RATHAUS, model_date=issued)
        else:
            inv.add(kind, D.RETURNED, pn, until + dt.timedelta(days=rng.randint(0, RETURN_DAYS)), model_date=issued)
