"""mobi's NLU side by side with Rasa 3.6 DIET, on the same train/test split.

Rasa runs as a separate server (installed per shared/notes/rasa.md, e.g. into /opt/rasa);
this script installs nothing. Steps:

    python benchmarks/nlu_vs_rasa.py prepare            # writes var/rasa-bench/{train,test}.yml, config.yml
    python benchmarks/nlu_vs_rasa.py train-rasa         # runs `rasa train nlu` (timed) with /opt/rasa/bin/rasa
    (cd var/rasa-bench && /opt/rasa/bin/rasa run --enable-api -m models -p 5005 &)
    python benchmarks/nlu_vs_rasa.py run                # both engines: accuracy, macro-F1, times, RSS

`run` (the default, as in `make bench`) prints how to get there if the split or the Rasa
server is missing, and exits 0.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import yaml
from aiohttp import web
from rich.console import Console
from rich.table import Table
from sklearn.model_selection import train_test_split

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from integrations.rasa import from_rasa  # noqa: E402
from nlu import DEFAULT_DATA  # noqa: E402
from nlu.engine import train  # noqa: E402
from nlu.evaluate import score  # noqa: E402
from nlu.formats import load_data  # noqa: E402

console = Console()
SPLIT = ROOT / "var" / "rasa-bench"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
RASA_CONFIG = {  # Rasa 3.6's recommended default NLU pipeline (DIET, 100 epochs) + fallback
    "recipe": "default.v1",
    "language": "de",
    "pipeline": [
        {"name": "WhitespaceTokenizer"},
        {"name": "RegexFeaturizer"},
        {"name": "LexicalSyntacticFeaturizer"},
        {"name": "CountVectorsFeaturizer"},
        {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
        {"name": "DIETClassifier", "epochs": 100, "constrain_similarities": True},
        {"name": "EntitySynonymMapper"},
        {"name": "FallbackClassifier", "threshold": 0.3, "ambiguity_threshold": 0.1},
    ],
    "assistant_id": "mobi-bench",
}


def write_nlu(path: Path, examples) -> None:
    """Plain Rasa 3 YAML (intent texts only: this compares intent classification)."""
    by_intent: dict[str, list[str]] = {}
    for e in examples:
        by_intent.setdefault(e.intent, []).append(e.text)
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in sorted(by_intent.items()):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += ["    - " + t.replace("\n", " ") for t in texts]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def prepare(out: Path, test_size: float, seed: int) -> None:
    data = load_data([DEFAULT_DATA])
    examples = list(data.examples)
    train_ex, test_ex = train_test_split(examples, test_size=test_size, random_state=seed,
                                         stratify=[e.intent for e in examples])
    out.mkdir(parents=True, exist_ok=True)
    write_nlu(out / "train.yml", train_ex)
    write_nlu(out / "test.yml", test_ex)
    (out / "config.yml").write_text(yaml.safe_dump(RASA_CONFIG, sort_keys=False), encoding="utf-8")
    console.print(f"wrote {out}/train.yml ({len(train_ex)}), test.yml ({len(test_ex)}), config.yml")
    console.print(_how_to(out, "http://localhost:5005"))


def train_rasa(out: Path, rasa_bin: str) -> None:
    out = out.resolve()  # Rasa runs inside `out`, so its .rasa/ cache stays there
    cmd = [rasa_bin, "train", "nlu", "--config", str(out / "config.yml"), "--nlu", str(out / "train.yml"),
           "--out", str(out / "models"), "--fixed-model-name", "nlu"]
    console.print("running: " + " ".join(cmd))
    log = out / "rasa_train.log"
    console.print(f"log: {log}")
    started = time.perf_counter()
    with log.open("w") as sink:
        proc = subprocess.run(["/usr/bin/time", "-v", *cmd], stdout=sink, stderr=subprocess.STDOUT, text=True, cwd=out)
    seconds = time.perf_counter() - started
    output = log.read_text(errors="replace")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", output)
    if proc.returncode != 0:
        console.print(output[-3000:])
        raise SystemExit(proc.returncode)
    info = {"train_s": round(seconds, 1), "train_peak_rss_mb": round(int(peak.group(1)) / 1024) if peak else None}
    (out / "rasa_train.json").write_text(json.dumps(info))
    console.print(f"Rasa trained in {seconds:.0f} s: {info}")


def _how_to(out: Path, url: str) -> str:
    return (f"To compare with Rasa 3.6 (install per shared/notes/rasa.md into /opt/rasa, ~2.4 GB):\n"
            f"  python benchmarks/nlu_vs_rasa.py prepare --out {out}\n"
            f"  python benchmarks/nlu_vs_rasa.py train-rasa --out {out}\n"
            f"  (cd {out} && /opt/rasa/bin/rasa run --enable-api -m models -p 5005 &)\n"
            f"  python benchmarks/nlu_vs_rasa.py run --out {out} --rasa-url {url}")


async def _parse_all(url: str, texts: list[str]) -> tuple[list[dict], list[float]]:
    answers, latencies = [], []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        for text in texts:
            started = time.perf_counter()
            async with session.post(url.rstrip("/") + "/model/parse", json={"text": text}) as response:
                answers.append(await response.json())
            latencies.append((time.perf_counter() - started) * 1000)
    return answers, latencies


async def _serve_ours(model, texts: list[str]) -> tuple[list[dict], list[float]]:
    """Our model behind a minimal aiohttp /model/parse, to compare HTTP with HTTP."""
    async def parse(request: web.Request) -> web.Response:
        return web.json_response(model.parse((await request.json())["text"]).to_rasa())

    app = web.Application()
    app.router.add_post("/model/parse", parse)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        return await _parse_all(f"http://127.0.0.1:{port}", texts)
    finally:
        await runner.cleanup()


_CHILD = """
import re, sys
from nlu.engine import NluModel
model = NluModel.load(sys.argv[1])
for text in sys.stdin.read().splitlines():
    model.parse(text)
