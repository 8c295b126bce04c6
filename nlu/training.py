"""Training: augment, featurise, fit the SVM, calibrate confidences and the out-of-scope
threshold on out-of-fold scores, and collect the entity tables."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import numpy as np
from joblib import Parallel, delayed
from sklearn.model_selection import StratifiedKFold

from nlu.augment import augment
from nlu.classifier import choose_threshold, fit_svm, fit_temperature, softmax
from nlu.data import TrainingData
from nlu.entities import EntityExtractor
from nlu.errors import NluError
from nlu.features import Featurizer, analyse
from nlu.storage import FORMAT_VERSION

CALIBRATION_FOLDS = 3


def _noop(step: str, done: int, total: int) -> None:
    return None


def train_on(data: TrainingData, *, progress: Callable[[str, int, int], None] | None = None,
             seed: int = 13, calibrate: bool = True):
    """Fit a complete `NluModel` on in-memory training data."""
    from nlu.engine import NluModel

    report = progress or _noop
    texts = [e.text for e in data.examples]
    labels = [e.intent for e in data.examples]
    classes = sorted(set(labels))
    if len(classes) < 2:
        raise NluError("training needs at least two intents")
    total = 5
    report("augmenting", 1, total)
    aug_t, aug_l, origin = augment(texts, labels, seed)
    report("featurising", 2, total)
    analyses = [analyse(t) for t in aug_t]
    featurizer = Featurizer.fit(analyses)
    x = featurizer.matrix(analyses)
    report("calibrating", 3, total)
    temperature, threshold = 1.0, 0.0
    if calibrate:
        temperature, threshold = _calibrate(x, aug_l, np.array(origin), labels, classes, seed)
    report("fitting", 4, total)
    intents = fit_svm(x, aug_l, classes)
    intents.coef = intents.coef.astype(np.float16).astype(np.float32)  # as saved: load gives the same model
    intents.temperature, intents.threshold = temperature, threshold
    report("entities", 5, total)
    extractor = EntityExtractor.build(data.entity_values(), data.lookups, data.synonyms, data.regexes)
    meta = {
        "format_version": FORMAT_VERSION,
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "examples": len(texts),
        "augmented_examples": len(aug_t),
        "intents": len(classes),
        "features": featurizer.size,
        "temperature": round(temperature, 3),
        "threshold": threshold,
    }
    return NluModel(featurizer, intents, extractor, meta)


def _calibrate(x, aug_labels: list[str], origin: np.ndarray, labels: list[str], classes: list[str],
               seed: int) -> tuple[float, float]:
    """Out-of-fold SVM scores of the originals -> softmax temperature and OOS threshold."""
    counts = np.bincount([classes.index(lab) for lab in labels])
    folds = int(min(CALIBRATION_FOLDS, counts.min()))
    if folds < 2:
        return 1.0, 0.0
    y = np.array(labels)
    aug_y = np.array(aug_labels)
    splits = list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y))

    def run(train_idx, test_idx):
        mask = np.isin(origin, train_idx)
        model = fit_svm(x[mask], list(aug_y[mask]), classes)
        test_rows = np.asarray(test_idx)  # originals come first in x
        return test_rows, np.asarray(x[test_rows] @ model.coef.T + model.intercept)

    results = Parallel(n_jobs=2, prefer="threads")(delayed(run)(tr, te) for tr, te in splits)
    scores = np.zeros((len(y), len(classes)), dtype=np.float32)
    for rows, s in results:
        scores[rows] = s
    gold = np.array([classes.index(lab) for lab in labels])
    temperature = fit_temperature(scores, gold)
    return temperature, choose_threshold(softmax(scores * temperature), gold, classes)
