"""One story across both databases, for every combination of agreement and device status."""
from __future__ import annotations

import itertools

import pytest

from actions.records import Records
from actions.story import agreement_story, device_story
from bot.domain import AgreementStatus, DeviceStatus
from bot.texts import render_reply
from tests.actions.memory import TODAY, employee
from tests.actions.records import agreement, laptop
from actions.base import Turn
from nlu.result import IntentScore, ParseResult

ME = employee("100001", supervisor="Claudia Wolf")


def turn(language="de") -> Turn:
    return Turn(ME, ParseResult("x", IntentScore("agreement_status", 1.0)), language, TODAY)


def told(outcome, language="de") -> str:
    return "\n".join(render_reply(r, language) for r in outcome.replies)


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_combination_renders_completely(language):
    for a_status, d_status in itertools.product(AgreementStatus, DeviceStatus):
        for until in (-10, 15, 200, None):
            rec = Records(ME, (agreement(status=a_status, until=until),),
                          (laptop(status=d_status, expected=5 if d_status is not DeviceStatus.HANDED_OUT else None),))
            for outcome in (agreement_story(rec, turn(language)), device_story(rec, turn(language))):
                text = told(outcome, language)
                assert text and "{" not in text, (a_status, d_status, until)


def test_submitted_and_laptop_ordered_is_one_story_with_a_reminder_offer():
    rec = Records(ME, (agreement(status=AgreementStatus.SUBMITTED, start=30, until=394, since=-12),),
                  (laptop(status=DeviceStatus.ORDERED, expected=9),))
    outcome = agreement_story(rec, turn())
    text = told(outcome)
    assert "Claudia Wolf" in text and "in 9 Tagen" in text and "sobald beides da ist" in text
    assert outcome.state["offer"]["kind"] == "remind_device"
    assert [o.value for o in outcome.replies[0].options] == ["/affirm", "/deny"]


def test_ended_agreement_and_device_still_out_means_return_by_the_device_db_date():
    rec = Records(ME, (agreement(status=AgreementStatus.CANCELLED, until=-24),),
                  (laptop(inventory="NB-102455", status=DeviceStatus.RETURN_REQUESTED, expected=7,
                          location="Rathaus"),))
    text = told(device_story(rec, turn()))
    assert text.index("beendet") < text.index("NB-102455")
    assert "in 7 Tagen" in text and "Rathaus" in text


def test_handed_out_device_after_the_end_is_due_14_days_after_it():
    rec = Records(ME, (agreement(status=AgreementStatus.EXPIRED, until=-4),), (laptop(),))
    text = told(device_story(rec, turn()))
    assert "in 10 Tagen" in text and "NB-104233" in text


def test_a_monitor_is_masculine_and_a_docking_station_feminine():
    from bot.domain import DeviceType

    rec = Records(ME, (agreement(status=AgreementStatus.CANCELLED, until=-4),),
                  (laptop(inventory="MO-1", type=DeviceType.MONITOR, status=DeviceStatus.RETURN_REQUESTED, expected=3),
                   laptop(inventory="DS-1", type=DeviceType.DOCKING_STATION, status=DeviceStatus.RETURN_REQUESTED,
                          expected=3)))
    text = told(device_story(rec, turn()))
    assert "Ihre Dockingstation DS-1" in text and "Ihren Monitor MO-1" in text


def test_a_pending_change_is_told_with_the_agreement_still_in_force():
    rec = Records(ME, (agreement(status=AgreementStatus.SUBMITTED, days=3, start=40, until=220, since=-1),
                       agreement(until=220)), (laptop(),))
    text = told(agreement_story(rec, turn()))
    assert text.index("wartet noch auf die Zustimmung") < text.index("ist aktiv") and "3 Tage" in text
