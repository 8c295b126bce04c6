"""The homeserver goes away and comes back: mobi's sync loop reconnects with backoff and answers again."""
from __future__ import annotations

import asyncio

from integrations.db.scratch import sqlite_urls
from tests.matrix import synapse
from tests.matrix.conftest import PASSWORD, bot_account, bot_settings, demo_databases
from tests.matrix.employee import Employee
from tests.matrix.harness import running_bot


async def test_bot_reconnects_after_a_homeserver_outage(tmp_path, nlu_model):
    server = synapse.start(tmp_path / "synapse")  # its own: the session's server must stay up
    try:
        admin_token = (await server.register("admin", admin_user=True)).access_token
        bot = await bot_account(server, admin_token)
        anna_id = (await server.register("anna.schmid", PASSWORD)).user_id
        urls = sqlite_urls(tmp_path)
        await demo_databases(urls)
        settings = bot_settings(tmp_path / "home", urls, server, bot, nlu_model)
        async with running_bot(settings), Employee(server.url, anna_id, PASSWORD, tmp_path / "anna") as anna:
            room = await anna.open_dm(bot.user_id)
            await anna.say(room, "Hallo")
            await anna.replies(room, 1)
            server.stop()
            await asyncio.sleep(2.0)  # the bot's long poll fails, it backs off and tries again
            server.restart()
            await anna.say(room, "Danke")
            replies = await anna.replies(room, 2, timeout=60)
    finally:
        server.stop()
    assert replies[0].body.startswith("Hallo Anna!") and replies[1].body != replies[0].body
