"""Translate between Telegram and mobi's neutral messages: updates in, `sendMessage` arguments out. No I/O."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.messages import Option, OutgoingMessage

MAX_TEXT = 4096  # Telegram's limit per message
MAX_CALLBACK = 64  # bytes of callback_data
COMMANDS = frozenset({"start", "help", "sprache", "language", "stop", "abmelden"})


@dataclass(frozen=True)
class Inbound:
    """One update as the adapter handles it. `kind`: text | command | callback | unsupported | ignored."""

    update_id: int
    kind: str
    user_id: int = 0
    chat_id: int = 0
    text: str = ""
    command: str | None = None
    args: str = ""
    callback_id: str | None = None
    language_code: str | None = None
    sent_at: dt.datetime | None = None


def inbound(update: Update) -> Inbound:
    """Private chats only: messages (text or a known command) and button presses; the rest is ignored."""
    if update.callback_query is not None:
        query = update.callback_query
        message = query.message
        if message is None or message.chat.type != "private" or not isinstance(query.data, str):
            return Inbound(update.update_id, "ignored")
        return Inbound(update.update_id, "callback", query.from_user.id, message.chat.id,
                       callback_text(query.data), callback_id=query.id,
                       language_code=query.from_user.language_code)  # pressed now, not when the message came
    message = update.message
    if message is None or message.chat.type != "private" or message.from_user is None:
        return Inbound(update.update_id, "ignored")
    base = dict(user_id=message.from_user.id, chat_id=message.chat.id,
                language_code=message.from_user.language_code, sent_at=message.date)
    if not message.text:
        return Inbound(update.update_id, "unsupported", **base)
    command, args = _command(message.text)
    if command is not None:
        return Inbound(update.update_id, "command", text=message.text, command=command, args=args, **base)
    return Inbound(update.update_id, "text", text=message.text, **base)


def _command(text: str) -> tuple[str | None, str]:
    """'/sprache@mobi_bot en' -> ('sprache', 'en'); unknown commands stay text (e.g. '/affirm')."""
    if not text.startswith("/"):
        return None, ""
    head, _, rest = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    return (name, rest.strip()) if name in COMMANDS else (None, "")


def callback_data(index: int, option: Option) -> str:
    """The option's value, or its number when the value is too long for Telegram ('2' picks the second)."""
    return option.value if len(option.value.encode()) <= MAX_CALLBACK else f"#{index + 1}"


def callback_text(data: str) -> str:
    return data[1:] if data.startswith("#") and data[1:].isdigit() else data


def keyboard(options: tuple[Option, ...]) -> InlineKeyboardMarkup | None:
    if not options:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(o.label, callback_data=callback_data(i, o))]
                                 for i, o in enumerate(options)])


def chunks(text: str, size: int = MAX_TEXT) -> list[str]:
    """Split a long text at paragraph or line ends, so each part fits one Telegram message."""
    parts: list[str] = []
    while len(text) > size:
        cut = max(text.rfind("\n\n", 0, size), text.rfind("\n", 0, size), text.rfind(" ", 0, size))
        cut = cut if cut > 0 else size
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return parts + [text] if text or not parts else parts


def send_arguments(message: OutgoingMessage) -> list[dict]:
    """`sendMessage` arguments for one reply: plain text (no parse mode), the keyboard on the last part."""
    texts = chunks(message.text)
    calls = [{"chat_id": int(message.recipient), "text": t} for t in texts]
    markup = keyboard(message.options)
    if markup is not None:
        calls[-1]["reply_markup"] = markup
    return calls
