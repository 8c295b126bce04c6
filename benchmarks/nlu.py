"""NLU engine benchmark: cross-validated quality, train/load time, parse latency, size, memory.

    python benchmarks/nlu.py [--folds 5] [--utterances 10000] [--json]

Prints one rich table. RSS and cold load are measured in a fresh subprocess that only
loads the model and parses, i.e. what `mobi serve` pays for the NLU.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlu import DEFAULT_DATA  # noqa: E402
from nlu.engine import NluModel, train  # noqa: E402
from nlu.evaluate import cross_validate, evaluate  # noqa: E402
from nlu.formats import load_data  # noqa: E402

HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
TARGETS = {"train_s": 10.0, "load_s": 1.0, "p50_ms": 1.0, "p99_ms": 5.0, "rss_mb": 200.0}
_CHILD = """
import re, sys, time
t = time.perf_counter()
from nlu.engine import NluModel
model = NluModel.load(sys.argv[1])
load = time.perf_counter() - t
for text in sys.stdin.read().splitlines():
    model.parse(text)
status = open("/proc/self/status").read()  # VmHWM: peak RSS of this process image
print(load, int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) / 1024)
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(folds: int, utterances: int) -> dict[str, float]:
    data = load_data([DEFAULT_DATA])
    cv = cross_validate(data, folds)
    started, cpu = time.perf_counter(), time.process_time()
    model = train([DEFAULT_DATA])
    train_s, train_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    heldout = evaluate(model, load_data([HELDOUT])) if HELDOUT.exists() else None
    texts = [e.text for e in data.examples] + ([e.text for e in load_data([HELDOUT]).examples] if heldout else [])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nlu.model"
        model.save(path)
        size_mb = path.stat().st_size / 1e6
        started = time.perf_counter()
        loaded = NluModel.load(path)
        load_s = time.perf_counter() - started
        child = subprocess.run([sys.executable, "-c", _CHILD, str(path)], input="\n".join(texts[:1000]),
                               capture_output=True, text=True, cwd=ROOT, check=True)
        cold_load_s, rss_mb = map(float, child.stdout.split())
    latencies = []
    for i in range(utterances):
        text = texts[i % len(texts)]
        t = time.perf_counter()
        loaded.parse(text)
        latencies.append((time.perf_counter() - t) * 1000)
    return {
        "examples": len(data.examples), "intents": len(data.intents), "cv_folds": folds,
        "cv_accuracy": cv.accuracy, "cv_macro_f1": cv.macro_f1,
        "heldout_accuracy": heldout.accuracy if heldout else float("nan"),
        "heldout_macro_f1": heldout.macro_f1 if heldout else float("nan"),
        "heldout_size": len(load_data([HELDOUT]).examples) if heldout else 0,
        "train_s": train_s, "train_cpu_s": train_cpu_s, "load_s": load_s, "load_average": os.getloadavg()[0], "cold_load_s": cold_load_s,
        "p50_ms": statistics.median(latencies), "p99_ms": percentile(latencies, 0.99),
        "mean_ms": statistics.fmean(latencies), "utterances": utterances,
        "model_mb": size_mb, "rss_mb": rss_mb,
    }


def render(r: dict[str, float]) -> Table:
    def ok(key: str) -> str:
        return "✓" if r[key] <= TARGETS[key] else "✗"

    table = Table(title=f"mobi NLU · {r['examples']} examples, {r['intents']} intents")
    for column in ("measure", "value", "target"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    table.add_row(f"{r['cv_folds']}-fold CV accuracy", f"{r['cv_accuracy']:.1%}", "")
    table.add_row(f"{r['cv_folds']}-fold CV macro-F1", f"{r['cv_macro_f1']:.1%}", "")
    table.add_row(f"held-out accuracy ({r['heldout_size']} msgs)", f"{r['heldout_accuracy']:.1%}", "≥ 95 % (hidden set)")
    table.add_row("held-out macro-F1", f"{r['heldout_macro_f1']:.1%}", "")
    table.add_row("train time (wall)", f"{r['train_s']:.2f} s", f"≤ 10 s {ok('train_s')}")
    table.add_row("train time (CPU, both threads)", f"{r['train_cpu_s']:.2f} s", "")
    table.add_row("model load (in process)", f"{r['load_s']:.2f} s", f"≤ 1 s {ok('load_s')}")
    table.add_row("model load (fresh process, incl. imports)", f"{r['cold_load_s']:.2f} s", "")
    table.add_row(f"parse p50 ({r['utterances']:,} msgs)", f"{r['p50_ms']:.3f} ms", f"≤ 1 ms {ok('p50_ms')}")
    table.add_row("parse p99", f"{r['p99_ms']:.3f} ms", f"≤ 5 ms {ok('p99_ms')}")
    table.add_row("model file", f"{r['model_mb']:.1f} MB", "")
    table.add_row("RSS after load + 1,000 parses", f"{r['rss_mb']:.0f} MB", f"≤ 200 MB {ok('rss_mb')}")
    table.caption = f"machine load average during the run: {r['load_average']:.1f} on {os.cpu_count()} cores"
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--utterances", type=int, default=10_000)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    result = measure(args.folds, args.utterances)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        Console().print(render(result))


if __name__ == "__main__":
    main()
