"""What a failed broadcast delivery becomes: tried again later (exponential backoff) or failed for good. Pure.

Permanent: the channel said no for good (Matrix M_FORBIDDEN / M_NOT_FOUND / an unknown user, Telegram
`Forbidden` when the employee blocked the bot or `BadRequest` for an unknown chat), or the attempts are used
up. Everything else (429 beyond the wait the sender allows itself, 5xx, network) is temporary.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

TELEGRAM_PERMANENT = ("telegram: Forbidden", "telegram: BadRequest")


def is_permanent(exc: BaseException) -> bool:
    return bool(getattr(exc, "permanent", False)) or str(exc).startswith(TELEGRAM_PERMANENT)


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float = 30.0  # wait after the first failure; doubled after each further one
    cap_seconds: float = 3600.0
    max_attempts: int = 8

    def delay(self, attempts: int) -> dt.timedelta:
        return dt.timedelta(seconds=min(self.base_seconds * 2 ** max(attempts - 1, 0), self.cap_seconds))

    def after(self, exc: BaseException, attempts: int, now: dt.datetime) -> tuple[str, str, dt.datetime | None]:
        """(status, reason, next attempt) for a row that failed on its `attempts`-th try."""
        reason = f"{type(exc).__name__}: {exc}"[:400]
        if is_permanent(exc) or attempts >= self.max_attempts:
            return "failed", reason, None
        return "pending", reason, now + self.delay(attempts)
