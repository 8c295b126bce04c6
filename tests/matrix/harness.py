"""Run mobi with its Matrix adapter in-process, wired as `mobi serve` wires it (`configured_channels`)."""
from __future__ import annotations

import os
import subprocess
import sys
from contextlib import asynccontextmanager
from pathlib import Path

from bot.adapters import configured_channels
from bot.config import Settings
from bot.runtime import Runtime, open_runtime
from integrations.matrix.channel import MatrixChannel

ROOT = Path(__file__).resolve().parents[2]


@asynccontextmanager
async def running_bot(settings: Settings, *, interpreter=None, dialogue=None):
    """Yields (channel, runtime); `dialogue`/`interpreter` replace the real ones for focused tests."""
    async with open_runtime(settings, interpreter=interpreter) as runtime:
        if dialogue is not None:
            runtime.pipeline.dialogue = dialogue
        [channel] = configured_channels(settings, runtime)
        assert isinstance(channel, MatrixChannel)
        runtime.channels[channel.name] = channel
        await runtime.pipeline.recover()
        await channel.start(runtime.pipeline.submit)
        try:
            yield channel, runtime
        finally:
            await channel.stop()


class Scripted:
    """A stand-in for `bot.dialogue.Dialogue` sending every message to one action (the real policy is tested
    in tests/bot); keeps the action's state, as the real one does."""

    def __init__(self, action):
        self._action = action

    async def respond(self, turn, repos):
        from actions.base import Outcome

        outcome = await self._action(turn, repos)
        return Outcome(outcome.replies, {**turn.state, **outcome.state}, outcome.events)


async def outbox_statuses(runtime: Runtime) -> dict[str, int]:
    from sqlalchemy import func, select

    from integrations.db.bot_schema import OutboxRow

    table = OutboxRow.__table__
    async with runtime.dbs.bot.connect() as conn:
        rows = await conn.execute(select(table.c.status, func.count()).group_by(table.c.status))
        return {status: n for status, n in rows}


def serve(settings, port: int) -> subprocess.Popen:
    """`mobi serve` as its own process, configured only through MOBI_* variables."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), MOBI_HOME=str(settings.home), MOBI_PORT=str(port),
               MOBI_AGREEMENT_DB=settings.agreement_db, MOBI_DEVICE_DB=settings.device_db,
               MOBI_BOT_DB=settings.bot_db, MOBI_TODAY=settings.today.isoformat(),
               MOBI_NLU_MODEL=str(settings.nlu_model), MOBI_LOG_LEVEL="warning",
               MOBI_MATRIX_HOMESERVER=settings.matrix_homeserver, MOBI_MATRIX_USER_ID=settings.matrix_user_id,
               MOBI_MATRIX_ACCESS_TOKEN=settings.matrix_access_token.get_secret_value(),
               MOBI_MATRIX_PICKLE_KEY=settings.matrix_pickle_key.get_secret_value(),
               MOBI_MATRIX_DOMAIN_MAP='{"localhost": "stuttgart.example"}')
    with open(settings.home.parent / f"serve-{port}.log", "ab") as log:
        command = os.environ.get("MOBI_SERVE_COMMAND", "from bot.cli import app; app()")  # profiling hook
        return subprocess.Popen([sys.executable, "-c", command, "serve"], cwd=ROOT,
                                env=env, stdout=log, stderr=subprocess.STDOUT)
