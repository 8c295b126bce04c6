"""The employee's own mobile-work agreement: status (with the devices, as one story), change, cancel."""
from __future__ import annotations

from actions import forms
from actions.base import Outcome, Reply, Repos, Turn
from actions.knowledge import kb_reply
from actions.offers import offer
from actions.records import load
from actions.story import agreement_params, agreement_story, dated
from bot.domain import AgreementStatus
from bot.texts import render


async def agreement_status(turn: Turn, repos: Repos) -> Outcome:
    rec = await load(turn, repos)
    if rec.agreement is None:
        return no_agreement(turn)
    return agreement_story(rec, turn)


def no_agreement(turn: Turn) -> Outcome:
    """Nothing on file: not eligible -> why and whom to ask; eligible -> offer to apply."""
    employee = turn.employee
    if not employee.eligible_for_mobile_work:
        supervisor = employee.supervisor_name or render("agreement.your_supervisor", turn.language)
        return Outcome((Reply("agreement.none_not_eligible").then(
            kb_reply(turn, "mobile_work_eligibility", "not_eligible", position=employee.position,
                     supervisor=supervisor)),))
    question, state = offer("apply", "agreement.none", turn)
    return Outcome((question,), state)


async def agreement_until(turn: Turn, repos: Repos) -> Outcome:
    """Follow-up 'und bis wann?' after an agreement answer: just the validity."""
    rec = await load(turn, repos)
    agreement = rec.agreement
    if agreement is None:
        return no_agreement(turn)
    params = {**agreement_params(agreement, rec, turn), **dated("until", agreement.valid_until, turn)}
    if agreement.valid_until is None:
        return Outcome((Reply("agreement.until_open", params),))
    if agreement.status is AgreementStatus.SUBMITTED:
        return Outcome((Reply("agreement.until_requested", params),))
    if agreement.status in (AgreementStatus.ACTIVE, AgreementStatus.APPROVED):
        question, state = offer("extend", "agreement.until_active", turn, **params)
        return Outcome((question,), state)
    return Outcome((Reply("agreement.until_ended", params),))


async def agreement_change(turn: Turn, repos: Repos) -> Outcome:
    return await forms.start("change", turn, repos)


async def agreement_cancel(turn: Turn, repos: Repos) -> Outcome:
    return await forms.start("cancel", turn, repos)
