"""The SMTP mailer against a real aiosmtpd server."""
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from bot.errors import ChannelError
from integrations.email import EmailSettings, Mail, SmtpMailer

pytestmark = pytest.mark.smtp


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.mails = []

    def handle_message(self, message):
        self.mails.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


async def test_mail_arrives_with_umlauts(smtp):
    port, inbox = smtp
    mailer = SmtpMailer(EmailSettings(smtp_host="127.0.0.1", smtp_port=port))
    await mailer.send(Mail("claudia.wolf@stuttgart.example", "[mobi] Antrag prüfen", "Grüße aus dem Jugendamt"))
    [mail] = inbox.mails
    assert mail["To"] == "claudia.wolf@stuttgart.example"
    assert "prüfen" in str(mail["Subject"]) or "=?utf-8?" in mail["Subject"]
    assert "Grüße" in mail.get_payload(decode=True).decode()


async def test_unreachable_relay_is_a_channel_error():
    mailer = SmtpMailer(EmailSettings(smtp_host="127.0.0.1", smtp_port=free_port(), smtp_timeout=2))
    with pytest.raises(ChannelError):
        await mailer.send(Mail("x@stuttgart.example", "s", "b"))


def test_unconfigured_mailer_says_so():
    with pytest.raises(ChannelError, match="MOBI_SMTP_HOST"):
        SmtpMailer(EmailSettings())
