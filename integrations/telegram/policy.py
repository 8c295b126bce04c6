"""Telegram's privacy policy: with `MOBI_TELEGRAM_PERSONAL_DATA` off, personal matters are refused politely.

Telegram is not a channel of the city, and the German federal data-protection commissioner advises
public bodies against it for personal data. So by default mobi answers general questions there but
no lookup of the employee's own records, no form (applications, device reports, hand-over to a
person) and no yes to an offer that would start one; the refusal says where these are available.
Deleting one's data stays possible everywhere (a copy of it is not sent to Telegram). The policy runs after the NLU and before the dialogue
(`PipelineOptions.policies`), so a refused turn never reads a record.
"""
from __future__ import annotations

from typing import Callable

from actions import PERSONAL_INTENTS
from actions.base import Outcome, Reply, Turn
from actions.followup import resolve
from actions.forms.engine import FORM
from actions.offers import OFFER
from actions.privacy import EXPORT
from bot.texts import render

REFUSED_INTENTS = PERSONAL_INTENTS | {"human_handoff", "export_my_data"}
ALLOWED_FORMS = frozenset({"delete_data"})  # the right to erasure is exercised wherever the employee is
Policy = Callable[[Turn], Outcome | None]


def privacy_policy(personal_data: bool, matrix_user: str = "", webchat_url: str = "") -> Policy | None:
    """The policy for the Telegram channel, or None when the operator allows personal data there."""
    if personal_data:
        return None

    def policy(turn: Turn) -> Outcome | None:
        if not touches_personal_data(turn):
            return None
        where = where_else(turn.language, matrix_user, webchat_url)
        # ends a form or offer the conversation was in, so the employee is never stuck in it here
        return Outcome((Reply("telegram.personal_refused", {"where": where}),), {FORM: None, OFFER: None})

    return policy


def touches_personal_data(turn: Turn) -> bool:
    """Would answering this turn read the employee's records or fill in a form?"""
    intent = turn.parse.intent.name
    form = turn.state.get(FORM) or {}
    if form and form.get("name") not in ALLOWED_FORMS:
        return True
    if turn.state.get(OFFER) and intent == "affirm":
        return True  # every offer leads to a form or a reminder about the employee's device
    if intent == "delete_my_data" and EXPORT.search(turn.text.lower()):
        return True  # "meine Daten exportieren" arrives as delete_my_data: the export is a copy of them all
    return intent in REFUSED_INTENTS or resolve(turn).parse.intent.name in REFUSED_INTENTS


def where_else(language: str, matrix_user: str, webchat_url: str) -> str:
    """'– in Matrix …, – or in the web chat …' with the addresses the operator configured."""
    matrix = render("telegram.where_matrix", language, matrix=matrix_user) if matrix_user \
        else render("telegram.where_matrix_any", language)
    web = render("telegram.where_web", language, url=webchat_url) if webchat_url \
        else render("telegram.where_web_any", language)
    return f"{matrix}\n{web}"
