"""The demo build on SQLite and PostgreSQL: personas exactly as in personas.md, determinism, summary."""
import datetime as dt

import pytest

from bot.demo import PERSONAS, build, summarize
from bot.domain import AgreementStatus as A
from bot.domain import DeviceStatus as D
from bot.domain import DeviceType, Role
from integrations.db import repositories
from integrations.db.repositories import SqlAgreementRepository, SqlDeviceRepository, SqlEmployeeDirectory
from tests.bot.demo.helpers import dump

TODAY = dt.date(2026, 3, 2)
RATHAUS = "IT-Ausgabe Rathaus, Marktplatz 1, Raum 0.12"


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


@pytest.fixture
async def built(dbs):
    await build(dbs, employees=300, seed=3, today=TODAY)
    return dbs


async def view(dbs, email):
    employee = await SqlEmployeeDirectory(dbs.agreement).by_email(email)
    agreements = await SqlAgreementRepository(dbs.agreement).for_employee(employee.personnel_number)
    devices = await SqlDeviceRepository(dbs.device).for_employee(employee.personnel_number)
    return employee, agreements, devices


async def test_anna(built):
    anna, (agreement,), (laptop,) = await view(built, "anna.schmid@stuttgart.example")
    assert (anna.name, anna.org_unit.name, anna.role, anna.eligible_for_mobile_work) == (
        "Anna Schmid", "Amt für Umweltschutz", Role.EMPLOYEE, True)
    assert (agreement.status, agreement.days_per_week, agreement.weekdays, agreement.valid_until) == (
        A.ACTIVE, 2, ("mon", "thu"), day(220))
    assert (laptop.inventory_number, laptop.type, laptop.status, laptop.location, laptop.status_since) == (
        "NB-104233", DeviceType.LAPTOP, D.READY_FOR_PICKUP, RATHAUS, day(-3))


async def test_mehmet(built):
    mehmet, (agreement,), (laptop,) = await view(built, "mehmet.yilmaz@stuttgart.example")
    assert (mehmet.org_unit.name, mehmet.role, mehmet.supervisor_name) == ("Jugendamt", Role.EMPLOYEE, "Claudia Wolf")
    assert mehmet.supervisor_email == "claudia.wolf@stuttgart.example"
    assert (agreement.status, agreement.status_since, agreement.supervisor_name) == (
        A.SUBMITTED, day(-12), "Claudia Wolf")
    assert (laptop.type, laptop.status, laptop.status_since, laptop.expected_date) == (
        DeviceType.LAPTOP, D.ORDERED, day(-20), day(9))


async def test_julia(built):
    julia, (agreement,), (laptop,) = await view(built, "julia.becker@stuttgart.example")
    assert (julia.org_unit.name, julia.role) == ("Stadtkämmerei", Role.EMPLOYEE)
    assert (agreement.status, agreement.days_per_week, agreement.valid_until) == (A.ACTIVE, 3, day(20))
    assert (laptop.inventory_number, laptop.status, laptop.status_since, laptop.ticket) == (
        "NB-100871", D.IN_REPAIR, day(-2), "INC-58213")


async def test_thomas(built):
    thomas, agreements, devices = await view(built, "thomas.mueller@stuttgart.example")
    assert (thomas.org_unit.name, thomas.role, thomas.eligible_for_mobile_work) == ("Tiefbauamt", Role.EMPLOYEE, False)
    assert "Kolonne" in thomas.position
    assert agreements == [] and devices == []


async def test_lukas(built):
    lukas, (agreement,), (laptop,) = await view(built, "lukas.klein@stuttgart.example")
    assert (lukas.org_unit.name, lukas.role) == ("Branddirektion", Role.EMPLOYEE)
    assert (agreement.status, agreement.valid_until) == (A.CANCELLED, day(-24))
    assert (laptop.inventory_number, laptop.status, laptop.expected_date, laptop.location) == (
        "NB-102455", D.RETURN_REQUESTED, day(7), RATHAUS)


@pytest.mark.parametrize("email, role, days, laptop", [
    ("sabine.wagner@stuttgart.example", Role.HR, 2, "NB-100002"),
    ("petra.koch@stuttgart.example", Role.HELPDESK, 1, "NB-100003"),
])
async def test_hr_and_helpdesk(built, email, role, days, laptop):
    who, (agreement,), (device,) = await view(built, email)
    assert (who.org_unit.name, who.role) == ("Haupt- und Personalamt", role)
    assert (agreement.status, agreement.days_per_week) == (A.ACTIVE, days)
    assert (device.inventory_number, device.type, device.status) == (laptop, DeviceType.LAPTOP, D.HANDED_OUT)


