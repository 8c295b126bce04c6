"""Linear intent classifier: LinearSVC scores, softmax calibration and an out-of-scope threshold.

Confidences are `softmax(temperature * svm_scores)`; the temperature is fitted on
out-of-fold scores (so it reflects unseen messages), and so is the threshold below
which the top intent is replaced by `out_of_scope`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

OUT_OF_SCOPE = "out_of_scope"


@dataclass
class LinearIntentModel:
    """Everything needed to score a feature row; plain arrays, safe to serialise."""

    classes: list[str]
    coef: np.ndarray  # (n_classes, n_features) float32
    intercept: np.ndarray  # (n_classes,)
    temperature: float = 1.0
    threshold: float = 0.0

    def scores(self, cols: np.ndarray, vals: np.ndarray) -> np.ndarray:
        return self.coef[:, cols] @ vals + self.intercept

    def probabilities(self, scores: np.ndarray) -> np.ndarray:
        return softmax(scores * self.temperature)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def fit_svm(x, y: list[str], classes: list[str], c: float = 0.5) -> LinearIntentModel:
    """Fit a one-vs-rest LinearSVC on a sparse matrix; class order is `classes`."""
    from sklearn.svm import LinearSVC  # training only: parsing never imports scikit-learn

    svm = LinearSVC(C=c, class_weight="balanced", max_iter=5000, tol=1e-4)
    svm.fit(x, y)
    coef = np.asarray(svm.coef_, dtype=np.float32)
    intercept = np.asarray(svm.intercept_, dtype=np.float32)
    if len(svm.classes_) == 2:  # binary LinearSVC keeps one row: score of the second class
        coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
    order = [list(svm.classes_).index(name) for name in classes]
    return LinearIntentModel(classes, coef[order], intercept[order])


def fit_temperature(scores: np.ndarray, gold: np.ndarray) -> float:
    """Temperature minimising the negative log-likelihood of the gold classes."""
    from scipy.optimize import minimize_scalar

    def nll(t: float) -> float:
        p = softmax(scores * t)
        return float(-np.log(p[np.arange(len(gold)), gold] + 1e-12).mean())

    return float(minimize_scalar(nll, bounds=(0.1, 50.0), method="bounded").x)


def choose_threshold(probs: np.ndarray, gold: np.ndarray, classes: list[str]) -> float:
    """Confidence threshold that maximises accuracy when low-confidence means out_of_scope.

    Takes the middle of the best plateau, so that the choice is not at the edge of a cliff.
    """
    if OUT_OF_SCOPE not in classes:
        return 0.0
    oos = classes.index(OUT_OF_SCOPE)
    top, conf = probs.argmax(axis=1), probs.max(axis=1)
    grid = np.round(np.arange(0.0, 0.61, 0.01), 2)
    acc = np.array([np.mean(np.where(conf < t, oos, top) == gold) for t in grid])
    best = np.flatnonzero(acc >= acc.max() - 1e-9)
    return float(grid[best[len(best) // 2]])
