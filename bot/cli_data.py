"""The data commands of `mobi`: `demo build`, `import`, `export` (mounted by `register` into the main app)."""
from __future__ import annotations

import asyncio
import datetime as dt
import enum
import json
import sys
from pathlib import Path
from typing import Any, Awaitable, Callable

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from bot.config import Settings
from bot.errors import ImportFailed, MobiError

console = Console()
err_console = Console(stderr=True)


class Kind(str, enum.Enum):
    employees = "employees"
    agreements = "agreements"
    devices = "devices"


KIND_HELP = "What the file holds: employees (HR), agreements (HR) or devices (IT inventory)."


def register(app: typer.Typer, settings_factory: Callable[[], Settings]) -> None:
    """Add `demo build`, `import` and `export` to `app`; `settings_factory()` supplies the settings."""
    demo = typer.Typer(help="Demo data: a whole city administration to try mobi with.", no_args_is_help=True)
    app.add_typer(demo, name="demo")

    @demo.command("build")
    def demo_build(
        employees: int = typer.Option(15000, min=100, help="How many employees (the personas included)."),
        seed: int = typer.Option(1, help="Random seed: the same seed and day always give the same data."),
        today: dt.datetime = typer.Option(None, formats=["%Y-%m-%d"], show_default="MOBI_TODAY or today",
                                          help="The day the data is built for (dates are relative to it)."),
        json_: bool = typer.Option(False, "--json", help="Print the summary as JSON (no progress bar)."),
    ) -> None:
        """Wipe the agreement and device databases and fill them with a deterministic demo city.

        About 40 Ämter of Stuttgart, 15,000 employees (11,000 with e-mail), ~6,300 agreements, ~10,000 devices.

        Plus the fixed personas (anna.schmid@stuttgart.example, …), listed at the end.

        The bot database (linked chat accounts, conversations) is left alone.
        """
        settings = settings_factory()
        day = today.date() if today else settings.clock_today()
        summary = _run(settings, lambda dbs: _build(dbs, employees, seed, day, show_progress=not json_))
        _print_json(summary.to_dict()) if json_ else _print_summary(summary)

    @app.command("import")
    def import_(
        kind: Kind = typer.Argument(..., help=KIND_HELP),
        file: Path = typer.Argument(..., help="CSV file: UTF-8 (with or without BOM), separated by ';' or ','."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Check everything and count, but write nothing."),
        json_: bool = typer.Option(False, "--json", help="Print the result (or the problems) as JSON."),
    ) -> None:
        """Import a CSV export of the city's systems: create new rows, update changed ones.

        Keys: employees by personnel_number, agreements by personnel_number + valid_from, devices by inventory_number.

        Every problem is printed as FILE:LINE: column 'x': reason. If there is any, nothing is written (exit code 1).

        Import employees first: agreements and devices must refer to known employees.
        """
        from bot.csvio import import_csv

        settings = settings_factory()
        try:
            report = _run(settings, lambda dbs: import_csv(dbs, kind.value, file, dry_run=dry_run))
        except ImportFailed as failed:
            _report_problems(failed.problems, kind, file, json_)
            raise typer.Exit(1) from None
        if json_:
            _print_json({"ok": True, "file": str(file), **report.to_dict()})
        else:
            console.print(f"{kind.value}: {report}", highlight=False, markup=False, soft_wrap=True)

    @app.command("export")
    def export(
        kind: Kind = typer.Argument(..., help=KIND_HELP),
        file: Path = typer.Argument(..., help="CSV file to write (UTF-8 with BOM, ';'-separated, for Excel)."),
    ) -> None:
        """Write a table as CSV in exactly the import format (export, then import, changes nothing)."""
        from bot.csvio import export_csv

        rows = _run(settings_factory(), lambda dbs: export_csv(dbs, kind.value, file))
        console.print(f"{kind.value}: {rows} rows written to {file}", highlight=False, markup=False, soft_wrap=True)


def _run(settings: Settings, work: Callable[[Any], Awaitable[Any]]) -> Any:
    """Open and migrate the databases, do the work; our errors and I/O errors become one line and exit 1."""
    from bot.runtime import open_databases
    from integrations.db.migrate import upgrade_all

    async def main():
        dbs = open_databases(settings)
        try:
            await upgrade_all(dbs)
            return await work(dbs)
        finally:
            await dbs.dispose()

    try:
        return asyncio.run(main())
    except ImportFailed:
        raise
    except (MobiError, OSError, ValueError) as exc:
        err_console.print(Text(_one_line(exc), style="red"), soft_wrap=True)
        raise typer.Exit(1) from None


def _one_line(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


async def _build(dbs, employees: int, seed: int, today: dt.date, *, show_progress: bool):
    from bot.demo import build

    if not show_progress:
        return await build(dbs, employees=employees, seed=seed, today=today)
    columns = (TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("generating", total=None)

        def report(step: str, done: int, total: int) -> None:
            progress.update(task, description=step, completed=done, total=total)

        return await build(dbs, employees=employees, seed=seed, today=today, progress=report)


def _print_summary(summary) -> None:
    table = Table(title=f"Demo data (seed {summary.seed}, today {summary.today}, {summary.seconds} s)")
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("tables", summary.tables),
        ("employees", {"with e-mail": summary.employees_with_email,
                       "eligible for mobile work": summary.eligible_for_mobile_work}),
        ("roles", summary.roles),
        ("agreements by status", summary.agreements_by_status),
        ("devices by status", summary.devices_by_status),
        ("devices by type", summary.devices_by_type),
    ]
    for section, counts in rows:
        table.add_section()
        for name, count in counts.items():
            table.add_row(f"[bold]{section}[/bold]: {name}", f"{count:,}".replace(",", "."))
    console.print(table)
    _print_personas()


def _print_personas() -> None:
    from bot.demo import PERSONAS

    table = Table(title="Personas (mobi ask --as EMAIL \"…\")")
    for name in ("e-mail", "Amt", "role", "situation"):
        table.add_column(name)
    for p in PERSONAS:
        table.add_row(p.email, p.amt, p.role.value, p.description)
    console.print(table)


def _report_problems(problems: list[str], kind: Kind, file: Path, json_: bool) -> None:
    for line in problems:
        sys.stderr.write(line + "\n")
    sys.stderr.write(f"{len(problems)} problem(s) in {file}; nothing was written.\n")
    if json_:
        _print_json({"ok": False, "kind": kind.value, "file": str(file), "problems": problems})


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
