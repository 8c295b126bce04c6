"""The pure demo generator: deterministic, figures of the source text, consistent, personas reserved."""
import datetime as dt
from collections import Counter

import pytest

from bot.demo import MIN_EMPLOYEES, PERSONAS, generate
from bot.demo.catalog import UNITS
from bot.demo.names import EmailBook, email_local
from bot.demo.people import allocate
from bot.domain import AgreementStatus as A
from bot.domain import DeviceStatus as D
from bot.domain import DeviceType, Role

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def small():
    return generate(employees=600, seed=7, today=TODAY)


def test_same_seed_and_day_give_identical_rows(small):
    assert generate(employees=600, seed=7, today=TODAY) == small


def test_another_seed_gives_other_staff(small):
    other = generate(employees=600, seed=8, today=TODAY)
    assert [e["last_name"] for e in other.employees] != [e["last_name"] for e in small.employees]


def test_figures_scale_with_the_number_of_employees(small):
    assert len(small.employees) == 600
    assert len(small.org_units) == len(UNITS) >= 40
    assert len(small.agreements) == round(6300 * 600 / 15000)
    with_email = sum(1 for e in small.employees if e["email"])
    assert 0.68 < with_email / 600 < 0.8  # ~11,000 of 15,000
    assert 0.55 < len(small.devices) / 600 < 0.8  # ~10,000 of 15,000


def test_keys_are_unique_and_never_collide_with_personas(small):
    numbers = [e["personnel_number"] for e in small.employees]
    emails = [e["email"].lower() for e in small.employees if e["email"]]
    inventory = [d["inventory_number"] for d in small.devices]
    tickets = [d["ticket"] for d in small.devices if d["ticket"]]
    for keys in (numbers, emails, inventory, tickets):
        assert len(keys) == len(set(keys))
    agreement_keys = [(a["personnel_number"], a["valid_from"]) for a in small.agreements]
    assert len(agreement_keys) == len(set(agreement_keys))
    names = Counter((e["first_name"], e["last_name"]) for e in small.employees)
    assert all(names[tuple(p.name.split(" ", 1))] == 1 for p in PERSONAS)


def test_inventory_numbers_look_like_the_real_ones(small):
    prefix = {DeviceType.LAPTOP: "NB", DeviceType.MONITOR: "MO", DeviceType.HEADSET: "HS",
              DeviceType.DOCKING_STATION: "DS", DeviceType.SMARTPHONE: "SP"}
    for device in small.devices:
        head, number = device["inventory_number"].split("-")
        assert head == prefix[device["type"]] and len(number) == 6 and number.isdigit()


def test_supervisors_come_before_their_staff_and_stay_in_the_amt(small):
    seen, unit = set(), {e["personnel_number"]: e["org_unit_code"] for e in small.employees}
    for e in small.employees:
        boss = e["supervisor_personnel_number"]
        assert boss is None or (boss in seen and unit[boss] == e["org_unit_code"])
        seen.add(e["personnel_number"])
    assert sum(1 for e in small.employees if e["supervisor_personnel_number"] is None) == len(UNITS)


def test_agreements_only_for_eligible_staff_with_email_and_dates_make_sense(small):
    staff = {e["personnel_number"]: e for e in small.employees}
    for a in small.agreements:
        assert staff[a["personnel_number"]]["eligible_for_mobile_work"] and staff[a["personnel_number"]]["email"]
        assert a["valid_until"] is None or a["valid_until"] > a["valid_from"]
        assert a["status_since"] <= TODAY and 0 < a["days_per_week"] <= 3
        if a["status"] is A.ACTIVE:
            assert a["valid_from"] <= TODAY and (a["valid_until"] is None or a["valid_until"] >= TODAY)
        if a["status"] is A.EXPIRED:
            assert a["valid_until"] < TODAY
    assert {a["status"] for a in small.agreements} == set(A)


def test_devices_follow_the_agreements(small):
    status = {}
    for a in sorted(small.agreements, key=lambda a: a["valid_from"]):
        status[a["personnel_number"]] = a["status"]
    for d in small.devices:
        holder = status.get(d["personnel_number"])
        if d["status"] is D.RETURN_REQUESTED:
            assert holder in (A.CANCELLED, A.EXPIRED) and d["expected_date"] and d["location"]
        if d["status"] in (D.IN_REPAIR, D.LOST):
            assert d["ticket"]
        if d["status"] is D.READY_FOR_PICKUP:
            assert d["location"]
        if d["status"] in (D.HANDED_OUT, D.RETURN_REQUESTED):
            assert d["personnel_number"]
        assert d["status_since"] <= TODAY
    types = Counter(d["type"] for d in small.devices)
    assert types[DeviceType.LAPTOP] > len(small.devices) / 2


def test_place_bound_positions_are_not_eligible(small):
    bound = {title for unit in UNITS for title, _ in unit.place_bound}
    for e in small.employees:
        assert (e["position"] in bound) == (not e["eligible_for_mobile_work"])


def test_a_few_special_roles():
    data = generate(employees=1500, seed=1, today=TODAY)
    roles = Counter(e["role"] for e in data.employees)
    assert 1 <= roles[Role.HR] - 1 <= 3 and 1 <= roles[Role.HELPDESK] - 1 <= 3 and roles[Role.OPERATOR] >= 2
    assert 0 < Counter(e["language"] for e in data.employees)["en"] < 100


def test_too_few_employees_is_refused():
    with pytest.raises(ValueError, match="at least"):
        generate(employees=MIN_EMPLOYEES - 1, seed=1, today=TODAY)


def test_allocation_is_proportional_and_complete():
    sizes = allocate(14991)
    assert sum(sizes) == 14991 and min(sizes) >= 2
    assert sizes[[u.code for u in UNITS].index("51")] == max(sizes)


def test_email_addresses_are_ascii_and_numbered_when_taken():
    assert email_local("Jürgen", "Groß") == "juergen.gross"
    assert email_local("Ayşe", "Yılmaz") == "ayse.yilmaz"
    assert email_local("Hans-Peter", "O'Connor") == "hans-peter.oconnor"
    book = EmailBook(["anna.schmid@stuttgart.example"])
    assert book.issue("Anna", "Schmid") == "anna.schmid2@stuttgart.example"
    assert book.issue("Anna", "Schmid") == "anna.schmid3@stuttgart.example"
