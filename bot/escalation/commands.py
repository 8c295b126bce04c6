"""What agents type in the help-desk room, parsed (pure): `!claim 42`, `!reply 42 text`, `!close 42 [note]` …"""
from __future__ import annotations

import re
from dataclasses import dataclass

PATTERN = re.compile(r"^\s*!(claim|reply|close|queue|reassign)\b\s*#?(\d+)?\s*(.*)$", re.S | re.I)
NEEDS_CASE = frozenset({"claim", "reply", "close", "reassign"})


@dataclass(frozen=True)
class Command:
    name: str  # claim | reply | close | queue | reassign
    case: int | None = None
    text: str = ""  # the reply, the closing note, or the new agent's Matrix id


def parse(body: str, thread_case: int | None = None) -> Command | None:
    """The command in a room message; a plain message in a case's thread is a reply to that case."""
    match = PATTERN.match(body or "")
    if match is None:
        if thread_case is not None and body.strip() and not body.lstrip().startswith("!"):
            return Command("reply", thread_case, body.strip())
        return None
    name, number, rest = match[1].lower(), match[2], match[3].strip()
    case = int(number) if number else thread_case
    if name in NEEDS_CASE and case is None:
        return Command("usage")
    if name in ("reply", "reassign") and not rest:
        return Command("usage")
    return Command(name, case, rest)
