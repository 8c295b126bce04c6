"""CSV import on SQLite and PostgreSQL: upserts, every problem with FILE:LINE, nothing written on error."""
import csv

import pytest
from sqlalchemy import select

from bot.csvio import export_csv, import_csv
from bot.domain import Role
from bot.errors import ImportFailed
from integrations.db.agreement_schema import EmployeeRow, OrgUnitRow
from integrations.db.device_schema import DeviceRow
from tests.bot.demo.helpers import dump

EMPLOYEE_HEADER = ["personnel_number", "first_name", "last_name", "email", "org_unit_code", "position",
                   "eligible_for_mobile_work", "role", "language", "supervisor_personnel_number"]
AGREEMENT_HEADER = ["personnel_number", "valid_from", "status", "days_per_week", "weekdays", "valid_until",
                    "status_since", "supervisor_personnel_number", "note"]
DEVICE_HEADER = ["inventory_number", "type", "model", "status", "personnel_number", "status_since",
                 "expected_date", "location", "ticket"]


async def problems_of(dbs, kind, path):
    before = await dump(dbs)
    with pytest.raises(ImportFailed) as failed:
        await import_csv(dbs, kind, path)
    assert await dump(dbs) == before  # nothing written
    return failed.value.problems


@pytest.mark.parametrize("kind", ["employees", "agreements", "devices"])
async def test_export_then_import_changes_nothing(city, tmp_path, kind):
    path = tmp_path / f"{kind}.csv"
    rows = await export_csv(city, kind, path)
    report = await import_csv(city, kind, path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, rows)
    assert str(report).startswith("0 created, 0 updated")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and raw.split(b"\r\n")[0].count(b";") >= 8


async def test_three_bad_rows_among_500_are_all_reported(city, tmp_path, write_csv):
    await export_csv(city, "devices", tmp_path / "all.csv")
    with open(tmp_path / "all.csv", encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh, delimiter=";"))
    rows = (rows * 3)[:500]
    rows = [[f"XX-{n:06d}", *row[1:]] for n, row in enumerate(rows)]  # unique keys: all new devices
    rows[10][7] = "IT-Ausgabe Rathaus\nMarktplatz 1"  # a quoted two-line cell shifts the following lines
    rows[56][5] = "31.02.2026"
    rows[199][3] = "verschollen"
    rows[479][4] = "999999"
    path = tmp_path / "devices.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([header, *rows])
    assert await problems_of(city, "devices", path) == [
        f"{path}:59: column 'status_since': '31.02.2026' is not a valid date",
        f"{path}:202: column 'status': unknown value 'verschollen' (expected one of: ordered, in_preparation, "
        "ready_for_pickup, handed_out, in_repair, return_requested, returned, lost, retired)",
        f"{path}:482: column 'personnel_number': unknown employee '999999' (not in the agreement database)",
    ]
    rows[56][5], rows[199][3], rows[479][4] = "01.02.2026", "returned", "100001"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([header, *rows])
    report = await import_csv(city, "devices", path)
    assert (report.created, report.updated, report.unchanged) == (500, 0, 0)


async def test_creates_updates_and_unchanged(city, write_csv):
    path = write_csv("e.csv", [
        EMPLOYEE_HEADER,
        ["100001", "Anna", "Schmid", "anna.schmid@stuttgart.example", "36", "Sachbearbeitung Naturschutz", "ja",
         "employee", "de", ""],
        ["100004", "Thomas", "Müller", "thomas.mueller@stuttgart.example", "66", "Straßenwärter/in (Kolonne)",
         "nein", "employee", "de", ""],
        ["200001", "Neu", "Angestellte", "", "36", "Energieberatung", "ja", "", "", "100001"],
    ])
    async with city.agreement.connect() as conn:
        thomas_boss = await conn.scalar(select(EmployeeRow.supervisor_personnel_number)
                                        .where(EmployeeRow.personnel_number == "100004"))
    dry = await import_csv(city, "employees", path, dry_run=True)
    assert (dry.created, dry.updated, dry.unchanged, dry.dry_run) == (1, 2, 0, True)
    report = await import_csv(city, "employees", path)
    assert (report.created, report.updated, report.unchanged) == (1, 2, 0)
    async with city.agreement.connect() as conn:
        rows = {r.personnel_number: r for r in await conn.execute(select(EmployeeRow.__table__))}
    assert rows["100001"].position == "Sachbearbeitung Naturschutz"
    assert rows["100004"].supervisor_personnel_number is None and thomas_boss is not None
    assert (rows["200001"].role, rows["200001"].language, rows["200001"].email) == (Role.EMPLOYEE, "de", None)
    assert (await import_csv(city, "employees", path)).unchanged == 3


