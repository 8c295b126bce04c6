"""Evaluation: accuracy, macro-F1, per-intent scores and confusions, on a file or by
cross-validation. Gold intents the model does not know simply count as errors."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from nlu.data import TrainingData


@dataclass(frozen=True)
class Report:
    accuracy: float
    macro_f1: float
    per_intent: dict[str, dict[str, float]]
    confusions: list[tuple[str, str, int]]
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (text, gold, predicted)

    def to_json(self) -> dict[str, Any]:
        return {
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "per_intent": self.per_intent,
            "confusions": [list(c) for c in self.confusions],
        }


def score(gold: Sequence[str], predicted: Sequence[str], texts: Sequence[str] = ()) -> Report:
    """Compare gold and predicted intents."""
    if not gold:
        return Report(0.0, 0.0, {}, [])
    labels = sorted(set(gold) | set(predicted))
    p, r, f, s = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    per_intent = {
        name: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4), "f1": round(float(f[i]), 4), "support": int(s[i])}
        for i, name in enumerate(labels)
    }
    accuracy = sum(g == q for g, q in zip(gold, predicted)) / len(gold)
    confusions = Counter((g, q) for g, q in zip(gold, predicted) if g != q)
    errors = [(t, g, q) for t, g, q in zip(texts, gold, predicted) if g != q]
    return Report(
        round(accuracy, 4),
        round(float(f.mean()), 4),
        per_intent,
        [(g, q, n) for (g, q), n in confusions.most_common()],
        errors,
    )


def evaluate(model, data: TrainingData) -> Report:
    """Parse each example with `model` and score the intents."""
    texts = [e.text for e in data.examples]
    predicted = [model.parse(t).intent.name for t in texts]
    return score([e.intent for e in data.examples], predicted, texts)


def cross_validate(data: TrainingData, folds: int = 5, seed: int = 13,
                   progress: Callable[[str, int, int], None] | None = None) -> Report:
    """Stratified k-fold: train on k-1 parts (augmentation and calibration inside), test on one."""
    from nlu.training import train_on

    examples = list(data.examples)
    labels = [e.intent for e in examples]
    smallest = min(Counter(labels).values())
    folds = max(2, min(folds, smallest))
    gold: list[str] = []
    predicted: list[str] = []
    texts: list[str] = []
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for n, (train_idx, test_idx) in enumerate(splitter.split(examples, labels), start=1):
        if progress:
            progress(f"fold {n}/{folds}", n, folds)
        part = TrainingData(tuple(examples[i] for i in train_idx), data.synonyms, data.regexes, data.lookups)
        model = train_on(part, seed=seed)
        for i in test_idx:
            gold.append(labels[i])
            texts.append(examples[i].text)
            predicted.append(model.parse(examples[i].text).intent.name)
    return score(gold, predicted, texts)
