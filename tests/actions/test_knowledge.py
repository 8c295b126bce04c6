"""General answers come from the knowledge base, cite their clause, and know the employee's eAkte wave."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from actions.knowledge import TOPICS
from bot.domain import OrgUnit
from tests.actions.memory import TODAY, Chat, employee, memory_repos

REPOS = memory_repos()


@pytest.mark.parametrize("intent", sorted(TOPICS - {"device_lost"}))
async def test_each_topic_cites_the_sample_agreement(nlu, intent):
    for language, source in (("de", "DV Mobiles Arbeiten (Muster)"), ("en", "DV Mobiles Arbeiten (sample)")):
        text = await Chat(nlu, REPOS, employee(), language=language).text(f"/{intent}")
        assert source in text and "§" in text, (intent, language)


async def test_working_time_answer_quotes_the_core_hours(nlu):
    text = await Chat(nlu, REPOS, employee()).text("Welche Regeln gelten für die Arbeitszeit beim mobilen Arbeiten?")
    assert "9:00 bis 15:00" in text and "§ 6 Abs. 2" in text


def unit(wave, start_offset):
    start = TODAY + dt.timedelta(days=start_offset) if start_offset is not None else None
    return OrgUnit("51", "Jugendamt", wave, start)


@pytest.mark.parametrize("wave, offset, facts", [
    (4, 90, ["Welle 4", "26. Februar 2027", "in 90 Tagen"]),
    (1, -730, ["seit dem 28. November 2024", "Welle 1"]),
    (None, None, ["noch nicht fest"]),
])
async def test_eakte_answer_knows_the_wave_of_the_employees_amt(nlu, wave, offset, facts):
    me = dataclasses.replace(employee(), org_unit=unit(wave, offset))
    text = await Chat(nlu, REPOS, me).text("/eakte_access")
    assert "Jugendamt" in text
    for fact in facts:
        assert fact in text
