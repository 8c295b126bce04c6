"""Broadcast operations on the databases: create, approve, cancel, preview, start (fill the outbox), stats.

The lifecycle rules are in `lifecycle.py`; this module only reads and writes. Every state change is
one conditional UPDATE (`WHERE status = <expected>`), so two workers never both start a broadcast."""
from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.broadcasts import lifecycle as lc
from bot.broadcasts.schema import BroadcastOutboxRow, BroadcastRow
from bot.broadcasts.targeting import Target, deliveries, people
from bot.domain import Role
from bot.store import insert_ignore
from integrations.db.agreement_schema import EmployeeRow, OrgUnitRow
from integrations.db.bot_schema import utcnow
from integrations.db.engines import Databases

BC, BOX = BroadcastRow.__table__, BroadcastOutboxRow.__table__
EMP = EmployeeRow.__table__
MIN_GROUP = 5  # stats hide smaller groups (no conclusions about single people)


@dataclass(frozen=True)
class Actor:
    personnel_number: str
    role: Role
    email: str


async def actor(agreement: AsyncEngine, email: str) -> Actor:
    """The person acting (`--as EMAIL`); must be hr or operator."""
    async with agreement.connect() as conn:
        row = (await conn.execute(select(EMP.c.personnel_number, EMP.c.role, EMP.c.email)
                                  .where(func.lower(EMP.c.email) == email.strip().lower()))).first()
    if row is None:
        raise lc.BroadcastError(f"no employee with the e-mail address {email}")
    role = Role(row.role)
    if role not in lc.AUTHORS:
        raise lc.BroadcastError(f"{email} has role {role.value}; broadcasts need hr or operator")
    return Actor(row.personnel_number, role, row.email)


async def create(bot: AsyncEngine, who: Actor, *, title: str, text_de: str, text_en: str | None = None,
                 kind: str = "info", target: Target = Target(), send_at: dt.datetime | None = None,
                 approval: bool = True, now: dt.datetime | None = None) -> int:
    lc.check_author(who.role, kind)
    target.check()
    if not title.strip() or not text_de.strip():
        raise lc.BroadcastError("a broadcast needs a title and a German text")
    now = now or utcnow()
    send_at = send_at.astimezone(dt.timezone.utc) if send_at else None
    status = lc.advance(lc.DRAFT, lc.submit_event(approval, send_at is not None and send_at > now))
    async with bot.begin() as conn:
        result = await conn.execute(BC.insert().values(
            title=title.strip(), text_de=text_de, text_en=text_en or None, kind=kind, target=target.to_json(),
            status=status, created_by=who.personnel_number, send_at=send_at, created_at=now,
            approved_by=None if approval else who.personnel_number, approved_at=None if approval else now))
        return result.inserted_primary_key[0]


async def get(conn: AsyncConnection, broadcast_id: int):
    row = (await conn.execute(select(BC).where(BC.c.id == broadcast_id))).first()
    if row is None:
        raise lc.BroadcastError(f"no broadcast {broadcast_id}")
    return row


async def _move(conn: AsyncConnection, row, event: str, **values) -> str:
    new = lc.advance(row.status, event)
    done = await conn.execute(update(BC).where((BC.c.id == row.id) & (BC.c.status == row.status))
                              .values(status=new, **values))
    if done.rowcount != 1:
        raise lc.BroadcastError(f"broadcast {row.id} changed meanwhile; try again")
    return new


async def approve(bot: AsyncEngine, broadcast_id: int, who: Actor, now: dt.datetime | None = None) -> str:
    now = now or utcnow()
    async with bot.begin() as conn:
        row = await get(conn, broadcast_id)
        lc.check_approver(row.created_by, who.personnel_number, who.role)
        later = row.send_at is not None and _aware(row.send_at) > now
        return await _move(conn, row, "approve_later" if later else "approve", approved_by=who.personnel_number,
                           approved_at=now)


async def cancel(bot: AsyncEngine, broadcast_id: int, who: Actor, now: dt.datetime | None = None) -> int:
    """Stop the broadcast; returns how many deliveries were dropped."""
    async with bot.begin() as conn:
        row = await get(conn, broadcast_id)
        await _move(conn, row, "cancel", finished_at=now or utcnow())
        dropped = await conn.execute(update(BOX).where((BOX.c.broadcast_id == broadcast_id)
                                                       & (BOX.c.status == "pending")).values(status="cancelled"))
        return dropped.rowcount


