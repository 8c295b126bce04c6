"""Without an SMTP relay (demo, laptop), mails are written as .eml files instead of being lost."""
from __future__ import annotations

import hashlib
from email.message import EmailMessage
from pathlib import Path

from integrations.email import Mail


class MailDrop:
    """A `Mailer` that writes each mail to `folder/<hash>.eml` (same mail, same file: idempotent)."""

    def __init__(self, folder: Path, sender: str = "mobi <mobi@stuttgart.example>"):
        self.folder = folder
        self._sender = sender

    async def send(self, mail: Mail) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self._sender, mail.to, mail.subject
        for name, value in mail.headers.items():
            message[name] = value
        message.set_content(mail.body)
        name = hashlib.sha256(f"{mail.to}\0{mail.subject}\0{mail.body}".encode()).hexdigest()[:20]
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{name}.eml").write_bytes(bytes(message))

    def sent(self) -> list[EmailMessage]:
        """The mails written so far (tests and `mobi` demos read them back)."""
        from email import message_from_bytes, policy

        return [message_from_bytes(p.read_bytes(), policy=policy.default)
                for p in sorted(self.folder.glob("*.eml"))]
