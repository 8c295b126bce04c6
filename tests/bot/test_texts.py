"""Every text key exists in German and English, with the same placeholders."""
import datetime as dt
import string

from bot.texts import LANGUAGES, catalog, relative_days, render


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_same_keys_and_placeholders_in_every_language():
    german = catalog("de")
    for language in LANGUAGES:
        other = catalog(language)
        assert set(other) == set(german), language
        for key, template in german.items():
            assert placeholders(other[key]) == placeholders(template), (language, key)


def test_dates_and_relative_days_follow_the_locale():
    assert render("device.returned", "de", your_device="Ihr Laptop", inventory="NB-1", since=dt.date(2026, 3, 1)) \
        == "Ihr Laptop NB-1 wurde am 1. März 2026 zurückgegeben."
    assert relative_days(9, "de") == "in 9 Tagen"
    assert relative_days(-3, "en") == "3 days ago"
    assert relative_days(0, "de") == "heute"
