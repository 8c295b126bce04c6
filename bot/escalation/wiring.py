"""Wiring of escalation into a runtime: the dialogue hook, the effect handlers, the agent side."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.escalation.agents import Agents
from bot.escalation.hours import OfficeHours
from bot.escalation.service import CaseOptions, Cases


@dataclass
class Escalation:
    cases: Cases
    agents: Agents


def case_options(settings, now=None) -> CaseOptions:
    return CaseOptions(
        room=settings.helpdesk_room,
        hours=OfficeHours.parse(settings.helpdesk_office_hours, settings.timezone),
        reannounce=dt.timedelta(minutes=settings.helpdesk_reannounce_minutes),
        response_minutes=settings.helpdesk_response_minutes,
        email_topics=frozenset(settings.helpdesk_email_topics),
        **({"now": now} if now else {}),
    )


def install(settings, dbs, repos, pipeline, now=None) -> Escalation:
    """Case effects join the pipeline's effect runner (the dialogue gets `CaseFlow` in `bot.runtime`)."""
    from bot.effects_handlers import effect_runner, mailer_for
    from integrations.helpdesk import EmailHelpdesk
    from integrations.matrix.events import email_for

    helpdesk = EmailHelpdesk(mailer_for(settings), settings.helpdesk_email)

    async def drain(conv: int) -> None:
        await pipeline.drain(conv, resend=True)

    cases = Cases(dbs.bot, repos.directory, helpdesk, case_options(settings, now), pipeline.transaction, drain)

    async def resolve(user_id: str):
        if not user_id.startswith("@") or ":" not in user_id:
            return None
        return await repos.directory.by_email(email_for(user_id, settings.matrix_domain_map))

    pipeline.effects = effect_runner(settings, dbs, pipeline.transaction, extra=cases.handlers())
    return Escalation(cases, Agents(cases, resolve))
