from datetime import date

import pytest

from nlu.entities import EntityExtractor
from nlu.entities.dates import find_dates
from nlu.entities.numbers import find_counts
from nlu.entities.patterns import builtin
from nlu.entities.person import find_persons

TODAY = date(2026, 11, 28)  # Saturday
extractor = EntityExtractor.build({}, {}, {}, [])


def values(text, entity, today=TODAY):
    return [e.value for e in extractor.extract(text, today) if e.entity == entity]


@pytest.mark.parametrize("text,value", [
    ("Mein Laptop NB-104233 ist kaputt", "NB-104233"),
    ("gerät nb 104233", "NB-104233"),
    ("Monitor MON-123456", "MON-123456"),
])
def test_inventory_numbers_are_normalised(text, value):
    assert values(text, "inventory_number") == [value]


@pytest.mark.parametrize("text,value", [
    ("Was ist mit INC-58213?", "INC-58213"),
    ("ticket inc58213", "INC-58213"),
    ("Ticketnummer 58213", "INC-58213"),
])
def test_tickets(text, value):
    assert values(text, "ticket") == [value]


def test_personnel_number():
    assert values("Meine Personalnummer ist 123456", "personnel_number") == ["123456"]
    assert values("PNR: 7654321", "personnel_number") == ["7654321"]


def test_spans_point_into_the_original_text():
    text = "Ticket INC-58213 für NB-104233"
    for e in builtin(text):
        assert text[e.start:e.end].upper().replace(" ", "-") in (e.value, e.value.split("-")[1])


@pytest.mark.parametrize("text,value", [
    ("Ich bin im Jugendamt", "Jugendamt"),
    ("beim amt fuer umweltschutz", "Amt für Umweltschutz"),
    ("in der Kaemmerei", "Stadtkämmerei"),
    ("Personalamt", "Haupt- und Personalamt"),
    ("bei der Feuerwehr", "Branddirektion"),
    ("im Tiefbauamt", "Tiefbauamt"),
    ("Jugendamnt", "Jugendamt"),  # typo -> fuzzy
])
def test_org_units(text, value):
    assert values(text, "org_unit") == [value]


@pytest.mark.parametrize("text,value", [
    ("Mein Notebook", "laptop"),
    ("der Bildschirm flackert", "monitor"),
    ("zweiter Bildschrim", "monitor"),
    ("Dienstlaptop", "laptop"),
    ("Docking Station", "docking_station"),
    ("mein Diensthandy", "smartphone"),
    ("Headset", "headset"),
])
def test_device_types(text, value):
    assert values(text, "device_type") == [value]


def test_weekdays_full_plural_english_and_swabian():
    assert values("montags und Donnerstag", "weekday") == ["mon", "thu"]
    assert values("on Friday", "weekday") == ["fri"]
    assert values("am Friedig", "weekday") == ["fri"]


def test_weekday_abbreviations_only_in_context():
    assert values("Mo und Do", "weekday") == ["mon", "thu"]
    assert values("Isch mei Laptop scho do?", "weekday") == []
    assert values("Das ist so.", "weekday") == []


@pytest.mark.parametrize("text,value", [
    ("ab nächstem Montag", "2026-11-30"),
    ("zum 1. März", "2027-03-01"),
    ("bis Ende Juni", "2027-06-30"),
    ("am 15.03.", "2027-03-15"),
    ("am 3.4.2027", "2027-04-03"),
    ("2027-01-15", "2027-01-15"),
    ("morgen", "2026-11-29"),
    ("übermorgen", "2026-11-30"),
    ("in zwei Wochen", "2026-12-12"),
    ("nächste Woche", "2026-11-30"),
    ("from next Friday", "2026-12-04"),
    ("until March 3rd 2027", "2027-03-03"),
    ("Ende des Monats", "2026-11-30"),
    ("ab Januar", "2027-01-01"),
])
def test_dates(text, value):
    assert [e.value for e in find_dates(text, TODAY) if e.entity == "date"] == [value]


