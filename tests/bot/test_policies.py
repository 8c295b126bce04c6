"""Per-channel policies: checked after the NLU, before the dialogue; other channels are untouched."""
from actions.base import Outcome, Reply
from bot import store
from bot.channel import MemoryChannel
from bot.messages import IncomingMessage, Option
from bot.pipeline import Pipeline, PipelineOptions
from bot.runtime import sql_repos
from tests import factories
from tests.helpers import KeywordInterpreter


class Recording:
    """A dialogue that answers 'thanks' and remembers what reached it."""

    def __init__(self):
        self.seen: list[str] = []

    async def respond(self, turn, repos) -> Outcome:
        self.seen.append(turn.parse.intent.name)
        return Outcome((Reply("thanks"),), {"offer": {"kind": "apply"}})


def no_devices(turn) -> Outcome | None:
    if turn.parse.intent.name != "device_status":
        return None
    return Outcome((Reply("goodbye", {}, (Option("Web", "/web"),)),), {"offer": None})


async def test_policy_answers_instead_of_the_dialogue_on_its_channel_only(dbs):
    await factories.org_unit(dbs)
    number = await factories.employee(dbs)
    async with dbs.bot.begin() as conn:
        for channel in ("strict", "open"):
            await store.link_identity(conn, channel, "anna", number)
    channels = {name: MemoryChannel(name) for name in ("strict", "open")}
    dialogue = Recording()
    pipeline = Pipeline(dbs.bot, sql_repos(dbs), KeywordInterpreter({"laptop": "device_status"}), dialogue, channels,
                        PipelineOptions(today=lambda: factories.TODAY))
    pipeline.add_policy("strict", no_devices)

    await pipeline.handle(IncomingMessage("strict", "anna", "hallo", "s1"))  # let through: an offer is pending
    await pipeline.handle(IncomingMessage("strict", "anna", "Wo ist mein Laptop?", "s2"))
    await pipeline.handle(IncomingMessage("open", "anna", "Wo ist mein Laptop?", "o1"))

    assert dialogue.seen == ["out_of_scope", "device_status"]  # the refused turn never reached it
    strict = [m.text for m in channels["strict"].take("anna")]
    assert strict[1].startswith("Auf Wiedersehen") and channels["strict"].sent == {}
    assert channels["open"].take("anna")[0].text.startswith("Gern geschehen")
    async with dbs.bot.connect() as conn:
        state = await conn.scalar(store.CONV.select().with_only_columns(store.CONV.c.state)
                                  .where(store.CONV.c.channel == "strict"))
    assert "offer" not in state and state["options"] == ["/web"]  # merged like the dialogue's
