"""structlog set-up; message texts, tokens and passwords never reach a log line."""
from __future__ import annotations

import logging
import sys

import structlog

SECRET_KEYS = frozenset({"text", "body", "message_text", "token", "access_token", "password", "secret",
                         "code", "pickle_key", "authorization", "cookie"})


def redact(_logger, _method, event_dict: dict) -> dict:
    for key in list(event_dict):
        if key.lower() in SECRET_KEYS:
            event_dict[key] = "[redacted]"
    return event_dict


class _CurrentStderr:
    """Writes to whatever `sys.stderr` is now (test runners swap and close it)."""

    def write(self, data: str) -> int:
        return sys.stderr.write(data)

    def flush(self) -> None:
        sys.stderr.flush()


def configure(level: str = "info", fmt: str = "console") -> None:
    renderer = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=_CurrentStderr()),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=max(logging.WARNING, getattr(logging, level.upper())), stream=sys.stderr)
