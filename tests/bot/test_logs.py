"""Log lines never carry message texts, tokens or passwords."""
from bot.logs import redact


def test_secrets_and_texts_are_redacted():
    event = redact(None, "info", {"event": "sent", "text": "Mein Laptop", "access_token": "syt_x", "room": "!a"})
    assert event == {"event": "sent", "text": "[redacted]", "access_token": "[redacted]", "room": "!a"}


def test_logging_follows_a_replaced_stderr(monkeypatch, capsys):
    import io

    import structlog

    from bot.logs import configure

    configure("info")
    closed = io.StringIO()
    monkeypatch.setattr("sys.stderr", closed)
    structlog.get_logger().info("first")
    closed.close()
    monkeypatch.undo()
    structlog.get_logger().info("second")  # would raise "I/O operation on closed file" if bound early
    assert "second" in capsys.readouterr().err
