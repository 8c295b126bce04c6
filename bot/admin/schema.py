"""Bot-database tables of the admin console: accounts, sessions, login attempts, audit log, NLU reviews."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from integrations.db.bot_schema import TIMESTAMP, BotBase, utcnow


class AdminUserRow(BotBase):
    """A console account. `provider` says how it logs in: "local" (argon2 hash) now, "oidc" later."""

    __tablename__ = "admin_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)  # stored lower-case
    role: Mapped[str] = mapped_column(String(16))  # hr | helpdesk | operator
    provider: Mapped[str] = mapped_column(String(16), default="local")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(TIMESTAMP)


class AdminSessionRow(BotBase):
    """A logged-in browser. Only the SHA-256 of the cookie value is stored; the CSRF token lives here."""

    __tablename__ = "admin_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("admin_users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)


class AdminLoginAttemptRow(BotBase):
    """One login attempt; failures in the last 15 minutes lock an account or an address."""

    __tablename__ = "admin_login_attempts"
    __table_args__ = (
        Index("ix_admin_attempts_email", "email", "at"),
        Index("ix_admin_attempts_ip", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255))
    ip: Mapped[str] = mapped_column(String(64))
    success: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)


class AdminAuditRow(BotBase):
    """Who changed what, when: every change made through the console (and `mobi admin`)."""

    __tablename__ = "admin_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(255), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)


class NluReviewRow(BotBase):
    """A reviewed low-confidence message: assigned to an intent, or dismissed (intent None).

    Goes with its message when the retention period purges the message log.
    """

    __tablename__ = "admin_nlu_reviews"

    message_id: Mapped[int] = mapped_column(ForeignKey("message_log.id", ondelete="CASCADE"), primary_key=True)
    intent: Mapped[str | None] = mapped_column(String(64))
    reviewer: Mapped[str] = mapped_column(String(255))
    at: Mapped[dt.datetime] = mapped_column(TIMESTAMP, default=utcnow)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; all of ours are UTC."""
    return value.replace(tzinfo=dt.timezone.utc) if value is not None and value.tzinfo is None else value
