"""Login throttling: 5 failed attempts lock the account and the address for 15 minutes.

Pure rule (`locked_until`) plus the two queries that feed it. Attempts made while locked are
rejected without checking the password and are not recorded, so a lock ends 15 minutes after
the fifth failure. A successful login clears the account's count, never the address's (one known
password must not reset the budget of an address trying many accounts).

The address counted is the peer's, unless the peer is a trusted reverse proxy
(`MOBI_ADMIN_TRUSTED_PROXIES`): then X-Forwarded-For is read from the right, skipping trusted
proxies, and the first untrusted address is the client (the left part is the client's to forge).
"""
from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.admin.schema import AdminLoginAttemptRow, aware

ATTEMPTS = AdminLoginAttemptRow.__table__
LIMIT = 5
WINDOW = dt.timedelta(minutes=15)


def locked_until(failures: Iterable[dt.datetime], now: dt.datetime,
                 limit: int = LIMIT, window: dt.timedelta = WINDOW) -> dt.datetime | None:
    """When the lock ends, if the failures within `window` before `now` reach `limit`."""
    recent = sorted(t for t in map(aware, failures) if now - t < window)
    if len(recent) < limit:
        return None
    return recent[-1] + window


async def lock_of(conn: AsyncConnection, email: str, ip: str, now: dt.datetime) -> dt.datetime | None:
    """The later of the account's and the address's lock (None: not locked)."""
    since = now - WINDOW
    last_ok = aware(await conn.scalar(select(func.max(ATTEMPTS.c.at)).where(
        (ATTEMPTS.c.email == email) & ATTEMPTS.c.success)))
    by_account = select(ATTEMPTS.c.at).where(
        (ATTEMPTS.c.email == email) & ~ATTEMPTS.c.success & (ATTEMPTS.c.at > max(since, last_ok or since)))
    by_ip = select(ATTEMPTS.c.at).where((ATTEMPTS.c.ip == ip) & ~ATTEMPTS.c.success & (ATTEMPTS.c.at > since))
    locks = [locked_until((await conn.scalars(query)).all(), now) for query in (by_account, by_ip)]
    return max((lock for lock in locks if lock), default=None)


async def note(conn: AsyncConnection, email: str, ip: str, success: bool, now: dt.datetime) -> None:
    """Record an attempt; attempts older than a day are dropped on the way."""
    await conn.execute(ATTEMPTS.insert().values(email=email, ip=ip, success=success, at=now))
    await conn.execute(delete(ATTEMPTS).where(ATTEMPTS.c.at < now - dt.timedelta(days=1)))


def client_address(peer: str | None, forwarded_for: Sequence[str], trusted: Sequence) -> str:
    """Whose login attempt is this: the peer, or behind trusted proxies the rightmost untrusted forwarded address.

    `forwarded_for` are the X-Forwarded-For headers in order; `trusted` are `ipaddress` networks."""
    address = (peer or "unknown")[:64]
    if not _trusted(address, trusted):
        return address
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop[:64] if _valid(hop) else address
        address = hop[:64]
    return address  # every hop is a proxy of ours: the leftmost one is as close to the client as we know


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def _trusted(address: str, trusted: Sequence) -> bool:
    if not trusted or not _valid(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(ip.version == net.version and ip in net for net in trusted)
