"""`mobi matrix`: create the bot account on a dev/test homeserver, check the configured login."""
from __future__ import annotations

import asyncio
import secrets

import typer
from rich.console import Console

from bot.errors import MobiError

app = typer.Typer(help="Matrix: register the bot account (dev/test homeserver), check its login, link the directory.",
                  no_args_is_help=True)
console = Console()


def _run(coro):
    try:
        return asyncio.run(coro)
    except MobiError as exc:
        Console(stderr=True).print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


@app.command()
def register(
    homeserver: str = typer.Option(..., help="Client URL of the homeserver, e.g. http://127.0.0.1:8008."),
    shared_secret: str = typer.Option(..., envvar="MOBI_MATRIX_SHARED_SECRET",
                                      help="The homeserver's registration_shared_secret."),
    user: str = typer.Option("mobi", help="Localpart of the bot account."),
    password: str = typer.Option(None, help="Password (default: a random one, printed once)."),
) -> None:
    """Create the bot account via Synapse's shared-secret admin API and print the MOBI_MATRIX_* settings."""
    from integrations.matrix.admin import register as register_user

    password = password or secrets.token_urlsafe(18)
    account = _run(register_user(homeserver, shared_secret, user, password))
    console.print(f"[green]registered {account.user_id} (device {account.device_id})[/green]", highlight=False)
    console.print("# put these into the environment (or mobi.toml) of `mobi serve`; keep them secret", highlight=False)
    for key, value in (("HOMESERVER", homeserver.rstrip("/")), ("USER_ID", account.user_id),
                       ("ACCESS_TOKEN", account.access_token), ("PICKLE_KEY", secrets.token_urlsafe(32))):
        console.print(f"MOBI_MATRIX_{key}={value}", highlight=False, soft_wrap=True)
    console.print(f"# password of {account.user_id}: {password}", highlight=False)


@app.command()
def whoami() -> None:
    """Log in with the configured MOBI_MATRIX_* settings and show who mobi is on Matrix."""
    from bot.cli import settings as load
    from integrations.matrix.calls import call
    from integrations.matrix.session import connect

    loaded = load()
    if not loaded.matrix_homeserver:
        Console(stderr=True).print("[red]MOBI_MATRIX_HOMESERVER is not set[/red]")
        raise typer.Exit(2)
    plain = loaded.model_copy(update={"matrix_e2ee": False})  # leave the running bot's crypto store alone

    async def main():
        client = await connect(plain, loaded.matrix_store_path(loaded.home))
        try:
            return await call(client.whoami())
        finally:
            await client.close()

    me = _run(main())
    store = loaded.matrix_store_path(loaded.home)
    for label, value in (("user", me.user_id), ("device", me.device_id), ("homeserver", loaded.matrix_homeserver),
                         ("e2ee", "on" if loaded.matrix_e2ee else "off"),
                         ("crypto store", f"{store} ({'present' if store.exists() else 'not created yet'})")):
        console.print(f"{label:13} {value}", highlight=False)


@app.command("link-directory")
def link_directory(json_: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Link employees to their Matrix accounts by the identity rule (e-mail localpart, MOBI_MATRIX_DOMAIN_MAP
    read backwards), only accounts the homeserver knows: broadcasts then reach people who never wrote to mobi."""
    from bot.cli import print_json, settings as load
    from bot.runtime import open_databases
    from integrations.db.migrate import upgrade_all
    from integrations.matrix.directory_links import link_directory as link
    from integrations.matrix.session import connect

    loaded = load()
    plain = loaded.model_copy(update={"matrix_e2ee": False})  # leave the running bot's crypto store alone

    async def main():
        dbs, client = open_databases(loaded), await connect(plain, loaded.matrix_store_path(loaded.home))
        try:
            await upgrade_all(dbs)
            return await link(dbs.agreement, dbs.bot, client, loaded)
        finally:
            await client.close()
            await dbs.dispose()

    report = _run(main())
    if json_:
        print_json({"candidates": report.candidates, "linked": report.linked, "unknown": len(report.unknown)})
    else:
        console.print(f"{report.linked} of {report.candidates} employees linked to their Matrix account; "
                      f"{len(report.unknown)} have none on the homeserver", highlight=False)
