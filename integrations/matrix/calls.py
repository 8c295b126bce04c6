"""nio returns error objects instead of raising: `call` turns them (and transport failures) into our errors."""
from __future__ import annotations

import asyncio
import contextlib
from typing import Awaitable, TypeVar

import aiohttp
from nio import AsyncClient, ErrorResponse, LocalProtocolError, LoginError
from nio.api import Api

from bot.errors import ChannelError, RateLimited

R = TypeVar("R")
AUTH_CODES = frozenset({"M_UNKNOWN_TOKEN", "M_MISSING_TOKEN", "M_USER_DEACTIVATED"})
REFUSED_CODES = frozenset({"M_FORBIDDEN", "M_NOT_FOUND", "M_INVALID_PARAM", "M_BAD_JSON", "M_UNSUPPORTED_ROOM_VERSION"})
NETWORK_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, ConnectionError)


class Unreachable(ChannelError):
    """The request did not get an answer (connection refused, reset, timed out): worth retrying."""


class Refused(ChannelError):
    """The homeserver said no for good (forbidden, no such user or room): retrying will not help."""

    permanent = True


class AuthFailed(ChannelError):
    """The homeserver rejected the bot's credentials: retrying will not help."""


async def call(request: Awaitable[R]) -> R:
    """Await one nio request; raise `RateLimited` on 429, `ChannelError` on any other failure."""
    try:
        response = await request
    except NETWORK_ERRORS as exc:
        raise Unreachable(f"homeserver unreachable: {type(exc).__name__}: {exc}") from exc
    except LocalProtocolError as exc:  # nio refused before sending, e.g. a room it has not synced yet
        raise ChannelError(f"matrix client: {exc}") from exc
    if isinstance(response, ErrorResponse):
        raise error_for(response)
    return response


async def account_exists(client: AsyncClient, user_id: str) -> bool:
    """Whether the homeserver knows `user_id`: Synapse answers 404 for the profile of an unknown account.

    Asked without nio's response parsing, which logs a warning for every 404."""
    method, path = Api.profile_get(user_id, access_token=client.access_token)
    try:
        resp = await client.send(method, path)
        body = await resp.json(content_type=None)
    except NETWORK_ERRORS as exc:
        raise Unreachable(f"homeserver unreachable: {type(exc).__name__}") from exc
    if resp.status in (200, 404):
        return resp.status == 200
    if resp.status == 429:
        raise RateLimited((body or {}).get("retry_after_ms", 1000) / 1000)
    raise ChannelError(f"{(body or {}).get('errcode', resp.status)}: profile lookup failed")


def error_for(response: ErrorResponse) -> ChannelError:
    code = str(response.status_code or "error")
    if code in ("M_LIMIT_EXCEEDED", "429"):
        return RateLimited((response.retry_after_ms or 1000) / 1000)
    if code in AUTH_CODES or (code == "M_FORBIDDEN" and isinstance(response, LoginError)):
        return AuthFailed(f"{code}: {response.message}")
    if code in REFUSED_CODES:
        return Refused(f"{code}: {response.message}")
    return ChannelError(f"{code}: {response.message}")


class Backoff:
    """Exponential waits between retries: 0.5 s, 1 s, 2 s ... at most a minute; `reset` after a success."""

    def __init__(self, first: float = 0.5, cap: float = 60.0):
        self._first, self._cap = first, cap
        self.delay = first

    async def wait(self) -> None:
        await asyncio.sleep(self.delay)
        self.delay = min(self.delay * 2, self._cap)

    def reset(self) -> None:
        self.delay = self._first


class Throttle:
    """After a 429, sends wait for the server's retry time and go one at a time until the limit lifts.

    Without it every reply under way would ask again at the same moment, and all but one would be
    turned away again. The 429 itself still reaches the pipeline as `RateLimited`.
    """

    def __init__(self):
        self._until = 0.0
        self._one_at_a_time = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def __call__(self):
        loop = asyncio.get_running_loop()
        if loop.time() >= self._until and not self._one_at_a_time.locked():
            async with self._noting_limits(loop):
                yield
            return
        async with self._one_at_a_time:
            await asyncio.sleep(max(0.0, self._until - loop.time()))
            async with self._noting_limits(loop):
                yield

    @contextlib.asynccontextmanager
    async def _noting_limits(self, loop):
        try:
            yield
        except RateLimited as exc:
            self._until = max(self._until, loop.time() + exc.retry_after)
            raise
