"""Pure rules over Matrix events: which ones are employee messages, which invites to accept, who is who."""
from __future__ import annotations

from typing import Iterable, Mapping

from nio import Event, InviteMemberEvent, RoomMemberEvent, RoomMessageText

MAX_TEXT = 4000


def domain_of(user_id: str) -> str:
    return user_id.partition(":")[2].lower()


def email_for(user_id: str, domain_map: Mapping[str, str]) -> str:
    """Default identity rule: `@anna.schmid:matrix.stadt` -> `anna.schmid@<mapped domain>`."""
    localpart = user_id.removeprefix("@").partition(":")[0].lower()
    domain = domain_of(user_id)
    return f"{localpart}@{domain_map.get(domain, domain).lower()}"


def dm_inviter(invite_state: Iterable[Event], own_user_id: str, domains: frozenset[str]) -> str | None:
    """The inviter if this is a direct-message invite from an allowed homeserver domain, else None."""
    for event in invite_state:
        if (isinstance(event, (InviteMemberEvent, RoomMemberEvent)) and event.state_key == own_user_id
                and event.membership == "invite"):
            direct = bool(event.content.get("is_direct"))
            return event.sender if direct and domain_of(event.sender) in domains else None
    return None


def membership_ts(event: Event, own_user_id: str) -> int | None:
    """When the bot became part of a room: the timestamp of its own invite or join."""
    if isinstance(event, RoomMemberEvent) and event.state_key == own_user_id and \
            event.membership in ("invite", "join"):
        return event.server_timestamp
    return None


def someone_left(events: Iterable[Event]) -> bool:
    """Whether a member left (or was banned) in these events: only then may the bot be alone in a room."""
    return any(isinstance(e, RoomMemberEvent) and e.membership in ("leave", "ban") for e in events)


def message_text(event: Event, own_user_id: str) -> str | None:
    """The text of a plain message an employee typed; None for anything mobi should not answer.

    Not answered: the bot's own events, notices and emotes (other bots), edits (`m.replace`),
    reactions and every other event type. In replies, the quoted fallback is dropped.
    """
    if not isinstance(event, RoomMessageText) or event.sender == own_user_id:
        return None
    content = event.source.get("content", {})
    if content.get("msgtype") != "m.text":
        return None
    relation = content.get("m.relates_to") or {}
    if relation.get("rel_type") == "m.replace":
        return None
    text = strip_reply_fallback(event.body) if "m.in_reply_to" in relation else event.body
    return text.strip()[:MAX_TEXT] or None


def strip_reply_fallback(body: str) -> str:
    """Drop the leading `> <@user> quoted` lines clients put in front of a reply."""
    lines = body.splitlines()
    while lines and lines[0].startswith(">"):
        lines.pop(0)
    return "\n".join(lines).strip()
