"""The knowledge base: `mobi kb check` passes, and it catches what an HR editor might break."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actions.kb import HERE, knowledge
from actions.kb.check import check
from bot.cli import app


@pytest.fixture
def kb_copy(tmp_path) -> Path:
    folder = tmp_path / "kb"
    shutil.copytree(HERE, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_knowledge_base_is_valid():
    assert check() == []


def test_mobi_kb_check_runs_and_reports_counts():
    result = CliRunner().invoke(app, ["kb", "check", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ok"] and data["clauses"] >= 30 and data["topics"] >= 10


def test_it_is_labelled_a_sample_everywhere():
    kb = knowledge()
    assert kb.sample and "Muster" in kb.short["de"] and "sample" in kb.short["en"]
    assert kb.cite(["§ 6 Abs. 2"], "de") == "§ 6 Abs. 2 DV Mobiles Arbeiten (Muster)"


def test_a_cited_clause_that_does_not_exist_is_reported(kb_copy):
    edit(kb_copy / "topics" / "working_time.yml", '"§ 6 Abs. 4"', '"§ 6 Abs. 9"')
    assert any("§ 6 Abs. 9" in p and "working_time.yml" in p for p in check(kb_copy))


def test_a_missing_language_is_reported(kb_copy):
    path = kb_copy / "topics" / "abroad.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("    en:")], encoding="utf-8")
    assert any("no 'en' answer" in p for p in check(kb_copy))


def test_a_missing_topic_and_a_duplicate_are_reported(kb_copy):
    (kb_copy / "topics" / "vpn.yml").unlink()
    shutil.copy(kb_copy / "topics" / "costs.yml", kb_copy / "topics" / "costs2.yml")
    problems = check(kb_copy)
    assert any("vpn_help" in p for p in problems)
    assert any("costs_reimbursement is already answered" in p for p in problems)


def test_bad_links_and_placeholders_are_reported(kb_copy):
    edit(kb_copy / "topics" / "vpn.yml", "https://intranet.stuttgart.example/it/vpn", "intranet/vpn")
    edit(kb_copy / "topics" / "costs.yml", "Strom, Internet", "Strom {amt}, Internet")
    problems = check(kb_copy)
    assert any("not a well-formed https URL" in p for p in problems)
    assert any("unknown placeholder {amt}" in p for p in problems)


def test_broken_yaml_names_the_file_and_line(kb_copy):
    (kb_copy / "topics" / "costs.yml").write_text("intent: [unclosed\n", encoding="utf-8")
    [problem] = check(kb_copy)
    assert "costs.yml" in problem and "line" in problem


def test_the_cli_fails_with_one_line_per_problem(kb_copy):
    edit(kb_copy / "agreement.yml", "sample: true", "sample: false")
    result = CliRunner().invoke(app, ["kb", "check", "--folder", str(kb_copy)])
    assert result.exit_code == 1
    assert "sample" in result.output and "Traceback" not in result.output
