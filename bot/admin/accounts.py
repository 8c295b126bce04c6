"""Console accounts: create, find, verify a password (argon2), enable/disable, change role.

Run inside a transaction of the bot database; every change writes its audit row in the same one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import argon2
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.admin import audit
from bot.admin.registry import ROLES
from bot.admin.schema import AdminUserRow
from integrations.db.bot_schema import utcnow

USERS = AdminUserRow.__table__
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 12
_hasher = argon2.PasswordHasher()
_DUMMY = _hasher.hash("timing equaliser for unknown accounts")


class AccountError(ValueError):
    """A wrong input; `field` names the form field, the message (German) says how to fix it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class User:
    id: int
    email: str
    role: str
    active: bool
    provider: str = "local"


def check_new(email: str, role: str, password: str | None) -> list[AccountError]:
    """Every problem of a new account's inputs (pure)."""
    problems = []
    if not EMAIL.match(email.strip()):
        problems.append(AccountError("email", "Bitte geben Sie eine E-Mail-Adresse wie name@stuttgart.de ein."))
    if role not in ROLES:
        problems.append(AccountError("role", "Bitte wählen Sie eine Rolle: Personalamt, Help-Desk oder Betrieb."))
    if password is not None and len(password) < MIN_PASSWORD:
        problems.append(AccountError(
            "password", f"Das Passwort ist zu kurz: Bitte verwenden Sie mindestens {MIN_PASSWORD} Zeichen."))
    return problems


async def create(conn: AsyncConnection, email: str, role: str, password: str, *, actor: str) -> User:
    """A new local account; raises AccountError for bad input or an address already in use."""
    email = email.strip().lower()
    problems = check_new(email, role, password)
    if problems:
        raise problems[0]
    if await find(conn, email) is not None:
        raise AccountError("email", "Diese E-Mail-Adresse hat schon ein Konto. Bitte wählen Sie eine andere.")
    new_id = (await conn.execute(USERS.insert().values(
        email=email, role=role, provider="local", password_hash=_hasher.hash(password), active=True,
        created_at=utcnow()).returning(USERS.c.id))).scalar_one()
    await audit.record(conn, actor, "user.create", email, {"role": role})
    return User(new_id, email, role, True)


async def find(conn: AsyncConnection, email: str) -> User | None:
    row = (await conn.execute(select(USERS).where(USERS.c.email == email.strip().lower()))).first()
    return _user(row) if row else None


async def get(conn: AsyncConnection, user_id: int) -> User | None:
    row = (await conn.execute(select(USERS).where(USERS.c.id == user_id))).first()
    return _user(row) if row else None


async def all_users(conn: AsyncConnection) -> list[User]:
    rows = await conn.execute(select(USERS).order_by(USERS.c.email))
    return [_user(row) for row in rows]


async def verify(conn: AsyncConnection, email: str, password: str) -> User | None:
    """The active local account if the password matches; same work whether or not the account exists."""
    row = (await conn.execute(select(USERS).where(USERS.c.email == email.strip().lower()))).first()
    stored = row.password_hash if row is not None and row.password_hash else _DUMMY
    try:
        _hasher.verify(stored, password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return None
    if row is None or not row.active or stored is _DUMMY:
        return None
    if _hasher.check_needs_rehash(stored):
        await conn.execute(update(USERS).where(USERS.c.id == row.id).values(password_hash=_hasher.hash(password)))
    await conn.execute(update(USERS).where(USERS.c.id == row.id).values(last_login_at=utcnow()))
    return _user(row)


async def set_active(conn: AsyncConnection, user_id: int, active: bool, *, actor: str) -> User:
    user = await get(conn, user_id)
    if user is None:
        raise AccountError("user", "Dieses Konto gibt es nicht (mehr). Bitte laden Sie die Liste neu.")
    if user.email == actor and not active:
        raise AccountError("user", "Sie können Ihr eigenes Konto nicht deaktivieren. Bitten Sie eine andere Person.")
    await conn.execute(update(USERS).where(USERS.c.id == user_id).values(active=active))
    await audit.record(conn, actor, "user.enable" if active else "user.disable", user.email, {})
    return User(user.id, user.email, user.role, active, user.provider)


async def count_operators(conn: AsyncConnection) -> int:
    return await conn.scalar(select(func.count()).select_from(USERS).where(
        (USERS.c.role == "operator") & USERS.c.active)) or 0


def _user(row) -> User:
    return User(row.id, row.email, row.role, bool(row.active), row.provider)


async def set_password(conn: AsyncConnection, email: str, password: str, *, actor: str) -> User:
    user = await find(conn, email)
    if user is None:
        raise AccountError("email", "Zu dieser E-Mail-Adresse gibt es kein Konto.")
    problems = check_new(user.email, user.role, password)
    if problems:
        raise problems[0]
    await conn.execute(update(USERS).where(USERS.c.id == user.id).values(password_hash=_hasher.hash(password)))
    await audit.record(conn, actor, "user.password", user.email, {})
    return user
