"""Outgoing messages as Matrix content: Markdown -> `org.matrix.custom.html` plus a plain `body`."""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from bot.messages import OutgoingMessage


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # raw HTML in a text (e.g. echoed user input) is escaped, never passed to the employee's client
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("strikethrough")


def markdown_source(message: OutgoingMessage) -> str:
    """The text with its options as a numbered list: typing the number picks the option."""
    if not message.options:
        return message.text
    numbered = "\n".join(f"{i}. {option.label}" for i, option in enumerate(message.options, 1))
    return f"{message.text}\n\n{numbered}"


def content(message: OutgoingMessage) -> dict:
    """An `m.room.message` event content for `message`."""
    source = markdown_source(message)
    return {
        "msgtype": "m.text",
        "body": source,
        "format": "org.matrix.custom.html",
        "formatted_body": _markdown().render(source).strip(),
    }
