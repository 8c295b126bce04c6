import json

from typer.testing import CliRunner

from nlu.cli import app
from tests.nlu.conftest import HERE

runner = CliRunner()
TINY = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - hallo
    - hi
    - guten morgen
    - servus
- intent: goodbye
  examples: |
    - tschüss
    - bye
    - ciao
    - auf wiedersehen
"""


def test_help_everywhere():
    for args in ([], ["train"], ["parse"], ["evaluate"]):
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output


def test_train_parse_evaluate(tmp_path, monkeypatch):
    monkeypatch.setenv("MOBI_HOME", str(tmp_path / "home"))
    data = tmp_path / "nlu.yml"
    data.write_text(TINY, encoding="utf-8")
    result = runner.invoke(app, ["train", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "home" / "models" / "nlu.model").exists()
    assert "examples" in result.output

    result = runner.invoke(app, ["parse", "hallo"])
    assert result.exit_code == 0, result.output
    parsed = json.loads(result.output)
    assert parsed["intent"]["name"] == "greet"
    assert {"text", "intent", "entities", "intent_ranking"} <= set(parsed)

    result = runner.invoke(app, ["evaluate", "--data", str(data), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) == {"accuracy", "macro_f1", "per_intent", "confusions"}
    assert set(report["per_intent"]["greet"]) == {"precision", "recall", "f1", "support"}


def test_evaluate_counts_unknown_gold_intents_as_errors(model_file, tmp_path):
    data = tmp_path / "other.yml"
    data.write_text('nlu:\n- intent: order_pizza\n  examples: |\n    - Eine Pizza bitte\n- intent: greet\n  examples: |\n    - Hallo\n')
    result = runner.invoke(app, ["evaluate", "--data", str(data), "--model", str(model_file), "--json"])
    report = json.loads(result.output)
    assert report["accuracy"] == 0.5
    assert report["per_intent"]["order_pizza"]["recall"] == 0


def test_evaluate_table_on_heldout(model_file):
    result = runner.invoke(app, ["evaluate", "--data", str(HERE / "heldout.yml"), "--model", str(model_file)])
    assert result.exit_code == 0, result.output
    assert "accuracy" in result.output and "macro-F1" in result.output


def test_cross_validation_option(tmp_path):
    data = tmp_path / "nlu.yml"
    data.write_text(TINY, encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--data", str(data), "--cross-validation", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert 0 <= json.loads(result.output)["accuracy"] <= 1


def test_errors_are_one_line_without_traceback(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("nlu:\n- intent: x\n  examples: |\n    - [broken](x\n")
    for args in (["train", "--data", str(bad), "--out", str(tmp_path / "m")],
                 ["evaluate", "--data", str(bad)],
                 ["parse", "hi", "--model", str(bad)],
                 ["parse", "hi", "--model", str(tmp_path / "missing.model")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        assert "error:" in result.output
    result = runner.invoke(app, ["evaluate", "--data", str(bad)])
    assert f"{bad}:4:" in result.output
