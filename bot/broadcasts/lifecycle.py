"""The broadcast lifecycle as one table, and who may do what. Pure: no I/O.

Theory of operation: a broadcast is written as a `draft` and submitted at once. With four-eyes
approval (`MOBI_BROADCAST_APPROVAL`, default on) it waits in `pending_approval` until a second hr
person (or an operator) approves it; the creator never approves their own. Approved, it is either
due now (`approved`) or at a time (`scheduled`). A sender moves it to `sending` in the same
transaction that fills the outbox (one row per recipient x channel), and to `done` when no row is
left to deliver. `cancel` is allowed until `done`; rows not yet sent are then dropped.
Any move not in `TRANSITIONS` raises `IllegalTransition`.
"""
from __future__ import annotations

from bot.domain import Role
from bot.errors import MobiError

DRAFT, PENDING, APPROVED, SCHEDULED, SENDING, DONE, CANCELLED = (
    "draft", "pending_approval", "approved", "scheduled", "sending", "done", "cancelled")
STATES = (DRAFT, PENDING, APPROVED, SCHEDULED, SENDING, DONE, CANCELLED)
KINDS = ("info", "mandatory")

TRANSITIONS: dict[str, dict[str, str]] = {
    DRAFT: {"submit": PENDING, "release": APPROVED, "release_later": SCHEDULED, "cancel": CANCELLED},
    PENDING: {"approve": APPROVED, "approve_later": SCHEDULED, "cancel": CANCELLED},
    APPROVED: {"start": SENDING, "cancel": CANCELLED},
    SCHEDULED: {"start": SENDING, "cancel": CANCELLED},
    SENDING: {"finish": DONE, "cancel": CANCELLED},
    DONE: {},
    CANCELLED: {},
}
SENDABLE = (APPROVED, SCHEDULED)
AUTHORS = (Role.HR, Role.OPERATOR)


class BroadcastError(MobiError):
    """A broadcast request that is not allowed; the message says why (shown by the CLI)."""


class IllegalTransition(BroadcastError):
    def __init__(self, state: str, event: str):
        super().__init__(f"a broadcast in state {state!r} cannot {event!r}")
        self.state, self.event = state, event


def advance(state: str, event: str) -> str:
    try:
        return TRANSITIONS[state][event]
    except KeyError:
        raise IllegalTransition(state, event) from None


def submit_event(approval: bool, later: bool) -> str:
    """What `create` does right after writing the draft."""
    if approval:
        return "submit"
    return "release_later" if later else "release"


def check_author(role: Role, kind: str) -> None:
    if kind not in KINDS:
        raise BroadcastError(f"unknown kind {kind!r} (info or mandatory)")
    if role not in AUTHORS:
        raise BroadcastError("only hr staff and operators may create broadcasts")
    if kind == "mandatory" and role != Role.OPERATOR:
        raise BroadcastError("only operators may create mandatory broadcasts")


def check_approver(creator: str, approver: str, role: Role) -> None:
    if role not in AUTHORS:
        raise BroadcastError("only hr staff and operators may approve broadcasts")
    if creator == approver:
        raise BroadcastError("four eyes: the creator cannot approve their own broadcast")
