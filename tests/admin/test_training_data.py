"""The console's training file: valid Rasa YAML the NLU loader reads, markup removed."""
from bot.admin import training_data
from nlu.formats import load_data


def test_appended_examples_load_as_rasa_data(tmp_path):
    path = training_data.console_file(tmp_path)
    training_data.append_example(path, "device_status", "Wo ist mein [Laptop](device_type)?\n")
    training_data.append_example(path, "device_status", "  laptop   kaputt ")
    training_data.append_example(path, "greet", "moin: {ok}")
    data = load_data([path])
    assert [(e.text, e.intent) for e in data.examples] == [
        ("Wo ist mein Laptop (device_type)?", "device_status"), ("laptop kaputt", "device_status"),
        ("moin: ok", "greet")]
    assert training_data.count_examples(path) == 3
    training_data.snapshot_active(tmp_path)
    assert training_data.active_file(tmp_path).read_text() == path.read_text()
