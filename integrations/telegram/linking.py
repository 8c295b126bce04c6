"""Account linking as a transition table: a Telegram user proves a work e-mail address with a code sent there.

Theory of operation. A Telegram user is a stranger until linked; only a linked user reaches the
pipeline. The stages and the moves between them are the one table `TRANSITIONS`; a move it does not
list raises `IllegalMove`:

    STRANGER ──start──▶ AWAIT_EMAIL ──email──▶ AWAIT_CODE ──code_ok──▶ LINKED ──unlink──▶ STRANGER
                            ▲    ▲                 │ │ wrong code (stays), email (new code)
                            │    └────expired──────┘ │
                            └──────too many guesses──┘

`decide` is pure: the shell (`accounts.py`) looks up what it needs (the pending link, the attempt
counts of the last hour), calls it, then stores the result, counts the attempt and mails the code.

- Codes: 8 digits from `secrets`, valid 15 minutes, single use (the pending link is gone once it
  matched), stored only as an HMAC keyed with a secret that is not in the database.
- Limits: at most 5 codes requested and 5 codes tried per hour, per Telegram user and per e-mail
  address (the shell passes the larger of the two counts); the 5th wrong code ends the pending link,
  and no new code is sent until the hour is over.
- No directory probing: an unknown address moves to AWAIT_CODE with the same answer as a known one;
  no code is sent and none can match, so every later answer is the same too.
"""
from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

CODE_DIGITS = 8
CODE_TTL = dt.timedelta(minutes=15)
WINDOW = dt.timedelta(hours=1)
MAX_ATTEMPTS = 5  # per WINDOW, per Telegram user and per e-mail address, for requests and guesses each
NO_EMAIL = "/no_email"  # the value of the "I have no work e-mail" button


class Stage(str, enum.Enum):
    STRANGER = "stranger"
    AWAIT_EMAIL = "await_email"
    AWAIT_CODE = "await_code"
    LINKED = "linked"


class Move(str, enum.Enum):
    START = "start"
    EMAIL = "email"
    REQUEST_LIMIT = "request_limit"
    CODE_OK = "code_ok"
    CODE_WRONG = "code_wrong"
    CODE_EXPIRED = "code_expired"
    GUESS_LIMIT = "guess_limit"
    UNCLEAR = "unclear"
    NO_EMAIL = "no_email"
    UNLINK = "unlink"


S, M = Stage, Move
TRANSITIONS: dict[Stage, dict[Move, Stage]] = {
    S.STRANGER: {M.START: S.AWAIT_EMAIL, M.EMAIL: S.AWAIT_CODE, M.REQUEST_LIMIT: S.STRANGER,
                 M.NO_EMAIL: S.STRANGER, M.UNLINK: S.STRANGER},
    S.AWAIT_EMAIL: {M.START: S.AWAIT_EMAIL, M.EMAIL: S.AWAIT_CODE, M.REQUEST_LIMIT: S.AWAIT_EMAIL,
                    M.UNCLEAR: S.AWAIT_EMAIL, M.NO_EMAIL: S.STRANGER, M.UNLINK: S.STRANGER},
    S.AWAIT_CODE: {M.START: S.AWAIT_EMAIL, M.EMAIL: S.AWAIT_CODE, M.REQUEST_LIMIT: S.AWAIT_CODE,
                   M.CODE_OK: S.LINKED, M.CODE_WRONG: S.AWAIT_CODE, M.CODE_EXPIRED: S.AWAIT_EMAIL,
                   M.GUESS_LIMIT: S.AWAIT_EMAIL, M.UNCLEAR: S.AWAIT_CODE, M.NO_EMAIL: S.STRANGER,
                   M.UNLINK: S.STRANGER},
    S.LINKED: {M.UNLINK: S.STRANGER},
}


class IllegalMove(RuntimeError):
    """The table has no move `move` from `stage` (a bug in the caller, never silently ignored)."""


def advance(stage: Stage, move: Move) -> Stage:
    try:
        return TRANSITIONS[stage][move]
    except KeyError:
        raise IllegalMove(f"{move.value} is not allowed in stage {stage.value}") from None


@dataclass(frozen=True)
class Pending:
    """A link under way (one row per Telegram user); `personnel_number` None: the address is unknown."""

    stage: Stage = Stage.STRANGER
    email_hash: str | None = None
    personnel_number: str | None = None
    code_hash: str | None = None
    expires_at: dt.datetime | None = None


@dataclass(frozen=True)
class Input:
    """What the user sent, as the linking flow reads it."""

    kind: str  # start | unlink | no_email | email | code | other
    value: str = ""


