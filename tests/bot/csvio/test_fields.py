"""Cell types: what each accepts, what it refuses (with a reason), and that format inverts parse."""
import datetime as dt

import pytest

from bot.csvio.fields import Bool, Choice, Date, DaysPerWeek, Email, Language, Text, Weekdays
from bot.domain import AgreementStatus, DeviceStatus


@pytest.mark.parametrize("text", ["2026-03-01", "01.03.2026", "1.3.2026", "2026-03-01 00:00:00", "01.03.2026 00:00"])
def test_dates_iso_and_german(text):
    assert Date().parse(text) == dt.date(2026, 3, 1)


@pytest.mark.parametrize("text, reason", [("31.02.2026", "not a valid date"), ("2026/03/01", "not a date"),
                                          ("01.03.26", "not a date"), ("morgen", "not a date")])
def test_bad_dates(text, reason):
    with pytest.raises(ValueError, match=reason):
        Date().parse(text)


@pytest.mark.parametrize("text, value", [("ja", True), ("Nein", False), ("WAHR", True), ("FALSCH", False),
                                         ("true", True), ("0", False), ("yes", True), ("x", True)])
def test_booleans(text, value):
    assert Bool().parse(text) is value


def test_bad_boolean():
    with pytest.raises(ValueError, match="not yes/no"):
        Bool().parse("vielleicht")


def test_choices_tolerate_case_and_spaces():
    assert Choice(DeviceStatus).parse("Ready for pickup") is DeviceStatus.READY_FOR_PICKUP
    with pytest.raises(ValueError, match="unknown value 'aktiv' \\(expected one of: draft, submitted"):
        Choice(AgreementStatus).parse("aktiv")


@pytest.mark.parametrize("text, value", [("2", 2.0), ("2,5", 2.5), ("0.5", 0.5)])
def test_days_per_week(text, value):
    assert DaysPerWeek().parse(text) == value
    assert DaysPerWeek().parse(DaysPerWeek().format(value)) == value


@pytest.mark.parametrize("text", ["6", "2,3", "0", "zwei"])
def test_bad_days_per_week(text):
    with pytest.raises(ValueError):
        DaysPerWeek().parse(text)


@pytest.mark.parametrize("text", ["mon,thu", "Mo, Do", "Donnerstag/Montag", "thu mon"])
def test_weekdays_in_german_and_english(text):
    assert Weekdays().parse(text) == "mon,thu"


@pytest.mark.parametrize("text, reason", [("mon,mon", "twice"), ("Mon,Xyz", "unknown weekday")])
def test_bad_weekdays(text, reason):
    with pytest.raises(ValueError, match=reason):
        Weekdays().parse(text)


def test_text_length_pattern_and_upper_case():
    assert Text(16, upper=True).parse("nb-104233") == "NB-104233"
    with pytest.raises(ValueError, match="longer than 3"):
        Text(3).parse("abcd")
    with pytest.raises(ValueError, match="is not a code"):
        Text(9, pattern=r"\d+", pattern_hint="a code").parse("x1")


def test_email_and_language():
    assert Email().parse("a.b@stuttgart.example") == "a.b@stuttgart.example"
    assert Language().parse("EN") == "en"
    for bad, field in (("a.b@", Email()), ("a b@x.de", Email()), ("fr", Language())):
        with pytest.raises(ValueError):
            field.parse(bad)
