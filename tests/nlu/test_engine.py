import hashlib
import json
import time
import zlib
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from nlu import DEFAULT_DATA, storage
from nlu.classifier import OUT_OF_SCOPE
from nlu.data import Example, TrainingData
from nlu.engine import NluModel
from nlu.errors import ModelError, NluError
from nlu.result import ParseResult
from nlu.training import train_on
from tests.nlu.conftest import TODAY

INTENTS = """greet goodbye thanks bot_capabilities human_handoff affirm deny out_of_scope
mobile_work_eligibility mobile_work_apply mobile_work_days working_time_rules data_protection_rules
occupational_safety mobile_work_abroad telework_vs_mobile costs_reimbursement agreement_status
agreement_change agreement_cancel device_status device_problem device_lost device_return
peripherals_request vpn_help eakte_access subscribe_announcements unsubscribe_announcements
privacy_info delete_my_data create_announcement""".split()


def test_default_data_path():
    assert DEFAULT_DATA.is_dir() and any(DEFAULT_DATA.glob("*.yml"))


def test_model_knows_exactly_the_agreed_intents(model):
    assert sorted(model.intent_names) == sorted(INTENTS)


@pytest.mark.parametrize("text,intent", [
    ("Isch mei Laptop scho do?", "device_status"),
    ("i han koi Netz", "vpn_help"),
    ("laptop kaputt", "device_problem"),
    ("vpn geht nicht", "vpn_help"),
    ("Hallo", "greet"),
    ("Ich habe meinen Laptop in der S-Bahn vergessen", "device_lost"),
    ("Wie kündige ich meine Vereinbarung?", "agreement_cancel"),
    ("Can I work from Spain for two weeks?", "mobile_work_abroad"),
    ("Wie wird das Wetter morgen?", "out_of_scope"),
])
def test_parse_core_examples(model, text, intent):
    assert model.parse(text).intent.name == intent


@pytest.mark.parametrize("text,intent", [  # the demo personas' questions (shared/domain/personas.md)
    ("Wo ist mein Laptop?", "device_status"),
    ("Wann kann ich mobil arbeiten?", "agreement_status"),
    ("Wie ist der Stand meiner Vereinbarung?", "agreement_status"),
    ("Was ist mit meinem Laptop?", "device_status"),
    ("Darf ich mobil arbeiten?", "mobile_work_eligibility"),
    ("Bis wann muss ich meinen Laptop zurückgeben?", "device_return"),
])
def test_persona_questions(model, text, intent):
    assert model.parse(text).intent.name == intent


def test_parse_result_shape(model):
    r = model.parse("Mein Laptop NB-104233 ist seit Montag kaputt", today=TODAY)
    assert isinstance(r, ParseResult)
    assert r.intent.name == "device_problem" and 0 < r.intent.confidence <= 1
    assert 1 < len(r.intent_ranking) <= 10
    assert r.intent_ranking[0].name == r.intent.name
    assert abs(sum(s.confidence for s in r.intent_ranking) - 1) < 0.05
    assert r.first("inventory_number") == "NB-104233"
    assert r.first("device_type") == "laptop"
    assert r.language == "de"
    rasa = r.to_rasa()
    assert set(rasa) >= {"text", "intent", "entities", "intent_ranking"}
    json.dumps(rasa)


def test_today_pins_relative_dates(model):
    r = model.parse("Ich möchte ab nächstem Montag mobil arbeiten", today=date(2027, 1, 6))
    assert r.first("date") == "2027-01-11"


def test_english_is_detected(model):
    assert model.parse("Where is my laptop?").language == "en"


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "😀🙈🎉", "\x00\x01\x02\ufffd", "?!?!", "12345"])
def test_empty_and_garbage_give_low_confidence_out_of_scope(model, text):
    r = model.parse(text)
    assert r.intent.name == OUT_OF_SCOPE and r.intent.confidence <= 0.5


@pytest.mark.parametrize("text", ["Où est la cantine, s'il vous plaît ?", "Maaşım ne zaman yatacak?", "Привет, как дела?"])
def test_other_languages_are_out_of_scope(model, text):
    assert model.parse(text).intent.name == OUT_OF_SCOPE


def test_binary_and_non_string_input_never_raise(model):
    assert model.parse(b"\xff\xfe\x00garbage").intent.name == OUT_OF_SCOPE
    assert model.parse(None).intent.name == OUT_OF_SCOPE  # type: ignore[arg-type]


