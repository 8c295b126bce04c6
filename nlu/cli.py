"""`mobi nlu train | parse | evaluate`: the NLU engine from the command line.

Errors in data or model files are printed as one clear line (exit code 1), never a traceback.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from nlu import DEFAULT_DATA
from nlu.errors import NluError
from nlu.paths import default_model_path

app = typer.Typer(help="Train, try and evaluate mobi's NLU model.", no_args_is_help=True, add_completion=False)
console = Console(stderr=True)
out = Console()

DATA_OPTION = typer.Option(None, "--data", "-d", help="Rasa NLU file or directory (repeatable). Default: nlu/data.")
MODEL_OPTION = typer.Option(None, "--model", "-m", help="Model file. Default: $MOBI_HOME/models/nlu.model.")


def _fail(exc: Exception) -> None:
    console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
    raise typer.Exit(1)


def _load(model: Path | None):
    from nlu.engine import NluModel

    try:
        return NluModel.load(model or default_model_path())
    except NluError as exc:
        _fail(exc)


@app.command()
def train(data: list[Path] = DATA_OPTION,
          out_path: Path = typer.Option(None, "--out", "-o", help="Where to write the model. Default: $MOBI_HOME/models/nlu.model.")) -> None:
    """Train a model on Rasa NLU data (YAML, markdown or JSON) and save it."""
    from nlu.engine import train as train_model

    target = out_path or default_model_path()
    started = time.perf_counter()
    with Progress(TextColumn("{task.description:14}"), BarColumn(), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("loading", total=5)

        def report(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        try:
            model = train_model(data or [DEFAULT_DATA], progress=report)
            model.save(target)
        except (NluError, OSError) as exc:
            bar.stop()
            _fail(exc)
    table = Table(title="NLU model trained", show_header=False)
    for key in ("examples", "augmented_examples", "intents", "features", "threshold"):
        table.add_row(key.replace("_", " "), str(model.meta.get(key)))
    table.add_row("train time", f"{time.perf_counter() - started:.2f} s")
    table.add_row("model file", f"{target} ({target.stat().st_size / 1e6:.1f} MB)")
    out.print(table)


@app.command()
def parse(text: str = typer.Argument(..., help="The message to parse ('-' reads stdin)."),
          model: Path = MODEL_OPTION) -> None:
    """Parse one message and print Rasa-compatible JSON."""
    if text == "-":
        text = sys.stdin.read()
    result = _load(model).parse(text)
    out.print_json(json.dumps(result.to_rasa(), ensure_ascii=False))


@app.command()
def evaluate(data: list[Path] = typer.Option(..., "--data", "-d", help="Rasa NLU test file or directory (repeatable)."),
             model: Path = MODEL_OPTION,
             cross_validation: int = typer.Option(0, "--cross-validation", "-k", help="Instead of a model: N-fold cross-validation on --data."),
             json_: bool = typer.Option(False, "--json", help="Print the report as JSON.")) -> None:
    """Score a model on labelled data (or cross-validate): accuracy, macro-F1, per intent."""
    from nlu.evaluate import cross_validate, evaluate as run_eval
    from nlu.formats import load_data

    try:
        examples = load_data(data)
        if not examples.examples:
            raise NluError("no labelled examples in --data")
        if cross_validation:
            report = cross_validate(examples, cross_validation)
        else:
            report = run_eval(_load(model), examples)
    except NluError as exc:
        _fail(exc)
    if json_:
        out.print_json(json.dumps(report.to_json(), ensure_ascii=False))
        return
    _print_report(report)


def _print_report(report) -> None:
    table = Table(title=f"accuracy {report.accuracy:.2%} · macro-F1 {report.macro_f1:.2%}")
    for column in ("intent", "precision", "recall", "f1", "support"):
        table.add_column(column, justify="left" if column == "intent" else "right")
    for name, s in report.per_intent.items():
        style = "red" if s["f1"] < 0.8 else None
        table.add_row(name, f"{s['precision']:.2f}", f"{s['recall']:.2f}", f"{s['f1']:.2f}", str(s["support"]), style=style)
    out.print(table)
    if report.confusions:
        conf = Table(title="most frequent confusions")
        for column in ("gold", "predicted", "count"):
            conf.add_column(column)
        for gold, predicted, count in report.confusions[:15]:
            conf.add_row(gold, predicted, str(count))
        out.print(conf)
