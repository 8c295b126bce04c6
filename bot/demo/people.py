"""Generated staff: Amtsleitung -> Sachgebietsleitungen -> staff per Amt, names, e-mail, positions, roles."""
from __future__ import annotations

import random
from dataclasses import dataclass

from bot.demo.catalog import STAFF_PER_TEAM_LEAD, TEAM_LEAD_TITLE, UNITS, Unit
from bot.demo.names import EmailBook, person
from bot.demo.personas import TEAM_LEAD, UNIT_LEAD
from bot.domain import Role

FIRST_GENERATED_NUMBER = 110001
EMAIL_SHARE = {True: 0.96, False: 0.34}  # by eligibility: office staff almost all, field staff some
# How many of each special role per 15,000 staff, and from which (unit, position) they come.
ROLE_QUOTAS = (
    (Role.HR, 10, "10", "Sachbearbeitung Personal"),
    (Role.HELPDESK, 8, "10", "IT-Service (Help-Desk)"),
    (Role.OPERATOR, 3, "17", "IT-Systemadministration"),
)


@dataclass
class Staff:
    """All employees (leads before their staff, so supervisor references resolve in order)."""

    employees: list[dict]
    unit_lead: dict[str, str]
    team_leads: dict[str, list[str]]


def allocate(total: int, units: tuple[Unit, ...] = UNITS, minimum: int = 2) -> list[int]:
    """Split `total` across the units in proportion to their head counts (largest remainder, no randomness)."""
    spare = total - minimum * len(units)
    if spare < 0:
        raise ValueError(f"need at least {minimum * len(units)} generated employees")
    weight = sum(u.head_count for u in units)
    exact = [spare * u.head_count / weight for u in units]
    sizes = [int(x) for x in exact]
    by_remainder = sorted(range(len(units)), key=lambda i: (-(exact[i] - sizes[i]), i))
    for i in by_remainder[: spare - sum(sizes)]:
        sizes[i] += 1
    return [minimum + s for s in sizes]


class _Factory:
    """Creates employee rows with unique personnel numbers, names and e-mail addresses."""

    def __init__(self, rng: random.Random, fixed: list[dict]):
        self.rng = rng
        self.number = FIRST_GENERATED_NUMBER
        self.emails = EmailBook([e["email"] for e in fixed if e["email"]])
        self.fixed_names = {(e["first_name"], e["last_name"]) for e in fixed}

    def make(self, unit: str, position: str, eligible: bool, supervisor: str | None, level: int) -> dict:
        rng = self.rng
        who = person(rng)
        while (who.first_name, who.last_name) in self.fixed_names:  # personas stay unique by name
            who = person(rng)
        has_email = level < 2 or rng.random() < EMAIL_SHARE[eligible]
        row = dict(
            personnel_number=str(self.number), first_name=who.first_name, last_name=who.last_name,
            email=self.emails.issue(who.first_name, who.last_name) if has_email else None,
            org_unit_code=unit, position=position, eligible_for_mobile_work=eligible, role=Role.EMPLOYEE,
            language=who.language, supervisor_personnel_number=supervisor, level=level,
        )
        self.number += 1
        return row


def _position(rng: random.Random, unit: Unit) -> tuple[str, bool]:
    roll = rng.random()
    for title, share in unit.place_bound:
        if roll < share:
            return title, False
        roll -= share
    return rng.choice(unit.office), True


def generate_staff(rng: random.Random, generated: int, fixed: list[dict]) -> Staff:
    """`generated` employees across all units, plus the fixed ones with their supervisors resolved."""
    factory = _Factory(rng, fixed)
    employees: list[dict] = []
    unit_lead: dict[str, str] = {}
    team_leads: dict[str, list[str]] = {}
    for unit, size in zip(UNITS, allocate(generated)):
        lead = factory.make(unit.code, unit.lead_title, True, None, 0)
        unit_lead[unit.code] = lead["personnel_number"]
        leads_n = min(size - 1, max(1, round(size / STAFF_PER_TEAM_LEAD)))
        leads = [factory.make(unit.code, TEAM_LEAD_TITLE, True, lead["personnel_number"], 1) for _ in range(leads_n)]
        leads += [dict(e) for e in fixed if e["org_unit_code"] == unit.code and e["level"] == 1]
        for row in leads:
            if row["supervisor_personnel_number"] == UNIT_LEAD:
                row["supervisor_personnel_number"] = lead["personnel_number"]
        team_leads[unit.code] = [row["personnel_number"] for row in leads]
        employees += [lead, *leads]
        for _ in range(size - 1 - leads_n):
            title, eligible = _position(rng, unit)
            employees.append(factory.make(unit.code, title, eligible, rng.choice(team_leads[unit.code]), 2))
    employees += [_resolve(rng, dict(e), unit_lead, team_leads) for e in fixed if e["level"] == 2]
    _assign_roles(rng, employees, generated)
    return Staff(employees, unit_lead, team_leads)


def _resolve(rng: random.Random, row: dict, unit_lead: dict[str, str], team_leads: dict[str, list[str]]) -> dict:
    supervisor = row["supervisor_personnel_number"]
    if supervisor == UNIT_LEAD:
        row["supervisor_personnel_number"] = unit_lead[row["org_unit_code"]]
    elif supervisor == TEAM_LEAD:
        row["supervisor_personnel_number"] = rng.choice(team_leads[row["org_unit_code"]])
    return row


def _assign_roles(rng: random.Random, employees: list[dict], generated: int) -> None:
    for role, per_15000, unit, position in ROLE_QUOTAS:
        candidates = [e for e in employees if e["org_unit_code"] == unit and e["position"] == position
                      and e["email"] and e["role"] is Role.EMPLOYEE and e["level"] == 2
                      and int(e["personnel_number"]) >= FIRST_GENERATED_NUMBER]
        wanted = min(len(candidates), max(1, round(generated * per_15000 / 15000)))
        for row in rng.sample(candidates, wanted):
            row["role"] = role
