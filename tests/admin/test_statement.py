"""The accessibility statement: the shipped sample is complete; an operator's file wins."""
import pytest

from bot.admin.pages.statement import DEFAULT, load, statement_file


def test_the_shipped_statement_has_every_required_part():
    data = load(DEFAULT)
    assert data["status"] in ("vollständig vereinbar", "teilweise vereinbar", "nicht vereinbar")
    assert data["feedback"]["email"] and data["last_check"]


def test_the_operators_file_is_used_and_checked(tmp_path):
    assert statement_file(tmp_path, None) == DEFAULT
    own = tmp_path / "barrierefreiheit.yml"
    own.write_text("organisation: X\n", encoding="utf-8")
    assert statement_file(tmp_path, None) == own
    with pytest.raises(ValueError, match="missing scope"):
        load(own)
