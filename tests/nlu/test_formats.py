import json

import pytest

from nlu.errors import DataError
from nlu.formats import load_data, load_file
from nlu.formats.annotations import MarkupError, parse_markup

YAML = '''version: "3.1"
nlu:
- intent: device_status
  examples: |
    - Wo ist mein [Laptop](device_type)?
    - Wann kommt mein [Notebook]{"entity": "device_type", "value": "laptop"}?
- intent: greet
  examples:
    - Hallo
    - text: Guten Morgen
- synonym: laptop
  examples: |
    - Notebook
- regex: inventory_number
  examples: |
    - \\bNB-\\d{6}\\b
- lookup: org_unit
  examples: |
    - Jugendamt
    - Sozialamt
'''

MARKDOWN = """## intent:device_status
- Wo ist mein [Laptop](device_type)?
- Wann kommt mein [Notebook](device_type:laptop)?

## intent:greet
- Hallo

## synonym:laptop
- Notebook

## regex:inventory_number
- \\bNB-\\d{6}\\b

## lookup:org_unit
- Jugendamt
"""

JSON = {"rasa_nlu_data": {
    "common_examples": [
        {"text": "Wo ist mein Laptop?", "intent": "device_status",
         "entities": [{"start": 12, "end": 18, "value": "Laptop", "entity": "device_type"}]},
        {"text": "Hallo", "intent": "greet"},
    ],
    "regex_features": [{"name": "inventory_number", "pattern": "\\bNB-\\d{6}\\b"}],
    "lookup_tables": [{"name": "org_unit", "elements": ["Jugendamt"]}],
    "entity_synonyms": [{"value": "laptop", "synonyms": ["Notebook"]}],
}}


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markup_plain_json_and_shorthand_forms():
    text, ann = parse_markup('Mein [Laptop](device_type) und [Schirm]{"entity": "device_type", "value": "monitor"} [Handy](device_type:smartphone)')
    assert text == "Mein Laptop und Schirm Handy"
    assert [(a.entity, a.value, text[a.start:a.end]) for a in ann] == [
        ("device_type", "Laptop", "Laptop"), ("device_type", "monitor", "Schirm"), ("device_type", "smartphone", "Handy")]


@pytest.mark.parametrize("bad", ["[Laptop](device_type", '[x]{"entity": }', "[x]{\"value\": \"y\"}", "[x](bad name)"])
def test_markup_errors(bad):
    with pytest.raises(MarkupError):
        parse_markup(bad)


def test_yaml(tmp_path):
    data = load_file(write(tmp_path, "nlu.yml", YAML))
    assert [(e.intent, e.text) for e in data.examples] == [
        ("device_status", "Wo ist mein Laptop?"), ("device_status", "Wann kommt mein Notebook?"),
        ("greet", "Hallo"), ("greet", "Guten Morgen")]
    assert data.examples[1].entities[0].value == "laptop"
    assert data.examples[0].line == 5
    assert data.synonyms == {"notebook": "laptop"}
    assert data.regexes == (("inventory_number", r"\bNB-\d{6}\b"),)
    assert data.lookups == {"org_unit": ("Jugendamt", "Sozialamt")}


def test_markdown(tmp_path):
    data = load_file(write(tmp_path, "nlu.md", MARKDOWN))
    assert [e.intent for e in data.examples] == ["device_status", "device_status", "greet"]
    assert data.examples[1].entities[0].value == "laptop"
    assert data.synonyms == {"notebook": "laptop"}
    assert data.lookups == {"org_unit": ("Jugendamt",)}
    assert data.regexes == (("inventory_number", r"\bNB-\d{6}\b"),)


def test_json(tmp_path):
    data = load_file(write(tmp_path, "nlu.json", json.dumps(JSON)))
    assert [e.intent for e in data.examples] == ["device_status", "greet"]
    assert data.examples[0].entities[0].entity == "device_type"
    assert data.synonyms == {"notebook": "laptop"}
    assert data.lookups == {"org_unit": ("Jugendamt",)}


def test_all_three_formats_train_the_same_entities(tmp_path):
    found = [load_data([write(tmp_path, n, t)]).entity_values() for n, t in
             (("a.yml", YAML), ("b.md", MARKDOWN), ("c.json", json.dumps(JSON)))]
    assert all(f["device_type"]["laptop"] == "Laptop" for f in found)


def test_directory_loads_every_file(tmp_path):
    write(tmp_path, "a.yml", YAML)
    write(tmp_path, "b.md", MARKDOWN)
    assert len(load_data([tmp_path]).examples) == 7


@pytest.mark.parametrize("name,text,line,reason", [
    ("bad.yml", "nlu:\n- intent: x\n  examples: |\n    - ok\n    - broken [a](b\n", 5, "unclosed"),
    ("bad.yml", "nlu:\n- intent: x\n  examples: |\n    - ok\n    no dash\n", 5, "must start with"),
    ("bad.yml", "nlu:\n- intent: x\n", 2, "no 'examples'"),
    ("bad.yml", "nlu:\n- intent: x\n\tbad: tab\n", 3, "invalid YAML"),
    ("bad.yml", "nlu:\n- hello: x\n  examples: |\n    - a\n", 2, "needs one of"),
    ("bad.md", "## intent:x\n- ok\nnot a list item\n", 3, "expected a list item"),
    ("bad.md", "- orphan\n", 1, "before any"),
    ("bad.md", "## intent:x\n- [a](b\n", 2, "unclosed"),
    ("bad.json", '{"rasa_nlu_data": {\n "common_examples": [\n}', 3, "invalid JSON"),
    ("bad.json", '{"rasa_nlu_data": {"common_examples": [\n{"text": "hi"}]}}', 2, "needs an 'intent'"),
])
def test_malformed_files_name_file_and_line(tmp_path, name, text, line, reason):
    path = write(tmp_path, name, text)
    with pytest.raises(DataError) as err:
        load_file(path)
    assert err.value.line == line
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert reason in str(err.value)


def test_unknown_suffix_and_missing_file(tmp_path):
    with pytest.raises(DataError, match="unknown training-data format"):
        load_file(write(tmp_path, "x.txt", "hi"))
    with pytest.raises(DataError, match="no such file"):
        load_data([tmp_path / "missing.yml"])


def test_non_utf8_file_is_a_data_error(tmp_path):
    path = tmp_path / "latin.yml"
    path.write_bytes("nlu:\n- intent: x\n  examples: |\n    - Grüße\n".encode("latin-1"))
    with pytest.raises(DataError, match="cannot read"):
        load_file(path)


def test_yaml_without_nlu_key_is_empty(tmp_path):
    assert load_file(write(tmp_path, "domain.yml", "version: '3.1'\nintents: [greet]\n")).examples == ()
