"""`import_csv`: check a whole file against the databases, then upsert it in one transaction, or write nothing.

Order of work: read and parse every row (all problems collected), check references against
the database (employees, supervisors, org units, e-mail uniqueness), and only when there is no
problem at all write creates and updates. Employees and agreements go to the agreement
database; devices to the device database (their employees are checked in the agreement database).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from bot.csvio import store
from bot.csvio.columns import KINDS, SPECS, Spec
from bot.csvio.reader import Problem, problem, read_sheet
from bot.csvio.rows import Plan, Row, by_line, check_header, parse_rows, plan
from bot.domain import DeviceStatus
from bot.errors import ImportFailed
from integrations.db.engines import Databases

NEEDS_EMPLOYEE = (DeviceStatus.HANDED_OUT, DeviceStatus.RETURN_REQUESTED)


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with `dry_run`, would do)."""

    kind: str
    created: int
    updated: int
    unchanged: int
    dry_run: bool = False
    org_units_created: int = 0
    org_units_renamed: int = 0

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.org_units_created or self.org_units_renamed:
            text += f" (org units: {self.org_units_created} created, {self.org_units_renamed} renamed)"
        return text + (" (dry run: nothing written)" if self.dry_run else "")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Job:
    spec: Spec
    rows: list[Row]
    columns: list[str]  # the table's columns that the file has
    table_columns: list[str]  # all columns of the table but the surrogate id
    problems: list[Problem]
    label: str
    dry_run: bool

    def report(self, p: Plan, **extra: int) -> ImportReport:
        return ImportReport(self.spec.kind, len(p.creates), len(p.updates), p.unchanged, self.dry_run, **extra)

    def fail_if_problems(self) -> None:
        if self.problems:
            raise ImportFailed(by_line(self.problems))

    def unknown(self, row: Row, column: str, staff: set[str], where: str = "") -> None:
        value = row.values.get(column)
        if value is not None and value not in staff:
            self.problems.append(problem(self.label, row.line, column, f"unknown employee '{value}'{where}"))


def spec_for(kind: str) -> Spec:
    if kind not in SPECS:
        raise ValueError(f"unknown kind {kind!r} (expected one of: {', '.join(KINDS)})")
    return SPECS[kind]