async def plan(dbs: Databases, row_or_target, kind: str = "info"):
    target = row_or_target if isinstance(row_or_target, Target) else Target.from_json(row_or_target.target)
    kind = kind if isinstance(row_or_target, Target) else row_or_target.kind
    persons = await people(dbs.agreement, dbs.device, target)
    async with dbs.bot.connect() as conn:
        return await deliveries(conn, persons, respect_opt_out=kind == "info")


async def preview(dbs: Databases, broadcast_id: int) -> dict:
    """Counts before anything is sent: per channel, per Amt, unreachable, opted out."""
    async with dbs.bot.connect() as conn:
        row = await get(conn, broadcast_id)
    plan_ = await plan(dbs, row)
    names = await unit_names(dbs.agreement)
    return {
        "broadcast": broadcast_id, "status": row.status, **headcount(plan_),
        "per_channel": dict(sorted(Counter(d.channel for d in plan_ if d.status == "pending").items())),
        "per_amt": _per_amt(plan_, names),
    }


def headcount(plan_) -> dict[str, int]:
    """People in a plan: recipients, reachable (on at least one channel), unreachable, opted out."""
    recipients = {d.person.personnel_number for d in plan_}
    reached = {d.person.personnel_number for d in plan_ if d.status == "pending"}
    return {"recipients": len(recipients), "reachable": len(reached),
            "unreachable": sum(d.status == "unreachable" for d in plan_),
            "opted_out": sum(d.status == "opted_out" for d in plan_)}


def _per_amt(plan_, names: dict[str, str]) -> dict[str, dict[str, int]]:
    """People per Amt: reachable (on at least one channel), unreachable, opted out."""
    state: dict[str, str] = {}
    for d in plan_:
        pn = d.person.personnel_number
        state[pn] = "reachable" if d.status == "pending" or state.get(pn) == "reachable" else d.status
    amt = {d.person.personnel_number: names.get(d.person.org_unit, d.person.org_unit) for d in plan_}
    out: dict[str, Counter] = {}
    for pn, value in state.items():
        out.setdefault(amt[pn], Counter())[value] += 1
    return {name: dict(sorted(counts.items())) for name, counts in sorted(out.items())}


async def due(bot: AsyncEngine, now: dt.datetime) -> list[int]:
    """Broadcasts to start now: approved, or scheduled with their time come."""
    async with bot.connect() as conn:
        return list((await conn.scalars(select(BC.c.id).where(
            (BC.c.status == lc.APPROVED) | ((BC.c.status == lc.SCHEDULED) & (BC.c.send_at <= now)))
            .order_by(BC.c.id))).all())


async def start(dbs: Databases, broadcast_id: int, now: dt.datetime | None = None) -> bool:
    """Move to `sending` and fill the outbox in one transaction; False if another worker did (or not due)."""
    now = now or utcnow()
    async with dbs.bot.connect() as conn:
        row = await get(conn, broadcast_id)
    if row.status not in lc.SENDABLE:
        return False
    plan_ = await plan(dbs, row)
    async with dbs.bot.begin() as conn:
        moved = await conn.execute(update(BC).where((BC.c.id == broadcast_id) & (BC.c.status == row.status))
                                   .values(status=lc.advance(row.status, "start"), started_at=now))
        if moved.rowcount != 1:
            return False
        values = [dict(broadcast_id=broadcast_id, personnel_number=d.person.personnel_number,
                       org_unit=d.person.org_unit, channel=d.channel, recipient=d.recipient,
                       language=d.person.language, status=d.status, attempts=0) for d in plan_]
        for chunk in range(0, len(values), 500):
            await conn.execute(insert_ignore(conn, BOX), values[chunk:chunk + 500])
    return True


