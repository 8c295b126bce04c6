"""General questions answered from the knowledge base, each citing its clause of the sample agreement."""
from __future__ import annotations

from typing import Any

from actions.base import Outcome, Reply, Repos, Turn
from actions.kb import knowledge
from bot.texts import fill, relative_days, render

TOPICS = frozenset({
    "working_time_rules", "data_protection_rules", "occupational_safety", "mobile_work_abroad",
    "telework_vs_mobile", "costs_reimbursement", "vpn_help", "eakte_access", "mobile_work_days",
    "mobile_work_eligibility", "device_lost",
})
"""Intents with a topic file; `mobi kb check` insists on each, in German and English."""

TOPIC_PARAMS: dict[str, frozenset[str]] = {
    "eakte_access": frozenset({"amt", "wave", "start", "start_rel"}),
    "mobile_work_eligibility": frozenset({"position", "supervisor"}),
    "device_lost": frozenset({"helpdesk"}),
}
"""The placeholders a topic may use (the action fills them from the employee's records)."""


def kb_reply(turn: Turn, intent: str, variant: str = "default", **params: Any) -> Reply:
    """A knowledge-base answer: text, links, the cited clauses, and the next step."""
    lang = turn.language
    kb = knowledge()
    answer, topic = kb.answer(intent, lang, variant)
    links = "".join(render("kb.link", lang, label=link.label[lang], url=link.url) + "\n" for link in topic.links)
    return Reply("kb.answer", {
        "text": fill(answer.text, lang, **params),
        "links": links,
        "source": kb.cite(topic.cites(variant), lang),
        "next": fill(answer.next, lang, **params),
    })


def cite(turn: Turn, *refs: str) -> str:
    """A citation for texts outside the knowledge base (e.g. '§ 12 Abs. 2 DV Mobiles Arbeiten (Muster)')."""
    return knowledge().cite(refs, turn.language)


async def general(turn: Turn, repos: Repos) -> Outcome:
    """Any topic without personal parts: the answer of its topic file."""
    return Outcome((kb_reply(turn, turn.parse.intent.name),))


async def eakte_access(turn: Turn, repos: Repos) -> Outcome:
    """The eAkte roll-out wave of the employee's Amt decides the answer."""
    unit = turn.employee.org_unit
    if unit.eakte_wave is None or unit.eakte_start is None:
        return Outcome((kb_reply(turn, "eakte_access", "unknown", amt=unit.name, wave="", start="", start_rel=""),))
    days = (unit.eakte_start - turn.today).days
    variant = "planned" if days > 0 else "live"
    return Outcome((kb_reply(turn, "eakte_access", variant, amt=unit.name, wave=unit.eakte_wave,
                             start=unit.eakte_start, start_rel=relative_days(days, turn.language)),))
