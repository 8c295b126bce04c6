"""The employee's own devices from the IT inventory (told together with the agreement), and the device forms."""
from __future__ import annotations

from actions import forms
from actions.base import Outcome, Reply, Repos, Turn
from actions.knowledge import cite
from actions.records import load
from actions.story import device_reply, device_story, told
from bot.domain import DeviceStatus


async def device_status(turn: Turn, repos: Repos) -> Outcome:
    rec = await load(turn, repos)
    return device_story(rec, turn, turn.parse.first("device_type"))


async def device_return(turn: Turn, repos: Repos) -> Outcome:
    """What must go back, by when and where; if nothing is due, when it would be (§ 12 Abs. 2)."""
    rec = await load(turn, repos)
    due = [d for d in rec.devices if d.status is DeviceStatus.RETURN_REQUESTED]
    if due or rec.return_due():
        return device_story(rec, turn, turn.parse.first("device_type"))
    in_hand = [d for d in rec.devices if d.status in (DeviceStatus.HANDED_OUT, DeviceStatus.IN_REPAIR)]
    if not in_hand:
        return told(Reply("device.return_nothing"))
    source = cite(turn, "§ 12 Abs. 2")
    return told(device_reply(in_hand[0], rec, turn).then(Reply("device.return_not_yet", {"source": source})))


async def device_problem(turn: Turn, repos: Repos) -> Outcome:
    return await forms.start("device_problem", turn, repos)


async def device_lost(turn: Turn, repos: Repos) -> Outcome:
    return await forms.start("device_lost", turn, repos)


async def peripherals_request(turn: Turn, repos: Repos) -> Outcome:
    return await forms.start("peripherals", turn, repos)
