"""Property: whatever the address, code and question, none of them (nor the bot token) reaches a log line."""
import itertools
import logging

import pytest
import structlog
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.telegram.conftest import TOKEN, link, running

users = itertools.count(700000)
local_parts = st.from_regex(r"[a-z][a-z0-9]{2,12}(\.[a-z][a-z0-9]{1,12})?", fullmatch=True)
markers = st.from_regex(r"[A-Z][a-z]{8,14}", fullmatch=True)


@pytest.fixture
async def bot(tg_settings, fake_telegram, smtp):
    async with running(tg_settings) as (channel, runtime):
        await factories.org_unit(runtime.dbs, code="T1", name="Testamt")
        yield fake_telegram, smtp[1], runtime


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # no shrinking: each example is a whole chat
@given(local=local_parts, shout=st.booleans(), marker=markers)
async def test_no_address_code_token_or_text_in_the_logs(bot, caplog, local, shout, marker):
    api, inbox, runtime = bot
    user = next(users)
    email = f"{local}{user}@stuttgart.example"  # unique: examples share the databases
    await factories.employee(runtime.dbs, email=email, org_unit_code="T1")
    caplog.set_level(logging.INFO)
    caplog.clear()
    with structlog.testing.capture_logs() as events:
        answer = await link(api, inbox, user, email.upper() if shout else email)
        assert "Geschafft" in answer
        await api.say(user, f"Gilt das Ausland-Thema auch für {marker}?")
        await api.reply(user)
        await api.say(user, "/abmelden")
        await api.reply(user)
    code = inbox.code()
    ours = [r for r in caplog.records if not r.name.startswith("mail.")]  # not the test's SMTP server
    logged = repr(events) + "\n".join(f"{r.name} {r.getMessage()} {r.args}" for r in ours)
    for secret in (email, email.upper(), code, code.replace(" ", ""), TOKEN, TOKEN.split(":")[1], marker):
        assert secret not in logged
    assert any(e["event"] == "telegram_code_mailed" for e in events)  # the logs do say what happened