async def test_columns_left_out_keep_their_values(city, write_csv):
    header = ["personnel_number", "first_name", "last_name", "org_unit_code", "position", "eligible_for_mobile_work"]
    path = write_csv("e.csv", [header, ["100006", "Sabine", "Wagner", "10", "Sachbearbeitung Personal", "ja"]])
    assert (await import_csv(city, "employees", path)).unchanged == 1


async def test_comma_separated_without_bom(city, write_csv):
    path = write_csv("a.csv", [AGREEMENT_HEADER, ["100004", "2026-04-01", "draft", "1", '"mon"', "", "2026-03-01",
                                                  "", '"Erster Entwurf, bitte prüfen"']], sep=",", bom=False)
    assert (await import_csv(city, "agreements", path)).created == 1


async def test_first_import_into_an_empty_database(dbs, write_csv):
    path = write_csv("e.csv", [
        EMPLOYEE_HEADER + ["org_unit_name"],
        ["2", "Bea", "Team", "bea@x.example", "36", "Energieberatung", "ja", "", "", "1", "Amt für Umweltschutz"],
        ["1", "Ada", "Leitung", "ada@x.example", "36", "Amtsleitung", "ja", "hr", "en", "", ""],
    ])
    report = await import_csv(dbs, "employees", path)
    assert (report.created, report.org_units_created) == (2, 1)
    async with dbs.agreement.connect() as conn:
        assert await conn.scalar(select(OrgUnitRow.name)) == "Amt für Umweltschutz"
        boss = await conn.scalar(select(EmployeeRow.supervisor_personnel_number).where(EmployeeRow.personnel_number == "2"))
    assert boss == "1"


async def test_header_problems_are_named(city, write_csv):
    path = write_csv("e.csv", [["personnel_number", "first_name", "nachname", "Role", "role", ""], ["1", "a", "b"]])
    assert await problems_of(city, "employees", path) == [
        f"{path}:1: column 'nachname': unknown column (expected: personnel_number, first_name, last_name, email, "
        "org_unit_code, org_unit_name, position, eligible_for_mobile_work, role, language, supervisor_personnel_number)",
        f"{path}:1: column 'role': appears twice in the header",
        f"{path}:1: column 'last_name': required column missing from the header",
        f"{path}:1: column 'org_unit_code': required column missing from the header",
        f"{path}:1: column 'position': required column missing from the header",
        f"{path}:1: column 'eligible_for_mobile_work': required column missing from the header",
    ]


async def test_employee_problems(city, write_csv):
    path = write_csv("e.csv", [
        EMPLOYEE_HEADER,
        ["300001", "A", "B", "", "36", "P", "vielleicht", "chef", "fr", "999"],
        ["300002", "", "B", "", "36", "P", "ja", "", "", ""],
        ["300003", "C", "D", "", "36", "P", "ja", "", "", "", "extra"],
        ["300004", "C", "D", "", "36", "P", "ja", "", "", ""],
        ["300004", "C", "D", "", "36", "P", "ja", "", "", ""],
    ])
    assert await problems_of(city, "employees", path) == [
        f"{path}:2: column 'eligible_for_mobile_work': 'vielleicht' is not yes/no (use ja or nein)",
        f"{path}:2: column 'role': unknown value 'chef' (expected one of: employee, hr, helpdesk, operator)",
        f"{path}:2: column 'language': unknown language 'fr' (expected one of: de, en)",
        f"{path}:3: column 'first_name': missing value",
        f"{path}:4: column '#11': value without a column in the header",
        f"{path}:6: column 'personnel_number': duplicate key '300004' (first on line 5)",
    ]


