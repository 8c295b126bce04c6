"""`mobi broadcast …`: HR announcements from the command line. The acting person is `--as EMAIL` (hr/operator)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import typer

app = typer.Typer(help="HR broadcasts: create, preview, approve, send, status, cancel, export.",
                  no_args_is_help=True)
AS = typer.Option(..., "--as", help="E-mail address of the person acting (role hr or operator).")
JSON = typer.Option(False, "--json", help="Print as JSON.")


def _with_dbs(work):
    """Run `work(dbs)` on the migrated databases of the configured installation."""
    from bot.cli import run, settings
    from bot.runtime import open_databases
    from integrations.db.migrate import upgrade_all

    loaded = settings()

    async def main():
        dbs = open_databases(loaded)
        try:
            await upgrade_all(dbs)
            return await work(dbs, loaded)
        finally:
            await dbs.dispose()

    return run(main())


def _at(value: str | None, zone: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DDTHH:MM (Europe/Berlin)", param_hint="--at") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(zone))


@app.command()
def create(
    as_: str = AS,
    title: str = typer.Option(..., help="Title (shown in bold)."),
    text: str = typer.Option(None, help="German text (Markdown)."),
    text_file: Path = typer.Option(None, exists=True, dir_okay=False, help="German text from a file."),
    text_en: str = typer.Option(None, help="English text (optional)."),
    kind: str = typer.Option("info", help="info (respects opt-out) or mandatory (operators only)."),
    amt: list[str] = typer.Option([], help="Amt (code or name); repeatable."),
    agreement_status: list[str] = typer.Option([], help="e.g. active; repeatable."),
    device_status: list[str] = typer.Option([], help="e.g. ready_for_pickup; repeatable."),
    wave: list[int] = typer.Option([], help="eAkte wave; repeatable."),
    role: list[str] = typer.Option([], help="employee, hr, helpdesk, operator; repeatable."),
    language: list[str] = typer.Option([], help="de or en; repeatable."),
    at: str = typer.Option(None, help="Send at YYYY-MM-DDTHH:MM, Europe/Berlin (default: once approved)."),
    json_: bool = JSON,
) -> None:
    """Write a broadcast; with four-eyes approval on (default) it waits for a second hr person."""
    from bot.broadcasts import service
    from bot.broadcasts.targeting import Target
    from bot.cli import console, print_json

    body = text_file.read_text(encoding="utf-8") if text_file else text
    if not body:
        raise typer.BadParameter("give --text or --text-file", param_hint="--text")
    target = Target(tuple(amt), tuple(agreement_status), tuple(device_status), tuple(wave), tuple(role),
                    tuple(language))

    async def work(dbs, settings):
        who = await service.actor(dbs.agreement, as_)
        broadcast_id = await service.create(dbs.bot, who, title=title, text_de=body, text_en=text_en, kind=kind,
                                            target=target, send_at=_at(at, settings.timezone),
                                            approval=settings.broadcast_approval)
        async with dbs.bot.connect() as conn:
            return (await service.get(conn, broadcast_id)).status, broadcast_id

    status, broadcast_id = _with_dbs(work)
    if json_:
        print_json({"broadcast": broadcast_id, "status": status})
    else:
        console.print(f"broadcast {broadcast_id} created: {status}")


@app.command()
def preview(broadcast_id: int, json_: bool = JSON) -> None:
    """How many it would reach: per channel, per Amt, and how many are unreachable (no linked channel)."""
    from bot.broadcasts import service
    from bot.cli import console, print_json

    result = _with_dbs(lambda dbs, _s: service.preview(dbs, broadcast_id))
    if json_:
        print_json(result)
        return
    console.print(f"broadcast {broadcast_id} ({result['status']}): {result['recipients']} recipients, "
                  f"{result['reachable']} reachable, {result['unreachable']} unreachable, "
                  f"{result['opted_out']} opted out")
    _table("per channel", result["per_channel"])
    for name, counts in result["per_amt"].items():
        _table(name, counts)


@app.command()
def approve(broadcast_id: int, as_: str = AS, json_: bool = JSON) -> None:
    """Approve someone else's broadcast (four eyes)."""
    from bot.broadcasts import service
    from bot.cli import console, print_json

    async def work(dbs, _s):
        return await service.approve(dbs.bot, broadcast_id, await service.actor(dbs.agreement, as_))

    status = _with_dbs(work)
    print_json({"broadcast": broadcast_id, "status": status}) if json_ else console.print(
        f"broadcast {broadcast_id}: {status}")


@app.command()
def cancel(broadcast_id: int, as_: str = AS, json_: bool = JSON) -> None:
    """Stop a broadcast; deliveries not yet sent are dropped."""
    from bot.broadcasts import service
    from bot.cli import console, print_json

    async def work(dbs, _s):
        return await service.cancel(dbs.bot, broadcast_id, await service.actor(dbs.agreement, as_))

    dropped = _with_dbs(work)
    print_json({"broadcast": broadcast_id, "status": "cancelled", "dropped": dropped}) if json_ else \
        console.print(f"broadcast {broadcast_id} cancelled; {dropped} deliveries dropped")


