"""May I work mobile, how many days, and the application form (§§ 2-5 of the sample agreement)."""
from __future__ import annotations

from actions import forms
from actions.base import Outcome, Reply, Repos, Turn
from actions.knowledge import kb_reply
from actions.offers import offer
from actions.records import load
from actions.story import agreement_story, weekday_list
from bot.domain import AgreementStatus
from bot.texts import render


async def mobile_work_eligibility(turn: Turn, repos: Repos) -> Outcome:
    """Not eligible: why and whom to ask. With an agreement: the whole story. Else: the rule and an offer."""
    employee = turn.employee
    if not employee.eligible_for_mobile_work:
        supervisor = employee.supervisor_name or render("agreement.your_supervisor", turn.language)
        return Outcome((kb_reply(turn, "mobile_work_eligibility", "not_eligible", position=employee.position,
                                 supervisor=supervisor),))
    rec = await load(turn, repos)
    if rec.agreement is not None and rec.agreement.status not in (AgreementStatus.REJECTED,):
        return agreement_story(rec, turn)
    answer = kb_reply(turn, "mobile_work_eligibility", "eligible")
    question, state = offer("apply", "offer.apply", turn)
    return Outcome((answer.then(question),), state)


async def mobile_work_days(turn: Turn, repos: Repos) -> Outcome:
    """The rule (§ 4), preceded by the employee's own days if there is an agreement in force."""
    rec = await load(turn, repos)
    rule = kb_reply(turn, "mobile_work_days")
    if rec.active is None:
        return Outcome((rule,))
    mine = Reply("agreement.my_days", {"days": rec.active.days_per_week,
                                       "weekdays": weekday_list(rec.active.weekdays, turn.language)})
    return Outcome((mine.then(rule),))


async def mobile_work_apply(turn: Turn, repos: Repos) -> Outcome:
    return await forms.start("apply", turn, repos)