print(int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024)
"""


def _our_serving_rss(model, texts: list[str]) -> float:
    """Peak RSS of a fresh process that loads our model and parses the test set."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nlu.model"
        model.save(path)
        child = subprocess.run([sys.executable, "-c", _CHILD, str(path)], input="\n".join(texts),
                               capture_output=True, text=True, cwd=ROOT, check=True)
    return float(child.stdout)


def _rasa_pid(port: int) -> int | None:
    for proc in Path("/proc").iterdir():
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        if proc.name.isdigit() and "rasa" in cmd and " run" in cmd and str(port) in cmd:
            return int(proc.name)
    return None


def _rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    match = re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
    return int(match.group(1)) / 1024 if match else None


def _reachable(url: str) -> bool:
    async def check() -> bool:
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=3)) as s:
                async with s.post(url.rstrip("/") + "/model/parse", json={"text": "hallo"}) as r:
                    return r.status == 200
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return False
    return asyncio.run(check())


def run(out: Path, url: str) -> None:
    if not (out / "train.yml").exists() or not _reachable(url):
        console.print(f"[yellow]Rasa comparison skipped:[/yellow] split in {out} or Rasa server at {url} not found.")
        console.print(_how_to(out, url))
        return
    test = load_data([out / "test.yml"])
    sets = {"split": test}
    if HELDOUT.exists():
        sets["held-out"] = load_data([HELDOUT])
    started = time.perf_counter()
    ours = train([out / "train.yml"])
    our_train = time.perf_counter() - started
    rasa_info = json.loads((out / "rasa_train.json").read_text()) if (out / "rasa_train.json").exists() else {}
    rows = {}
    for name, data in sets.items():
        texts = [e.text for e in data.examples]
        gold = [e.intent for e in data.examples]
        rasa_answers, rasa_lat = asyncio.run(_parse_all(url, texts))
        rasa_pred = [from_rasa(t, a).intent.name for t, a in zip(texts, rasa_answers)]
        our_http, our_http_lat = asyncio.run(_serve_ours(ours, texts))
        our_pred = [a["intent"]["name"] for a in our_http]
        inproc = []
        for t in texts:
            s = time.perf_counter()
            ours.parse(t)
            inproc.append((time.perf_counter() - s) * 1000)
        rows[name] = {"n": len(texts), "rasa": score(gold, rasa_pred), "ours": score(gold, our_pred),
                      "rasa_lat": rasa_lat, "our_http_lat": our_http_lat, "our_lat": inproc}
    our_rss = _our_serving_rss(ours, [e.text for e in test.examples])
    _print(rows, our_train, rasa_info, our_rss, _rss_mb(_rasa_pid(int(url.rsplit(":", 1)[-1].split("/")[0]))))


def _p(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def _print(rows: dict, our_train: float, rasa_info: dict, our_rss: float, rasa_rss: float | None) -> None:
    table = Table(title="mobi NLU vs Rasa 3.6 DIET (same split)")
    for column in ("measure", "mobi", "Rasa 3.6 DIET"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for name, r in rows.items():
        table.add_row(f"{name} accuracy ({r['n']} msgs)", f"{r['ours'].accuracy:.1%}", f"{r['rasa'].accuracy:.1%}")
        table.add_row(f"{name} macro-F1", f"{r['ours'].macro_f1:.1%}", f"{r['rasa'].macro_f1:.1%}")
    lat = rows["split"]
    table.add_row("train time", f"{our_train:.1f} s", f"{rasa_info.get('train_s', '?')} s")
    table.add_row("parse p50 over HTTP", f"{statistics.median(lat['our_http_lat']):.1f} ms", f"{statistics.median(lat['rasa_lat']):.1f} ms")
    table.add_row("parse p99 over HTTP", f"{_p(lat['our_http_lat'], 0.99):.1f} ms", f"{_p(lat['rasa_lat'], 0.99):.1f} ms")
    table.add_row("parse p50 in process", f"{statistics.median(lat['our_lat']):.2f} ms", "–")
    table.add_row("RSS of a process serving the model", f"{our_rss:.0f} MB", f"{rasa_rss:.0f} MB" if rasa_rss else "?")
    table.add_row("peak RSS while training", "see benchmarks/nlu.py", f"{rasa_info.get('train_peak_rss_mb', '?')} MB")
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="run", choices=["prepare", "train-rasa", "run"])
    parser.add_argument("--out", type=Path, default=SPLIT, help="split directory (default var/rasa-bench)")
    parser.add_argument("--rasa-url", default=os.environ.get("MOBI_RASA_URL", "http://localhost:5005"))
    parser.add_argument("--rasa-bin", default="/opt/rasa/bin/rasa")
    parser.add_argument("--test-size", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.out, args.test_size, args.seed)
    elif args.command == "train-rasa":
        train_rasa(args.out, args.rasa_bin)
    else:
        run(args.out, args.rasa_url)


if __name__ == "__main__":
    main()
