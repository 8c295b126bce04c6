"""Matrix DMs the sender opens for people who never wrote to mobi: invited once (also after a crash between
create and record), listed in the bot's m.direct, and their read receipts reach the stats (#9)."""
import asyncio
import datetime as dt
from urllib.parse import quote

import pytest
from sqlalchemy import select

from bot.broadcasts import service
from bot.broadcasts.sender import Sender
from bot.broadcasts.targeting import Target
from bot.store import link_identity
from integrations.db.bot_schema import utcnow
from integrations.matrix.dm import DMS
from tests.broadcasts.test_matrix import BOX, HR
from tests.matrix.conftest import (  # noqa: F401  (fixtures)
    admin_token, employee, homeserver, nlu_model, people, settings,
)
from tests.matrix.harness import running_bot

pytestmark = pytest.mark.matrix


async def _invites(person) -> list[str]:
    """Rooms the bot invited `person` to (as the person's own sync shows them)."""
    await person.client.sync(0)
    return list(person.client.invited_rooms)


async def test_dm_opened_once_listed_in_m_direct_and_read(settings, employee):  # noqa: F811
    async with running_bot(settings) as (channel, runtime), employee("mehmet.yilmaz") as mehmet, \
            employee("julia.becker") as julia:
        dbs, channel.dm_stale = runtime.dbs, dt.timedelta(0)  # as right after a restart
        async with dbs.bot.begin() as conn:  # linked, but never wrote to mobi: no DM yet
            await link_identity(conn, "matrix", mehmet.user_id, "100002")
            await link_identity(conn, "matrix", julia.user_id, "100003")
            await link_identity(conn, "matrix", "@nobody.here:localhost", "100004")  # no such account
            await conn.execute(DMS.insert().values(user_id=julia.user_id, status="creating", updated_at=utcnow()))
        lost = await channel.client.room_create(is_direct=True, invite=[julia.user_id])  # crash before the record
        bc = await service.create(dbs.bot, await service.actor(dbs.agreement, HR), title="Schulung",
                                  text_de="eAkte-Schulung am Montag.", target=Target(), approval=False)
        await service.start(dbs, bc)
        sender = Sender(dbs, {"matrix": channel}, rates={"matrix": 60}, room_rates={"matrix": 5},
                        stale=dt.timedelta(0))
        assert await sender.drain(bc) == 3
        async with dbs.bot.connect() as conn:
            dms = {r.user_id: r.room_id for r in (await conn.execute(select(DMS))).all()}
            rows = {r.recipient: r for r in (await conn.execute(select(BOX).where(BOX.c.broadcast_id == bc)))}
        assert dms[julia.user_id] == lost.room_id  # found again, not created twice
        nobody = rows["@nobody.here:localhost"]
        assert nobody.status == "failed" and "M_NOT_FOUND" in nobody.error and nobody.attempts == 1  # not retried
        assert await _invites(julia) == [lost.room_id] and len(await _invites(mehmet)) == 1
        room = dms[mehmet.user_id]
        await channel.write_direct()
        direct = (await channel.client.list_direct_rooms()).rooms  # what the bot's own clients show as DMs
        assert direct[mehmet.user_id] == [room] and direct[julia.user_id] == [lost.room_id]
        await mehmet.client.join(room)
        await mehmet.api("POST", f"/rooms/{quote(room)}/receipt/m.read/{quote(rows[mehmet.user_id].event_id)}", {})
        for _ in range(100):
            if (await service.stats(dbs, bc))["read"].get("matrix"):
                break
            await asyncio.sleep(0.1)
        assert (await service.stats(dbs, bc))["read"] == {"matrix": 1}
        history = [m for m in await mehmet.history(room) if "eAkte-Schulung" in m.body]
        assert len(history) == 1

        await julia.client.room_leave(lost.room_id)  # she declines: mobi leaves too, and does not ask again
        for _ in range(100):
            if lost.room_id not in channel.client.rooms or not channel.has_room(julia.user_id):
                break
            await asyncio.sleep(0.1)
        again = await service.create(dbs.bot, await service.actor(dbs.agreement, HR), title="Zweite",
                                     text_de="Noch eine.", target=Target(), approval=False)
        await service.start(dbs, again)
        await sender.drain(again)
        async with dbs.bot.connect() as conn:
            declined = (await conn.execute(select(BOX).where((BOX.c.broadcast_id == again)
                                                             & (BOX.c.recipient == julia.user_id)))).one()
        assert declined.status == "failed" and "declined" in declined.error
        assert set(await _invites(julia)) <= {lost.room_id}  # no new invitation (nio may still list the old one)
