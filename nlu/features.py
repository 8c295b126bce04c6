"""Features: TF-IDF over lemma uni/bigrams and over character n-grams of normalised words.

Our own small vectoriser instead of sklearn's, so that its whole state is a vocabulary
list and an idf vector (saved without pickle) and one message featurises in microseconds.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nlu.language import detect_language
from nlu.normalize import fold, lemma, standardise, tokens


@dataclass(frozen=True)
class Analysis:
    """A message after normalisation: language, standard tokens and their lemmas."""

    language: str
    words: tuple[str, ...]
    lemmas: tuple[str, ...]


def analyse(text: str, lemmatise: Callable[[str, str], str] = lemma) -> Analysis:
    """Normalise, detect the language, map dialect words, lemmatise (simplemma by default)."""
    raw = tokens(fold(text))
    language = detect_language(raw)
    words = standardise(raw, language)
    return Analysis(language, tuple(words), tuple(lemmatise(w, language) for w in words))


def lemma_table(analyses: Sequence[Analysis]) -> dict[str, str]:
    """`"de:gekuendigt" -> "kuendigen"` for every training word whose lemma differs.

    Parsing looks lemmas up here instead of loading simplemma's dictionaries (~110 MB,
    ~1 s): a word never seen in training has no lemma feature to match anyway, and its
    character n-grams still count.
    """
    return {f"{a.language}:{w}": l for a in analyses for w, l in zip(a.words, a.lemmas) if w != l}


def word_terms(a: Analysis) -> list[str]:
    lem = list(a.lemmas)
    return ["w:" + t for t in lem] + ["b:" + x + " " + y for x, y in zip(lem, lem[1:])]


def char_terms(a: Analysis, low: int = 2, high: int = 5) -> list[str]:
    out = []
    for word in a.words:
        padded = f" {word} "
        for n in range(low, min(high, len(padded)) + 1):
            out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


BLOCKS = {"word": (word_terms, 1.0), "char": (char_terms, 1.0)}


@dataclass
class Block:
    """One TF-IDF block: vocabulary (term -> column) and idf weights."""

    vocab: dict[str, int]
    idf: np.ndarray
    weight: float

    def vector(self, terms: list[str]) -> tuple[list[int], np.ndarray]:
        counts = Counter(t for t in terms if t in self.vocab)
        if not counts:
            return [], np.zeros(0, dtype=np.float32)
        idx = [self.vocab[t] for t in counts]
        vals = np.fromiter(((1.0 + math.log(c)) for c in counts.values()), np.float32, len(idx))
        vals *= self.idf[idx]
        vals *= self.weight / (float(np.linalg.norm(vals)) or 1.0)
        return idx, vals


class Featurizer:
    """Turns messages into one sparse row of all blocks side by side."""

    def __init__(self, blocks: dict[str, Block], lemmas: dict[str, str] | None = None) -> None:
        self.blocks = blocks
        self.lemmas = dict(lemmas or {})
        self.offsets: dict[str, int] = {}
        offset = 0
        for name, block in blocks.items():
            self.offsets[name] = offset
            offset += len(block.vocab)
        self.size = offset

    def analyse(self, text: str) -> Analysis:
        """`analyse` with the stored lemma table (no simplemma at parse time)."""
        return analyse(text, lambda w, lang: self.lemmas.get(f"{lang}:{w}", w))

    @classmethod
    def fit(cls, analyses: Sequence[Analysis], min_df: int = 1) -> Featurizer:
        blocks = {}
        for name, (terms_of, weight) in BLOCKS.items():
            df = Counter(t for a in analyses for t in set(terms_of(a)))
            kept = sorted(t for t, c in df.items() if c >= min_df)
            n = len(analyses)
            idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in kept], dtype=np.float32)
            blocks[name] = Block({t: i for i, t in enumerate(kept)}, idf, weight)
        return cls(blocks, lemma_table(analyses))

    def row(self, a: Analysis) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and values of one analysed message."""
        cols, vals = [], []
        for name, (terms_of, _) in BLOCKS.items():
            idx, v = self.blocks[name].vector(terms_of(a))
            cols.append(np.asarray(idx, dtype=np.int64) + self.offsets[name])
            vals.append(v)
        return np.concatenate(cols), np.concatenate(vals)

    def matrix(self, analyses: Sequence[Analysis]):
        """A scipy CSR matrix, one row per message (training and evaluation)."""
        from scipy import sparse

        rows = [self.row(a) for a in analyses]
        indptr = np.cumsum([0] + [len(c) for c, _ in rows])
        cols = np.concatenate([c for c, _ in rows]) if rows else np.zeros(0, np.int64)
        vals = np.concatenate([v for _, v in rows]) if rows else np.zeros(0, np.float32)
        return sparse.csr_matrix((vals, cols, indptr), shape=(len(rows), self.size))

    def known_share(self, a: Analysis) -> float:
        """Share of words whose lemma the training data has seen (low for foreign text)."""
        if not a.lemmas:
            return 0.0
        vocab = self.blocks["word"].vocab
        return sum(1 for t in a.lemmas if "w:" + t in vocab) / len(a.lemmas)
