"""Property: whatever an employee asks, no answer contains another employee's inventory numbers, names or dates.

Hypothesis generates a small office (the asking employee plus colleagues with agreements and
devices of any status) and conversations of up to four messages built from questions about
oneself, about colleagues by name, by inventory number and by personnel number, in German and
English, also in the middle of forms. Every reply is rendered and searched for the colleagues'
data. Colleagues' dates lie in 2031-2033, far from the asker's, so a hit is a real leak.
"""
from __future__ import annotations

import asyncio
import datetime as dt

from babel.dates import format_date
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain import Agreement, AgreementStatus, Device, DeviceStatus, DeviceType
from tests.actions.memory import TODAY, Chat, employee, memory_repos

FIRST = ["Anna", "Mehmet", "Julia", "Thomas", "Lukas", "Sabine", "Petra", "Jonas", "Elif", "Marco", "Katrin"]
LAST = ["Schmid", "Yilmaz", "Becker", "Hoffmann", "Wagner", "Neumann", "Kowalski", "Brandstetter", "Öztürk",
        "Lindqvist", "Garibaldi"]
FAR = dt.date(2031, 1, 1)

QUESTIONS = [
    "Wo ist der Laptop von {name}?", "Wann läuft die Vereinbarung von {first} ab?", "Was ist mit {inv}?",
    "Hat {name} schon einen Laptop?", "Personalnummer {pn}", "Where is {name}'s laptop?", "Is {inv} ready?",
    "Wie ist der Stand der Vereinbarung von Frau {last}?", "{inv} kaputt", "{inv}", "ich bin {name}",
    "Wo ist mein Laptop?", "Wie ist der Stand meiner Vereinbarung?", "und bis wann?", "und mein Laptop?",
    "Mein Laptop ist kaputt", "Ich möchte mobiles Arbeiten beantragen", "Laptop gestohlen", "ja", "1", "2",
    "Ich will meine Vereinbarung kündigen", "Ich brauche einen Monitor", "Darf ich mobil arbeiten?",
    "What is the status of my agreement?", "Wann kommt die eAkte?", "meine Daten exportieren",
]


@st.composite
def offices(draw):
    firsts = draw(st.permutations(FIRST))[:3]
    lasts = draw(st.permutations(LAST))[:3]
    people = []
    for i, (first, last) in enumerate(zip(firsts, lasts)):
        number = str(200000 + i * 7 + draw(st.integers(0, 6)))
        base = TODAY if i == 0 else FAR  # colleagues' dates never meet the asker's
        span = 400 if i == 0 else 700

        def when(lo=-span, hi=span):
            return base + dt.timedelta(days=draw(st.integers(lo if i == 0 else 0, hi)))

        agreements = [Agreement(number, draw(st.sampled_from(AgreementStatus)), draw(st.sampled_from([1, 2, 2.5, 3])),
                                tuple(draw(st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri"]),
                                                    max_size=3, unique=True))),
                                when(), draw(st.one_of(st.none(), st.just(when()))), when())
                      for _ in range(draw(st.integers(0, 2)))]
        devices = [Device(f"{draw(st.sampled_from(['NB', 'MO', 'HS']))}-{number}{k}", draw(st.sampled_from(DeviceType)),
                          "Modell X", draw(st.sampled_from(DeviceStatus)), number, when(),
                          draw(st.one_of(st.none(), st.just(when()))), draw(st.sampled_from([None, "Rathaus"])),
                          draw(st.sampled_from([None, f"INC-{number[-5:]}"])))
                   for k in range(draw(st.integers(0, 2)))]
        people.append((employee(number, first, last, supervisor="Hannelore Quast"), agreements, devices))
    return people


def secrets(people) -> set[str]:
    """Everything of the colleagues that must never appear in the asker's answers."""
    found: set[str] = set()
    for person, agreements, devices in people[1:]:
        found |= {person.name, person.last_name, person.personnel_number}
        found |= {d.inventory_number for d in devices} | {d.ticket for d in devices if d.ticket}
        dates = [a.valid_from for a in agreements] + [a.valid_until for a in agreements if a.valid_until]
        dates += [a.status_since for a in agreements] + [d.status_since for d in devices]
        dates += [d.expected_date for d in devices if d.expected_date]
        for day in dates:
            found |= {day.isoformat(), format_date(day, "long", locale="de"), format_date(day, "long", locale="en")}
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(people=offices(), picks=st.lists(st.tuples(st.integers(0, len(QUESTIONS) - 1), st.integers(1, 2)),
                                        min_size=1, max_size=4))
def test_no_answer_contains_another_employees_data(nlu, people, picks):
    repos = memory_repos([p for p, _, _ in people], [a for _, ags, _ in people for a in ags],
                         [d for _, _, ds in people for d in ds])
    me = people[0][0]
    forbidden = secrets(people)

    async def conversation():
        chat = Chat(nlu, repos, me)
        for question, colleague in picks:
            other, _, devices = people[colleague]
            text = QUESTIONS[question].format(name=other.name, first=other.first_name, last=other.last_name,
                                              pn=other.personnel_number,
                                              inv=devices[0].inventory_number if devices else "NB-777777")
            answer = await chat.text(text)
            leaked = sorted(s for s in forbidden if s in answer)
            assert not leaked, (text, leaked, answer)

    asyncio.run(conversation())
