"""The SMTP mailer against a real aiosmtpd server."""
import pytest

from bot.errors import ChannelError
from integrations.email import EmailSettings, Mail, SmtpMailer
from tests.smtp import free_port

pytestmark = pytest.mark.smtp


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