async def test_references_org_units_and_emails(city, write_csv):
    path = write_csv("e.csv", [
        EMPLOYEE_HEADER + ["org_unit_name"],
        ["300001", "A", "B", "Anna.Schmid@stuttgart.example", "36", "P", "ja", "", "", "999", ""],
        ["300002", "A", "B", "x@y.example", "ZZ", "P", "ja", "", "", "300002", ""],
        ["300003", "C", "D", "x@y.example", "YY", "P", "ja", "", "", "", "Neues Amt"],
        ["300004", "C", "D", "", "YY", "P", "ja", "", "", "", "Anderes Amt"],
        ["300005", "C", "D", "", "XX", "P", "ja", "", "", "", "Jugendamt"],
    ])
    assert await problems_of(city, "employees", path) == [
        f"{path}:2: column 'supervisor_personnel_number': unknown employee '999'",
        f"{path}:2: column 'email': e-mail 'Anna.Schmid@stuttgart.example' already belongs to employee '100001'",
        f"{path}:3: column 'org_unit_code': unknown org unit 'ZZ' (add the column org_unit_name to create it)",
        f"{path}:3: column 'supervisor_personnel_number': an employee cannot be their own supervisor",
        f"{path}:4: column 'email': e-mail 'x@y.example' also on line 3",
        f"{path}:5: column 'org_unit_name': 'Anderes Amt' differs from 'Neues Amt' on line 4",
        f"{path}:6: column 'org_unit_name': 'Jugendamt' is already the name of org unit '51'",
    ]


async def test_agreement_problems(city, write_csv):
    path = write_csv("a.csv", [
        AGREEMENT_HEADER,
        ["999999", "2026-04-01", "active", "2", "", "", "2026-04-01", "888888", ""],
        ["100004", "01.04.2026", "aktiv", "7", "mon,xyz", "2026-13-01", "", "", ""],
        ["100004", "2026-05-01", "draft", "2", "", "2026-04-01", "2026-03-01", "", '"Zeile eins'],
        'Zeile zwei"',
        ["100004", "01.05.2026", "draft", "2", "", "", "2026-03-01", "", ""],
    ])
    assert await problems_of(city, "agreements", path) == [
        f"{path}:2: column 'personnel_number': unknown employee '999999'",
        f"{path}:2: column 'supervisor_personnel_number': unknown employee '888888'",
        f"{path}:3: column 'status': unknown value 'aktiv' (expected one of: draft, submitted, approved, active, "
        "rejected, expired, cancelled)",
        f"{path}:3: column 'days_per_week': '7' must be whole or half days between 0,5 and 5",
        f"{path}:3: column 'weekdays': unknown weekday 'xyz' (use mon, tue, wed, thu, fri, sat, sun)",
        f"{path}:3: column 'valid_until': '2026-13-01' is not a valid date",
        f"{path}:3: column 'status_since': missing value",
        f"{path}:4: column 'valid_until': 2026-04-01 is before valid_from 2026-05-01",
        f"{path}:6: column 'personnel_number': duplicate key '100004, 2026-05-01' (first on line 4)",
    ]


async def test_device_problems(city, write_csv):
    path = write_csv("d.csv", [
        DEVICE_HEADER,
        ["NB-900001", "tablet", "X", "handed_out", "", "2026-03-01", "", "", ""],
        ["nb-900002", "laptop", "X", "handed_out", "", "2026-03-01", "", "", ""],
        ["NB-900002", "laptop", "X", "ordered", "", "2026-03-01", "", "", ""],
        ["NB 900003!", "laptop", "", "ordered", "", "gestern", "", "", ""],
    ])
    assert await problems_of(city, "devices", path) == [
        f"{path}:2: column 'type': unknown value 'tablet' (expected one of: laptop, monitor, headset, "
        "docking_station, smartphone)",
        f"{path}:3: column 'personnel_number': required for status 'handed_out'",
        f"{path}:4: column 'inventory_number': duplicate key 'NB-900002' (first on line 3)",
        f"{path}:5: column 'inventory_number': 'NB 900003!' is not an inventory number like NB-104233",
        f"{path}:5: column 'model': missing value",
        f"{path}:5: column 'status_since': 'gestern' is not a date (use 2026-03-01 or 01.03.2026)",
    ]


async def test_unknown_kind_and_missing_file(city, tmp_path):
    with pytest.raises(ValueError, match="unknown kind"):
        await import_csv(city, "printers", tmp_path / "x.csv")
    with pytest.raises(FileNotFoundError):
        await import_csv(city, "devices", tmp_path / "missing.csv")


async def test_inventory_numbers_are_upper_cased(city, write_csv):
    path = write_csv("d.csv", [DEVICE_HEADER, ["nb-104233", "laptop", "Lenovo ThinkPad T14 Gen 5", "handed_out",
                                               "100001", "2026-03-02", "", "", ""]])
    assert (await import_csv(city, "devices", path)).updated == 1
    async with city.device.connect() as conn:
        assert await conn.scalar(select(DeviceRow.status).where(DeviceRow.inventory_number == "NB-104233")) == "handed_out"
