"""Retraining the NLU model in the background, as a small state machine.

Theory of operation: `start` moves idle/failed -> running and hands a `TrainJob` to a separate
process (spawned, so the server keeps answering while the CPU trains). The job cross-validates
the current data (base + `active.yml`) and the new data (base + `console.yml`), trains a candidate
on the new data and saves it next to the live model. `finish`/`fail` move to ready/failed. A ready
candidate is only used after `activate` (a person confirmed); `discard` throws it away. Any other
move raises `IllegalMove`. Accuracies are cached by a fingerprint of the data, so unchanged data
is not cross-validated twice.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

TRANSITIONS = {
    ("idle", "start"): "running", ("failed", "start"): "running",
    ("running", "finish"): "ready", ("running", "fail"): "failed",
    ("ready", "activate"): "idle", ("ready", "discard"): "idle", ("failed", "discard"): "idle",
}


class IllegalMove(RuntimeError):
    pass


@dataclass(frozen=True)
class TrainJob:
    base: tuple[str, ...]  # training-data files or folders shipped with mobi (or configured)
    console: str  # examples assigned in the console
    active: str  # the console examples the live model learned
    out: str  # where the candidate model goes
    folds: int
    cache: str  # JSON file: data fingerprint -> cross-validated accuracy


@dataclass
class Trainer:
    state: str = "idle"
    started_at: dt.datetime | None = None
    started_by: str = ""
    result: dict | None = None
    error: str = ""
    _pool: ProcessPoolExecutor | None = field(default=None, repr=False)
    _task: asyncio.Task | None = field(default=None, repr=False)

    def move(self, event: str) -> None:
        target = TRANSITIONS.get((self.state, event))
        if target is None:
            raise IllegalMove(f"{event} is not possible while {self.state}")
        self.state = target

    def start(self, job: TrainJob, by: str) -> None:
        self.move("start")
        self.started_at, self.started_by, self.result, self.error = dt.datetime.now(dt.timezone.utc), by, None, ""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        self._task = asyncio.create_task(self._run(job))

    async def _run(self, job: TrainJob) -> None:
        try:
            self.result = await asyncio.get_running_loop().run_in_executor(self._pool, train_and_score, job)
            self.move("finish")
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # shown on the page; the live model is untouched
            self.error = f"{type(exc).__name__}: {exc}"[:400]
            self.move("fail")

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def fingerprint(data, folds: int) -> str:
    digest = hashlib.sha256(str(folds).encode())
    for example in sorted((e.text, e.intent) for e in data.examples):
        digest.update("\0".join(example).encode())
    return digest.hexdigest()


def train_and_score(job: TrainJob) -> dict:
    """Runs in the worker process: CV accuracy of current and new data, candidate model saved."""
    from nlu.evaluate import cross_validate
    from nlu.formats import load_data
    from nlu.training import train_on

    base = [Path(p) for p in job.base]
    current = load_data(base + [p for p in [Path(job.active)] if p.exists()])
    new = load_data(base + [p for p in [Path(job.console)] if p.exists()])
    cache_path = Path(job.cache)
    cache = json.loads(cache_path.read_text()) if cache_path.exists() else {}

    def accuracy(data) -> float:
        key = fingerprint(data, job.folds)
        if key not in cache:
            cache[key] = cross_validate(data, folds=job.folds).accuracy
        return cache[key]

    scores = {"current_accuracy": accuracy(current), "accuracy": accuracy(new)}
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps(cache))
    model = train_on(new)
    model.meta["cv_accuracy"] = scores["accuracy"]
    Path(job.out).parent.mkdir(parents=True, exist_ok=True)
    model.save(job.out)
    return {**scores, "examples": len(new.examples), "current_examples": len(current.examples),
            "intents": len(new.intents), "folds": job.folds, "path": job.out}