async def import_csv(dbs: Databases, kind: str, path: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Upsert `path` into the databases; raises `ImportFailed` with every problem, writing nothing then."""
    spec = spec_for(kind)
    label = str(path)
    sheet = read_sheet(Path(path), label)
    names = check_header(spec, sheet, label)
    rows, problems = parse_rows(spec, sheet, names, label)
    table_columns = store.columns(kind)
    columns = [name for name in names if name in table_columns]
    job = _Job(spec, rows, columns, table_columns, problems, label, dry_run)
    try:
        return await _HANDLERS[kind](dbs, job)
    except IntegrityError as exc:  # a rule we do not check ourselves; the transaction is rolled back
        raise ImportFailed([f"{label}: the database refused the import: {exc.orig}"]) from None


async def _employees(dbs: Databases, job: _Job) -> ImportReport:
    async with dbs.agreement.begin() as conn:
        existing = await store.load(conn, "employees")
        units = await store.load_units(conn)
        p = plan(job.spec, job.rows, existing, job.table_columns)
        new_units, renamed = _check_units(job, units)
        staff = {key[0] for key in existing} | {row.values["personnel_number"] for row in job.rows}
        for row in job.rows:
            job.unknown(row, "supervisor_personnel_number", staff)
            if row.values.get("supervisor_personnel_number") == row.values["personnel_number"]:
                job.problems.append(problem(job.label, row.line, "supervisor_personnel_number",
                                            "an employee cannot be their own supervisor"))
        if "email" in job.columns:
            _check_emails(job, p, existing)
        job.fail_if_problems()
        if not job.dry_run:
            await _write_employees(conn, p, new_units, renamed)
    return job.report(p, org_units_created=len(new_units), org_units_renamed=len(renamed))


def _check_units(job: _Job, units: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Org units the file names: (to create, to rename); unknown codes without a name are problems."""
    named: dict[str, tuple[str, int]] = {}
    for row in job.rows:
        code, name = row.values["org_unit_code"], row.values.get("org_unit_name")
        if name and code in named and named[code][0] != name:
            job.problems.append(problem(job.label, row.line, "org_unit_name",
                                        f"'{name}' differs from '{named[code][0]}' on line {named[code][1]}"))
        elif name:
            named.setdefault(code, (name, row.line))
    for row in job.rows:
        code = row.values["org_unit_code"]
        if code not in units and code not in named:
            job.problems.append(problem(job.label, row.line, "org_unit_code",
                                        f"unknown org unit '{code}' (add the column org_unit_name to create it)"))
    final = {**units, **{code: name for code, (name, _) in named.items()}}
    owner: dict[str, str] = {}
    for code, name in final.items():
        owner.setdefault(name, code)
    for code, (name, line) in named.items():
        if owner[name] != code:
            job.problems.append(problem(job.label, line, "org_unit_name",
                                        f"'{name}' is already the name of org unit '{owner[name]}'"))
    new = {code: name for code, (name, _) in named.items() if code not in units}
    renamed = {code: name for code, (name, _) in named.items() if code in units and units[code] != name}
    return new, renamed


def _check_emails(job: _Job, p: Plan, existing: dict[tuple, dict]) -> None:
    """E-mail addresses stay unique (case-insensitive) after the import."""
    final = {key[0]: row["email"] for key, row in existing.items()}
    line = {}
    for row, new in p.merged():
        final[new["personnel_number"]] = new["email"]
        line[new["personnel_number"]] = row.line
    owners: dict[str, list[str]] = {}
    for number, email in final.items():
        if email:
            owners.setdefault(email.lower(), []).append(number)
    for row, new in p.merged():
        others = [o for o in owners.get((new["email"] or "").lower(), []) if o != new["personnel_number"]]
        earlier = [line[o] for o in others if o in line and line[o] < row.line]
        if earlier:
            reason = f"e-mail '{new['email']}' also on line {earlier[0]}"
        elif others and not any(o in line for o in others):
            reason = f"e-mail '{new['email']}' already belongs to employee '{others[0]}'"
        else:
            continue
        job.problems.append(problem(job.label, row.line, "email", reason))


async def _write_employees(conn, p: Plan, new_units: dict[str, str], renamed: dict[str, str]) -> None:
    """Units first; new employees without supervisor, then updates, then the new ones' supervisors."""
    await store.insert(conn, store.UNITS, [{"code": c, "name": n} for c, n in new_units.items()])
    await store.update_by(conn, store.UNITS, "code", [{"code": c, "name": n} for c, n in renamed.items()])
    await store.insert(conn, store.EMPLOYEES, [dict(new, supervisor_personnel_number=None) for _, new in p.creates])
    moving = [{"personnel_number": new["personnel_number"], "email": None}
              for _, old, new in p.updates if old["email"] and old["email"] != new["email"]]
    await store.update_by(conn, store.EMPLOYEES, "personnel_number", moving)  # lets two people swap addresses
    await store.update_by(conn, store.EMPLOYEES, "personnel_number", [new for _, _, new in p.updates])
    bosses = [{"personnel_number": new["personnel_number"], "supervisor_personnel_number": boss}
              for _, new in p.creates if (boss := new["supervisor_personnel_number"])]
    await store.update_by(conn, store.EMPLOYEES, "personnel_number", bosses)


async def _agreements(dbs: Databases, job: _Job) -> ImportReport:
    async with dbs.agreement.begin() as conn:
        staff = await store.personnel_numbers(conn)
        p = plan(job.spec, job.rows, await store.load(conn, "agreements"), job.table_columns)
        for row in job.rows:
            job.unknown(row, "personnel_number", staff)
            job.unknown(row, "supervisor_personnel_number", staff)
        for row, new in p.merged():
            if new["valid_until"] is not None and new["valid_until"] < new["valid_from"]:
                job.problems.append(problem(job.label, row.line, "valid_until",
                                            f"{new['valid_until']} is before valid_from {new['valid_from']}"))
        job.fail_if_problems()
        if not job.dry_run:
            await store.insert(conn, store.AGREEMENTS, [new for _, new in p.creates])
            await store.update_by(conn, store.AGREEMENTS, "id", [new for _, _, new in p.updates])
    return job.report(p)


async def _devices(dbs: Databases, job: _Job) -> ImportReport:
    async with dbs.agreement.connect() as conn:
        staff = await store.personnel_numbers(conn)
    async with dbs.device.begin() as conn:
        p = plan(job.spec, job.rows, await store.load(conn, "devices"), job.table_columns)
        for row in job.rows:
            job.unknown(row, "personnel_number", staff, " (not in the agreement database)")
        for row, new in p.merged():
            if new["status"] in NEEDS_EMPLOYEE and new["personnel_number"] is None:
                job.problems.append(problem(job.label, row.line, "personnel_number",
                                            f"required for status '{new['status'].value}'"))
        job.fail_if_problems()
        if not job.dry_run:
            await store.insert(conn, store.DEVICES, [new for _, new in p.creates])
            await store.update_by(conn, store.DEVICES, "inventory_number", [new for _, _, new in p.updates])
    return job.report(p)


_HANDLERS = {"employees": _employees, "agreements": _agreements, "devices": _devices}
