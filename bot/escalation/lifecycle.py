"""The life of a help-desk case as one transition table (the shape of h11's `_state.py`).

Theory of operation: the employee agrees (or not) to share the recent conversation and a case is
`open`: it waits in the queue and is announced in the help-desk room (or mailed to the ITSM
mailbox). An agent `claim`s it (`claimed`), may hand it to a colleague (`reassign`, stays
claimed), and `close`s it. The employee can leave at any time with "abbrechen" (`cancelled`).
Closed and cancelled are final: every move from there, and every move not in `MOVES`, raises
`IllegalMove`, whose text key the agent is shown.
"""
from __future__ import annotations

OPEN, CLAIMED, CLOSED, CANCELLED = "open", "claimed", "closed", "cancelled"
CLAIM, REASSIGN, CLOSE, CANCEL, REPLY = "claim", "reassign", "close", "cancel", "reply"

MOVES: dict[str, dict[str, str]] = {
    OPEN: {CLAIM: CLAIMED, REASSIGN: CLAIMED, CLOSE: CLOSED, CANCEL: CANCELLED, REPLY: OPEN},
    CLAIMED: {CLAIM: CLAIMED, REASSIGN: CLAIMED, CLOSE: CLOSED, CANCEL: CANCELLED, REPLY: CLAIMED},
    CLOSED: {},
    CANCELLED: {},
}
ACTIVE = frozenset({OPEN, CLAIMED})


class IllegalMove(Exception):
    """`move` is not allowed in `state`; `key` names the text the agent gets."""

    def __init__(self, state: str, move: str):
        super().__init__(f"{move!r} is not allowed for a case that is {state!r}")
        self.state, self.move = state, move
        self.key = "case.agent.finished" if state not in ACTIVE else "case.agent.not_allowed"


def step(state: str, move: str) -> str:
    """The state after `move`, or IllegalMove."""
    try:
        return MOVES[state][move]
    except KeyError:
        raise IllegalMove(state, move) from None
