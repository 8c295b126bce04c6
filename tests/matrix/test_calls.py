"""nio's error objects become our errors; after a 429 sends wait for the retry time, one at a time."""
import asyncio

import pytest
from nio import LoginError, RoomSendError

from bot.errors import ChannelError, RateLimited
from integrations.matrix.calls import AuthFailed, Refused, Throttle, Unreachable, call, error_for


def test_error_objects_become_our_errors():
    limited = error_for(RoomSendError("Too many requests", "M_LIMIT_EXCEEDED", retry_after_ms=1500))
    assert isinstance(limited, RateLimited) and limited.retry_after == 1.5
    assert isinstance(error_for(RoomSendError("Invalid token", "M_UNKNOWN_TOKEN")), AuthFailed)
    assert isinstance(error_for(LoginError("Invalid password", "M_FORBIDDEN")), AuthFailed)
    refused = error_for(RoomSendError("Unknown room", "M_NOT_FOUND"))  # for good: a broadcast does not retry
    assert isinstance(refused, Refused) and refused.permanent and "M_NOT_FOUND" in str(refused)
    other = error_for(RoomSendError("Internal server error", "M_UNKNOWN"))
    assert type(other) is ChannelError and "M_UNKNOWN" in str(other)


async def test_call_raises_instead_of_returning_errors():
    async def refused():
        raise ConnectionRefusedError("nobody home")

    async def rejected():
        return RoomSendError("Too many requests", "M_LIMIT_EXCEEDED", retry_after_ms=10)

    with pytest.raises(Unreachable):
        await call(refused())
    with pytest.raises(RateLimited):
        await call(rejected())


async def test_after_a_429_the_next_send_waits_for_the_retry_time():
    throttle, loop = Throttle(), asyncio.get_running_loop()
    with pytest.raises(RateLimited):
        async with throttle():
            raise RateLimited(0.2)
    started = loop.time()
    async with throttle():
        waited = loop.time() - started
    assert waited >= 0.19
    started = loop.time()
    async with throttle():  # the limit has lifted: no waiting
        assert loop.time() - started < 0.05
