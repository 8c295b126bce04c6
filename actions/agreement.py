"""Answers about the employee's own mobile-work agreement."""
from __future__ import annotations

from actions.base import Outcome, Reply, Repos, Turn
from bot.domain import Agreement, AgreementStatus
from bot.texts import relative_days, render

CURRENT = (AgreementStatus.ACTIVE, AgreementStatus.APPROVED, AgreementStatus.SUBMITTED, AgreementStatus.DRAFT)


def current_agreement(agreements: list[Agreement]) -> Agreement | None:
    """The agreement that matters now: a live one first, else the newest."""
    live = [a for a in agreements if a.status in CURRENT]
    return (live or agreements or [None])[0]


def weekday_list(days: tuple[str, ...], language: str) -> str:
    return ", ".join(render(f"weekday.{d}", language) for d in days)


async def agreement_status(turn: Turn, repos: Repos) -> Outcome:
    agreement = current_agreement(await repos.agreements.for_employee(turn.employee.personnel_number))
    if agreement is None:
        key = "agreement.none" if turn.employee.eligible_for_mobile_work else "agreement.none_not_eligible"
        return Outcome((Reply(key),))
    return Outcome((describe(agreement, turn),))


def describe(agreement: Agreement, turn: Turn) -> Reply:
    lang = turn.language
    until = agreement.valid_until
    params = {
        "days": agreement.days_per_week,
        "weekdays": weekday_list(agreement.weekdays, lang) or render("agreement.flexible", lang),
        "since": agreement.status_since,
        "since_rel": relative_days((agreement.status_since - turn.today).days, lang),
        "from": agreement.valid_from,
        "until": until or "",
        "until_rel": relative_days((until - turn.today).days, lang) if until else "",
        "supervisor": agreement.supervisor_name or render("agreement.your_supervisor", lang),
    }
    key = f"agreement.{agreement.status.value}"
    if agreement.status is AgreementStatus.ACTIVE and until is None:
        key = "agreement.active_open_ended"
    return Reply(key, params)
