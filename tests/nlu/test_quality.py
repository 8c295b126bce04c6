"""Quality guards on the shipped data: held-out messages and cross-validation."""
from collections import Counter

import pytest

from nlu import DEFAULT_DATA
from nlu.evaluate import cross_validate, evaluate
from nlu.features import analyse
from nlu.formats import load_data
from tests.nlu.conftest import HERE


def test_training_data_has_enough_varied_examples_per_intent():
    data = load_data([DEFAULT_DATA])
    counts = data.counts()
    assert len(counts) == 32 and min(counts.values()) >= 40
    german = Counter(analyse(e.text).language for e in data.examples)["de"] / len(data.examples)
    assert german >= 0.75


def test_heldout_accuracy(model):
    report = evaluate(model, load_data([HERE / "heldout.yml"]))
    assert report.accuracy >= 0.92, report.confusions[:10]


def test_heldout_and_training_data_do_not_overlap():
    train = {e.text.lower() for e in load_data([DEFAULT_DATA]).examples}
    assert not [e.text for e in load_data([HERE / "heldout.yml"]).examples if e.text.lower() in train]


@pytest.mark.slow
def test_cross_validation_on_a_held_out_part():
    report = cross_validate(load_data([DEFAULT_DATA]), folds=2)  # train on one half, test on the other
    assert report.accuracy >= 0.75
