"""The broadcast lifecycle table and the rules of who may do what (pure)."""
import pytest

from bot.broadcasts import lifecycle as lc
from bot.domain import Role


def test_happy_path_through_the_table():
    state = lc.DRAFT
    for event in ("submit", "approve", "start", "finish"):
        state = lc.advance(state, event)
    assert state == lc.DONE
    assert lc.advance(lc.advance(lc.DRAFT, "release_later"), "start") == lc.SENDING


@pytest.mark.parametrize("state,event", [(lc.DRAFT, "start"), (lc.PENDING, "start"), (lc.DONE, "cancel"),
                                         (lc.CANCELLED, "approve"), (lc.SENDING, "approve"), (lc.APPROVED, "submit")])
def test_illegal_moves_raise(state, event):
    with pytest.raises(lc.IllegalTransition):
        lc.advance(state, event)


def test_every_state_can_be_cancelled_until_done():
    assert {s for s in lc.STATES if "cancel" in lc.TRANSITIONS[s]} == set(lc.STATES) - {lc.DONE, lc.CANCELLED}


def test_submit_event_follows_the_approval_setting():
    assert lc.submit_event(True, False) == lc.submit_event(True, True) == "submit"
    assert lc.submit_event(False, False) == "release"
    assert lc.submit_event(False, True) == "release_later"


def test_authors_and_mandatory():
    lc.check_author(Role.HR, "info")
    lc.check_author(Role.OPERATOR, "mandatory")
    with pytest.raises(lc.BroadcastError, match="operators"):
        lc.check_author(Role.HR, "mandatory")
    with pytest.raises(lc.BroadcastError):
        lc.check_author(Role.EMPLOYEE, "info")
    with pytest.raises(lc.BroadcastError):
        lc.check_author(Role.HR, "urgent")


def test_four_eyes():
    lc.check_approver("100006", "100008", Role.HR)
    with pytest.raises(lc.BroadcastError, match="four eyes"):
        lc.check_approver("100006", "100006", Role.HR)
    with pytest.raises(lc.BroadcastError):
        lc.check_approver("100006", "100001", Role.HELPDESK)
