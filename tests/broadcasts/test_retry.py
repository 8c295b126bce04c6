"""Failed deliveries: temporary ones come back in a later round with backoff, permanent ones stay failed (#9)."""
import datetime as dt

from sqlalchemy import update

from bot.broadcasts import lifecycle as lc
from bot.broadcasts import service
from bot.broadcasts.retry import RetryPolicy
from bot.broadcasts.sender import Sender
from bot.broadcasts.targeting import Target
from bot.errors import ChannelError
from integrations.matrix.calls import Refused
from tests.broadcasts.test_service import BOX, NOW, boxes, channels, city


def test_policy_backs_off_exponentially_and_gives_up():
    policy = RetryPolicy(base_seconds=30, cap_seconds=100, max_attempts=4)
    temporary = ChannelError("502: bad gateway")
    assert policy.after(temporary, 1, NOW) == ("pending", "ChannelError: 502: bad gateway", NOW + dt.timedelta(seconds=30))
    assert policy.after(temporary, 2, NOW)[2] == NOW + dt.timedelta(seconds=60)
    assert policy.after(temporary, 3, NOW)[2] == NOW + dt.timedelta(seconds=100)  # capped
    assert policy.after(temporary, 4, NOW)[:2] == ("failed", "ChannelError: 502: bad gateway")
    assert policy.after(Refused("M_FORBIDDEN: not allowed"), 1, NOW)[0] == "failed"
    assert policy.after(ChannelError("telegram: Forbidden"), 1, NOW)[0] == "failed"


async def test_temporary_errors_retried_in_a_later_round_permanent_recorded(dbs):
    c = await city(dbs)
    bc = await service.create(dbs.bot, c["hr1"], title="T", text_de="x", target=Target(amter=("36",)),
                              approval=False)
    chans = channels()
    broken, blocked = f"@{c['staff'][0]}:city", f"@{c['staff'][1]}:city"

    async def send(channel, message):
        if message.recipient == broken:
            raise ChannelError("M_UNKNOWN: 502 from the proxy")
        if message.recipient == blocked:
            raise Refused("M_FORBIDDEN: the user left")
        await channel.send(message)

    sender = Sender(dbs, chans, send=send, policy=RetryPolicy(base_seconds=600))
    await sender.start_due(NOW)
    await sender.drain(bc)
    rows = {(r.channel, r.recipient): r for r in await boxes(dbs, bc)}
    waiting, refused = rows[("matrix", broken)], rows[("matrix", blocked)]
    assert waiting.status == "pending" and waiting.attempts == 1 and "502" in waiting.error
    assert refused.status == "failed" and refused.error.startswith("Refused: M_FORBIDDEN")
    assert await sender.drain(bc) == 0  # not yet due: the broadcast waits for the retry
    assert (await service.stats(dbs, bc))["status"] == lc.SENDING
    async with dbs.bot.begin() as conn:  # ten minutes later
        await conn.execute(update(BOX).where(BOX.c.id == waiting.id).values(next_attempt_at=NOW))
    assert await Sender(dbs, chans).drain(bc) == 1
    rows = {(r.channel, r.recipient): r for r in await boxes(dbs, bc)}
    assert rows[("matrix", broken)].status == "sent" and rows[("matrix", broken)].attempts == 2
    assert (await service.stats(dbs, bc))["status"] == lc.DONE


async def test_cancel_drops_waiting_retries(dbs):
    c = await city(dbs)
    bc = await service.create(dbs.bot, c["hr1"], title="T", text_de="x", target=Target(amter=("36",)),
                              approval=False)

    async def down(channel, message):
        raise ChannelError("homeserver unreachable")

    sender = Sender(dbs, channels(), send=down)
    await sender.start_due(NOW)
    await sender.drain(bc)
    assert {r.status for r in await boxes(dbs, bc) if r.channel != "-"} == {"pending"}
    assert await service.cancel(dbs.bot, bc, c["hr1"]) == 12
    assert "pending" not in {r.status for r in await boxes(dbs, bc)}


async def test_cancel_stops_a_batch_already_claimed(dbs, monkeypatch):
    from bot.broadcasts import sender as sender_module

    monkeypatch.setattr(sender_module, "STATUS_CHECK_SECONDS", 0.0)
    c = await city(dbs)
    bc = await service.create(dbs.bot, c["hr1"], title="T", text_de="x", target=Target(amter=("36",)),
                              approval=False)

    async def send_then_cancel(channel, message):
        await channel.send(message)
        await service.cancel(dbs.bot, bc, c["hr1"])

    sender = Sender(dbs, {"matrix": channels()["matrix"]}, send=send_then_cancel)
    await sender.start_due(NOW)
    await sender.drain(bc)
    statuses = [r.status for r in await boxes(dbs, bc) if r.channel != "-"]
    assert statuses.count("sent") == 1 and statuses.count("cancelled") == len(statuses) - 1
