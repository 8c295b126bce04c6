"""Optional NLU backend: ask a Rasa server's `POST /model/parse`, fall back to the embedded model.

Selected with `MOBI_NLU_BACKEND=rasa` and `MOBI_RASA_URL`. When Rasa is slow, down or answers
nonsense, the embedded model answers instead; the outage is logged once (and its end once),
never the message text.
"""
from __future__ import annotations

import asyncio
from typing import Any, Protocol

import aiohttp
import structlog

from nlu.language import language_of
from nlu.result import Entity, IntentScore, ParseResult

log = structlog.get_logger()
OUT_OF_SCOPE = "out_of_scope"
RASA_FALLBACK_INTENTS = {"nlu_fallback", "out_of_scope"}


class SyncModel(Protocol):
    def parse(self, text: str) -> ParseResult: ...


class RasaInterpreter:
    """`Interpreter` over HTTP: `await parse(text) -> ParseResult`."""

    def __init__(self, url: str, fallback: SyncModel, timeout: float = 2.0,
                 session: aiohttp.ClientSession | None = None) -> None:
        self.url = url.rstrip("/") + "/model/parse"
        self.fallback = fallback
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session = session
        self._own_session = session is None
        self.degraded = False

    @property
    def model(self) -> SyncModel:
        """The embedded model behind the Rasa server: the fallback, and what the console shows."""
        return self.fallback

    async def parse(self, text: str) -> ParseResult:
        try:
            data = await self._ask(text)
            result = from_rasa(text, data)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError, TypeError, KeyError) as exc:
            if not self.degraded:
                self.degraded = True
                log.warning("rasa_unavailable_using_embedded_nlu", url=self.url, error=type(exc).__name__)
            return self.fallback.parse(text)
        if self.degraded:
            self.degraded = False
            log.info("rasa_available_again", url=self.url)
        return result

    async def _ask(self, text: str) -> dict[str, Any]:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
            self._own_session = True
        async with self._session.post(self.url, json={"text": text}, timeout=self.timeout) as response:
            response.raise_for_status()
            data = await response.json(content_type=None)
        if not isinstance(data, dict):
            raise ValueError("Rasa answer is not a JSON object")
        return data

    async def close(self) -> None:
        if self._session is not None and self._own_session:
            await self._session.close()


def from_rasa(text: str, data: dict[str, Any]) -> ParseResult:
    """Convert Rasa's `/model/parse` JSON into our `ParseResult`."""
    intent = _intent(data.get("intent"))
    ranking = tuple(s for s in (_intent(r) for r in data.get("intent_ranking") or []) if s.name)
    entities = tuple(
        Entity(str(e["entity"]), e.get("value"), int(e.get("start", 0)), int(e.get("end", 0)),
               str(e.get("extractor") or "rasa"), e.get("confidence_entity"))
        for e in data.get("entities") or []
    )
    language = language_of(text)
    return ParseResult(text, intent, entities, ranking or (intent,), language, {"backend": "rasa"})


def _intent(raw: Any) -> IntentScore:
    if not isinstance(raw, dict) or not raw.get("name"):
        return IntentScore(OUT_OF_SCOPE, 0.0)
    name = str(raw["name"])
    confidence = float(raw.get("confidence") or 0.0)
    return IntentScore(OUT_OF_SCOPE if name in RASA_FALLBACK_INTENTS else name, confidence)
