"""Knowledge-base editing: German field errors, the same check as `mobi kb check`, comments kept."""
import pytest

from bot.admin import kb_edit
from tests.admin.support import copy_kb


@pytest.fixture
def kb(tmp_path):
    return copy_kb(tmp_path / "kb")


def test_form_values_round_trip(kb):
    topic = kb_edit.find(kb, "mobile_work_abroad")
    values = kb_edit.form_values(topic)
    assert values["cite"] == "§ 11 Abs. 1, § 11 Abs. 2"
    assert "Ausland" in values["default-de-text"] and values["default-en-next"].startswith("Next step")
    assert kb_edit.save(kb, topic, kb_edit.apply(topic, values)) == []
    again = kb_edit.find(kb, "mobile_work_abroad")
    assert kb_edit.form_values(again) == values
    assert again.path.read_text(encoding="utf-8").startswith("# Mobiles Arbeiten im Ausland")


@pytest.mark.parametrize("field,value,message", [
    ("cite", "", "mindestens eine Fundstelle"),
    ("cite", "Paragraf 11", "keine Fundstelle"),
    ("cite", "§ 99 Abs. 1", "steht nicht in der Dienstvereinbarung"),
    ("default-de-text", " ", "deutschen Antworttext"),
    ("default-en-next", "Call {boss}", "Platzhalter {boss}"),
    ("default-de-next", "Klammer { offen", "geschweifte Klammer"),
])
def test_field_errors_say_how_to_fix(kb, field, value, message):
    topic = kb_edit.find(kb, "mobile_work_abroad")
    values = {**kb_edit.form_values(topic), field: value}
    errors = kb_edit.field_errors(kb, topic, values, frozenset())
    assert [e.field for e in errors] == [field]
    assert message in errors[0].message


def test_allowed_placeholders_pass(kb):
    topic = kb_edit.find(kb, "device_lost")
    values = {**kb_edit.form_values(topic), "default-de-next": "Rufen Sie {helpdesk} an."}
    assert kb_edit.field_errors(kb, topic, values, frozenset({"helpdesk"})) == []


def test_check_problems_block_the_save(kb):
    topic = kb_edit.find(kb, "mobile_work_abroad")
    values = {**kb_edit.form_values(topic), "default-en-text": "Uses {amt}"}
    before = topic.path.read_text(encoding="utf-8")
    problems = kb_edit.save(kb, topic, kb_edit.apply(topic, values))
    assert problems and "unknown placeholder {amt}" in problems[0]
    assert topic.path.read_text(encoding="utf-8") == before
