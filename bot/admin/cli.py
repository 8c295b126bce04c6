"""`mobi admin create-user | set-password`: console accounts from the command line (mounted in `bot/cli.py`)."""
from __future__ import annotations

import getpass
import sys

import typer

from bot.admin.registry import ROLES

app = typer.Typer(help="Admin console accounts: create users, set passwords.", no_args_is_help=True)
ACTOR = "cli"


def _password(confirm: bool = True) -> str:
    """From the terminal (asked twice) or, when piped, the first line of stdin."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Passwort: ")
    if confirm and getpass.getpass("Passwort wiederholen: ") != first:
        typer.secho("Die beiden Passwörter sind verschieden.", fg="red", err=True)
        raise typer.Exit(1)
    return first


async def _with_bot_db(work):
    from bot.runtime import open_databases
    from bot.cli import settings
    from integrations.db.migrate import upgrade_all

    dbs = open_databases(settings())
    try:
        await upgrade_all(dbs)
        async with dbs.bot.begin() as conn:
            return await work(conn)
    finally:
        await dbs.dispose()


def _done(user, action: str, json_: bool) -> None:
    from bot.cli import print_json

    if json_:
        print_json({"ok": True, "action": action, "id": user.id, "email": user.email, "role": user.role})
    else:
        typer.secho(f"✓ {action}: {user.email} ({user.role})", fg="green")


def _fail(exc: Exception, json_: bool) -> None:
    from bot.cli import print_json

    if json_:
        print_json({"ok": False, "error": str(exc), "field": getattr(exc, "field", None)})
    else:
        typer.secho(str(exc), fg="red", err=True)
    raise typer.Exit(1)


@app.command("create-user")
def create_user(email: str = typer.Argument(..., help="E-mail address, the login name."),
                role: str = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
                json_: bool = typer.Option(False, "--json", help="Print the result as JSON.")) -> None:
    """Create a local account; the password is asked for (or read from stdin when piped)."""
    from bot.admin import accounts
    from bot.cli import run

    problems = accounts.check_new(email, role, None)
    if problems:
        _fail(problems[0], json_)
    password = _password()
    try:
        user = run(_with_bot_db(lambda conn: accounts.create(conn, email, role, password, actor=ACTOR)))
    except accounts.AccountError as exc:
        _fail(exc, json_)
    _done(user, "created", json_)


@app.command("set-password")
def set_password(email: str = typer.Argument(..., help="E-mail address of the account."),
                 json_: bool = typer.Option(False, "--json", help="Print the result as JSON.")) -> None:
    """Set a new password (asked for, or read from stdin when piped)."""
    from bot.admin import accounts
    from bot.cli import run

    password = _password()
    try:
        user = run(_with_bot_db(lambda conn: accounts.set_password(conn, email, password, actor=ACTOR)))
    except accounts.AccountError as exc:
        _fail(exc, json_)
    _done(user, "password set", json_)
