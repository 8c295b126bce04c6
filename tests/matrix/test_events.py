"""Pure rules over Matrix events: identity mapping, which invites to accept, which messages to answer."""
from nio import Event, InviteMemberEvent

from integrations.matrix.events import dm_inviter, email_for, message_text, strip_reply_fallback

BOT = "@mobi:stadt.example"


def event(content: dict, sender="@anna.schmid:stadt.example", type_="m.room.message") -> Event:
    return Event.parse_event({"type": type_, "sender": sender, "event_id": "$e", "origin_server_ts": 1,
                              "content": content})


def invite(is_direct: bool, sender="@anna.schmid:stadt.example") -> InviteMemberEvent:
    content = {"membership": "invite", "is_direct": is_direct}
    return InviteMemberEvent.from_dict({"type": "m.room.member", "sender": sender, "state_key": BOT,
                                        "content": content})


def test_identity_rule_maps_the_localpart_and_the_domain():
    assert email_for("@Anna.Schmid:stadt.example", {"stadt.example": "stuttgart.example"}) == \
        "anna.schmid@stuttgart.example"
    assert email_for("@anna.schmid:stuttgart.example", {}) == "anna.schmid@stuttgart.example"


def test_only_direct_invites_from_allowed_domains_are_accepted():
    allowed = frozenset({"stadt.example"})
    assert dm_inviter([invite(True)], BOT, allowed) == "@anna.schmid:stadt.example"
    assert dm_inviter([invite(False)], BOT, allowed) is None
    assert dm_inviter([invite(True, "@eve:evil.example")], BOT, allowed) is None


def test_plain_messages_are_answered_and_everything_else_is_not():
    assert message_text(event({"msgtype": "m.text", "body": " Wo ist mein Laptop? "}), BOT) == "Wo ist mein Laptop?"
    assert message_text(event({"msgtype": "m.text", "body": "hallo"}, sender=BOT), BOT) is None
    assert message_text(event({"msgtype": "m.notice", "body": "bot"}), BOT) is None
    assert message_text(event({"msgtype": "m.emote", "body": "winkt"}), BOT) is None
    edit = {"msgtype": "m.text", "body": "* neu", "m.relates_to": {"rel_type": "m.replace", "event_id": "$a"}}
    assert message_text(event(edit), BOT) is None
    reaction = {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$a", "key": "👍"}}
    assert message_text(event(reaction, type_="m.reaction"), BOT) is None


def test_the_quoted_part_of_a_reply_is_dropped():
    reply = {"msgtype": "m.text", "body": "> <@mobi:stadt.example> Frage?\n> zweite Zeile\n\nJa, bitte",
             "m.relates_to": {"m.in_reply_to": {"event_id": "$a"}}}
    assert message_text(event(reply), BOT) == "Ja, bitte"
    assert strip_reply_fallback("kein Zitat") == "kein Zitat"