async def test_admin(built):
    admin, agreements, devices = await view(built, "admin@stuttgart.example")
    assert (admin.org_unit.name, admin.role, agreements, devices) == ("Haupt- und Personalamt", Role.OPERATOR, [], [])


async def test_persona_list_matches_the_database(built):
    directory = SqlEmployeeDirectory(built.agreement)
    for persona in PERSONAS:
        employee = await directory.by_email(persona.email)
        assert (employee.personnel_number, employee.name, employee.org_unit.name, employee.role) == (
            persona.personnel_number, persona.name, persona.amt, persona.role)


async def test_same_seed_builds_identical_databases(dbs):
    first = await build(dbs, employees=300, seed=3, today=TODAY)
    rows = await dump(dbs)
    second = await build(dbs, employees=300, seed=3, today=TODAY)
    assert await dump(dbs) == rows
    assert first.to_dict() | {"seconds": 0} == second.to_dict() | {"seconds": 0}


async def test_summary_counts_tables_and_statuses(dbs):
    seen = []
    summary = await build(dbs, employees=300, seed=3, today=TODAY, progress=lambda *a: seen.append(a))
    assert summary.tables == {"org_units": 40, "employees": 300, "agreements": 126,
                              "devices": summary.tables["devices"]}
    assert sum(summary.agreements_by_status.values()) == 126
    assert sum(summary.devices_by_status.values()) == sum(summary.devices_by_type.values()) == summary.tables["devices"]
    assert list(summary.agreements_by_status) == [s.value for s in A]
    assert summary.to_dict()["today"] == "2026-03-02" and summary.seed == 3
    assert seen[-1][1] == seen[-1][2] == 40 + 300 + 126 + summary.tables["devices"]
    assert (await summarize(dbs)).tables == summary.tables


@pytest.mark.slow
@pytest.mark.parametrize("db_urls", ["sqlite"], indirect=True)
async def test_full_city_figures(dbs):
    summary = await build(dbs, employees=15000, seed=1, today=TODAY)
    assert summary.tables["employees"] == 15000 and summary.tables["org_units"] >= 40
    assert 10500 <= summary.employees_with_email <= 11500
    assert summary.tables["agreements"] == 6300
    assert 9500 <= summary.tables["devices"] <= 10500
    assert summary.agreements_by_status["active"] > 4000
    assert summary.seconds < 60


async def some_people(directory) -> list[str]:
    """Three personas' personnel numbers and one nobody has."""
    return [(await directory.by_email(f"{name}@stuttgart.example")).personnel_number
            for name in ("anna.schmid", "lukas.klein", "sabine.wagner")] + ["000000"]


async def test_many_employees_at_once_read_as_each_alone(built):
    """`for_employees` and `by_personnel_numbers` (one query for a batch of turns) give what the
    one-person lookups give."""
    directory = SqlEmployeeDirectory(built.agreement)
    people = await some_people(directory)
    for repo in (SqlAgreementRepository(built.agreement), SqlDeviceRepository(built.device)):
        together = await repo.for_employees(people)
        assert {n: together.get(n, []) for n in people} == {n: await repo.for_employee(n) for n in people}
    together = await directory.by_personnel_numbers(people)
    assert {n: (together.get(n) or [None])[0] for n in people} == {
        n: await directory.by_personnel_number(n) for n in people}
    assert "000000" not in together


async def test_the_many_employee_reads_on_asyncpg_give_what_sqlalchemy_gives(built):
    """On PostgreSQL the batch reads run straight on asyncpg (`= ANY($1)`); the same query through
    SQLAlchemy (typed results: enums, floats) must give the same records. Empty asks find nothing."""
    directory = SqlEmployeeDirectory(built.agreement)
    people = await some_people(directory)
    cases = [(directory, directory._by_numbers, repositories._to_employee, directory.by_personnel_numbers),
             *((repo, repo._for_employees, to, repo.for_employees) for repo, to in (
                 (SqlAgreementRepository(built.agreement), repositories._to_agreement),
                 (SqlDeviceRepository(built.device), repositories._to_device)))]
    for repo, query, to_record, read in cases:
        async with repo._engine.connect() as conn:
            rows = (await conn.execute(query.portable, {"numbers": people})).all()
        assert await read(people) == repositories._grouped(map(to_record, rows)) != {}
        assert await read([]) == {}
