"""Small builders of bot-database rows shared by tests."""
from bot import store
from bot.messages import OutgoingMessage
from bot.turn import txn_id


async def outbox_rows(dbs, n: int, channel: str = "test", sender: str = "anna") -> list[str]:
    """`n` replies waiting in the outbox as `sending`; returns their transaction ids."""
    async with dbs.bot.begin() as conn:
        conv = await store.conversation_id(conn, channel, sender)
        replies = [OutgoingMessage(channel, sender, f"r{i}", txn_id=txn_id(channel, f"ev{i}", 0)) for i in range(n)]
        await conn.execute(store.OUTBOX.insert(), [
            dict(conversation_id=conv, channel=channel, recipient=sender, txn_id=r.txn_id, payload=r.to_payload(),
                 status="sending", attempts=0, created_at=store.utcnow()) for r in replies])
    return [r.txn_id for r in replies]
