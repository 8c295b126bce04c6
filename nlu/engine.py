"""The NLU model: train on Rasa data, parse messages into intents and entities, save and load."""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from nlu import storage
from nlu.classifier import OUT_OF_SCOPE, LinearIntentModel
from nlu.entities import EntityExtractor
from nlu.errors import ModelError
from nlu.features import Block, Featurizer
from nlu.language import is_foreign
from nlu.normalize import MAX_CHARS, fold, tokens
from nlu.result import Entity, IntentScore, ParseResult

Progress = Callable[[str, int, int], None]
RANKING_SIZE = 10
MIN_KNOWN_SHARE = 0.25
UNKNOWN_WORDS_THRESHOLD = 0.5
"""Below MIN_KNOWN_SHARE of words seen in training (gibberish, other languages), the top
intent needs at least this confidence, else the message is out of scope."""


class NluModel:
    """A trained model; `parse` is pure and never raises."""

    def __init__(self, featurizer: Featurizer, intents: LinearIntentModel, entities: EntityExtractor,
                 meta: dict[str, Any] | None = None) -> None:
        self.featurizer = featurizer
        self.intents = intents
        self.entities = entities
        self.meta = dict(meta or {})

    @property
    def intent_names(self) -> list[str]:
        return list(self.intents.classes)

    def parse(self, text: str, today: date | None = None) -> ParseResult:
        """Understand one message. Any input gives a valid result (out_of_scope if unsure)."""
        try:
            text = _as_text(text)
            return self._parse(text, today or date.today())
        except Exception as exc:  # last line of defence: parse must never raise
            return _fallback(text if isinstance(text, str) else "", "de", (), {"error": type(exc).__name__})

    def _parse(self, text: str, today: date) -> ParseResult:
        cut = text[:MAX_CHARS]
        a = self.featurizer.analyse(cut)
        entities = self.entities.extract(cut, today)
        if not any(w.isalpha() for w in a.words):
            return _fallback(text, a.language, entities, {"reason": "no_words"})
        if is_foreign(tokens(fold(cut))):
            return _fallback(text, a.language, entities, {"reason": "other_language"})
        cols, vals = self.featurizer.row(a)
        probs = self.intents.probabilities(self.intents.scores(cols, vals))
        order = np.argsort(-probs)[:RANKING_SIZE]
        ranking = tuple(IntentScore(self.intents.classes[i], round(float(probs[i]), 4)) for i in order)
        top = ranking[0]
        known = self.featurizer.known_share(a)
        meta = {"known_share": round(known, 2)}
        unknown = known < MIN_KNOWN_SHARE and top.confidence < UNKNOWN_WORDS_THRESHOLD
        if top.name != OUT_OF_SCOPE and (top.confidence < self.intents.threshold or unknown):
            meta.update(reason="unknown_words" if unknown else "low_confidence", predicted=top.name)
            top = IntentScore(OUT_OF_SCOPE, round(1.0 - top.confidence, 4))
        return ParseResult(text, top, entities, ranking, a.language, meta)

    def save(self, path: Path | str) -> None:
        storage.write(Path(path), self.to_dict())

    @classmethod
    def load(cls, path: Path | str) -> NluModel:
        """Load a saved model; `ModelError` for missing, corrupt, foreign or outdated files."""
        body = storage.read(Path(path))
        try:
            return cls.from_dict(body)
        except ModelError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"{path}: model body is incomplete: {exc!r}") from None

    def to_dict(self) -> dict[str, Any]:
        blocks = {
            name: {"terms": sorted(b.vocab, key=b.vocab.__getitem__), "idf": storage.encode_array(b.idf), "weight": b.weight}
            for name, b in self.featurizer.blocks.items()
        }
        m = self.intents
        return {
            "meta": self.meta,
            "features": blocks,
            "lemmas": self.featurizer.lemmas,
            "intents": {"classes": m.classes, "coef": storage.encode_array(m.coef, "float16"),
                        "intercept": storage.encode_array(m.intercept), "temperature": m.temperature,
                        "threshold": m.threshold},
            "entities": self.entities.to_dict(),
        }

    @classmethod
    def from_dict(cls, body: dict[str, Any]) -> NluModel:
        blocks = {
            name: Block({t: i for i, t in enumerate(b["terms"])}, storage.decode_array(b["idf"]), float(b["weight"]))
            for name, b in body["features"].items()
        }
        i = body["intents"]
        intents = LinearIntentModel(list(i["classes"]), storage.decode_array(i["coef"]), storage.decode_array(i["intercept"]),
                                    float(i["temperature"]), float(i["threshold"]))
        featurizer = Featurizer(blocks, body.get("lemmas", {}))
        if intents.coef.shape != (len(intents.classes), featurizer.size):
            raise ModelError("model arrays do not fit together")
        return cls(featurizer, intents, EntityExtractor.from_dict(body["entities"]), body.get("meta"))


def _as_text(text: Any) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        return bytes(text).decode("utf-8", errors="replace")
    return "" if text is None else str(text)


def _fallback(text: str, language: str, entities: Sequence[Entity], meta: dict[str, Any]) -> ParseResult:
    return ParseResult(text, IntentScore(OUT_OF_SCOPE, 0.0), tuple(entities), (IntentScore(OUT_OF_SCOPE, 0.0),), language, meta)


def train(data_paths: Sequence[Path | str], *, progress: Progress | None = None, seed: int = 13) -> NluModel:
    """Train a model on Rasa NLU files or directories (see `nlu.training.train_on`)."""
    from nlu.formats import load_data
    from nlu.training import train_on

    started = time.perf_counter()
    model = train_on(load_data(data_paths), progress=progress, seed=seed)
    model.meta["train_seconds"] = round(time.perf_counter() - started, 2)
    return model
