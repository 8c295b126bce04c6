"""A broadcast on a real Synapse: delivered in the employee's DM; a resend after a crash (same txn id) arrives once."""
import pytest
from sqlalchemy import update

from bot.broadcasts import service
from bot.broadcasts.schema import BroadcastOutboxRow
from bot.broadcasts.sender import Sender
from bot.broadcasts.targeting import Target
from tests.matrix.conftest import (  # noqa: F401  (fixtures)
    admin_token, employee, homeserver, nlu_model, people, settings,
)
from tests.matrix.harness import running_bot

pytestmark = pytest.mark.matrix
BOX = BroadcastOutboxRow.__table__
HR = "sabine.wagner@stuttgart.example"


async def test_matrix_delivery_and_txn_dedup(settings, employee):  # noqa: F811
    async with running_bot(settings) as (channel, runtime), employee("anna.schmid") as anna:
        room = await anna.open_dm(settings.matrix_user_id)
        await anna.say(room, "Hallo mobi")
        await anna.replies(room, 1)  # linked now (the adapter maps her account to the directory)
        dbs = runtime.dbs
        hr = await service.actor(dbs.agreement, HR)
        bc = await service.create(dbs.bot, hr, title="Dienstvereinbarung", text_de="Gilt ab 1. Januar.",
                                  target=Target(), approval=False)
        assert (await service.preview(dbs, bc))["per_channel"] == {"matrix": 1}
        await service.start(dbs, bc)
        sender = Sender(dbs, {"matrix": channel}, rates={"matrix": 60})
        assert await sender.drain(bc) == 1
        async with dbs.bot.begin() as conn:  # as if the sender died after the send, before recording it
            await conn.execute(update(BOX).where((BOX.c.broadcast_id == bc) & (BOX.c.channel == "matrix"))
                               .values(status="pending"))
            await conn.execute(update(service.BC).where(service.BC.c.id == bc).values(status="sending"))
        assert await sender.drain(bc) == 1
        await anna.until(lambda: any("Dienstvereinbarung" in m.body for m in anna.seen[room]))
        history = [m for m in await anna.history(room) if "Dienstvereinbarung" in m.body]
    assert len(history) == 1 and "Gilt ab 1. Januar." in history[0].body
