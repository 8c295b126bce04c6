"""Retraining: the state table, and a real job on tiny data (accuracies, candidate file, cache)."""
import json

import pytest

from bot.admin import training_data
from bot.admin.trainer import IllegalMove, Trainer, TrainJob, train_and_score
from tests.admin.support import TINY_NLU


def test_only_the_moves_of_the_table_are_allowed():
    trainer = Trainer()
    for event in ("finish", "activate", "discard"):
        with pytest.raises(IllegalMove):
            trainer.move(event)
    trainer.state = "running"
    with pytest.raises(IllegalMove):
        trainer.move("start")  # one training at a time
    trainer.move("finish")
    with pytest.raises(IllegalMove):
        trainer.move("start")  # a waiting candidate is activated or discarded first
    trainer.move("activate")
    assert trainer.state == "idle"


def test_job_scores_current_and_new_data_and_saves_a_candidate(tmp_path):
    base = tmp_path / "base.yml"
    base.write_text(TINY_NLU, encoding="utf-8")
    training_data.append_example(training_data.console_file(tmp_path), "greet", "grüß gott")
    job = TrainJob((str(base),), str(training_data.console_file(tmp_path)), str(training_data.active_file(tmp_path)),
                   str(tmp_path / "models" / "candidate.model"), 2, str(tmp_path / "cache.json"))
    result = train_and_score(job)
    assert (result["current_examples"], result["examples"], result["intents"]) == (8, 9, 2)
    assert 0 <= result["current_accuracy"] <= 1 and 0 <= result["accuracy"] <= 1
    from nlu.engine import NluModel

    assert NluModel.load(result["path"]).meta["cv_accuracy"] == result["accuracy"]
    assert len(json.loads((tmp_path / "cache.json").read_text())) == 2
