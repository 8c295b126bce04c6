"""In-memory implementations of our repository protocols, and a small chat driver for core tests."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from actions.base import Facts, Outcome, Repos, Turn
from bot.dialogue import Dialogue, choose_language, forced_parse, pick_option
from bot.domain import Agreement, Device, Employee, OrgUnit
from bot.texts import render_reply

TODAY = dt.date(2026, 11, 28)
HELPDESK = "IT-Service, Tel. 0711 216-12345"


class MemoryDirectory:
    def __init__(self, employees: list[Employee]):
        self._by_number = {e.personnel_number: e for e in employees}

    async def by_email(self, email: str) -> Employee | None:
        return next((e for e in self._by_number.values() if (e.email or "").lower() == email.lower()), None)

    async def by_personnel_number(self, number: str) -> Employee | None:
        return self._by_number.get(number)


class MemoryAgreements:
    def __init__(self, agreements: list[Agreement]):
        self._rows = agreements

    async def for_employee(self, personnel_number: str) -> list[Agreement]:
        rows = [a for a in self._rows if a.personnel_number == personnel_number]
        return sorted(rows, key=lambda a: a.valid_from, reverse=True)


class MemoryDevices:
    def __init__(self, devices: list[Device]):
        self._rows = devices

    async def for_employee(self, personnel_number: str) -> list[Device]:
        return sorted((d for d in self._rows if d.personnel_number == personnel_number),
                      key=lambda d: d.inventory_number)

    async def by_inventory_number(self, inventory_number: str) -> Device | None:
        return next((d for d in self._rows if d.inventory_number == inventory_number.strip().upper()), None)


def memory_repos(employees=(), agreements=(), devices=()) -> Repos:
    return Repos(MemoryDirectory(list(employees)), MemoryAgreements(list(agreements)), MemoryDevices(list(devices)))


def employee(number="100001", first="Anna", last="Schmid", *, eligible=True, supervisor="Claudia Wolf",
             unit=OrgUnit("36", "Amt für Umweltschutz", 2, TODAY + dt.timedelta(days=40)), **kw) -> Employee:
    return Employee(number, first, last, f"{first.lower()}.{last.lower()}@stuttgart.example", unit,
                    kw.pop("position", "Sachbearbeitung"), eligible, supervisor_name=supervisor,
                    supervisor_email="claudia.wolf@stuttgart.example" if supervisor else None, **kw)


@dataclass
class Chat:
    """Talk to the pure core (real NLU, in-memory records) and keep the state between turns."""

    model: object
    repos: Repos
    me: Employee
    today: dt.date = TODAY
    language: str = "de"
    state: dict = field(default_factory=dict)
    dialogue: Dialogue = field(default_factory=Dialogue)
    events: list = field(default_factory=list)
    counter: int = 0

    async def say(self, text: str) -> Outcome:
        self.counter += 1
        text = pick_option(text, self.state)
        parse = forced_parse(text, self.language) or self.model.parse(text, today=self.today)
        self.language = choose_language(parse, self.language, in_form=bool(self.state.get("form")))
        turn = Turn(self.me, parse, self.language, self.today, dict(self.state), ref=f"test:{self.counter}",
                    facts=Facts(helpdesk=HELPDESK))
        outcome = await self.dialogue.respond(turn, self.repos)
        self.state = dict(outcome.state)
        self.events.extend(outcome.events)
        return outcome

    async def text(self, message: str) -> str:
        """The rendered answer (all replies of the turn, one per line block)."""
        outcome = await self.say(message)
        return "\n\n".join(render_reply(r, self.language) for r in outcome.replies)

    def restarted(self) -> "Chat":
        """The same conversation after a restart: only the JSON state survives."""
        import json

        return dataclasses.replace(self, state=json.loads(json.dumps(self.state)), events=[])


class ScriptedModel:
    """An NLU model (our `parse` protocol) that answers from a script: text -> [(intent, confidence), ...]."""

    def __init__(self, script: dict[str, list[tuple[str, float]]], entities: dict | None = None):
        self._script = script
        self._entities = entities or {}

    def parse(self, text: str, today: dt.date | None = None):
        from nlu.result import Entity, IntentScore, ParseResult

        ranking = tuple(IntentScore(n, c) for n, c in self._script.get(text, [("out_of_scope", 0.0)]))
        entities = tuple(Entity(k, v, 0, 0, "script") for k, v in self._entities.get(text, {}).items())
        return ParseResult(text, ranking[0], entities, ranking, language="en" if text.startswith("en:") else "de")
