"""Integrations bring their own text files; the catalog merges them and refuses a key defined twice."""
import pytest

import bot.texts
from bot.texts import catalog, render


def test_integration_texts_join_the_catalog():
    assert render("telegram.language_set", "en") == "From now on I will answer you in English."
    assert "telegram.welcome" in catalog("de") and "greet" in catalog("de")


def test_a_key_defined_twice_is_refused(tmp_path, monkeypatch):
    (tmp_path / "other" / "texts").mkdir(parents=True)
    (tmp_path / "other" / "texts" / "de.yml").write_text("greet: Servus!\n", encoding="utf-8")
    monkeypatch.setattr(bot.texts, "INTEGRATIONS", tmp_path)
    catalog.cache_clear()
    try:
        with pytest.raises(ValueError, match="'greet'"):
            catalog("de")
    finally:
        monkeypatch.undo()
        catalog.cache_clear()
