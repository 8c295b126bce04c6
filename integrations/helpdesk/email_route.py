"""The default route: a structured e-mail to the ITSM mailbox (`MOBI_HELPDESK_EMAIL`)."""
from __future__ import annotations

from integrations.email import Mail, Mailer
from integrations.helpdesk.ticket import Ticket

PRIORITY_HEADER = {"high": "1 (Highest)", "normal": "3 (Normal)"}


class EmailHelpdesk:
    """Subject `[mobi MOBI-XXXX-XXXX] summary`; the ITSM system deduplicates by the reference header."""

    def __init__(self, mailer: Mailer, address: str):
        self._mailer = mailer
        self._address = address

    def mail(self, ticket: Ticket, idempotency_key: str) -> Mail:
        urgent = "DRINGEND – " if ticket.priority == "high" and "DRINGEND" not in ticket.summary else ""
        lines = [f"Referenz: {ticket.reference}", f"Kategorie: {ticket.category}",
                 f"Priorität: {'hoch' if ticket.priority == 'high' else 'normal'}", ""]
        lines += [f"{label}: {value}" for label, value in ticket.details]
        lines += ["", "Diese Meldung hat mobi, der Chat-Assistent zum mobilen Arbeiten, erstellt.",
                  "Bitte antworten Sie der oder dem Beschäftigten direkt (Antwort-an ist gesetzt)."]
        headers = {"X-Mobi-Reference": ticket.reference, "X-Mobi-Idempotency-Key": idempotency_key,
                   "X-Priority": PRIORITY_HEADER.get(ticket.priority, PRIORITY_HEADER["normal"])}
        if ticket.reply_to:
            headers["Reply-To"] = ticket.reply_to
        return Mail(self._address, f"[mobi {ticket.reference}] {urgent}{ticket.summary}", "\n".join(lines), headers)

    async def open(self, ticket: Ticket, *, idempotency_key: str) -> None:
        await self._mailer.send(self.mail(ticket, idempotency_key))
