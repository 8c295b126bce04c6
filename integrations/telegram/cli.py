"""`mobi telegram`: check the bot token, set or remove the webhook, link an account by hand (help desk)."""
from __future__ import annotations

import asyncio

import typer
from rich.console import Console

from bot.errors import MobiError

app = typer.Typer(help="Telegram: check the bot, set the webhook, link accounts for the help desk.",
                  no_args_is_help=True)
console = Console()
err_console = Console(stderr=True)


def _run(coro):
    try:
        return asyncio.run(coro)
    except MobiError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _settings():
    from bot.cli import settings as load

    loaded = load()
    if not loaded.telegram_enabled():
        err_console.print("[red]MOBI_TELEGRAM_TOKEN is not set[/red]")
        raise typer.Exit(2)
    return loaded


async def _with_bot(settings, use):
    from telegram.error import TelegramError

    from integrations.telegram.channel import make_bot

    bot = make_bot(settings)
    try:
        await bot.initialize()
        return await use(bot)
    except TelegramError as exc:  # the message of InvalidToken quotes the token: show the type only
        raise MobiError(f"Telegram refused: {type(exc).__name__}") from None
    finally:
        await bot.shutdown()


@app.command()
def whoami() -> None:
    """Ask Telegram who the configured bot is, and where its updates go (polling or webhook)."""
    loaded = _settings()

    async def use(bot):
        return bot.bot, await bot.get_webhook_info()

    me, hook = _run(_with_bot(loaded, use))
    for label, value in (("bot", f"@{me.username} ({me.first_name}, id {me.id})"), ("mode", loaded.telegram_mode),
                         ("webhook", hook.url or "(none: long polling)"),
                         ("personal data", "on" if loaded.telegram_personal_data else "off (see README)")):
        console.print(f"{label:14} {value}", highlight=False)


@app.command("set-webhook")
def set_webhook_cmd() -> None:
    """Register MOBI_TELEGRAM_WEBHOOK_URL with its secret (`mobi serve` does this on start, too)."""
    from integrations.telegram.channel import set_webhook

    loaded = _settings()
    loaded.check_telegram()
    if loaded.telegram_mode != "webhook" or not loaded.telegram_webhook_url:
        err_console.print("[red]set MOBI_TELEGRAM_MODE=webhook and MOBI_TELEGRAM_WEBHOOK_URL first[/red]")
        raise typer.Exit(2)
    _run(_with_bot(loaded, lambda bot: set_webhook(bot, loaded)))
    console.print(f"[green]webhook set: {loaded.telegram_webhook_url}[/green]", highlight=False)


@app.command("delete-webhook")
def delete_webhook_cmd() -> None:
    """Remove the webhook (back to long polling)."""
    _run(_with_bot(_settings(), lambda bot: bot.delete_webhook()))
    console.print("[green]webhook removed[/green]")


@app.command()
def link(
    user_id: int = typer.Argument(..., help="The Telegram user ID the employee reads out (mobi shows it)."),
    personnel_number: str = typer.Option(..., "--personnel-number", "-p", help="The employee, checked in person."),
) -> None:
    """Link a Telegram account to an employee without an e-mail address, after checking their identity."""
    from integrations.telegram import store as tg

    async def change(runtime_dbs, directory):
        employee = await directory.by_personnel_number(personnel_number)
        if employee is None:
            raise MobiError(f"no employee with personnel number {personnel_number}")
        async with runtime_dbs.bot.begin() as conn:
            await tg.link(conn, user_id, personnel_number)
        return employee.name

    name = _run(_with_databases(_settings(), change))
    console.print(f"[green]Telegram user {user_id} is now linked to {name} ({personnel_number})[/green]",
                  highlight=False)


@app.command()
def unlink(user_id: int = typer.Argument(..., help="The Telegram user ID.")) -> None:
    """Remove the link of a Telegram account (the employee can also send /abmelden)."""
    from integrations.telegram import store as tg

    async def change(runtime_dbs, directory):
        async with runtime_dbs.bot.begin() as conn:
            return await tg.unlink(conn, user_id)

    removed = _run(_with_databases(_settings(), change))
    console.print(f"Telegram user {user_id}: {'link removed' if removed else 'was not linked'}")


async def _with_databases(settings, use):
    from bot.runtime import open_databases, sql_repos
    from integrations.db.migrate import upgrade

    dbs = open_databases(settings)
    try:
        await upgrade(dbs.bot, "bot")
        return await use(dbs, sql_repos(dbs).directory)
    finally:
        await dbs.dispose()
