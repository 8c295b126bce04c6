"""Escalation settings (`MOBI_HELPDESK_ROOM`, office hours, re-announce time), composed into `bot.config.Settings`."""
from __future__ import annotations

from pydantic import BaseModel, field_validator

from bot.escalation.hours import OfficeHours


class EscalationSettings(BaseModel):
    """Without `helpdesk_room` every case goes by e-mail to `MOBI_HELPDESK_EMAIL`."""

    helpdesk_room: str = ""  # Matrix room id of the help-desk room, e.g. !abc:stuttgart.example
    helpdesk_office_hours: str = "07:30-16:00"  # Mon–Fri, not on Baden-Württemberg public holidays
    helpdesk_reannounce_minutes: float = 15.0
    helpdesk_response_minutes: int = 10  # expected wait per case ahead in the queue
    helpdesk_email_topics: list[str] = []  # topics (intents) that always go by e-mail, e.g. ["device_lost"]

    @field_validator("helpdesk_office_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        try:
            hours = OfficeHours.parse(value)
        except ValueError:
            raise ValueError("must be like 07:30-16:00") from None
        if hours.opens >= hours.closes:
            raise ValueError("must open before it closes, e.g. 07:30-16:00")
        return value

    @field_validator("helpdesk_room")
    @classmethod
    def _room(cls, value: str) -> str:
        value = value.strip()
        if value and not (value.startswith("!") and ":" in value):
            raise ValueError("must be a Matrix room id like !abc:stuttgart.example")
        return value