def test_one_megabyte_is_cut_and_fast(model):
    text = "Mein Laptop ist kaputt. " * 45_000
    started = time.perf_counter()
    r = model.parse(text)
    assert time.perf_counter() - started < 0.5
    assert r.text == text and r.intent.name == "device_problem"
    assert all(e.end <= 1000 for e in r.entities)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_parse_never_raises(model, text):
    r = model.parse(text)
    assert r.intent.name in model.intent_names
    assert 0.0 <= r.intent.confidence <= 1.0
    for e in r.entities:
        assert 0 <= e.start <= e.end <= len(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200))
def test_parse_never_raises_on_bytes(model, raw):
    assert model.parse(raw.decode("utf-8", errors="replace")).intent.name in model.intent_names


def test_save_and_load_roundtrip(model, model_file):
    loaded = NluModel.load(model_file)
    for text in ("Wo ist mein Laptop?", "Danke!", "Ich will zurück ins Büro ab 1. März"):
        assert loaded.parse(text, today=TODAY) == model.parse(text, today=TODAY)
    assert loaded.meta["examples"] == model.meta["examples"]


def test_load_is_fast(model_file):
    started = time.perf_counter()
    NluModel.load(model_file)
    assert time.perf_counter() - started < 1.0


def test_model_file_is_not_a_pickle(model_file):
    blob = model_file.read_bytes()
    assert blob.startswith(storage.MAGIC)
    assert b"\x80\x04\x95" not in blob[:64]


def _rewrite(path, header_change=None, payload=None):
    head, _, body = path.read_bytes()[len(storage.MAGIC):].partition(b"\n")
    header = json.loads(head)
    body = body if payload is None else payload
    header.update(size=len(body), sha256=hashlib.sha256(body).hexdigest())
    header.update(header_change or {})
    path.write_bytes(storage.MAGIC + json.dumps(header).encode() + b"\n" + body)


@pytest.mark.parametrize("damage,message", [
    (lambda p: p.write_bytes(b"\x80\x04\x95pickle"), "wrong magic"),
    (lambda p: p.write_text("version: 3.1\nnlu: []\n"), "wrong magic"),
    (lambda p: p.write_bytes(storage.MAGIC + b"{not json\n"), "corrupt model header"),
    (lambda p: _rewrite(p, {"version": 99}), "format version 99"),
    (lambda p: p.write_bytes(p.read_bytes()[:-100]), "checksum"),
    (lambda p: p.write_bytes(p.read_bytes()[:-1] + bytes([p.read_bytes()[-1] ^ 1])), "checksum"),  # a changed byte
    (lambda p: _rewrite(p, payload=b"garbage"), "corrupt model body"),
    (lambda p: _rewrite(p, payload=zlib.compress(b'{"meta": {}}')), "incomplete"),
])
def test_load_refuses_foreign_or_corrupt_files(model_file, tmp_path, damage, message):
    path = tmp_path / "broken.model"
    path.write_bytes(model_file.read_bytes())
    damage(path)
    with pytest.raises(ModelError, match=message):
        NluModel.load(path)


def test_load_missing_file(tmp_path):
    with pytest.raises(ModelError, match="no model file"):
        NluModel.load(tmp_path / "nope.model")


def test_training_needs_two_intents():
    with pytest.raises(NluError):
        train_on(TrainingData((Example("hallo", "greet"),)))


def test_training_on_tiny_data_works_without_calibration_folds():
    data = TrainingData(tuple(Example(t, i) for t, i in [("hallo", "greet"), ("hi", "greet"), ("tschüss", "goodbye"), ("bye", "goodbye")]))
    model = train_on(data)
    assert model.parse("hallo").intent.name in ("greet", OUT_OF_SCOPE)


def test_threshold_and_temperature_are_stored(model):
    assert 0 <= model.intents.threshold < 1
    assert model.intents.temperature > 0
    assert model.meta["threshold"] == model.intents.threshold


def test_default_model_path_reads_mobi_home(monkeypatch):
    from nlu.paths import default_model_path

    monkeypatch.setenv("MOBI_HOME", "/srv/mobi")
    assert str(default_model_path()) == "/srv/mobi/models/nlu.model"
    monkeypatch.delenv("MOBI_HOME")
    assert str(default_model_path()) == "var/models/nlu.model"


def test_unprintable_object_never_raises(model):
    class Weird:
        def __str__(self):
            raise RuntimeError("no")

    assert model.parse(Weird()).intent.name == OUT_OF_SCOPE  # type: ignore[arg-type]
