"""Acceptance: each persona's "good answer" of personas.md holds via `mobi ask --as EMAIL "..." --json`."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


def ask(email: str, text: str) -> tuple[str, str, list[str]]:
    """(intent, all reply texts joined, option labels) of one message through the full pipeline."""
    result = runner.invoke(app, ["ask", "--as", email, text, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    replies = data["replies"]
    return data["intent"]["name"], "\n".join(r["text"] for r in replies), [o["label"] for r in replies
                                                                            for o in r["options"]]


def test_anna_laptop_ready_for_pickup_where_since_bring_id(demo_env):
    _, text, _ = ask("anna.schmid@stuttgart.example", "Wo ist mein Laptop?")
    assert "NB-104233" in text and "zur Abholung bereit" in text
    assert "IT-Ausgabe Rathaus, Marktplatz 1, Raum 0.12" in text
    assert "25. November 2026" in text and "vor 3 Tagen" in text
    assert "Dienstausweis" in text


def test_mehmet_hears_laptop_in_9_days_and_waiting_for_claudia_wolf(demo_env):
    _, text, options = ask("mehmet.yilmaz@stuttgart.example", "Wann kann ich mobil arbeiten?")
    assert "in 9 Tagen" in text and "7. Dezember 2026" in text
    assert "Claudia Wolf" in text and "Zustimmung" in text
    assert "sobald beides da ist" in text
    assert "erinnern" in text and "Ja, bitte erinnern" in options


def test_julia_agreement_active_3_days_expires_in_20_days_how_to_extend(demo_env):
    _, text, options = ask("julia.becker@stuttgart.example", "Wie ist der Stand meiner Vereinbarung?")
    assert "aktiv" in text and "3 Tage pro Woche" in text
    assert "in 20 Tagen" in text and "18. Dezember 2026" in text
    assert "Verlängerung" in text and options == ["Ja", "Nein"]


def test_julia_laptop_in_repair_since_2_days_ticket(demo_env):
    _, text, _ = ask("julia.becker@stuttgart.example", "Wo ist mein Laptop?")
    assert "Reparatur" in text and "vor 2 Tagen" in text and "INC-58213" in text


def test_thomas_position_not_eligible_why_and_whom_to_ask(demo_env):
    _, text, _ = ask("thomas.mueller@stuttgart.example", "Darf ich mobil arbeiten?")
    assert "nicht für mobiles Arbeiten vorgesehen" in text
    assert "an einen Ort gebunden" in text and "§ 2 Abs. 2 DV Mobiles Arbeiten (Muster)" in text
    assert "Haupt- und Personalamt" in text


def test_lukas_agreement_ended_return_laptop_by_date_where(demo_env):
    _, text, _ = ask("lukas.klein@stuttgart.example", "Wo ist mein Laptop?")
    assert "beendet" in text and "4. November 2026" in text
    assert "NB-102455" in text and "5. Dezember 2026" in text and "in 7 Tagen" in text
    assert "IT-Ausgabe Rathaus, Marktplatz 1, Raum 0.12" in text


@pytest.mark.parametrize("email, question, facts", [
    ("anna.schmid@stuttgart.example", "Where is my laptop?", ["NB-104233", "ready for pickup", "ID card"]),
    ("lukas.klein@stuttgart.example", "Where is my laptop?", ["NB-102455", "December 5, 2026", "in 7 days"]),
    ("mehmet.yilmaz@stuttgart.example", "What is the status of my application?", ["Claudia Wolf", "in 9 days"]),
])
def test_english_questions_get_english_answers(demo_env, email, question, facts):
    _, text, _ = ask(email, question)
    for fact in facts:
        assert fact in text
