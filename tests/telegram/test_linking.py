"""The linking flow's pure core: the transition table, input reading, decisions, codes and hashes."""
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrations.telegram import linking
from integrations.telegram.linking import (
    MAX_ATTEMPTS, TRANSITIONS, Counts, IllegalMove, Input, Move, Pending, Stage, advance, decide, read,
)

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.timezone.utc)
KEY = linking.link_key("123:secret")


def test_the_happy_path_walks_the_table():
    stage = advance(Stage.STRANGER, Move.START)
    stage = advance(stage, Move.EMAIL)
    assert advance(stage, Move.CODE_OK) is Stage.LINKED
    assert advance(Stage.LINKED, Move.UNLINK) is Stage.STRANGER


@pytest.mark.parametrize("stage,move", [(Stage.LINKED, Move.EMAIL), (Stage.STRANGER, Move.CODE_OK),
                                        (Stage.AWAIT_EMAIL, Move.CODE_WRONG), (Stage.LINKED, Move.START)])
def test_illegal_moves_raise(stage, move):
    with pytest.raises(IllegalMove):
        advance(stage, move)


def test_only_a_matching_code_links():
    linking_moves = [(stage, move) for stage, moves in TRANSITIONS.items() for move, to in moves.items()
                     if to is Stage.LINKED]
    assert linking_moves == [(Stage.AWAIT_CODE, Move.CODE_OK)]


@pytest.mark.parametrize("text,kind", [
    ("anna.schmid@stuttgart.example", "email"), (" Anna.Schmid@Stuttgart.Example ", "email"),
    ("1234 5678", "code"), ("12345678", "code"), ("1234-5678", "code"), ("/no_email", "no_email"),
    ("Ich habe keine dienstliche E-Mail", "no_email"), ("keine", "no_email"), ("hallo", "other"),
    ("anna at stuttgart", "other"), ("42", "other"),
])
def test_reading_messages(text, kind):
    assert read(text).kind == kind


def test_email_is_lowercased_and_code_is_digits_only():
    assert read("Anna.Schmid@Stuttgart.Example").value == "anna.schmid@stuttgart.example"
    assert read("1234 5678").value == "12345678"
    assert read("", "start").kind == "start" and read("", "abmelden").kind == "unlink"


def test_any_address_gets_the_same_answer_and_counts_a_request():
    decision = decide(Stage.AWAIT_EMAIL, Input("email", "x@y.example"), Counts())
    assert (decision.move, decision.stage, decision.reply, decision.count) == \
        (Move.EMAIL, Stage.AWAIT_CODE, "telegram.code_sent", "request")


def test_sixth_request_in_an_hour_is_refused():
    allowed = decide(Stage.AWAIT_EMAIL, Input("email", "x@y.example"), Counts(requests=MAX_ATTEMPTS - 1))
    assert allowed.move is Move.EMAIL
    refused = decide(Stage.AWAIT_EMAIL, Input("email", "x@y.example"), Counts(requests=MAX_ATTEMPTS))
    assert (refused.move, refused.reply, refused.count) == (Move.REQUEST_LIMIT, "telegram.locked", None)
    after_lock = decide(Stage.AWAIT_EMAIL, Input("email", "x@y.example"), Counts(guesses=MAX_ATTEMPTS))
    assert after_lock.move is Move.REQUEST_LIMIT


def test_wrong_codes_count_down_then_lock():
    code = Input("code", "00000000")
    lefts = [decide(Stage.AWAIT_CODE, code, Counts(guesses=n)).left for n in range(MAX_ATTEMPTS - 1)]
    assert lefts == [4, 3, 2, 1]
    fifth = decide(Stage.AWAIT_CODE, code, Counts(guesses=MAX_ATTEMPTS - 1))
    assert (fifth.move, fifth.stage, fifth.reply) == (Move.GUESS_LIMIT, Stage.AWAIT_EMAIL, "telegram.locked")
    locked = decide(Stage.AWAIT_CODE, code, Counts(guesses=MAX_ATTEMPTS), code_matches=True)
    assert locked.move is Move.GUESS_LIMIT and locked.count is None


def test_expired_code_goes_back_to_the_address():
    decision = decide(Stage.AWAIT_CODE, Input("code", "12345678"), Counts(), code_matches=True, expired=True)
    assert (decision.move, decision.stage) == (Move.CODE_EXPIRED, Stage.AWAIT_EMAIL)


def test_other_text_asks_again():
    assert decide(Stage.STRANGER, Input("other"), Counts()).reply == "telegram.welcome"
    assert decide(Stage.AWAIT_EMAIL, Input("other"), Counts()).reply == "telegram.not_an_email"
    assert decide(Stage.AWAIT_CODE, Input("other"), Counts()).reply == "telegram.not_a_code"
    assert decide(Stage.AWAIT_EMAIL, Input("code", "12345678"), Counts()).reply == "telegram.not_an_email"


def test_codes_have_eight_digits_and_differ():
    codes = {linking.new_code() for _ in range(200)}
    assert all(len(c) == 8 and c.isdigit() for c in codes) and len(codes) > 190


def test_code_matches_only_its_own_user_and_never_for_an_unknown_address():
    pending = Pending(Stage.AWAIT_CODE, "e", "100001", linking.code_hash(KEY, 7, "12345678"), NOW)
    assert linking.matches(pending, linking.code_hash(KEY, 7, "12345678"))
    assert not linking.matches(pending, linking.code_hash(KEY, 8, "12345678"))
    unknown = Pending(Stage.AWAIT_CODE, "e", None, None, NOW)
    assert not linking.matches(unknown, linking.code_hash(KEY, 7, "12345678"))


def test_expiry_is_fifteen_minutes():
    pending = Pending(Stage.AWAIT_CODE, expires_at=NOW + linking.CODE_TTL)
    assert not linking.is_expired(pending, NOW + dt.timedelta(minutes=14, seconds=59))
    assert linking.is_expired(pending, NOW + dt.timedelta(minutes=15))


@given(st.emails())
def test_hashes_hide_the_address(email):
    digest = linking.email_hash(KEY, email)
    assert email.lower() not in digest and len(digest) == 64
    assert digest == linking.email_hash(KEY, email.upper())
