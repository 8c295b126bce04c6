"""Wiring read top to bottom: settings -> databases -> repositories -> NLU -> pipeline."""
from __future__ import annotations

import gc
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, AsyncIterator

from actions.base import Repos
from bot.channel import Channel
from bot.config import Settings
from bot.dialogue import Dialogue
from bot.errors import ConfigError
from bot.escalation.flow import CaseFlow
from bot.escalation.wiring import install as install_escalation
from bot.interpreter import EmbeddedInterpreter, Interpreter
from bot.pipeline import Pipeline, PipelineOptions
from integrations.db.engines import DB_NAMES, Databases
from integrations.db.migrate import upgrade_all
from integrations.db.repositories import SqlAgreementRepository, SqlDeviceRepository, SqlEmployeeDirectory


@dataclass
class Runtime:
    settings: Settings
    dbs: Databases
    repos: Repos
    pipeline: Pipeline
    channels: dict[str, Channel] = field(default_factory=dict)
    escalation: Any = None  # `bot.escalation.wiring.Escalation`: help-desk cases, agents' commands


def open_databases(settings: Settings) -> Databases:
    return Databases.from_urls({name: settings.db_url(name) for name in DB_NAMES})


def sql_repos(dbs: Databases, broadcast_approval: bool = True) -> Repos:
    from bot.broadcasts.desk import SqlBroadcastDesk

    return Repos(
        directory=SqlEmployeeDirectory(dbs.agreement),
        agreements=SqlAgreementRepository(dbs.agreement),
        devices=SqlDeviceRepository(dbs.device),
        broadcasts=SqlBroadcastDesk(dbs, broadcast_approval),
    )


def load_interpreter(settings: Settings) -> Interpreter:
    """The configured NLU backend; a missing model is a clear configuration error."""
    from nlu.engine import NluModel
    from nlu.errors import ModelError

    path = settings.model_path
    if not path.exists():
        raise ConfigError(f"NLU model not found at {path}: run `mobi nlu train` (or `make run`) first")
    try:
        model = NluModel.load(path)
    except ModelError as exc:
        raise ConfigError(f"NLU model {path} cannot be used: {exc}") from None
    embedded = EmbeddedInterpreter(model, today=settings.clock_today)
    if settings.nlu_backend == "rasa":
        from integrations.rasa import RasaInterpreter

        return RasaInterpreter(settings.rasa_url, fallback=model)
    return embedded


def settle_heap() -> None:
    """Hide what start-up loaded (NLU model, SQL metadata, texts) from the garbage collector.

    A long-running server calls this once it is up: its full collections then scan only what
    came after, instead of pausing every conversation for a few hundred milliseconds
    (`gc.freeze`, as the Python documentation suggests for servers; see benchmarks/README.md).
    """
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def open_runtime(settings: Settings, *, interpreter: Interpreter | None = None,
                       channels: dict[str, Channel] | None = None, migrate: bool = True) -> AsyncIterator[Runtime]:
    dbs = open_databases(settings)
    try:
        if migrate:
            await upgrade_all(dbs)
        repos = sql_repos(dbs, settings.broadcast_approval)
        channels = dict(channels or {})
        options = PipelineOptions(
            store_texts=settings.store_message_texts,
            helpdesk=settings.helpdesk_contact,
            today=settings.clock_today,
            retention_days=settings.retention_days,
            directory_ttl=settings.directory_cache_seconds,
        )
        pipeline = Pipeline(dbs.bot, repos, interpreter or load_interpreter(settings),
                            Dialogue(threshold=settings.confidence_threshold, cases=CaseFlow()), channels, options)
        escalation = install_escalation(settings, dbs, repos, pipeline)  # also sets the pipeline's effect runner
        yield Runtime(settings, dbs, repos, pipeline, channels, escalation)
        await pipeline.join()
    finally:
        await dbs.dispose()
