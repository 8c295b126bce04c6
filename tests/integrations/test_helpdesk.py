"""The e-mail help-desk route: a ticket arrives at the ITSM mailbox (real aiosmtpd), structured and deduplicable."""
from __future__ import annotations

import email.header

import pytest
from pydantic import ValidationError

from integrations.email import EmailSettings, SmtpMailer
from integrations.helpdesk import EmailHelpdesk, HelpdeskSettings, Ticket
from integrations.helpdesk.maildrop import MailDrop

TICKET = Ticket("MOBI-7K3Q-9XD2", "high", "device_lost", "DRINGEND: Gerät gestohlen",
                (("Name", "Julia Becker"), ("Gerät", "Laptop NB-100871"), ("Umstände", "S-Bahn, gestern Abend")),
                "julia.becker@stuttgart.example")


@pytest.mark.smtp
async def test_ticket_arrives_at_the_itsm_mailbox(smtp):
    port, inbox = smtp
    desk = EmailHelpdesk(SmtpMailer(EmailSettings(smtp_host="127.0.0.1", smtp_port=port)), "itsm@stuttgart.example")
    await desk.open(TICKET, idempotency_key="cli:ev1:0")
    [mail] = inbox.mails
    subject = str(email.header.make_header(email.header.decode_header(mail["Subject"])))
    assert mail["To"] == "itsm@stuttgart.example" and subject == "[mobi MOBI-7K3Q-9XD2] DRINGEND: Gerät gestohlen"
    assert mail["X-Mobi-Reference"] == "MOBI-7K3Q-9XD2" and mail["X-Priority"].startswith("1")
    assert mail["Reply-To"] == "julia.becker@stuttgart.example"
    body = mail.get_payload(decode=True).decode()
    assert "Gerät: Laptop NB-100871" in body and "Priorität: hoch" in body


async def test_normal_priority_is_not_marked_urgent(tmp_path):
    drop = MailDrop(tmp_path)
    ticket = Ticket("MOBI-AAAA-BBBB", "normal", "peripherals/headset", "Zubehör angefragt: Headset")
    await EmailHelpdesk(drop, "itsm@stuttgart.example").open(ticket, idempotency_key="k")
    [mail] = drop.sent()
    assert mail["Subject"] == "[mobi MOBI-AAAA-BBBB] Zubehör angefragt: Headset" and "Reply-To" not in mail


async def test_the_mail_drop_writes_the_same_mail_once(tmp_path):
    drop = MailDrop(tmp_path)
    desk = EmailHelpdesk(drop, "itsm@stuttgart.example")
    for _ in range(2):
        await desk.open(TICKET, idempotency_key="cli:ev1:0")
    assert len(drop.sent()) == 1


def test_the_itsm_address_is_checked():
    assert HelpdeskSettings().helpdesk_email == "itsm@stuttgart.example"
    with pytest.raises(ValidationError):
        HelpdeskSettings(helpdesk_email="itsm at stuttgart")


def test_settings_compose_the_helpdesk_mixin(monkeypatch, tmp_path):
    from bot.config import load_settings

    monkeypatch.setenv("MOBI_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("MOBI_HELPDESK_EMAIL", "servicedesk@stuttgart.example")
    assert load_settings().helpdesk_email == "servicedesk@stuttgart.example"
