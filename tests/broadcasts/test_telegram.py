"""A broadcast through the real Telegram adapter against the fake Bot API: delivered once, 429 honoured."""
from bot.broadcasts import service
from bot.broadcasts.sender import Sender
from bot.broadcasts.targeting import Target
from bot.store import link_identity
from tests.telegram.conftest import fake_telegram, running, smtp, tg_settings  # noqa: F401  (fixtures)

HR, OPERATOR = "sabine.wagner@stuttgart.example", "admin@stuttgart.example"


async def test_telegram_delivery_with_429(tg_settings, fake_telegram):  # noqa: F811
    api = fake_telegram
    async with running(tg_settings) as (channel, runtime):
        dbs = runtime.dbs
        hr = await service.actor(dbs.agreement, HR)
        async with dbs.bot.begin() as conn:
            for user_id, pn in ((501, "100006"), (502, "100001")):
                await link_identity(conn, "telegram", str(user_id), pn)
        bc = await service.create(dbs.bot, hr, title="Laptop-Ausgabe", text_de="Freitag geschlossen.",
                                  target=Target(role=("hr", "employee")), approval=False)
        await service.start(dbs, bc)
        api.fail("sendMessage", error_code=429, retry_after=1, times=1)
        sent = await Sender(dbs, {"telegram": channel}, rates={"telegram": 25}).drain(bc)
        assert sent == 2
        texts = {c["chat_id"]: c["text"] for c in api.calls_of("sendMessage")}
        assert set(map(int, texts)) == {501, 502} and all("Freitag geschlossen" in t for t in texts.values())
        stats = await service.stats(dbs, bc)
        assert stats["totals"]["sent"] == 2 and stats["status"] == "done"
