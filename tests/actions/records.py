"""Keyword-default builders of domain records for core tests (the personas of personas.md, in memory)."""
from __future__ import annotations

import datetime as dt

from bot.domain import Agreement, AgreementStatus, Device, DeviceStatus, DeviceType
from tests.actions.memory import TODAY, employee, memory_repos

RATHAUS = "IT-Ausgabe Rathaus, Marktplatz 1, Raum 0.12"


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def agreement(number="100001", status=AgreementStatus.ACTIVE, days=2, weekdays=("mon", "thu"), start=-145,
              until: int | None = 220, since=-145, supervisor=None) -> Agreement:
    return Agreement(number, status, days, weekdays, day(start), day(until) if until is not None else None,
                     day(since), supervisor)


def laptop(number="100001", inventory="NB-104233", status=DeviceStatus.HANDED_OUT, since=-3, expected=None,
           location=None, ticket=None, type=DeviceType.LAPTOP) -> Device:
    return Device(inventory, type, "Lenovo ThinkPad T14", status, number, day(since),
                  day(expected) if expected is not None else None, location, ticket)


def personas():
    """(employee, repos) of the five personas of personas.md, sharing one set of repositories."""
    anna = employee("100001", "Anna", "Schmid")
    mehmet = employee("100002", "Mehmet", "Yilmaz")
    julia = employee("100003", "Julia", "Becker", supervisor="Tanja Hoffmann")
    thomas = employee("100004", "Thomas", "Müller", eligible=False, position="Straßenwärter/in (Kolonne)",
                      supervisor="Laura Gaiser")
    lukas = employee("100005", "Lukas", "Klein")
    agreements = [
        agreement("100001"),
        agreement("100002", AgreementStatus.SUBMITTED, 2, (), 30, 394, -12),
        agreement("100003", AgreementStatus.ACTIVE, 3, ("mon", "tue", "thu"), -345, 20, -345),
        agreement("100005", AgreementStatus.CANCELLED, 2, ("mon", "fri"), -420, -24, -55),
    ]
    devices = [
        laptop("100001", "NB-104233", DeviceStatus.READY_FOR_PICKUP, -3, location=RATHAUS),
        laptop("100002", "NB-105512", DeviceStatus.ORDERED, -20, expected=9),
        laptop("100003", "NB-100871", DeviceStatus.IN_REPAIR, -2, ticket="INC-58213"),
        laptop("100005", "NB-102455", DeviceStatus.RETURN_REQUESTED, -24, expected=7, location=RATHAUS),
    ]
    people = {"anna": anna, "mehmet": mehmet, "julia": julia, "thomas": thomas, "lukas": lukas}
    return people, memory_repos(people.values(), agreements, devices)