async def finish_if_complete(bot: AsyncEngine, broadcast_id: int, now: dt.datetime | None = None) -> bool:
    async with bot.begin() as conn:
        open_ = await conn.scalar(select(func.count()).select_from(BOX).where(
            (BOX.c.broadcast_id == broadcast_id) & BOX.c.status.in_(("pending", "sending"))))
        if open_:
            return False
        done = await conn.execute(update(BC).where((BC.c.id == broadcast_id) & (BC.c.status == lc.SENDING))
                                  .values(status=lc.advance(lc.SENDING, "finish"), finished_at=now or utcnow()))
        return done.rowcount == 1


async def unit_names(agreement: AsyncEngine) -> dict[str, str]:
    async with agreement.connect() as conn:
        return {r.code: r.name for r in (await conn.execute(select(OrgUnitRow.__table__))).all()}


def _suppress(groups: dict[str, Counter]) -> dict[str, dict[str, int]]:
    return {name: dict(counts) for name, counts in sorted(groups.items()) if sum(counts.values()) >= MIN_GROUP}


async def stats(dbs: Databases, broadcast_id: int) -> dict:
    """Aggregates only: totals, per channel, per Amt; groups under five people are left out."""
    async with dbs.bot.connect() as conn:
        row = await get(conn, broadcast_id)
        rows = (await conn.execute(select(BOX.c.channel, BOX.c.org_unit, BOX.c.status, func.count().label("n"))
                                   .where(BOX.c.broadcast_id == broadcast_id)
                                   .group_by(BOX.c.channel, BOX.c.org_unit, BOX.c.status))).all()
        read = dict((await conn.execute(select(BOX.c.channel, func.count()).where(
            (BOX.c.broadcast_id == broadcast_id) & BOX.c.read_at.is_not(None)).group_by(BOX.c.channel))).all())
    names = await unit_names(dbs.agreement)
    total: Counter = Counter()
    per_channel: dict[str, Counter] = {}
    per_amt: dict[str, Counter] = {}
    for r in rows:
        total[r.status] += r.n
        if r.channel != "-":
            per_channel.setdefault(r.channel, Counter())[r.status] += r.n
        per_amt.setdefault(names.get(r.org_unit, r.org_unit), Counter())[r.status] += r.n
    return {"broadcast": broadcast_id, "title": row.title, "status": row.status, "kind": row.kind,
            "totals": dict(sorted(total.items())), "per_channel": _suppress(per_channel),
            "per_amt": _suppress(per_amt), "read": read}  # read: per channel that reports it (Matrix receipts)


def progress(totals: dict[str, int]) -> tuple[int, int]:
    """(handled, deliverable) of a broadcast's outbox totals: sent, failed or cancelled of all with a channel."""
    deliverable = sum(v for k, v in totals.items() if k not in ("unreachable", "opted_out"))
    return sum(totals.get(k, 0) for k in ("sent", "failed", "cancelled")), deliverable


EXPORT_FIELDS = ("personnel_number", "org_unit", "channel", "status", "attempts", "error", "sent_at")


def write_csv(rows: list[dict], fh) -> None:
    """The export as CSV (the CLI's file and the console's download)."""
    writer = csv.DictWriter(fh, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    writer.writerows(rows)


async def export_rows(bot: AsyncEngine, broadcast_id: int) -> list[dict]:
    """Per recipient and channel: state and timestamps (HR only, for this broadcast only)."""
    async with bot.connect() as conn:
        await get(conn, broadcast_id)
        rows = (await conn.execute(select(BOX.c.personnel_number, BOX.c.org_unit, BOX.c.channel, BOX.c.status,
                                          BOX.c.attempts, BOX.c.error, BOX.c.sent_at)
                                   .where(BOX.c.broadcast_id == broadcast_id).order_by(BOX.c.id))).all()
    return [dict(personnel_number=r.personnel_number, org_unit=r.org_unit, channel=r.channel, status=r.status,
                 attempts=r.attempts, error=r.error or "", sent_at=r.sent_at.isoformat() if r.sent_at else "")
            for r in rows]


async def listing(bot: AsyncEngine) -> list[dict]:
    async with bot.connect() as conn:
        rows = (await conn.execute(select(BC.c.id, BC.c.title, BC.c.kind, BC.c.status, BC.c.send_at)
                                   .order_by(BC.c.id.desc()).limit(50))).all()
    return [dict(id=r.id, title=r.title, kind=r.kind, status=r.status,
                 send_at=r.send_at.isoformat() if r.send_at else None) for r in rows]


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