@app.command()
def send(
    broadcast_id: int,
    as_: str = AS,
    deliver: bool = typer.Option(False, help="Deliver from this process through the configured adapters "
                                             "(otherwise `mobi serve` does)."),
    json_: bool = JSON,
) -> None:
    """Start an approved broadcast now (fills the outbox); with --deliver also send it, with a progress bar."""
    from bot.broadcasts import lifecycle as lc
    from bot.broadcasts import service
    from bot.cli import console, print_json

    async def work(dbs, settings):
        await service.actor(dbs.agreement, as_)
        async with dbs.bot.connect() as conn:
            row = await service.get(conn, broadcast_id)
        if row.status in lc.SENDABLE:
            if row.status == lc.SCHEDULED:  # sending now overrides the time
                async with dbs.bot.begin() as conn:
                    await conn.execute(service.BC.update().where(service.BC.c.id == broadcast_id)
                                       .values(send_at=service.utcnow()))
            await service.start(dbs, broadcast_id)
            await service.finish_if_complete(dbs.bot, broadcast_id)  # nobody reachable: done at once
        elif row.status != lc.SENDING:
            raise lc.BroadcastError(f"broadcast {broadcast_id} is {row.status}; it cannot be sent")
        if deliver:
            await _deliver(settings, broadcast_id, quiet=json_)
        return await service.stats(dbs, broadcast_id)

    result = _with_dbs(work)
    if json_:
        print_json(result)
    else:
        console.print(f"broadcast {broadcast_id}: {result['status']} {result['totals']}")


async def _deliver(settings, broadcast_id: int, *, quiet: bool) -> None:
    """Start the configured adapters here, drain this broadcast's outbox with a rich progress bar, stop them."""
    from rich.progress import Progress
    from sqlalchemy import func, select

    from bot.adapters import configured_channels
    from bot.broadcasts.sender import BOX, Sender
    from bot.reminders_cli import _NoNlu
    from bot.runtime import open_runtime

    async with open_runtime(settings, interpreter=_NoNlu()) as runtime:
        adapters = configured_channels(settings, runtime)
        started = []
        try:
            for adapter in adapters:
                await adapter.start(runtime.pipeline.submit)
                started.append(adapter)
            channels = {a.name: a for a in started if a.name in settings.broadcast_rates()}
            async with runtime.dbs.bot.connect() as conn:
                todo = await conn.scalar(select(func.count()).select_from(BOX).where(
                    (BOX.c.broadcast_id == broadcast_id) & BOX.c.status.in_(("pending", "sending"))
                    & BOX.c.channel.in_(list(channels))))
            sender = Sender.from_settings(runtime.dbs, channels, settings)
            with Progress(disable=quiet, transient=False) as progress:
                task = progress.add_task(f"broadcast {broadcast_id}", total=todo or 0)
                await sender.drain(broadcast_id, lambda n: progress.advance(task, n))
        finally:
            for adapter in reversed(started):
                await adapter.stop()


@app.command()
def status(broadcast_id: int = typer.Argument(None), json_: bool = JSON) -> None:
    """Progress and stats of one broadcast (aggregates; groups under five hidden), or the latest broadcasts."""
    from bot.broadcasts import service
    from bot.cli import console, print_json

    if broadcast_id is None:
        rows = _with_dbs(lambda dbs, _s: service.listing(dbs.bot))
        if json_:
            print_json(rows)
        for r in [] if json_ else rows:
            console.print(f"{r['id']:>4}  {r['status']:<16} {r['kind']:<9} {r['title']}", highlight=False)
        return
    result = _with_dbs(lambda dbs, _s: service.stats(dbs, broadcast_id))
    if json_:
        print_json(result)
        return
    from rich.progress import BarColumn, Progress, TextColumn

    totals = result["totals"]
    handled, deliverable = service.progress(totals)
    console.print(f"broadcast {broadcast_id} \"{result['title']}\" ({result['kind']}): {result['status']}")
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  console=console) as bar:
        bar.add_task("delivered", total=deliverable or 1, completed=handled)
    _table("totals", totals)
    _table("read (Matrix receipts)", result.get("read", {}))
    for name, counts in result["per_channel"].items():
        _table(f"channel {name}", counts)
    for name, counts in result["per_amt"].items():
        _table(name, counts)


@app.command()
def export(broadcast_id: int, as_: str = AS,
           output: Path = typer.Option(None, "--output", "-o", help="CSV file (default: stdout).")) -> None:
    """Per recipient: channel, state, timestamps (CSV; for HR, for this broadcast only)."""
    from bot.broadcasts import service

    async def work(dbs, _s):
        await service.actor(dbs.agreement, as_)
        return await service.export_rows(dbs.bot, broadcast_id)

    rows = _with_dbs(work)
    with (open(output, "w", newline="", encoding="utf-8") if output else _stdout()) as fh:
        service.write_csv(rows, fh)


class _stdout:
    def __enter__(self):
        return sys.stdout

    def __exit__(self, *exc):
        sys.stdout.flush()


def _table(title: str, counts: dict) -> None:
    from bot.cli import console

    if counts:
        console.print(f"  {title}: " + ", ".join(f"{k} {v}" for k, v in counts.items()), highlight=False)
