"""Test doubles that implement our own protocols (not mocks of real components)."""
from __future__ import annotations

from nlu.result import IntentScore, ParseResult


class KeywordInterpreter:
    """An `Interpreter` for pipeline tests: the first keyword found decides the intent."""

    def __init__(self, keywords: dict[str, str], default: str = "out_of_scope"):
        self._keywords = keywords
        self._default = default

    async def parse(self, text: str) -> ParseResult:
        lowered = text.lower()
        for word, intent in self._keywords.items():
            if word in lowered:
                return ParseResult(text, IntentScore(intent, 0.99), language="en" if "my" in lowered else "de")
        return ParseResult(text, IntentScore(self._default, 0.2))
