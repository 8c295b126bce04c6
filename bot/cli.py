"""The `mobi` command line (typer + rich). Every command has --help; scripting output with --json."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
from typing import Any, Coroutine

import typer
from rich.console import Console

from bot.config import Settings, load_settings
from bot.errors import MobiError

app = typer.Typer(
    name="mobi",
    help="mobi – der Chat-Assistent zum mobilen Arbeiten. Self-service chat assistant for mobile work.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database schemas (Alembic): upgrade, status.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console()
err_console = Console(stderr=True)


def settings() -> Settings:
    """Load settings or stop with one clear line."""
    try:
        loaded = load_settings()
    except MobiError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    from bot.logs import configure

    configure(loaded.log_level, loaded.log_format)
    return loaded


def run(coro: Coroutine) -> Any:
    """Run a coroutine; mobi's own errors become one red line and exit code 2."""
    try:
        return asyncio.run(coro)
    except MobiError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_exchange(result) -> None:
    for reply in result.replies:
        console.print(f"[bold cyan]mobi:[/bold cyan] {reply.text}", highlight=False)
        for number, option in enumerate(reply.options, 1):
            console.print(f"   [cyan]{number})[/cyan] {option.label}", highlight=False)


@app.command()
def ask(
    text: str = typer.Argument(..., help="The message, as an employee would type it."),
    as_: str = typer.Option(..., "--as", help="E-mail of the employee who asks (e.g. anna.schmid@stuttgart.example)."),
    json_: bool = typer.Option(False, "--json", help="Print intent, entities and replies as JSON."),
) -> None:
    """Send one message through the full pipeline (channel `cli`) and print the replies."""
    from bot.channel import MemoryChannel
    from bot.chat import exchange, link_by_email
    from bot.runtime import open_runtime

    async def main():
        channel = MemoryChannel("cli")
        async with open_runtime(settings_, channels={"cli": channel}) as runtime:
            sender = await link_by_email(runtime, "cli", as_)
            return await exchange(runtime, channel, sender, text)

    settings_ = settings()
    result = run(main())
    print_json(result.to_json()) if json_ else print_exchange(result)


@app.command()
def shell(
    as_: str = typer.Option(..., "--as", help="E-mail of the employee you play."),
) -> None:
    """Chat with mobi in the terminal (also reads piped stdin, one message per line)."""
    from bot.channel import MemoryChannel
    from bot.chat import exchange, link_by_email
    from bot.runtime import open_runtime

    interactive = sys.stdin.isatty()

    async def main():
        channel = MemoryChannel("cli")
        async with open_runtime(settings_, channels={"cli": channel}) as runtime:
            sender = await link_by_email(runtime, "cli", as_)
            if interactive:
                console.print("[dim]Schreiben Sie Ihre Frage (Ende mit „exit“ oder Strg-D).[/dim]")
            while (line := _read_line(interactive)) is not None:
                if line.strip().lower() in {"exit", "quit", "tschüss!"}:
                    break
                if line.strip():
                    print_exchange(await exchange(runtime, channel, sender, line.strip()))

    settings_ = settings()
    run(main())


def _read_line(interactive: bool) -> str | None:
    try:
        return console.input("[bold]Sie:[/bold] ") if interactive else sys.stdin.readline() or None
    except (EOFError, KeyboardInterrupt):
        return None


@app.command()
def serve(
    host: str = typer.Option(None, help="Address to bind (default from MOBI_HOST, 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default from MOBI_PORT, 8080)."),
) -> None:
    """Run the web server (web chat at /, /healthz, /model/parse) and the configured messenger adapters."""
    from bot.web import serve as serve_web

    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    loaded = settings().model_copy(update=overrides)
    try:
        serve_web(loaded)
    except MobiError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


@app.command()
def purge(
    older_than: int = typer.Option(None, help="Delete logs older than this many days (default: MOBI_RETENTION_DAYS)."),
    json_: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Delete logged messages and handled events past the retention period (also runs daily in `serve`)."""
    from bot.maintenance import purge_expired
    from bot.runtime import open_databases
    from integrations.db.migrate import upgrade

    loaded = settings()

    async def main():
        dbs = open_databases(loaded)
        try:
            await upgrade(dbs.bot, "bot")
            return await purge_expired(dbs.bot, older_than or loaded.retention_days)
        finally:
            await dbs.dispose()

    counts = run(main())
    if json_:
        print_json(counts)
    else:
        console.print(", ".join(f"{n} {name}" for name, n in counts.items()) + " deleted")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the schemas of all three databases to the newest revision."""
    from bot.runtime import open_databases
    from integrations.db.migrate import upgrade_all

    loaded = settings()

    async def main():
        dbs = open_databases(loaded)
        try:
            await upgrade_all(dbs)
        finally:
            await dbs.dispose()

    run(main())
    console.print("[green]agreement, device and bot databases are up to date[/green]")


@db_app.command("status")
def db_status(json_: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show each database's URL (without password) and schema revision."""
    from sqlalchemy.engine import make_url

    from bot.runtime import open_databases
    from integrations.db.engines import DB_NAMES
    from integrations.db.migrate import current_revision

    loaded = settings()

    async def main():
        dbs = open_databases(loaded)
        try:
            return {n: {"url": make_url(loaded.db_url(n)).render_as_string(hide_password=True),
                        "revision": await current_revision(dbs.engine(n), n)} for n in DB_NAMES}
        finally:
            await dbs.dispose()

    status = run(main())
    if json_:
        print_json(status)
        return
    for name, info in status.items():
        console.print(f"{name:10} {info['revision'] or '(empty)':14} {info['url']}", highlight=False)


@app.command("config")
def show_config(json_: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show the effective settings (from MOBI_* variables and mobi.toml)."""
    data = settings().model_dump(mode="json")
    if json_:
        print_json(data)
        return
    for key, value in data.items():
        console.print(f"MOBI_{key.upper():24} {value}", highlight=False)


def _mount_subcommands() -> None:
    from bot.cli_data import register

    register(app, settings)
    from nlu.cli import app as nlu_app

    app.add_typer(nlu_app, name="nlu", help="Train, try and evaluate the NLU model.")
    from integrations.matrix.cli import app as matrix_app

    app.add_typer(matrix_app, name="matrix", help="Matrix: register the bot account, check its login.")
    from integrations.telegram.cli import app as telegram_app

    app.add_typer(telegram_app, name="telegram", help="Telegram: check the bot, set the webhook, link accounts.")
    from actions.kb.cli import app as kb_app

    app.add_typer(kb_app, name="kb", help="Check the knowledge base (sample agreement, answers).")
    from bot.admin.cli import app as admin_app

    app.add_typer(admin_app, name="admin", help="Admin console accounts: create users, set passwords.")
    from bot.reminders_cli import app as reminders_app

    app.add_typer(reminders_app, name="reminders", help="Reminders: run one round now.")
    from bot.broadcasts.cli import app as broadcast_app

    app.add_typer(broadcast_app, name="broadcast", help="HR broadcasts: create, preview, approve, send, status.")


_mount_subcommands()
