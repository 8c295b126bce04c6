"""`mobi reminders run`: one round of the reminder scheduler (what `mobi serve` does every few minutes)."""
from __future__ import annotations

import datetime as dt

import typer

app = typer.Typer(help="Reminders: run one round now (e.g. from cron, or to try a day with --today).",
                  no_args_is_help=True)


@app.command("run")
def run_command(
    today: str = typer.Option(None, help="The day to run for, YYYY-MM-DD (default: MOBI_TODAY or today)."),
    json_: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Queue every reminder due today; running adapters deliver them (the others on their next start)."""
    from bot.cli import console, print_json, run, settings
    from bot.reminders_scheduler import run_once
    from bot.runtime import open_runtime

    loaded = settings()
    try:
        day = dt.date.fromisoformat(today) if today else loaded.clock_today()
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD", param_hint="--today") from None

    async def main():
        async with open_runtime(loaded, interpreter=_NoNlu()) as runtime:
            return await run_once(runtime, day)

    touched = run(main())
    if json_:
        print_json({"day": day.isoformat(), "conversations": len(touched)})
    else:
        console.print(f"{len(touched)} conversation(s) got a reminder for {day:%d.%m.%Y}")


class _NoNlu:
    """Reminders need no language model; this keeps `run` working before `mobi nlu train`."""

    async def parse(self, text: str):
        from bot.interpreter import unknown

        return unknown(text)
