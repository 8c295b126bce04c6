"""The `Interpreter` protocol (text -> ParseResult) and the embedded NLU engine behind it."""
from __future__ import annotations

import datetime as dt
import inspect
from typing import Callable, Protocol

from nlu.result import IntentScore, ParseResult


class Interpreter(Protocol):
    async def parse(self, text: str) -> ParseResult: ...


class SyncModel(Protocol):
    def parse(self, text: str, **kwargs) -> ParseResult: ...


class EmbeddedInterpreter:
    """Runs mobi's own NLU model in-process; `today` pins relative dates to the bot's clock."""

    def __init__(self, model: SyncModel, today: Callable[[], dt.date] | None = None):
        self._model = model
        self._today = today
        self._takes_today = "today" in inspect.signature(model.parse).parameters

    @property
    def model(self) -> SyncModel:
        """The embedded model (its `intent_names` and `meta` are what the console shows)."""
        return self._model

    async def parse(self, text: str) -> ParseResult:
        if self._takes_today and self._today is not None:
            return self._model.parse(text, today=self._today())
        return self._model.parse(text)


def unknown(text: str, language: str = "de") -> ParseResult:
    """The result for text nothing could be made of."""
    return ParseResult(text=text, intent=IntentScore("out_of_scope", 0.0), language=language)

