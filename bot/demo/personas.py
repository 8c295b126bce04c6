"""The fixed demo personas of `shared/domain/personas.md`, exactly as described there (dates relative to today).

`PERSONAS` is what README and the web chat show; `fixed_records(today)` gives their rows (plus
Claudia Wolf, Mehmet's supervisor) for the demo build. Personnel numbers 100001-100009 and the
inventory numbers below are reserved: generated staff and devices never use them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.domain import AgreementStatus as A
from bot.domain import DeviceStatus as D
from bot.domain import DeviceType, Role

RATHAUS = "IT-Ausgabe Rathaus, Marktplatz 1, Raum 0.12"
TEAM_LEAD = "?team-lead"  # placeholder: the generator picks a Sachgebietsleitung of the same Amt
UNIT_LEAD = "?unit-lead"  # placeholder: the Amtsleitung of the same Amt


@dataclass(frozen=True)
class Persona:
    """A demo employee a newcomer can play (README, web chat persona picker)."""

    email: str
    name: str
    amt: str
    role: Role
    description: str
    personnel_number: str


PERSONAS: tuple[Persona, ...] = (
    Persona("anna.schmid@stuttgart.example", "Anna Schmid", "Amt für Umweltschutz", Role.EMPLOYEE,
            "Laptop NB-104233 liegt zur Abholung bereit; Vereinbarung aktiv (2 Tage: Mo, Do).", "100001"),
    Persona("mehmet.yilmaz@stuttgart.example", "Mehmet Yilmaz", "Jugendamt", Role.EMPLOYEE,
            "Antrag eingereicht, wartet auf Claudia Wolf; Laptop bestellt, Lieferung in 9 Tagen.", "100002"),
    Persona("julia.becker@stuttgart.example", "Julia Becker", "Stadtkämmerei", Role.EMPLOYEE,
            "Vereinbarung aktiv (3 Tage), läuft in 20 Tagen ab; Laptop NB-100871 in Reparatur (INC-58213).",
            "100003"),
    Persona("thomas.mueller@stuttgart.example", "Thomas Müller", "Tiefbauamt", Role.EMPLOYEE,
            "Straßenwärter im Außendienst: Stelle nicht für mobiles Arbeiten vorgesehen.", "100004"),
    Persona("lukas.klein@stuttgart.example", "Lukas Klein", "Branddirektion", Role.EMPLOYEE,
            "Vereinbarung vor 24 Tagen beendet; Laptop NB-102455 bis in 7 Tagen zurückgeben.", "100005"),
    Persona("sabine.wagner@stuttgart.example", "Sabine Wagner", "Haupt- und Personalamt", Role.HR,
            "Personalsachbearbeiterin (HR): darf Rundschreiben anlegen; Vereinbarung aktiv.", "100006"),
    Persona("petra.koch@stuttgart.example", "Petra Koch", "Haupt- und Personalamt", Role.HELPDESK,
            "IT-Service (Help-Desk): bearbeitet Anfragen, die mobi weitergibt; Vereinbarung aktiv.", "100007"),
    Persona("admin@stuttgart.example", "mobi Admin", "Haupt- und Personalamt", Role.OPERATOR,
            "Betrieb von mobi (Admin-Konsole); keine Vereinbarung, kein Gerät.", "100008"),
)
CLAUDIA_WOLF = "100009"


@dataclass(frozen=True)
class FixedRecords:
    """Rows of the fixed employees; supervisors may be placeholders the generator resolves."""

    employees: list[dict] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)
    devices: list[dict] = field(default_factory=list)


def _employee(pn, first, last, email, unit, position, *, role=Role.EMPLOYEE, eligible=True,
              supervisor=TEAM_LEAD, level=2) -> dict:
    return dict(personnel_number=pn, first_name=first, last_name=last, email=email, org_unit_code=unit,
                position=position, eligible_for_mobile_work=eligible, role=role, language="de",
                supervisor_personnel_number=supervisor, level=level)


def _agreement(pn, status, days, weekdays, valid_from, valid_until, status_since, note="") -> dict:
    return dict(personnel_number=pn, status=status, days_per_week=days, weekdays=weekdays, valid_from=valid_from,
                valid_until=valid_until, status_since=status_since, supervisor_personnel_number=None, note=note)


def _laptop(number, model, status, pn, since, *, expected=None, location=None, ticket=None) -> dict:
    return dict(inventory_number=number, type=DeviceType.LAPTOP, model=model, status=status, personnel_number=pn,
                status_since=since, expected_date=expected, location=location, ticket=ticket)


def fixed_records(today: dt.date) -> FixedRecords:
    """The personas and Claudia Wolf with their agreements and devices, as of `today`."""

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    mail = {p.personnel_number: p.email for p in PERSONAS}
    employees = [
        _employee("100001", "Anna", "Schmid", mail["100001"], "36", "Sachbearbeitung Immissionsschutz"),
        _employee("100002", "Mehmet", "Yilmaz", mail["100002"], "51", "Sachbearbeitung Wirtschaftliche Jugendhilfe",
                  supervisor=CLAUDIA_WOLF),
        _employee("100003", "Julia", "Becker", mail["100003"], "20", "Sachbearbeitung Haushalt"),
        _employee("100004", "Thomas", "Müller", mail["100004"], "66", "Straßenwärter/in (Kolonne)", eligible=False),
        _employee("100005", "Lukas", "Klein", mail["100005"], "37", "Sachbearbeitung Verwaltung"),
        _employee("100006", "Sabine", "Wagner", mail["100006"], "10", "Sachbearbeitung Personal", role=Role.HR),
        _employee("100007", "Petra", "Koch", mail["100007"], "10", "IT-Service (Help-Desk)", role=Role.HELPDESK),
        _employee("100008", "mobi", "Admin", mail["100008"], "10", "Betrieb mobi (Administration)",
                  role=Role.OPERATOR, supervisor=UNIT_LEAD),
        _employee(CLAUDIA_WOLF, "Claudia", "Wolf", "claudia.wolf@stuttgart.example", "51", "Sachgebietsleitung",
                  supervisor=UNIT_LEAD, level=1),
    ]
    agreements = [
        _agreement("100001", A.ACTIVE, 2, "mon,thu", day(-145), day(220), day(-145)),
        _agreement("100002", A.SUBMITTED, 2, "", day(30), day(30 + 364), day(-12)),
        _agreement("100003", A.ACTIVE, 3, "mon,tue,thu", day(-345), day(20), day(-345)),
        _agreement("100005", A.CANCELLED, 2, "mon,fri", day(-420), day(-24), day(-55),
                   "Beendet auf Wunsch des Beschäftigten mit einem Monat Frist (§ 12)."),
        _agreement("100006", A.ACTIVE, 2, "tue,thu", day(-610), None, day(-610)),
        _agreement("100007", A.ACTIVE, 1, "fri", day(-480), None, day(-480)),
        _agreement(CLAUDIA_WOLF, A.ACTIVE, 1, "wed", day(-700), None, day(-700)),
    ]
    devices = [
        _laptop("NB-104233", "Lenovo ThinkPad T14 Gen 5", D.READY_FOR_PICKUP, "100001", day(-3), location=RATHAUS),
        _laptop("NB-105512", "Lenovo ThinkPad T14 Gen 5", D.ORDERED, "100002", day(-20), expected=day(9)),
        _laptop("NB-100871", "Lenovo ThinkPad T14 Gen 3", D.IN_REPAIR, "100003", day(-2), ticket="INC-58213"),
        _laptop("NB-102455", "Lenovo ThinkPad T14 Gen 3", D.RETURN_REQUESTED, "100005", day(-24),
                expected=day(7), location=RATHAUS),
        _laptop("NB-100002", "Lenovo ThinkPad T14 Gen 2", D.HANDED_OUT, "100006", day(-605)),
        _laptop("NB-100003", "Lenovo ThinkPad T14 Gen 2", D.HANDED_OUT, "100007", day(-478)),
        _laptop("NB-100004", "Lenovo ThinkPad T14 Gen 2", D.HANDED_OUT, CLAUDIA_WOLF, day(-698)),
    ]
    return FixedRecords(employees, agreements, devices)


RESERVED_TICKETS = ("INC-58213",)
