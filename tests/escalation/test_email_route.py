"""The e-mail route: no room (or a topic rule) sends the case to the ITSM mailbox, received by a real aiosmtpd."""
from __future__ import annotations

import email.policy

import pytest

from bot.demo import build
from integrations.db.engines import Databases
from integrations.db.migrate import upgrade_all
from integrations.db.scratch import sqlite_urls
from integrations.email import EmailSettings, SmtpMailer
from integrations.helpdesk import EmailHelpdesk
from nlu.engine import NluModel
from tests.escalation.chat import ROOM, desk, link
from tests.factories import TODAY

ANNA = "anna.schmid"


@pytest.fixture(scope="module")
def model(nlu_model_path):
    return NluModel.load(nlu_model_path)


@pytest.fixture
async def city(tmp_path):
    """SQLite only: the route is database-neutral (tests/escalation/test_cases.py covers PostgreSQL)."""
    dbs = Databases.from_urls(sqlite_urls(tmp_path))
    await upgrade_all(dbs)
    await build(dbs, employees=100, seed=1, today=TODAY)
    await link(dbs, ANNA)
    yield dbs
    await dbs.dispose()


def mailbox(port: int) -> EmailHelpdesk:
    return EmailHelpdesk(SmtpMailer(EmailSettings(smtp_host="127.0.0.1", smtp_port=port)), "itsm@stuttgart.example")


async def hand_off(d) -> str:
    await d.say(ANNA, "Wo ist mein Laptop?")
    await d.say(ANNA, "/human_handoff")
    await d.say(ANNA, "Mein Laptop ist gestohlen worden")
    return await d.say(ANNA, "ja")


@pytest.mark.parametrize("rule", ["no room", "topic rule"])
async def test_the_case_arrives_as_mail_with_the_case_number_in_the_subject(city, model, smtp, rule):
    port, inbox = smtp
    topic = model.parse("Wo ist mein Laptop?").intent.name  # what the hand-off form records as the topic
    d = desk(city, model, room="" if rule == "no room" else ROOM, helpdesk=mailbox(port),
             email_topics=[topic] if rule == "topic rule" else [])
    told = await hand_off(d)
    assert "Fall #1 per E-Mail" in told and "[mobi #1]" in told
    [mail] = inbox.mails
    assert mail["Subject"].startswith("[mobi #1] Mein Laptop ist gestohlen worden")
    assert mail["To"] == "itsm@stuttgart.example" and mail["X-Mobi-Reference"] == "#1"
    body = mail.get_payload(decode=True).decode()
    assert "Anna Schmid" in body and "Wo ist mein Laptop?" in body  # consented: transcript included
    assert "Personalnummer:" in body and mail["Reply-To"] == "anna.schmid@stuttgart.example"
    assert d.posted() == ""  # nothing in the room
    assert await d.say(ANNA, "Danke") != ""  # mobi answers again
