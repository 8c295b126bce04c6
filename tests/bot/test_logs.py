"""Log lines never carry message texts, tokens or passwords."""
from bot.logs import redact


def test_secrets_and_texts_are_redacted():
    event = redact(None, "info", {"event": "sent", "text": "Mein Laptop", "access_token": "syt_x", "room": "!a"})
    assert event == {"event": "sent", "text": "[redacted]", "access_token": "[redacted]", "room": "!a"}
