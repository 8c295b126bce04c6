"""The IT help desk: one small `Helpdesk` protocol; the default route is an e-mail to the ITSM mailbox.

Issue #8 adds a Matrix help-desk room as a second route behind the same protocol.
"""
from __future__ import annotations

from integrations.helpdesk.config import HelpdeskSettings
from integrations.helpdesk.ticket import Helpdesk, Ticket
from integrations.helpdesk.email_route import EmailHelpdesk

__all__ = ["EmailHelpdesk", "Helpdesk", "HelpdeskSettings", "Ticket"]