def test_periods_mark_from_and_until():
    found = {e.entity: e.value for e in find_dates("ab nächstem Montag bis Ende Juni", TODAY)}
    assert found["date_from"] == "2026-11-30"
    assert found["date_until"] == "2027-06-30"


def test_guten_morgen_is_not_a_date():
    assert list(find_dates("Guten Morgen", TODAY)) == []


def test_ordinal_words():
    assert values("am dritten März 2027", "date") == ["2027-03-03"]
    assert values("the first of May", "date") == ["2027-05-01"]
    assert values("am 12 Mai", "date") == ["2027-05-12"]


def test_dateparser_fallback_for_forms_the_grammar_does_not_know():
    from nlu.entities.dates import dateparser_fallback

    found = list(dateparser_fallback("Termin: März 2027", TODAY, []))
    assert [e.value for e in found] == ["2027-03-01"]
    assert found[0].extractor == "DateparserEntityExtractor"


@pytest.mark.parametrize("text,value", [
    ("zwei Tage", 2), ("3 days a week", 3), ("2x pro Woche", 2), ("einen Tag", 1), ("vier Homeoffice-Tage", 4),
])
def test_counts(text, value):
    assert [e.value for e in find_counts(text)] == [value]


def test_count_pairs_share_the_unit():
    assert sorted(e.value for e in find_counts("von 2 auf 3 Tage")) == [2, 3]
    assert sorted(e.value for e in find_counts("zwei statt drei HO-Tage")) == [2, 3]


def test_no_count_without_a_unit():
    assert list(find_counts("ich habe eine Frage")) == []


@pytest.mark.parametrize("text,value", [
    ("Wo ist der Laptop von Anna Schmid?", "Anna Schmid"),
    ("Hat Frau Wolf schon genehmigt?", "Wolf"),
    ("my colleague John", "John"),
    ("frau müller", "müller"),
])
def test_persons(text, value):
    assert [e.value for e in find_persons(text)] == [value]


def test_no_person_in_ordinary_sentences():
    assert [e for e in find_persons("Ich arbeite von Zuhause für das Jugendamt") ] == []


def test_data_lookups_and_synonyms_extend_the_tables():
    x = EntityExtractor.build({"building": {"rathaus": "Rathaus"}}, {"room": ["Raum 0.12"]}, {"raum 0.12": "R012"}, [("zip", r"\b7\d{4}\b")])
    found = {e.entity: e.value for e in x.extract("Im Rathaus, Raum 0.12, 70173 Stuttgart", TODAY)}
    assert found == {"building": "Rathaus", "room": "R012", "zip": "70173"}


def test_extractor_roundtrips_as_plain_data():
    x = EntityExtractor.from_dict(extractor.to_dict())
    assert x.extract("Laptop NB-104233 ab Montag", TODAY) == extractor.extract("Laptop NB-104233 ab Montag", TODAY)


@pytest.mark.parametrize("text", [
    "Hot dr Chef mei Antrag scho gnehmigt?", "I han mei Laptop in dr Bahn liega lassa",
    "Kann mein Chef sehen, was ich dich frage?", "Mein Kollege nervt", "Derf mei Frau sehe, was i schaff?",
])
def test_no_person_in_dialect_or_relations_without_a_name(text):
    assert list(find_persons(text)) == []


def test_titles_chain():
    assert [e.value for e in find_persons("Hat Herr Dr. Meier schon unterschrieben?")] == ["Meier"]


@pytest.mark.parametrize("text,span", [("a Dockingstation", "Dockingstation"), ("Is this chat monitored", None),
                                       ("die Dockingstation", "Dockingstation")])
def test_fuzzy_matches_words_not_neighbours(text, span):
    found = [text[e.start:e.end] for e in extractor.extract(text, TODAY) if e.entity == "device_type"]
    assert found == ([span] if span else [])
