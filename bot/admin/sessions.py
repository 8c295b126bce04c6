"""Console sessions: a random cookie (only its SHA-256 stored), a CSRF token, idle and absolute expiry."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.admin.accounts import USERS, User
from bot.admin.schema import AdminSessionRow, aware

SESSIONS = AdminSessionRow.__table__
COOKIE = "mobi_admin"
LOGIN_CSRF_COOKIE = "mobi_login_csrf"


@dataclass(frozen=True)
class Session:
    token_hash: str
    user: User
    csrf: str


@dataclass(frozen=True)
class Lifetime:
    idle: dt.timedelta
    absolute: dt.timedelta

    def expired(self, created: dt.datetime, last_seen: dt.datetime, now: dt.datetime) -> bool:
        return now - last_seen > self.idle or now - created > self.absolute


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two tokens (None never matches)."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


async def start(conn: AsyncConnection, user: User, now: dt.datetime) -> str:
    """A new session for `user`; returns the cookie value (shown once, never stored)."""
    token = secrets.token_urlsafe(32)
    await conn.execute(SESSIONS.insert().values(token_hash=digest(token), user_id=user.id,
                                                csrf=secrets.token_urlsafe(32), created_at=now, last_seen_at=now))
    return token


async def load(conn: AsyncConnection, token: str | None, lifetime: Lifetime, now: dt.datetime) -> Session | None:
    """The live session of a cookie (touching it), or None; expired sessions are deleted."""
    if not token:
        return None
    key = digest(token)
    row = (await conn.execute(select(SESSIONS, USERS.c.email, USERS.c.role, USERS.c.active, USERS.c.provider)
                              .join(USERS, USERS.c.id == SESSIONS.c.user_id)
                              .where(SESSIONS.c.token_hash == key))).first()
    if row is None:
        return None
    if not row.active or lifetime.expired(aware(row.created_at), aware(row.last_seen_at), now):
        await conn.execute(delete(SESSIONS).where(SESSIONS.c.token_hash == key))
        return None
    await conn.execute(update(SESSIONS).where(SESSIONS.c.token_hash == key).values(last_seen_at=now))
    return Session(key, User(row.user_id, row.email, row.role, True, row.provider), row.csrf)


async def end(conn: AsyncConnection, token_hash: str) -> None:
    await conn.execute(delete(SESSIONS).where(SESSIONS.c.token_hash == token_hash))


async def end_all(conn: AsyncConnection, user_id: int) -> None:
    """Log a user out everywhere (on deactivation)."""
    await conn.execute(delete(SESSIONS).where(SESSIONS.c.user_id == user_id))