@dataclass(frozen=True)
class Counts:
    """Attempts of the last hour: the larger of the Telegram user's and the e-mail address's."""

    requests: int = 0
    guesses: int = 0


@dataclass(frozen=True)
class Decision:
    move: Move
    stage: Stage  # after the move
    reply: str  # text key, rendered by the shell
    count: str | None = None  # the attempt to record: "request" | "guess"
    left: int = 0  # guesses left this hour, for the wrong-code answer


_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_CODE = re.compile(r"^[\d\s-]+$")
_NO_EMAIL = re.compile(r"^(ich habe )?(keine|kein|no|none)( (dienstliche|work|e-?mail|adresse|address))*[.!]?$",
                       re.I)


def read(text: str, command: str | None = None) -> Input:
    """Classify a message (or `/start`, `/abmelden`) for the linking flow."""
    if command in ("start", "abmelden"):
        return Input("start" if command == "start" else "unlink")
    stripped = text.strip()
    if stripped == NO_EMAIL or _NO_EMAIL.match(stripped):
        return Input("no_email")
    if _EMAIL.match(stripped):
        return Input("email", stripped.lower().removeprefix("mailto:"))
    digits = re.sub(r"\D", "", stripped)
    if _CODE.match(stripped) and len(digits) >= 6:
        return Input("code", digits)
    return Input("other")


def decide(stage: Stage, inp: Input, counts: Counts, code_matches: bool = False, expired: bool = False) -> Decision:
    """The move for `inp` in `stage`. For a code, the shell says whether it matched and is expired."""
    move, reply, count, left = _choose(stage, inp, counts, code_matches, expired)
    return Decision(move, advance(stage, move), reply, count, left)


def _choose(stage: Stage, inp: Input, counts: Counts, matches: bool, expired: bool):
    if inp.kind == "unlink":
        return M.UNLINK, "telegram.unlinked" if stage is S.LINKED else "telegram.not_linked", None, 0
    if inp.kind == "start":
        return M.START, "telegram.welcome", None, 0
    if inp.kind == "no_email":
        return M.NO_EMAIL, "telegram.no_email", None, 0
    if inp.kind == "email":
        if counts.requests >= MAX_ATTEMPTS or counts.guesses >= MAX_ATTEMPTS:  # no code it could not try
            return M.REQUEST_LIMIT, "telegram.locked", None, 0
        return M.EMAIL, "telegram.code_sent", "request", 0
    if inp.kind == "code" and stage is S.AWAIT_CODE:
        return _guess(counts, matches, expired)
    if stage is S.STRANGER:
        return M.START, "telegram.welcome", None, 0
    return M.UNCLEAR, "telegram.not_a_code" if stage is S.AWAIT_CODE else "telegram.not_an_email", None, 0


def _guess(counts: Counts, matches: bool, expired: bool):
    if counts.guesses >= MAX_ATTEMPTS:
        return M.GUESS_LIMIT, "telegram.locked", None, 0
    if expired:
        return M.CODE_EXPIRED, "telegram.expired", "guess", 0
    if matches:
        return M.CODE_OK, "telegram.linked", "guess", 0
    left = MAX_ATTEMPTS - counts.guesses - 1
    if left <= 0:
        return M.GUESS_LIMIT, "telegram.locked", "guess", 0
    return M.CODE_WRONG, "telegram.wrong_code", "guess", left


def new_code() -> str:
    """A fresh one-time code: CODE_DIGITS digits, uniformly from the OS's secure random source."""
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def shown(code: str) -> str:
    """The code as the e-mail shows it: '1234 5678' is easier to copy than '12345678'."""
    return f"{code[:4]} {code[4:]}"


def code_hash(key: bytes, user_id: int, code: str) -> str:
    """HMAC of the code, bound to the Telegram user it was issued to."""
    return hmac.new(key, f"code\0{user_id}\0{code}".encode(), hashlib.sha256).hexdigest()


def email_hash(key: bytes, email: str) -> str:
    """HMAC of the address: attempts per address are counted without storing the address."""
    return hmac.new(key, f"email\0{email.strip().lower()}".encode(), hashlib.sha256).hexdigest()


def matches(pending: Pending, typed_hash: str) -> bool:
    """Constant-time comparison; a pending link for an unknown address never matches."""
    return hmac.compare_digest(pending.code_hash or "-" * 64, typed_hash) and pending.code_hash is not None


def is_expired(pending: Pending, now: dt.datetime) -> bool:
    return pending.expires_at is None or now >= pending.expires_at


def link_key(token: str) -> bytes:
    """The HMAC key, derived from the bot token (a secret the database never sees)."""
    return hashlib.sha256(f"mobi telegram link\0{token}".encode()).digest()
