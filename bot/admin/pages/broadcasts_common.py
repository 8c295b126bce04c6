"""Shared by the broadcast pages: German labels, who acts, names of people, the employee's view of a text."""
from __future__ import annotations

import re

from markupsafe import Markup
from sqlalchemy import func, select

from bot.admin.accounts import USERS
from bot.admin.keys import SESSION, runtime
from bot.broadcasts import service
from bot.broadcasts.sender import compose
from bot.domain import Role
from bot.messages import OutgoingMessage

STATUS = {"draft": "Entwurf", "pending_approval": "Wartet auf Freigabe", "approved": "Freigegeben",
          "scheduled": "Geplant", "sending": "Wird gesendet", "done": "Gesendet", "cancelled": "Abgebrochen"}
KIND = {"info": "Information", "mandatory": "Pflichtmitteilung"}
AGREEMENT = {"draft": "Entwurf", "submitted": "Eingereicht", "approved": "Genehmigt", "active": "Aktiv",
             "rejected": "Abgelehnt", "expired": "Abgelaufen", "cancelled": "Beendet"}
DEVICE = {"ordered": "Bestellt", "in_preparation": "In Vorbereitung", "ready_for_pickup": "Liegt zur Abholung bereit",
          "handed_out": "Ausgegeben", "in_repair": "In Reparatur", "return_requested": "Rückgabe angefordert",
          "returned": "Zurückgegeben", "lost": "Verloren", "retired": "Ausgemustert"}
ROLE = {"employee": "Beschäftigte", "hr": "Personalamt", "helpdesk": "Help-Desk", "operator": "Betrieb"}
LANGUAGE = {"de": "Deutsch", "en": "Englisch"}
CHANNEL = {"matrix": "Matrix", "telegram": "Telegram", "web": "Web-Chat", "-": "ohne Kanal"}
DELIVERY = {"pending": "Ausstehend", "sending": "In Zustellung", "sent": "Zugestellt", "failed": "Fehlgeschlagen",
            "cancelled": "Abgebrochen", "unreachable": "Nicht erreichbar", "opted_out": "Abbestellt",
            "reachable": "Erreichbar"}
LABELS = {"status": STATUS, "kind": KIND, "agreement": AGREEMENT, "device": DEVICE, "role": ROLE,
          "language": LANGUAGE, "channel": CHANNEL, "delivery": DELIVERY}
HEADING = re.compile(r"<(/?)h[1-6]>")  # a "# Titel" in the text must not break the page's heading outline
OPEN = ("pending_approval", "approved", "scheduled")  # not started yet: the preview applies


def dbs(request):
    return runtime(request).dbs


async def acting(request) -> service.Actor:
    """The console account as the service's actor: its employee number if it is an employee, else `konsole-ID`."""
    user = request[SESSION].user
    emp = service.EMP
    async with dbs(request).agreement.connect() as conn:
        number = await conn.scalar(select(emp.c.personnel_number).where(func.lower(emp.c.email) == user.email))
    return service.Actor(number or f"konsole-{user.id}", Role(user.role), user.email)


async def names(request, numbers: set[str]) -> dict[str, str]:
    """Display names for `created_by` / `approved_by`: the employee's name or the console account's address."""
    emp, found = service.EMP, {}
    async with dbs(request).agreement.connect() as conn:
        for r in await conn.execute(select(emp.c.personnel_number, emp.c.first_name, emp.c.last_name)
                                    .where(emp.c.personnel_number.in_(numbers))):
            found[r.personnel_number] = f"{r.first_name} {r.last_name}"
    ids = {int(n.removeprefix("konsole-")) for n in numbers if n.startswith("konsole-")}
    async with dbs(request).bot.connect() as conn:
        for r in await conn.execute(select(USERS.c.id, USERS.c.email).where(USERS.c.id.in_(ids))):
            found[f"konsole-{r.id}"] = r.email
    return found


def as_employee_sees(row, language: str) -> Markup:
    """The message as the sender composes it for `language`, rendered like the Matrix client shows it."""
    from integrations.matrix.render import content

    text, used = compose(row.title, row.text_de, row.text_en, row.kind, language)
    html = content(OutgoingMessage("web", "", text, (), used))["formatted_body"]
    html = HEADING.sub(lambda m: "</strong></p>" if m.group(1) else '<p class="md-heading"><strong>', html)
    return Markup(html)  # markdown-it with html=False: raw HTML in the text is escaped


def headcount_text(counts: dict[str, int]) -> str:
    """One German sentence for the live count (also read out by screen readers)."""
    n = counts["recipients"]
    if not n:
        return "Diese Auswahl erreicht niemanden. Bitte erweitern Sie die Zielgruppe."
    people = "1 Person" if n == 1 else f"{n:,} Personen".replace(",", ".")
    return (f"{people} ausgewählt, davon {counts['reachable']} erreichbar, {counts['unreachable']} ohne "
            f"verknüpften Kanal, {counts['opted_out']} haben Ankündigungen abbestellt.")
